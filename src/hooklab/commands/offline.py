"""`hooklab offline collect|status`: the run-time part of the trainer's offline kit."""

from __future__ import annotations

import argparse
from pathlib import Path

from hooklab.commands import add_json, command, emit_json
from hooklab.lang import Catalogue, both, say
from hooklab.show.terminal import echo

LINES: Catalogue = {
    "collected": both(
        "{wheels}와(과) {npm}에 받아 두었습니다", "collected into {wheels} and {npm}"
    ),
    "kit": both("오프라인 키트: {kit}", "offline kit: {kit}"),
    "no-kit": both(
        "오프라인 키트 없음: 패키지를 레지스트리에서 받습니다",
        "no offline kit: packages come from the registries",
    ),
}


def register(sub: argparse._SubParsersAction) -> None:
    p = command(sub, "offline", "the offline kit: what the notebooks fetch while they run")
    action = p.add_subparsers(dest="action", required=True, metavar="collect|status")
    c = command(action, "collect", "fetch the run-time packages into KIT (needs network)")
    c.add_argument("kit", type=Path, help="the kit folder (scripts/offline-bundle.sh makes it)")
    add_json(c, "the folders filled")
    c.set_defaults(handler=_collect)
    s = command(action, "status", "say whether runs use an offline kit ($HOOKLAB_KIT)")
    add_json(s, "the kit in use")
    s.set_defaults(handler=_status)


def _collect(args: argparse.Namespace) -> int:
    from hooklab.offline import NPM_CACHE, WHEELS, collect

    collect(args.kit)
    folders = [str(args.kit / WHEELS), str(args.kit / NPM_CACHE)]
    if args.json:
        emit_json(args, {"collected": folders})
    else:
        echo(say(LINES, "collected", wheels=folders[0], npm=folders[1]))
    return 0


def _status(args: argparse.Namespace) -> int:
    from hooklab.offline import kit

    where = kit()
    if args.json:
        emit_json(args, {"offline_kit": str(where) if where else None})
    else:
        echo(say(LINES, "kit", kit=where) if where else say(LINES, "no-kit"))
    return 0
