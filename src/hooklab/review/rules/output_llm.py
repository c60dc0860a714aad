"""Output format and LLM integration (MCP servers): what tools return and what reaches stdout."""

from __future__ import annotations

from hooklab.review import actions as A
from hooklab.review.package import Package
from hooklab.review.report import Finding
from hooklab.review.rules.base import capped, finding, is_secret_read


def check(pkg: Package) -> list[Finding]:
    if not pkg.is_mcp:
        return []
    found: list[Finding] = []
    for name in pkg.code_files:
        acts = pkg.actions(name)
        for act in acts:
            if act.kind == A.ENV_DUMP:
                where = f"the tool {act.tool}() returns" if act.tool else "the server serialises"
                why = f"{where} the whole environment; it ends up in tool output or logs"
                found.append(finding("output.env-dump", name, act, why))
            elif act.tool and (is_secret_read(act) or act.kind == A.ENV_READ):
                found.append(
                    finding(
                        "output.secret-in-tool-output",
                        name,
                        act,
                        f"the tool {act.tool}() puts environment or credential data "
                        "into its result, which the model reads",
                        "high",
                    )
                )
            elif act.kind == A.STDOUT:
                found.append(
                    finding(
                        "output.stdout-on-stdio",
                        name,
                        act,
                        "prints to stdout: over stdio that stream is the protocol, "
                        "so stray text breaks or pollutes it",
                        "medium",
                    )
                )
            elif act.kind == A.MASKING:
                found.append(
                    finding(
                        "output.masks-secrets",
                        name,
                        act,
                        "a mitigation: secrets are masked before output",
                        "low",
                    )
                )
    return capped(found)
