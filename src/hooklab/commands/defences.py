"""`hooklab registry up|down|status` and `hooklab matrix [--json FILE]`."""

from __future__ import annotations

import argparse
import time
from contextlib import ExitStack
from pathlib import Path

from hooklab.defences import (
    DEFENCES,
    PythonIndex,
    Verdaccio,
    lab_fixtures,
    matrix_table,
    publish_fixture,
    read_state,
    run_matrix,
    stop_detached,
)
from hooklab.errors import HooklabError
from hooklab.fixtures import get_fixture
from hooklab.show.terminal import echo, json_text, table

KINDS = {"npm": Verdaccio, "pypi": PythonIndex}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("registry", help="loopback npm registry (Verdaccio) and Python index")
    rsub = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    q = rsub.add_parser("up", help="start the registries and leave them running")
    q.add_argument("which", nargs="?", default="all", choices=["all", *KINDS])
    q.add_argument("--port", type=int, default=0, help="port (only with npm or pypi)")
    q.add_argument("--fixtures", action="store_true", help="publish the fixtures into them")
    q.set_defaults(handler=_up)
    q = rsub.add_parser("down", help="stop registries started with `up`")
    q.add_argument("which", nargs="?", default="all", choices=["all", *KINDS])
    q.set_defaults(handler=_down)
    q = rsub.add_parser("status", help="which registries are running, and where")
    q.set_defaults(handler=_status)

    p = sub.add_parser("matrix", help="every fixture x every defence, each cell a live run")
    p.add_argument("--json", metavar="FILE", help="also write the cells as JSON to FILE")
    p.add_argument("--defence", action="append", choices=list(DEFENCES), help="only these")
    p.add_argument("--fixture", action="append", help="only these fixtures")
    p.add_argument(
        "--sandbox",
        choices=("bwrap", "docker", "gvisor"),
        default="bwrap",
        help="where the sandbox column runs (default: bwrap)",
    )
    p.set_defaults(handler=_matrix)


def _kinds(which: str) -> list[str]:
    return list(KINDS) if which == "all" else [which]


def _up(args: argparse.Namespace) -> int:
    kinds = _kinds(args.which)
    if args.port and len(kinds) > 1:
        raise HooklabError("--port needs one registry: `hooklab registry up npm --port N`")
    with ExitStack() as stack:  # if one fails to start, the ones already up are stopped
        servers = [stack.enter_context(KINDS[k](k, port=args.port)) for k in kinds]
        if args.fixtures:
            for fx in lab_fixtures():
                for server in servers:
                    if (fx.ecosystem == "npm") == isinstance(server, Verdaccio):
                        publish_fixture(fx, server)
        for server in servers:
            state = server.detach()
            echo(f"{state['name']:<5} {state['kind']:<10} {state['url']}")
    return 0


def _down(args: argparse.Namespace) -> int:
    for kind in _kinds(args.which):
        echo(f"{kind:<5} {'stopped' if stop_detached(kind) else 'was not running'}")
    return 0


def _status(args: argparse.Namespace) -> int:
    for kind in KINDS:
        state = read_state(kind)
        echo(f"{kind:<5} " + (f"running  {state['url']}" if state else "stopped"))
    return 0


def _matrix(args: argparse.Namespace) -> int:
    fixtures = [get_fixture(n) for n in args.fixture] if args.fixture else None
    start = time.time()
    frame = run_matrix(args.defence, fixtures, sandbox=args.sandbox)
    echo(table(matrix_table(frame)))
    echo(f"\n{len(frame)} live runs in {time.time() - start:.1f} s")
    if args.json:
        Path(args.json).write_text(json_text(frame.to_dict("records"), indent=2), encoding="utf-8")
    return 0
