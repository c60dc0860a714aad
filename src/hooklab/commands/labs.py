"""`hooklab labs generate|progress|export|board`: the workshop labs from a terminal."""

from __future__ import annotations

import argparse
from pathlib import Path

from hooklab.commands import add_json, command, emit_json
from hooklab.errors import HooklabError
from hooklab.lang import Catalogue, both, in_both, say
from hooklab.show.terminal import echo, frame_json, table

LINES: Catalogue = {
    "stale": both("{path}이(가) 오래되었습니다", "stale {path}"),
    "wrote": both("{path}을(를) 썼습니다", "wrote {path}"),
    "up-to-date": both("모든 학습자 사본이 최신입니다", "every learner copy is up to date"),
    "out-of-date": both(
        "hooklab: 학습자 사본이 오래되었습니다. `hooklab labs generate`를 실행하세요",
        "hooklab: learner copies are out of date; run `hooklab labs generate`",
    ),
    "no-exports": both(
        "{folder}: 내보낸 진행 파일(*.json)이 없습니다",
        "{folder}: no exported progress files (*.json) in it",
    ),
    "not-verified": both(
        "hooklab: 플래그를 확인하지 않았습니다: 워크숍 키(--key 또는 HOOKLAB_WORKSHOP_KEY)가"
        " 없어서, 과제를 모두 푼 랩은 'done'이 아니라 'unverified'로 나옵니다",
        "hooklab: flags NOT verified: no workshop key (--key or HOOKLAB_WORKSHOP_KEY), so a"
        " lab with every task solved shows as 'unverified', not 'done'",
    ),
}

# hooklab.labs is imported by the handlers, not here: it loads nbformat and the MCP session (about
# 2 s), which every other command (the MCP guard proxy among them) would otherwise pay at start.


def register(sub: argparse._SubParsersAction) -> None:
    p = command(sub, "labs", "workshop labs: learner copies, progress, trainer board")
    lsub = p.add_subparsers(dest="action", required=True, metavar="ACTION")

    q = command(lsub, "generate", "write labs/*/learner.ipynb from the solution copies")
    q.add_argument("--check", action="store_true", help="write nothing; exit 1 if any is stale")
    q.add_argument("--labs", type=Path, help="the labs folder (default: the kit's labs/)")
    add_json(q, "the copies written (or, with --check, the stale ones)")
    q.set_defaults(handler=_generate)

    q = command(lsub, "progress", "this learner's state in each lab")
    add_json(q, "the state of each lab")
    q.set_defaults(handler=_progress)

    q = command(lsub, "export", "write this learner's progress file for the trainer")
    q.add_argument("--out", type=Path, help="a file or folder (default: the work folder)")
    add_json(q, "the file written")
    q.set_defaults(handler=_export)

    q = command(
        lsub,
        "board",
        "trainer view: who is where, from exported progress files",
        epilog="A progress file that cannot be read is one line on stderr; the others are still "
        "shown, and the exit code is 2.",
    )
    q.add_argument("folder", type=Path, help="a folder of learners' exported progress files")
    q.add_argument("--key", help="the workshop key (default: $HOOKLAB_WORKSHOP_KEY)")
    add_json(q, "the board")
    q.set_defaults(handler=_board)


def _generate(args: argparse.Namespace) -> int:
    from hooklab.labs import labs_dir
    from hooklab.labs.notebook import generate

    changed = generate(args.labs or labs_dir(), check=args.check)
    if args.json:
        emit_json(args, {"stale" if args.check else "written": [str(p) for p in changed]})
    else:
        for path in changed:
            echo(say(LINES, "stale" if args.check else "wrote", path=path))
        if not changed:
            echo(say(LINES, "up-to-date"))
    if args.check and changed:  # stale copies are what --check finds
        echo(say(LINES, "out-of-date"), err=True)
        return 1
    return 0


def _progress(args: argparse.Namespace) -> int:
    from hooklab.labs import progress_frame

    frame = progress_frame()
    echo(frame_json(frame) if args.json else table(frame))
    return 0


def _export(args: argparse.Namespace) -> int:
    from hooklab.labs import export

    written = export(args.out)
    if args.json:
        emit_json(args, {"written": str(written)})
    else:
        echo(say(LINES, "wrote", path=written))
    return 0


def _board(args: argparse.Namespace) -> int:
    """The board on stdout; on stderr, whether flags were checked, and one line a file that could
    not be read (its row on the board says the same). Exit 2 then, as audit-config does."""
    from hooklab.labs import board_frame
    from hooklab.labs.flags import trainer_key

    frame = board_frame(args.folder, args.key)
    if frame.empty:
        raise HooklabError(in_both(LINES, "no-exports", folder=args.folder))
    echo(frame_json(frame) if args.json else table(frame, index=False))
    if trainer_key(args.key) is None:
        echo(say(LINES, "not-verified"), err=True)
    unread = frame[frame["done"] == "-"]  # a row read from a file always says "N/M"
    for file, why in zip(unread["file"], unread["note"], strict=True):
        echo(f"hooklab: {file}: {why}", err=True)
    return 2 if len(unread) else 0
