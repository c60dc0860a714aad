"""Output format and LLM integration (MCP servers): what tools return and what reaches stdout."""

from __future__ import annotations

import re

from hooklab.review import actions as A
from hooklab.review.package import Package
from hooklab.review.report import Finding
from hooklab.review.rules.base import capped, finding, is_secret_read

_HTTP_MARK = re.compile(r"SSE|\bsse\b|Streamable|HTTP|\bhttp\b|\.listen\(|\bexpress\(")
_STDIO_MARK = re.compile(r"[Ss]tdio")
_SERVES = {A.LISTEN, A.LISTEN_ALL, A.LISTEN_DEFAULT}
_WINDOW = 12  # lines above a print that may name the transport branch it sits in


def _http_prints(pkg: Package, name: str, acts: list[A.Action]) -> set[int]:
    """Lines that print on an HTTP/SSE path, where stdout is not the protocol: every print of a
    file that serves HTTP and never mentions stdio, or a print whose nearest transport mention
    above it is HTTP/SSE."""
    lines = (pkg.source(name) or "").splitlines()
    prints = {a.line for a in acts if a.kind == A.STDOUT}
    if any(a.kind in _SERVES for a in acts) and not any(_STDIO_MARK.search(x) for x in lines):
        return prints
    out = set()
    for n in prints:
        for above in reversed(lines[max(0, n - 1 - _WINDOW) : n - 1]):
            if _STDIO_MARK.search(above):
                break
            if _HTTP_MARK.search(above):
                out.add(n)
                break
    return out


def check(pkg: Package) -> list[Finding]:
    if not pkg.is_mcp:
        return []
    found: list[Finding] = []
    for name in pkg.code_files:
        acts = pkg.actions(name)
        http = _http_prints(pkg, name, acts) if any(a.kind == A.STDOUT for a in acts) else set()
        for act in acts:
            if act.kind == A.ENV_DUMP and (
                act.detail == A.SERIALISED or (act.tool and act.detail != A.CHILD)
            ):
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
            elif act.kind == A.STDOUT and act.line not in http:
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
