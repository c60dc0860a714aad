"""`hooklab mcp session|guard|check-stdout`: MCP servers in a real client session."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from hooklab.commands import add_fail_on, add_json, command, emit_json, fails
from hooklab.errors import HooklabError
from hooklab.lang import Catalogue, both, say
from hooklab.safetext import shown
from hooklab.show.terminal import echo

SESSION: Catalogue = {  # what `hooklab mcp session` prints
    "server": both(
        "서버 {server} {version}; 도구: {tools}", "server {server} {version}; tools: {tools}"
    ),
    "context": both(
        "--- 모델의 컨텍스트에 들어갈 글 (비밀 모양의 부분은 ⟦ ⟧ 안에) ---",
        "--- text that would enter the model's context (secret-shaped parts in ⟦ ⟧) ---",
    ),
    "none": both("없음", "none"),
    "leaked": both("컨텍스트 안의 가짜 비밀: {leaked}", "fake secrets in the context: {leaked}"),
    "stray": both("프로토콜이 아닌 stdout 줄: {line}", "non-protocol stdout line: {line}"),
}


def _entry(args: argparse.Namespace):
    from hooklab.mcp.session import ServerEntry, fixture_entry

    if args.fixture:
        return fixture_entry(args.fixture)
    argv = [a for a in args.server if a != "--"]
    if not argv:
        raise HooklabError(
            both(
                "어느 서버인지 알려 주세요: --fixture NAME, 또는 -- 뒤에 명령을 주세요",
                "say which server: --fixture NAME, or the command after --",
            )
        )
    env = {}
    for pair in args.env or ():
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise HooklabError(
                both(
                    f"--env에는 NAME=VALUE를 주어야 하는데 {pair!r}을(를) 받았습니다",
                    f"--env wants NAME=VALUE, got {pair!r}",
                )
            )
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
            raise HooklabError(
                both(
                    f"--call {name}: 인자가 JSON이 아닙니다: {raw!r}",
                    f"--call {name}: arguments are not JSON: {raw!r}",
                )
            ) from None
        if not isinstance(arguments, dict):
            raise HooklabError(
                both(
                    f"--call {name}: 인자는 JSON 객체여야 합니다",
                    f"--call {name}: arguments must be a JSON object",
                )
            )
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
        emit_json(args, result.to_dict(), indent=1)
    else:
        tools = ", ".join(shown(t) for t in result.tools)
        server, version = shown(result.server), shown(result.version)
        echo(say(SESSION, "server", server=server, version=version, tools=tools))
        echo(say(SESSION, "context"))
        echo(result.highlighted())
        echo("---")
        leaked = ", ".join(shown(s) for s in result.leaked()) or say(SESSION, "none")
        echo(say(SESSION, "leaked", leaked=leaked))
        for line in result.stray_stdout:
            echo(say(SESSION, "stray", line=shown(line)))
        for note in result.sdk_notes:
            echo(f"MCP SDK: {note}")
    return 1 if fails("high" if result.strict_problems() else None, args.fail_on) else 0


def _guard(args: argparse.Namespace) -> int:
    from hooklab.mcp.guard import run_guard

    argv = [a for a in args.server if a != "--"]
    return run_guard(argv, secret_env=args.secret_env or (), report_path=args.report)


def _check_stdout(args: argparse.Namespace) -> int:
    from hooklab.mcp.guard import check_stdout

    check = check_stdout(_entry(args), timeout=args.timeout)
    if args.json:
        emit_json(args, {"server": check.server, "ok": check.ok, "stray": list(check.stray)})
    else:
        echo(check)
    return 1 if fails(None if check.ok else "high", args.fail_on) else 0


def _server_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--fixture", help="an MCP fixture from malicious_fixtures/ (built first)")
    p.add_argument("--env", action="append", metavar="NAME=VALUE", help="env for the server")
    p.add_argument("--timeout", type=float, default=300, help="seconds before giving up")
    p.add_argument("server", nargs=argparse.REMAINDER, help="-- COMMAND ARGS... (as in a config)")


def register(sub: argparse._SubParsersAction) -> None:
    mcp = command(sub, "mcp", "run MCP servers in a real client session; guard their output")
    msub = mcp.add_subparsers(dest="mcp_command", required=True, metavar="STEP")

    p = command(msub, "session", "initialize, list tools, call them; show the model's input")
    _server_args(p)
    p.add_argument("--call", action="append", metavar="TOOL[=JSON]", help="tool to call")
    p.add_argument("--guard", action="store_true", help="put the output guard in between")
    p.add_argument("--secret-env", action="append", metavar="NAME", help="with --guard: mask it")
    add_json(p, "the session")
    add_fail_on(p, what="secrets or stray stdout lines show (each counts as high)", strict="low")
    p.set_defaults(handler=_session)

    p = command(
        msub,
        "guard",
        "stdio proxy that masks secret-shaped values from a server",
        epilog="Its stdout is the MCP protocol, so it has no --json; --report writes what it did.",
    )
    p.add_argument("--secret-env", action="append", metavar="NAME", help="mask this var's value")
    p.add_argument("--report", type=Path, help="write what was masked and dropped here (JSON)")
    p.add_argument("server", nargs=argparse.REMAINDER, help="-- COMMAND ARGS...")
    p.set_defaults(handler=_guard)

    p = command(msub, "check-stdout", "does the server's stdout carry only MCP messages?")
    _server_args(p)
    add_json(p, "the check")
    add_fail_on(p, what="a stray stdout line shows (counts as high)", default="low")
    p.set_defaults(handler=_check_stdout)
