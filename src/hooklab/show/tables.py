"""Kit tables: DataFrames selected by the kit's field names and shown under headings in the
reader's language (`hooklab.show.headings`)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from hooklab.lang import Lang, current_lang
from hooklab.show.headings import heading


def headed(frame: pd.DataFrame, lang: Lang | None = None) -> pd.DataFrame:
    """A plain copy of `frame` for showing: columns and axis names under their headings."""
    lang = lang or current_lang()
    out = pd.DataFrame(frame).rename(columns=lambda c: heading(c, lang))
    out.columns.names = [heading(n, lang) for n in out.columns.names]
    out.index.names = [heading(n, lang) for n in out.index.names]
    return out


class Table(pd.DataFrame):
    """A DataFrame the kit made: selected by field names, shown under headings."""

    @property
    def _constructor(self) -> type[Table]:
        return Table

    def __repr__(self) -> str:
        return repr(headed(self))

    def _repr_html_(self) -> str | None:
        return headed(self)._repr_html_()

    def to_string(self, *args: Any, **kwargs: Any) -> str:
        """The table as text under its headings; Korean takes two columns a character."""
        with pd.option_context("display.unicode.east_asian_width", True):
            return str(headed(self).to_string(*args, **kwargs))


def as_table(frame: pd.DataFrame) -> Table:
    """`frame` as a kit table (no copy of its data)."""
    return frame if isinstance(frame, Table) else Table(frame)
