"""`hooklab sandbox list|rehearse`, and the `--sandbox` option other commands add."""

from __future__ import annotations

import argparse

from hooklab.commands import add_json, command
from hooklab.errors import HooklabError
from hooklab.lang import both, in_lang
from hooklab.show.terminal import Ticker, echo, frame_json, table

# The backends' names, as hooklab.watch.sandbox.registry names them (checked by the CLI tests);
# that module loads every backend, which `hooklab --help` need not wait for.
CHOICES = ("host", "bwrap", "docker", "gvisor", "srt", "auto")


def add_sandbox_argument(parser: argparse.ArgumentParser) -> None:
    """`--sandbox host|bwrap|docker|gvisor|srt|auto` (default host) for a command that runs code."""
    parser.add_argument(
        "--sandbox",
        default="host",
        metavar="|".join(CHOICES),
        help="where the command runs: host (no isolation), bwrap, docker, gvisor, srt, or auto",
    )


def register(sub: argparse._SubParsersAction) -> None:
    p = command(sub, "sandbox", "which sandboxes work here; rehearse fixtures in them")
    ssub = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    q = command(ssub, "list", "each sandbox backend: does it work here, and why not")
    add_json(q, "the backends")
    q.set_defaults(handler=_list)
    q = command(ssub, "rehearse", "run fixtures in sandboxes and compare what they did")
    q.add_argument("fixtures", nargs="+", help="fixture names (see `hooklab fixtures list`)")
    q.add_argument(
        "--sandboxes",
        default="host,bwrap,docker",
        help="comma-separated backends (default host,bwrap,docker)",
    )
    add_json(q, "what each fixture did in each sandbox")
    q.set_defaults(handler=_rehearse)


def _list(args: argparse.Namespace) -> int:
    from hooklab.watch.sandbox import backends_frame

    frame = backends_frame()
    echo(frame_json(frame) if args.json else table(frame, index=False))
    return 0


def _rehearse(args: argparse.Namespace) -> int:
    from hooklab.fixtures import get_fixture
    from hooklab.watch.sandbox import BACKENDS, behaviour_frame, escape_stage, get_backend, rehearse

    names = [n.strip() for n in args.sandboxes.split(",") if n.strip()]
    unknown = [n for n in names if n not in BACKENDS]
    if unknown or not names:
        named, known = ", ".join(unknown) or "(none)", ", ".join(BACKENDS)
        raise HooklabError(
            both(
                f"알 수 없는 샌드박스 {named}입니다. {known} 중에서 고르세요",
                f"unknown sandbox {named}; choose from {known}",
            )
        )
    for name in names:
        get_backend(name)  # a one-line reason, and a backend that works, before anything runs
    fixtures = [get_fixture(n) for n in args.fixtures]
    what = in_lang(both("리허설 실행", "rehearsal runs"))
    ticker = Ticker(len(fixtures) * len(names), what, quiet=args.json)
    with escape_stage() as stage:
        try:
            results = rehearse(fixtures, names, stage=stage, on_step=ticker.tick)
        finally:
            ticker.close()
        frame = behaviour_frame(results, stage.decoy)
        echo(frame_json(frame.reset_index()) if args.json else table(frame))
    return 0
