"""Secret exposure: credential files, secret-named variables, the whole environment; and where
they go. A secret read in the same file as a network send or an MCP tool's output rates high,
unless the only hosts that file names are the vendor's own (an API client and its key).
Other programs' secret stores and their autostart files are indicators."""

from __future__ import annotations

from hooklab.review import actions as A
from hooklab.review.package import Package
from hooklab.review.report import Finding
from hooklab.review.rules.base import capped, finding, is_secret_read


def _own_api(pkg: Package, acts: list[A.Action], reads: list[A.Action]) -> bool:
    """The file names hosts, and every one is the vendor's own (by its homepage, its name, or
    the secret variable's name: ACME_API_KEY and api.acme.example)."""
    hosts = {a.detail for a in acts if a.kind == A.URL and not A.is_local(a.detail)}
    words = tuple(
        w for a in reads if a.kind == A.ENV_READ for w in a.detail.lower().split("_") if len(w) > 2
    )
    return bool(hosts) and all(pkg.is_own_host(h, words) for h in hosts)


def _indicators(pkg: Package, name: str, acts: list[A.Action]) -> list[Finding]:
    at_install = pkg.runs_at_install(name)
    found = []
    for act in acts:
        if act.kind == A.SECRET_STORE:
            why = f"names {act.detail!r}, another program's secret store"
            found.append(
                finding("secrets.other-app-store", name, act, why, install_time=at_install)
            )
        elif act.kind == A.FILE_WRITE and A.AUTOSTART_RE.search(act.evidence):
            found.append(finding("secrets.autostart-write", name, act, install_time=at_install))
    return found


def check(pkg: Package) -> list[Finding]:
    found: list[Finding] = []
    for name in pkg.code_files:
        acts = pkg.actions(name)
        found += _indicators(pkg, name, acts)
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
        if not strong or _own_api(pkg, acts, strong):
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
