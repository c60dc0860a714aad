"""`hooklab doctor`, `hooklab fixtures list|build`, `hooklab watch -- CMD...`."""

from __future__ import annotations

import argparse
from pathlib import Path

from hooklab.commands.sandbox import add_sandbox_argument
from hooklab.doctor import npm_script_policy, tools_frame
from hooklab.fixtures import all_fixtures, build, fixtures_frame, get_fixture
from hooklab.offline import kit
from hooklab.show import summary_text
from hooklab.show.terminal import echo, echo_json, frame_json, json_text, table
from hooklab.tools import tool_version
from hooklab.watch import watch
from hooklab.watch.sandbox import backends_frame


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("doctor", help="what is installed here and which versions")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.set_defaults(handler=_doctor)

    p = sub.add_parser("fixtures", help="list or build the harmless malicious fixtures")
    fsub = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    q = fsub.add_parser("list", help="list the fixtures")
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=_fixtures_list)
    q = fsub.add_parser("build", help="build fixtures into the work folder")
    q.add_argument("names", nargs="*", help="fixture names (all when none)")
    q.set_defaults(handler=_fixtures_build)

    p = sub.add_parser("watch", help="run a command with a fake home under the tracer")
    p.add_argument("--json", metavar="FILE", help="also write the full result as JSON to FILE")
    p.add_argument("--home", help="a fake home made by hooklab earlier (the real one is refused)")
    p.add_argument("--canary-port", type=int, default=0, help="port for the canary (default: free)")
    p.add_argument("--no-trace", action="store_true", help="run without strace")
    p.add_argument("--program", help="name of the program you meant to run (for colouring)")
    add_sandbox_argument(p)
    p.add_argument("cmd", nargs=argparse.REMAINDER, help="-- then the command to watch")
    p.set_defaults(handler=_watch)


def _doctor(args: argparse.Namespace) -> int:
    frame = tools_frame()
    sandboxes = backends_frame()[["sandbox", "works", "why not"]]
    policy = npm_script_policy(tool_version("npm"))
    offline = kit()
    if args.json:
        report = {
            "tools": frame.to_dict("records"),
            "npm_scripts": policy,
            "sandboxes": sandboxes.to_dict("records"),
            "offline_kit": str(offline) if offline else None,
        }
        echo_json(report, indent=2)
    else:
        echo(table(frame, index=False))
        echo(f"\n{policy}")
        echo("\n" + table(sandboxes, index=False))
        echo(f"\noffline kit: {offline}" if offline else "\noffline kit: none (registries)")
    return 0


def _fixtures_list(args: argparse.Namespace) -> int:
    frame = fixtures_frame()
    echo(frame_json(frame) if args.json else table(frame, index=False))
    return 0


def _fixtures_build(args: argparse.Namespace) -> int:
    fixtures = [get_fixture(n) for n in args.names] if args.names else all_fixtures()
    for fx in fixtures:
        for kind, path in build(fx).items():
            echo(f"{fx.name:<22} {kind:<6} {path}")
    return 0


def _watch(args: argparse.Namespace) -> int:
    cmd = _absolute_paths(args.cmd[1:] if args.cmd[:1] == ["--"] else args.cmd)
    result = watch(
        cmd,
        home=args.home,
        canary_port=args.canary_port,
        trace=not args.no_trace,
        program=args.program,
        sandbox=args.sandbox,
    )
    if args.json:
        Path(args.json).write_text(json_text(result.to_dict(), indent=2), encoding="utf-8")
    echo(summary_text(result))
    if result.stdout.strip():
        echo("\nprogram output:\n" + result.stdout.rstrip())
    return 0 if result.exit_code == 0 else 1


def _absolute_paths(cmd: list[str]) -> list[str]:
    """Arguments naming an existing relative path, made absolute: watched commands run elsewhere."""

    def fix(word: str) -> str:
        if word.startswith("-") or "/" not in word or word.startswith("/"):
            return word
        return str(Path(word).resolve()) if Path(word).exists() else word

    return [cmd[0], *(fix(w) for w in cmd[1:])] if cmd else cmd
