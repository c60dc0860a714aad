"""`hooklab labs generate|progress|export|board`: the workshop labs from a terminal."""

from __future__ import annotations

import argparse
from pathlib import Path

from hooklab.errors import HooklabError

# hooklab.labs is imported by the handlers, not here: it loads nbformat and the MCP session (about
# 2 s), which every other command (the MCP guard proxy among them) would otherwise pay at start.


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("labs", help="workshop labs: learner copies, progress, trainer board")
    lsub = p.add_subparsers(dest="action", required=True, metavar="ACTION")

    q = lsub.add_parser("generate", help="write labs/*/learner.ipynb from the solution copies")
    q.add_argument("--check", action="store_true", help="write nothing; exit 1 if any is stale")
    q.add_argument("--labs", type=Path, help="the labs folder (default: the kit's labs/)")
    q.set_defaults(handler=_generate)

    q = lsub.add_parser("progress", help="this learner's state in each lab")
    q.add_argument("--json", action="store_true", help="print JSON instead of a table")
    q.set_defaults(handler=_progress)

    q = lsub.add_parser("export", help="write this learner's progress file for the trainer")
    q.add_argument("--out", type=Path, help="a file or folder (default: the work folder)")
    q.set_defaults(handler=_export)

    q = lsub.add_parser("board", help="trainer view: who is where, from exported progress files")
    q.add_argument("folder", type=Path, help="a folder of learners' exported progress files")
    q.add_argument("--key", help="the workshop key (default: $HOOKLAB_WORKSHOP_KEY)")
    q.add_argument("--json", action="store_true", help="print JSON instead of a table")
    q.set_defaults(handler=_board)


def _generate(args: argparse.Namespace) -> int:
    from hooklab.labs import labs_dir
    from hooklab.labs.notebook import generate

    changed = generate(args.labs or labs_dir(), check=args.check)
    for path in changed:
        print(f"{'stale' if args.check else 'wrote'} {path}")
    if args.check and changed:
        raise HooklabError("learner copies are out of date; run `hooklab labs generate`")
    if not changed:
        print("every learner copy is up to date")
    return 0


def _progress(args: argparse.Namespace) -> int:
    from hooklab.labs import progress_frame

    frame = progress_frame()
    print(frame.to_json(orient="records", force_ascii=False) if args.json else frame.to_string())
    return 0


def _export(args: argparse.Namespace) -> int:
    from hooklab.labs import export

    print(f"wrote {export(args.out)}")
    return 0


def _board(args: argparse.Namespace) -> int:
    from hooklab.labs import board_frame

    frame = board_frame(args.folder, args.key)
    if frame.empty:
        raise HooklabError(f"{args.folder}: no exported progress files (*.json) in it")
    print(
        frame.to_json(orient="records", force_ascii=False)
        if args.json
        else frame.to_string(index=False)
    )
    return 0
