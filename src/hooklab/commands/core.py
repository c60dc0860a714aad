"""`hooklab doctor`, `hooklab fixtures list|build`, `hooklab watch -- CMD...`."""

from __future__ import annotations

import argparse
from pathlib import Path

from hooklab.commands import add_fail_on, add_json, command, emit_json
from hooklab.commands.sandbox import add_sandbox_argument
from hooklab.lang import Catalogue, both, say
from hooklab.show.terminal import echo, frame_json, progress, table

# What `watch --fail-on` can fail on: install-time code ran, or a fake secret reached the canary.
VERDICTS = ("hook", "leak")
LINES: Catalogue = {
    "kit": both("오프라인 키트: {kit}", "offline kit: {kit}"),
    "no-kit": both("오프라인 키트: 없음 (레지스트리)", "offline kit: none (registries)"),
    "building": both("픽스처 빌드", "building fixtures"),
    "output": both("프로그램 출력:", "program output:"),
}


def register(sub: argparse._SubParsersAction) -> None:
    p = command(sub, "doctor", "what is installed here and which versions")
    add_json(p, "the tools, sandboxes and offline kit")
    p.set_defaults(handler=_doctor)

    p = command(sub, "fixtures", "list or build the harmless malicious fixtures")
    fsub = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    q = command(fsub, "list", "list the fixtures")
    add_json(q, "the fixtures")
    q.set_defaults(handler=_fixtures_list)
    q = command(fsub, "build", "build fixtures into the work folder")
    q.add_argument("names", nargs="*", help="fixture names (all when none)")
    add_json(q, "the built files")
    q.set_defaults(handler=_fixtures_build)

    p = command(sub, "watch", "run a command with a fake home under the tracer")
    add_json(p, "the full result", out=True)
    add_fail_on(
        p,
        VERDICTS,
        "install-time code ran (hook) or a fake secret reached the canary (leak)",
    )
    p.add_argument("--home", help="a fake home made by hooklab earlier (the real one is refused)")
    p.add_argument("--canary-port", type=int, default=0, help="port for the canary (default: free)")
    p.add_argument("--no-trace", action="store_true", help="run without strace")
    p.add_argument("--program", help="name of the program you meant to run (for colouring)")
    add_sandbox_argument(p)
    p.add_argument("cmd", nargs=argparse.REMAINDER, help="-- then the command to watch")
    p.set_defaults(handler=_watch)


def _doctor(args: argparse.Namespace) -> int:
    from hooklab.doctor import npm_script_policy, tools_frame
    from hooklab.offline import kit
    from hooklab.tools import tool_version
    from hooklab.watch.sandbox import backends_frame

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
        emit_json(args, report)
    else:
        echo(table(frame, index=False))
        echo(f"\n{policy}")
        echo("\n" + table(sandboxes, index=False))
        echo("\n" + (say(LINES, "kit", kit=offline) if offline else say(LINES, "no-kit")))
    return 0


def _fixtures_list(args: argparse.Namespace) -> int:
    from hooklab.fixtures import fixtures_frame

    frame = fixtures_frame()
    echo(frame_json(frame) if args.json else table(frame, index=False))
    return 0


def _fixtures_build(args: argparse.Namespace) -> int:
    from hooklab.fixtures import all_fixtures, build, get_fixture

    fixtures = [get_fixture(n) for n in args.names] if args.names else all_fixtures()
    built = []
    for fx in progress(fixtures, say(LINES, "building"), quiet=args.json):
        for kind, path in build(fx).items():
            built.append({"fixture": fx.name, "kind": kind, "path": str(path)})
            if not args.json:
                echo(f"{fx.name:<22} {kind:<6} {path}")
    if args.json:
        emit_json(args, built)
    return 0


def _watch(args: argparse.Namespace) -> int:
    from hooklab.show import summary_text
    from hooklab.watch import watch

    cmd = _absolute_paths(args.cmd[1:] if args.cmd[:1] == ["--"] else args.cmd)
    result = watch(
        cmd,
        home=args.home,
        canary_port=args.canary_port,
        trace=not args.no_trace,
        program=args.program,
        sandbox=args.sandbox,
    )
    emit_json(args, result.to_dict())
    if not args.json:
        echo(summary_text(result))
        if result.stdout.strip():
            echo(f"\n{say(LINES, 'output')}\n" + result.stdout.rstrip())
    found = {"hook": result.hook_ran, "leak": bool(result.secrets_leaked)}
    return 1 if args.fail_on and found[args.fail_on] else 0


def _absolute_paths(cmd: list[str]) -> list[str]:
    """Arguments naming an existing relative path, made absolute: watched commands run elsewhere."""

    def fix(word: str) -> str:
        if word.startswith("-") or "/" not in word or word.startswith("/"):
            return word
        return str(Path(word).resolve()) if Path(word).exists() else word

    return [cmd[0], *(fix(w) for w in cmd[1:])] if cmd else cmd
