"""`hooklab audit-config`: MCP client configs, their launchers, pins and secrets."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from hooklab.commands import add_fail_on, add_json, command, fails
from hooklab.lang import Text, both, in_lang
from hooklab.safetext import shown
from hooklab.show.terminal import echo, json_text

if TYPE_CHECKING:
    from hooklab.mcp.report import AuditReport

Vetted = dict[str, "str | Text | None"]  # verdict, safe_line, and problem (in both languages)


def register(sub: argparse._SubParsersAction) -> None:
    p = command(
        sub,
        "audit-config",
        "audit MCP client configs: launchers, pins, secrets",
        epilog="A config that cannot be read is one line on stderr; the others are still "
        "audited, and the exit code is 2.",
    )
    p.add_argument("paths", nargs="*", type=Path, help="config files (default: the usual places)")
    add_json(p, "the findings")
    add_fail_on(p, what="a finding is LEVEL or worse (findings are medium or high)", strict="low")
    p.add_argument("--fix", action="store_true", help="write pinned configs (keeps a .bak copy)")
    p.add_argument("--no-resolve", action="store_true", help="do not ask registries for versions")
    p.add_argument(
        "--vet",
        action="store_true",
        help="also `hooklab vet` each registry-package server (bwrap): its verdict and safe line",
    )
    p.set_defaults(handler=_audit)


def _audit(args: argparse.Namespace) -> int:
    from hooklab.mcp.audit import audit_configs, no_resolver

    report = audit_configs(
        args.paths, resolve=no_resolver if args.no_resolve else None, fix=args.fix
    )
    for message in report.messages:
        echo(f"hooklab audit-config: {shown(message)}", err=True)
    vetted = _vet_servers(report) if args.vet else {}
    if args.json:
        if not args.vet:
            echo(report.to_json())
        else:
            data = report.to_dict()
            for row in data["servers"]:
                got = vetted.get((row["file"], row["server"]))
                row["vet"] = got and {k: _english(v) for k, v in got.items()}
            echo(json_text(data, indent=1))
    elif report.servers:
        import pandas as pd

        frame = report.frame()
        if args.vet:
            found = [vetted.get((s.file, s.server)) or {} for s in report.servers]
            frame["verdict"] = [shown(_said(v.get("verdict")) or "-") for v in found]
            frame["safe line"] = [
                shown(_said(v.get("safe_line")) or _said(v.get("problem")) or "-") for v in found
            ]
        from hooklab.show.tables import headed

        with pd.option_context("display.max_colwidth", 80, "display.width", 200):
            echo(headed(frame).to_string(index=False))
    for path, backup in report.fixed:
        path, backup = shown(path), shown(backup)
        echo(
            in_lang(
                both(f"{path}을(를) 썼습니다 (백업: {backup})", f"wrote {path} (backup: {backup})")
            )
        )
    if report.unreadable:  # the others were still audited and shown; the exit code says so
        return 2
    return 1 if fails(report.worst, args.fail_on) else 0


def _english(value: str | Text | None) -> str | None:
    return value if value is None or isinstance(value, str) else value["en"]


def _said(value: str | Text | None) -> str | None:
    return value if value is None or isinstance(value, str) else in_lang(value)


def _vet_servers(report: AuditReport) -> dict[tuple[str, str], Vetted]:
    """`vet` on each server that launches a registry package: (file, server) -> its verdict and
    safe line, or the one line why it could not be vetted."""
    import shlex

    from hooklab.errors import HooklabError
    from hooklab.vet.model import Target
    from hooklab.vet.run import vet
    from hooklab.vet.target import config_targets

    out: dict[tuple[str, str], Vetted] = {}
    for file in dict.fromkeys(s.file for s in report.servers):
        try:
            found = config_targets(Path(file))
        except HooklabError as exc:
            echo(f"hooklab audit-config: --vet: {shown(exc)}", err=True)
            continue
        for item in found:
            key = (file, str(item.server))
            if not isinstance(item, Target):
                out[key] = {"verdict": None, "safe_line": None, "problem": item.problem}
                continue
            try:
                done = vet(item)
            except HooklabError as exc:
                if exc.exit_code != 2:
                    raise
                problem = both(exc.text("ko"), exc.text("en"))
                out[key] = {"verdict": None, "safe_line": None, "problem": problem}
                continue
            line = shlex.join(done.safe_line) if done.safe_line else None
            out[key] = {"verdict": done.verdict, "safe_line": line, "problem": None}
    return out
