"""Where text leaves the kit for a terminal or a JSON reader: every command prints through here.

Anything printed may carry a package's file name, a server's line or a learner's name, so text
goes out through `shown()` (no control character, no undecodable byte) and JSON through
`json_safe()` (always valid UTF-8). Callers still escape single fields where they build a line,
so that a newline inside a name cannot start a fake line of its own.
"""

from __future__ import annotations

import json
import sys
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from hooklab.safetext import json_safe, shown
from hooklab.show.headings import heading

if TYPE_CHECKING:  # pandas is loaded by whoever built the frame, not by this module
    import pandas as pd

T = TypeVar("T")


def echo(text: object = "", *, err: bool = False) -> None:
    """Print `text` (newlines kept, every other control character escaped)."""
    print(shown(text, keep_newlines=True), file=sys.stderr if err else sys.stdout)


def json_text(data: Any, indent: int | None = None) -> str:
    """`data` as JSON that is valid UTF-8 and carries no control character in any string."""
    return json.dumps(json_safe(data), ensure_ascii=False, indent=indent)


def echo_json(data: Any, indent: int | None = None) -> None:
    print(json_text(data, indent))


def escaped(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` with every text cell, column name and index label `shown()`."""

    def cell(value: object) -> object:
        return shown(value) if isinstance(value, str | bytes) else value

    out = frame.map(cell)
    out.columns = [cell(c) for c in frame.columns]
    out.index = frame.index.map(cell)
    return out


def table(frame: pd.DataFrame, index: bool = True) -> str:
    """`frame.to_string()` under headings in the kit's language, its cells escaped first, so the
    columns stay aligned."""
    from hooklab.show.tables import as_table

    return as_table(escaped(frame)).to_string(index=index)


def frame_json(frame: pd.DataFrame) -> str:
    """`frame` as a JSON list of records, cells escaped."""
    return escaped(frame).to_json(orient="records", force_ascii=False)


def plain_table(rows: Sequence[Mapping[str, object]], columns: Sequence[str]) -> str:
    """Rows as an aligned text table without pandas (for commands that must start fast)."""
    heads = [shown(heading(c)) for c in columns]
    cells = [heads] + [[shown(r.get(c, "")) for c in columns] for r in rows]
    widths = [max(_width(line[i]) for line in cells) for i in range(len(columns))]
    return "\n".join(
        "  ".join(padded(cell, w) for cell, w in zip(line, widths, strict=True)).rstrip()
        for line in cells
    )


def padded(text: str, width: int) -> str:
    """`text` with spaces after it to fill `width` terminal columns."""
    return text + " " * (width - _width(text))


def _width(text: str) -> int:
    """Columns `text` takes on a terminal: Korean and other wide characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def progress(items: Iterable[T], what: str, *, quiet: bool = False) -> Iterator[T]:
    """`items` with a progress bar on stderr (see `Ticker`)."""
    items = list(items)
    ticker = Ticker(len(items), what, quiet=quiet)
    try:
        for item in items:
            yield item
            ticker.tick()
    finally:
        ticker.close()


class Ticker:
    """A progress bar on stderr (a widget in a notebook), fed by `tick()` once per finished step,
    also from threads. None when `quiet` (--json) or when stderr is not a terminal, so logs and
    pipes get no bar characters."""

    def __init__(self, total: int, what: str, *, quiet: bool = False) -> None:
        self._bar = None
        if not quiet and sys.stderr.isatty():
            from tqdm.auto import tqdm

            self._bar = tqdm(total=total, desc=what, file=sys.stderr, leave=False)

    def tick(self) -> None:
        if self._bar is not None:
            self._bar.update(1)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
