"""The one look every figure of the kit shares.

A Korean font found on this machine (Noto Sans CJK, installed by set-up), the Okabe–Ito colours
(told apart with any colour vision) with one meaning each across all figures, and the words of
each figure kept in one table per language (`words`), so an English edition only adds a column.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from hooklab.errors import HooklabError
from hooklab.lang import Lang, both, current_lang

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.legend import Legend

Words = dict[Lang, dict[str, str]]  # a figure's words: language -> key -> text

# Okabe & Ito, "Color Universal Design" (2008).
ORANGE, SKY, GREEN, YELLOW = "#E69F00", "#56B4E9", "#009E73", "#F0E442"
BLUE, VERMILLION, PURPLE, GREY = "#0072B2", "#D55E00", "#CC79A7", "#999999"
# One meaning a colour, the same in every figure: harm is never the colour of blocked.
HARM = VERMILLION  # an install hook ran, a secret left, an escape worked
BLOCKED = BLUE  # the sandbox or a defence stopped it
SAFE = GREEN  # nothing ran and the program still works
BROKEN = ORANGE  # blocked, but the program broke too
CONTAINED = YELLOW  # it ran, but reached nothing outside the sandbox
NEUTRAL = GREY  # the launcher itself, a count of everything
EMPTY = "#EEEEEE"  # does not apply

# Korean first; DejaVu Sans (matplotlib's own) for anything a CJK font lacks.
_KOREAN_FAMILIES = ("Noto Sans CJK KR", "Noto Sans KR", "NanumGothic")


def words(table: Words) -> dict[str, str]:
    """A figure's words in the kit's language (`HOOKLAB_LANG`, Korean by default)."""
    return table[current_lang()]


@cache
def korean_font() -> str:
    """The family name of an installed font with Hangul, or a one-line error naming the fix."""
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    for family in _KOREAN_FAMILIES:
        if family in installed:
            return family
    raise HooklabError(
        both(
            "그림에 쓸 한글 글꼴(Noto Sans CJK KR)이 없습니다. `make setup`이 fonts-noto-cjk를"
            " 설치합니다",
            "no Korean font for the figures (Noto Sans CJK KR); `make setup` installs"
            " fonts-noto-cjk",
        )
    )


def use_kit_style() -> None:
    """Set the kit's font for every figure drawn from now on (pyplot's settings are global)."""
    import matplotlib.pyplot as plt

    plt.rcParams["font.family"] = [korean_font(), "DejaVu Sans"]
    plt.rcParams["axes.unicode_minus"] = False  # the CJK font has no U+2212 minus sign


def subplots(width: float, height: float) -> tuple[Figure, Axes]:
    """A new figure and its axes, in the kit's style."""
    import matplotlib.pyplot as plt

    use_kit_style()
    return plt.subplots(figsize=(width, height))


def legend(
    ax: Axes, items: Sequence[tuple[str, str]], title: str | None = None, **where: Any
) -> Legend:
    """A legend of coloured squares, `items` as (colour, label); beside the axes unless `where`."""
    from matplotlib.patches import Patch

    place: dict[str, Any] = where or {"loc": "upper left", "bbox_to_anchor": (1.01, 1.0)}
    handles = [Patch(color=colour, label=label) for colour, label in items]
    return ax.legend(handles=handles, title=title, fontsize=8, title_fontsize=8, **place)


def text_colour(background: str) -> str:
    """Black or white, whichever reads better on `background` (any matplotlib colour)."""
    from matplotlib.colors import to_rgb

    red, green, blue = to_rgb(background)
    return "black" if 0.299 * red + 0.587 * green + 0.114 * blue > 0.55 else "white"
