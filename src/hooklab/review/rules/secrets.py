"""Secret exposure: credential files, secret-named variables, the whole environment; and where
they go. A secret read in the same file as a network send or an MCP tool's output rates high."""

from __future__ import annotations

from hooklab.review import actions as A
from hooklab.review.package import Package
from hooklab.review.report import Finding
from hooklab.review.rules.base import capped, finding, is_secret_read


def check(pkg: Package) -> list[Finding]:
    found: list[Finding] = []
    for name in pkg.code_files:
        acts = pkg.actions(name)
        reads = [a for a in acts if is_secret_read(a)]
        for act in reads:
            if act.kind == A.SECRET_PATH:
                why = (
                    f"names the credential path {act.detail!r}"
                    if act.detail
                    else "names a credential path"
                )
                found.append(finding("secrets.credential-path", name, act, why, "medium"))
            elif act.kind == A.ENV_DUMP:
                found.append(
                    finding(
                        "secrets.env-dump",
                        name,
                        act,
                        "serialises or lists every environment variable",
                        "medium",
                    )
                )
            else:
                found.append(
                    finding(
                        "secrets.sensitive-env",
                        name,
                        act,
                        f"reads the secret-looking variable {act.detail}",
                        "medium",
                    )
                )
        strong = [a for a in reads if a.kind != A.ENV_READ or a.detail != "KUBECONFIG"]
        if not strong:
            continue
        first = strong[0]
        for act in acts:
            if act.kind == A.NETWORK:
                found.append(
                    finding(
                        "secrets.flow-to-network",
                        name,
                        act,
                        f"sends data out in a file that reads a secret (line {first.line})",
                        "high",
                    )
                )
        if pkg.is_mcp:
            for act in (a for a in reads if a.tool):
                found.append(
                    finding(
                        "secrets.flow-to-tool-output",
                        name,
                        act,
                        f"the MCP tool {act.tool}() reads a secret; its result goes "
                        "into the model's prompt",
                        "high",
                    )
                )
    return capped(found)
