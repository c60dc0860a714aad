"""`hooklab cheatsheet`: the trainer's one-page "what stops it / what does not", from the matrix."""

from __future__ import annotations

import argparse
from pathlib import Path

from hooklab.commands import add_json, command, emit_json
from hooklab.lang import current_lang
from hooklab.show.terminal import echo


def register(sub: argparse._SubParsersAction) -> None:
    p = command(
        sub,
        "cheatsheet",
        "the one-page cheat sheet (what each defence stops and misses) from the matrix, "
        "in Korean or English",
        epilog="example:\n  hooklab cheatsheet --from docs/trainer/matrix-main.json "
        "--from docs/trainer/matrix-pypi-pth.json --sheet docs/cheatsheet-ko.md\n"
        "  hooklab cheatsheet --lang en --from docs/trainer/matrix-main.json "
        "--from docs/trainer/matrix-pypi-pth.json --sheet docs/cheatsheet-en.md",
    )
    p.add_argument(
        "--from",
        dest="sources",
        type=Path,
        action="append",
        metavar="MATRIX.json",
        help="a saved `hooklab matrix --out` result; repeat to join runs "
        "(default: run the whole matrix live)",
    )
    p.add_argument("--sheet", type=Path, metavar="FILE", help="write the Markdown page to FILE")
    add_json(p, "the sheet's content", out=True)
    p.set_defaults(handler=_cheatsheet)


def _cheatsheet(args: argparse.Namespace) -> int:
    import hashlib
    import json

    from hooklab.defences.cheatsheet import read_cells, sheet, sheet_data, validate_cells

    lang = current_lang()
    if args.sources:
        cells, digest = read_cells(args.sources)
        sources = [p.as_posix() for p in args.sources]
    else:
        from hooklab.defences import run_matrix

        records = run_matrix().to_dict("records")
        digest = hashlib.sha256(json.dumps(records, sort_keys=True).encode()).hexdigest()
        cells, sources = validate_cells(records), []
    text = sheet(cells, sources, digest, lang)
    if args.sheet is not None:
        args.sheet.write_text(text, encoding="utf-8")
    emit_json(args, sheet_data(cells, sources, digest, lang))
    if not args.json and args.sheet is None:
        echo(text.rstrip("\n"))
    elif not args.json:
        echo(f"wrote {args.sheet} ({len(cells)} matrix cells)")
    return 0
