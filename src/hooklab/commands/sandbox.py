"""`hooklab sandbox list|rehearse`, and the `--sandbox` option other commands add."""

from __future__ import annotations

import argparse

from hooklab.errors import HooklabError
from hooklab.fixtures import get_fixture
from hooklab.show.terminal import echo, frame_json, table
from hooklab.watch.sandbox import CHOICES
from hooklab.watch.sandbox.behaviour import behaviour_frame
from hooklab.watch.sandbox.registry import BACKENDS, get_backend
from hooklab.watch.sandbox.rehearse import rehearse
from hooklab.watch.sandbox.report import backends_frame
from hooklab.watch.sandbox.stage import escape_stage


def add_sandbox_argument(parser: argparse.ArgumentParser) -> None:
    """`--sandbox host|bwrap|docker|gvisor|auto` (default host) for any command that runs code."""
    parser.add_argument(
        "--sandbox",
        default="host",
        metavar="|".join(CHOICES),
        help="where the command runs: host (no isolation), bwrap, docker, gvisor, or auto",
    )


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("sandbox", help="which sandboxes work here; rehearse fixtures in them")
    ssub = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    q = ssub.add_parser("list", help="each sandbox backend: does it work here, and why not")
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=_list)
    q = ssub.add_parser("rehearse", help="run fixtures in sandboxes and compare what they did")
    q.add_argument("fixtures", nargs="+", help="fixture names (see `hooklab fixtures list`)")
    q.add_argument(
        "--sandboxes",
        default="host,bwrap,docker",
        help="comma-separated backends (default host,bwrap,docker)",
    )
    q.set_defaults(handler=_rehearse)


def _list(args: argparse.Namespace) -> int:
    frame = backends_frame()
    echo(frame_json(frame) if args.json else table(frame, index=False))
    return 0


def _rehearse(args: argparse.Namespace) -> int:
    names = [n.strip() for n in args.sandboxes.split(",") if n.strip()]
    unknown = [n for n in names if n not in BACKENDS]
    if unknown or not names:
        raise HooklabError(
            f"unknown sandbox {', '.join(unknown) or '(none)'}; choose from {', '.join(BACKENDS)}"
        )
    for name in names:
        get_backend(name)  # a one-line reason, and a backend that works, before anything runs
    fixtures = [get_fixture(n) for n in args.fixtures]
    with escape_stage() as stage:
        results = rehearse(fixtures, names, stage=stage)
        echo(table(behaviour_frame(results, stage.decoy)))
    return 0
