"""`hooklab audit-config`: MCP client configs, their launchers, pins and secrets."""

from __future__ import annotations

import argparse
from pathlib import Path

from hooklab.commands import add_fail_on, add_json, command, fails
from hooklab.safetext import shown
from hooklab.show.terminal import echo


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
    p.set_defaults(handler=_audit)


def _audit(args: argparse.Namespace) -> int:
    from hooklab.mcp.audit import audit_configs, no_resolver

    report = audit_configs(
        args.paths, resolve=no_resolver if args.no_resolve else None, fix=args.fix
    )
    for message in report.messages:
        echo(f"hooklab audit-config: {shown(message)}", err=True)
    if args.json:
        echo(report.to_json())
    elif report.servers:
        import pandas as pd

        with pd.option_context("display.max_colwidth", 80, "display.width", 200):
            echo(report.frame().to_string(index=False))
    for line in report.written:
        echo(f"wrote {shown(line)}")
    if report.unreadable:  # the others were still audited and shown; the exit code says so
        return 2
    return 1 if fails(report.worst, args.fail_on) else 0
