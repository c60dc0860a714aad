"""`hooklab mcp session|guard|check-stdout`: MCP servers in a real client session."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from hooklab.errors import HooklabError
from hooklab.safetext import shown
from hooklab.show.terminal import echo, echo_json


def _entry(args: argparse.Namespace):
    from hooklab.mcp.session import ServerEntry, fixture_entry

    if args.fixture:
        return fixture_entry(args.fixture)
    argv = [a for a in args.server if a != "--"]
    if not argv:
        raise HooklabError("say which server: --fixture NAME, or the command after --")
    env = {}
    for pair in args.env or ():
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise HooklabError(f"--env wants NAME=VALUE, got {pair!r}")
        env[key] = value
    return ServerEntry(argv[0], tuple(argv[1:]), env, name=Path(argv[0]).name)


def _parse_calls(pairs: list[str] | None) -> dict[str, dict] | None:
    if not pairs:
        return None
    calls: dict[str, dict] = {}
    for pair in pairs:
        name, _, raw = pair.partition("=")
        try:
            arguments = json.loads(raw) if raw else {}
        except ValueError:
            raise HooklabError(f"--call {name}: arguments are not JSON: {raw!r}") from None
        if not isinstance(arguments, dict):
            raise HooklabError(f"--call {name}: arguments must be a JSON object")
        calls[name] = arguments
    return calls


def _session(args: argparse.Namespace) -> int:
    from hooklab.mcp.guard import guarded_entry
    from hooklab.mcp.session import run_session

    entry = _entry(args)
    if args.guard:
        entry = guarded_entry(entry, secret_env=args.secret_env or ())
    result = run_session(entry, calls=_parse_calls(args.call), timeout=args.timeout)
    if args.json:
        echo_json(result.to_dict(), indent=1)
    else:
        tools = ", ".join(shown(t) for t in result.tools)
        echo(f"server {shown(result.server)} {shown(result.version)}; tools: {tools}")
        echo("--- text that would enter the model's context (secret-shaped parts in ⟦ ⟧) ---")
        echo(result.highlighted())
        echo("---")
        leaked = ", ".join(shown(s) for s in result.leaked()) or "none"
        echo(f"fake secrets in the context: {leaked}")
        for line in result.stray_stdout:
            echo(f"non-protocol stdout line: {shown(line)}")
    return 1 if args.strict and result.strict_problems() else 0


def _guard(args: argparse.Namespace) -> int:
    from hooklab.mcp.guard import run_guard

    argv = [a for a in args.server if a != "--"]
    return run_guard(argv, secret_env=args.secret_env or (), report_path=args.report)


def _check_stdout(args: argparse.Namespace) -> int:
    from hooklab.mcp.guard import check_stdout

    check = check_stdout(_entry(args), timeout=args.timeout)
    echo(check)
    return 0 if check.ok else 1


def _server_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--fixture", help="an MCP fixture from malicious_fixtures/ (built first)")
    p.add_argument("--env", action="append", metavar="NAME=VALUE", help="env for the server")
    p.add_argument("--timeout", type=float, default=300, help="seconds before giving up")
    p.add_argument("server", nargs=argparse.REMAINDER, help="-- COMMAND ARGS... (as in a config)")


def register(sub: argparse._SubParsersAction) -> None:
    mcp = sub.add_parser("mcp", help="run MCP servers in a real client session; guard their output")
    msub = mcp.add_subparsers(dest="mcp_command", required=True, metavar="STEP")

    p = msub.add_parser("session", help="initialize, list tools, call them; show the model's input")
    _server_args(p)
    p.add_argument("--call", action="append", metavar="TOOL[=JSON]", help="tool to call")
    p.add_argument("--guard", action="store_true", help="put the output guard in between")
    p.add_argument("--secret-env", action="append", metavar="NAME", help="with --guard: mask it")
    p.add_argument("--json", action="store_true", help="print the session as JSON")
    p.add_argument("--strict", action="store_true", help="exit 1 when secrets or stray lines show")
    p.set_defaults(handler=_session)

    p = msub.add_parser("guard", help="stdio proxy that masks secret-shaped values from a server")
    p.add_argument("--secret-env", action="append", metavar="NAME", help="mask this var's value")
    p.add_argument("--report", type=Path, help="write what was masked and dropped here (JSON)")
    p.add_argument("server", nargs=argparse.REMAINDER, help="-- COMMAND ARGS...")
    p.set_defaults(handler=_guard)

    p = msub.add_parser("check-stdout", help="does the server's stdout carry only MCP messages?")
    _server_args(p)
    p.set_defaults(handler=_check_stdout)
