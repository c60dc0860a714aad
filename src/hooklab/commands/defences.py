"""`hooklab registry up|down|status` and `hooklab matrix [--json] [--out FILE]`."""

from __future__ import annotations

import argparse
import time
from contextlib import ExitStack

from hooklab.commands import add_json, command, emit_json
from hooklab.errors import HooklabError
from hooklab.lang import both
from hooklab.show.terminal import Ticker, echo, table

KINDS = ("npm", "pypi")  # Verdaccio and the loopback Python index


def register(sub: argparse._SubParsersAction) -> None:
    p = command(sub, "registry", "loopback npm registry (Verdaccio) and Python index")
    rsub = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    q = command(rsub, "up", "start the registries and leave them running")
    q.add_argument("which", nargs="?", default="all", choices=["all", *KINDS])
    q.add_argument("--port", type=int, default=0, help="port (only with npm or pypi)")
    q.add_argument("--fixtures", action="store_true", help="publish the fixtures into them")
    add_json(q, "the registries started")
    q.set_defaults(handler=_up)
    q = command(rsub, "down", "stop registries started with `up`")
    q.add_argument("which", nargs="?", default="all", choices=["all", *KINDS])
    add_json(q, "what was stopped")
    q.set_defaults(handler=_down)
    q = command(rsub, "status", "which registries are running, and where")
    add_json(q, "the registries' state")
    q.set_defaults(handler=_status)

    p = command(sub, "matrix", "every fixture x every defence, each cell a live run")
    add_json(p, "the cells", out=True)
    p.add_argument("--defence", action="append", metavar="NAME", help="only these defences")
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
    from hooklab.defences import PythonIndex, Verdaccio, lab_fixtures, publish_fixture

    kinds = _kinds(args.which)
    if args.port and len(kinds) > 1:
        raise HooklabError(
            both(
                "--port는 레지스트리 하나에만 씁니다: `hooklab registry up npm --port N`",
                "--port needs one registry: `hooklab registry up npm --port N`",
            )
        )
    servers_of = {"npm": Verdaccio, "pypi": PythonIndex}
    states = []
    with ExitStack() as stack:  # if one fails to start, the ones already up are stopped
        servers = [stack.enter_context(servers_of[k](k, port=args.port)) for k in kinds]
        if args.fixtures:
            for fx in lab_fixtures():
                for server in servers:
                    if (fx.ecosystem == "npm") == isinstance(server, Verdaccio):
                        publish_fixture(fx, server)
        for server in servers:
            state = server.detach()
            states.append(state)
            if not args.json:
                echo(f"{state['name']:<5} {state['kind']:<10} {state['url']}")
    emit_json(args, states)
    return 0


def _down(args: argparse.Namespace) -> int:
    from hooklab.defences import stop_detached

    stopped = {kind: stop_detached(kind) for kind in _kinds(args.which)}
    if args.json:
        emit_json(args, stopped)
        return 0
    for kind, was_running in stopped.items():
        echo(f"{kind:<5} {'stopped' if was_running else 'was not running'}")
    return 0


def _status(args: argparse.Namespace) -> int:
    from hooklab.defences import read_state

    states = {kind: read_state(kind) for kind in KINDS}
    if args.json:
        emit_json(args, states)
        return 0
    for kind, state in states.items():
        echo(f"{kind:<5} " + (f"running  {state['url']}" if state else "stopped"))
    return 0


def _matrix(args: argparse.Namespace) -> int:
    from hooklab.defences import matrix_table, run_matrix
    from hooklab.defences.matrix import defence_names, matrix_fixtures
    from hooklab.fixtures import get_fixture

    fixtures = [get_fixture(n) for n in args.fixture] if args.fixture else None
    start = time.monotonic()
    count = len(fixtures or matrix_fixtures()) * len(args.defence or defence_names())
    ticker = Ticker(count, "matrix cells", quiet=args.json)
    try:
        frame = run_matrix(args.defence, fixtures, sandbox=args.sandbox, on_step=ticker.tick)
    finally:
        ticker.close()
    emit_json(args, frame.to_dict("records"))
    if not args.json:
        echo(table(matrix_table(frame)))
        echo(f"\n{len(frame)} live runs in {time.monotonic() - start:.1f} s")
    return 0
