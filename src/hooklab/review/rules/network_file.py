"""Network and file access: outbound connections, servers on every interface, sensitive paths,
and MCP tools reaching outside a root."""

from __future__ import annotations

from hooklab.review import actions as A
from hooklab.review.package import Package
from hooklab.review.report import Finding
from hooklab.review.rules.base import capped, finding

# a datagram or a raw socket send is an honest DNS or metrics client's tool too: an indicator only
# in install-time code; a DNS name built from data is one anywhere
_INSTALL_ONLY = {"datagram", "sendto"}


def check(pkg: Package) -> list[Finding]:
    found: list[Finding] = []
    for name in pkg.code_files:
        acts = pkg.actions(name)
        reads_files = any(a.kind == A.FILE_READ for a in acts)
        at_install = pkg.runs_at_install(name)
        for act in acts:
            if act.kind == A.DNS_EXFIL and (at_install or act.detail not in _INSTALL_ONLY):
                found.append(finding("network.dns-exfil", name, act, install_time=at_install))
            elif act.kind == A.NETWORK:
                found.append(
                    finding(
                        "network.outbound",
                        name,
                        act,
                        "opens a connection or sends a request",
                        "medium",
                    )
                )
            elif act.kind == A.LISTEN_ALL:
                level = "high" if pkg.is_mcp else "medium"
                found.append(
                    finding(
                        "network.all-interfaces",
                        name,
                        act,
                        "binds a server to every interface: anyone on the network can reach it",
                        level,
                    )
                )
            elif act.kind == A.LISTEN:
                found.append(
                    finding(
                        "network.server",
                        name,
                        act,
                        f"opens a server on host {act.detail}; check it stays on localhost",
                        "medium",
                    )
                )
            elif act.kind == A.LISTEN_DEFAULT:
                found.append(
                    finding(
                        "network.default-host",
                        name,
                        act,
                        "listens without a host: Node then binds every interface",
                        "medium",
                    )
                )
            elif act.kind == A.SECRET_PATH and reads_files:
                found.append(
                    finding(
                        "file.sensitive-path",
                        name,
                        act,
                        "reads files under a sensitive path",
                        "medium",
                    )
                )
            elif act.kind in (A.FILE_READ, A.FILE_WRITE) and act.tool:
                found.append(
                    finding(
                        "file.tool-file-access",
                        name,
                        act,
                        f"the MCP tool {act.tool}() touches files; check it stays inside a root",
                        "medium",
                    )
                )
    return capped(found)
