"""`hooklab offline collect|status`: the run-time part of the trainer's offline kit."""

from __future__ import annotations

import argparse
from pathlib import Path

from hooklab.offline import NPM_CACHE, WHEELS, collect, kit
from hooklab.show.terminal import echo


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("offline", help="the offline kit: what the notebooks fetch while they run")
    action = p.add_subparsers(dest="action", required=True, metavar="collect|status")
    c = action.add_parser("collect", help="fetch the run-time packages into KIT (needs network)")
    c.add_argument("kit", type=Path, help="the kit folder (scripts/offline-bundle.sh makes it)")
    c.set_defaults(handler=_collect)
    s = action.add_parser("status", help="say whether runs use an offline kit ($HOOKLAB_KIT)")
    s.set_defaults(handler=_status)


def _collect(args: argparse.Namespace) -> int:
    collect(args.kit)
    echo(f"collected into {args.kit}/{WHEELS} and {args.kit}/{NPM_CACHE}")
    return 0


def _status(args: argparse.Namespace) -> int:
    where = kit()
    echo(f"offline kit: {where}" if where else "no offline kit: packages come from the registries")
    return 0
