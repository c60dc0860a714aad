"""Audit MCP client configs: how each server is launched, whether it is pinned, what it gets.

Per server: the launcher (npx, uvx, pipx, docker or other), pinned or floating, inline secrets
in env/args/headers, over-broad filesystem roots, shell launchers, packages the registry marks
deprecated or yanked; and the pinned form, with the current version asked from the configured
registry when it answers.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from hooklab.lang import in_lang
from hooklab.mcp.checks import check_server, deprecation_findings
from hooklab.mcp.config import (
    ConfigProblem,
    LoadedConfig,
    guess_config,
    load_config,
    usual_configs,
)
from hooklab.mcp.fix import write_fixed
from hooklab.mcp.pin import propose
from hooklab.mcp.registry_entry import audit_bundle_file, audit_server_json, is_server_json
from hooklab.mcp.report import AuditReport, ConfigFinding, ServerAudit
from hooklab.mcp.resolve import NO_LOOKUP, Resolver, no_resolver, registry_resolver

_FROM_REGISTRY = ("npx", "uvx", "pipx", "shell")  # launchers whose packages a registry knows

__all__ = [
    "AuditReport",
    "ConfigFinding",
    "ServerAudit",
    "audit_configs",
    "audit_loaded",
    "no_resolver",
    "registry_resolver",
]


def audit_loaded(loaded: LoadedConfig, home: Path, resolve: Resolver) -> list[ServerAudit]:
    audits = []
    for name, entry in loaded.servers.items():
        launch, findings = check_server(name, entry, home)
        if launch is None:
            audits.append(
                ServerAudit(
                    str(loaded.file.path),
                    loaded.file.client,
                    name,
                    "remote",
                    str(entry.get("url")),
                    "remote",
                    findings,
                )
            )
            continue
        findings += deprecation_findings(launch, resolve)
        spec = launch.specs[0][1] if launch.specs else None
        audit = ServerAudit(
            str(loaded.file.path),
            loaded.file.client,
            name,
            launch.launcher,
            spec.name if spec else str(entry.get("command", "")),
            spec.pin if spec else "unknown",
            findings,
        )
        propose(audit, launch, [str(a) for a in entry.get("args") or []], resolve)
        audits.append(audit)
    return audits


def audit_configs(
    paths: Sequence[Path] = (),
    *,
    home: Path | None = None,
    project: Path | None = None,
    resolve: Resolver | None = None,
    fix: bool = False,
) -> AuditReport:
    """Audit the given config files, or the usual ones under `home` and `project`.

    A given `.mcpb` file or registry `server.json` is audited for what pins it (see
    hooklab.mcp.registry_entry); it is never rewritten by `fix`.

    `home` and `project` default to the account's home and the current folder; tests pass
    temporary ones. Problems with one file become a one-line message and the audit goes on.
    """
    if home is None:
        from hooklab.watch.home import real_home

        home = real_home()
    project = project or Path.cwd()
    resolve = resolve or registry_resolver()
    report = AuditReport()
    files = [] if paths else usual_configs(home, project)
    for given in map(Path, paths):
        if given.suffix == ".mcpb":
            report.servers.append(audit_bundle_file(given))
        elif is_server_json(given):
            try:
                audits, notes = audit_server_json(given)
            except ConfigProblem as exc:
                report.messages.append(f"{given}: {exc}")
                report.unreadable.append(str(given))
                continue
            report.servers += audits
            report.messages += notes
        else:
            files.append(guess_config(given))
    if not paths and not files:
        report.messages.append(f"no MCP client configs found under {home} or {project}")
    for file in files:
        try:
            loaded = load_config(file)
        except ConfigProblem as exc:
            report.messages.append(f"{file.path}: {exc}")
            report.unreadable.append(str(file.path))
            continue
        report.messages += [f"{file.path}: {note}" for note in loaded.notes]
        audits = audit_loaded(loaded, home, resolve)
        report.servers += audits
        if fix:
            try:
                done = write_fixed(loaded, audits)
            except (ConfigProblem, OSError) as exc:
                report.messages.append(f"{file.path}: not fixed: {exc}")
                continue
            if done:
                report.written.append(f"{done[0]} (backup: {done[1]})")
                if loaded.had_comments:
                    report.messages.append(
                        f"{file.path}: comments are not kept; the backup has them"
                    )
    if resolve is no_resolver and any(s.launcher in _FROM_REGISTRY for s in report.servers):
        report.messages.append(in_lang(NO_LOOKUP))
    return report
