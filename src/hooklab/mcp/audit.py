"""Audit MCP client configs: how each server is launched, whether it is pinned, what it gets.

Per server: the launcher (npx, uvx, pipx, docker or other), pinned or floating, inline secrets
in env/args/headers, over-broad filesystem roots, shell launchers, packages the registry marks
deprecated or yanked; and the pinned form, with the current version asked from the configured
registry when it answers.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from hooklab.lang import Catalogue, Text, both
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
SAID: Catalogue = {
    "on": both("{file}: {said}", "{file}: {said}"),
    "not-fixed": both("{file}: 고치지 않았습니다: {said}", "{file}: not fixed: {said}"),
    "none-found": both(
        "{home}에도 {project}에도 MCP 클라이언트 설정이 없습니다",
        "no MCP client configs found under {home} or {project}",
    ),
    "comments": both(
        "{file}: 주석은 남지 않습니다. 백업에 남아 있습니다",
        "{file}: comments are not kept; the backup has them",
    ),
}


def _said(key: str, file: object = "", said: Text | None = None, **fields: object) -> Text:
    """The line `key` about `file` in both languages, with `said` (a reason in both) filled in."""
    return {
        lang: text.format(file=file, said=said[lang] if said else "", **fields)
        for lang, text in SAID[key].items()
    }


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
                report.lines.append(_said("on", given, exc.said()))
                report.unreadable.append(str(given))
                continue
            report.servers += audits
            report.lines += notes
        else:
            files.append(guess_config(given))
    if not paths and not files:
        report.lines.append(_said("none-found", home=home, project=project))
    for file in files:
        try:
            loaded = load_config(file)
        except ConfigProblem as exc:
            report.lines.append(_said("on", file.path, exc.said()))
            report.unreadable.append(str(file.path))
            continue
        report.lines += [_said("on", file.path, note) for note in loaded.notes]
        audits = audit_loaded(loaded, home, resolve)
        report.servers += audits
        if fix:
            try:
                done = write_fixed(loaded, audits)
            except (ConfigProblem, OSError) as exc:
                why = exc.said() if isinstance(exc, ConfigProblem) else both(str(exc), str(exc))
                report.lines.append(_said("not-fixed", file.path, why))
                continue
            if done:
                report.fixed.append((str(done[0]), done[1]))
                if loaded.had_comments:
                    report.lines.append(_said("comments", file.path))
    if resolve is no_resolver and any(s.launcher in _FROM_REGISTRY for s in report.servers):
        report.lines.append(NO_LOOKUP)
    return report
