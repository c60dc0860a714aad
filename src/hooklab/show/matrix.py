"""The defence matrix (hooklab.defences.matrix) as a picture: fixture × defence, one colour an
outcome, with a legend (presentation only)."""

from __future__ import annotations

from typing import TYPE_CHECKING, get_args

from hooklab.defences.matrix import CellOutcome
from hooklab.show.figure import (
    BROKEN,
    CONTAINED,
    EMPTY,
    HARM,
    SAFE,
    Words,
    legend,
    subplots,
    text_colour,
    words,
)

if TYPE_CHECKING:
    import pandas as pd

COLOURS: dict[CellOutcome, str] = {
    "hook": HARM,
    "contained": CONTAINED,
    "broken": BROKEN,
    "safe": SAFE,
}
WORDS: Words = {
    "ko": {
        # in a cell (short), then in the legend (whole)
        "hook": "훅 실행",
        "contained": "실행 · 갇힘",
        "broken": "막음 · 고장",
        "safe": "막음 · 정상",
        "hook+": "훅이 실행됨",
        "contained+": "훅은 실행됐지만 샌드박스 밖에 닿지 못함",
        "broken+": "훅을 막았지만 프로그램도 동작하지 않음",
        "safe+": "훅을 막았고 프로그램은 정상 동작",
        "n/a+": "해당 없음 (다른 생태계의 방어)",
        "title": "방어 매트릭스",
        "defence": "방어",
        "fixture": "예제 패키지",
    },
    "en": {
        "hook": "hook ran",
        "contained": "ran · contained",
        "broken": "blocked · broken",
        "safe": "blocked · works",
        "hook+": "the install hook ran",
        "contained+": "the hook ran but reached nothing outside the sandbox",
        "broken+": "the hook was blocked, and so was the program",
        "safe+": "the hook was blocked and the program works",
        "n/a+": "does not apply (another ecosystem's defence)",
        "title": "defence matrix",
        "defence": "defence",
        "fixture": "fixture",
    },
}


def heatmap(frame: pd.DataFrame, title: str | None = None):
    """A matplotlib figure of `matrix_frame`'s cells, rows and columns in the frame's order;
    a defence that does not apply to a fixture's ecosystem is an empty square."""
    import matplotlib.pyplot as plt
    from matplotlib.colors import to_rgb

    text = words(WORDS)
    grid = frame.pivot(index="fixture", columns="defence", values="outcome").reindex(
        index=list(dict.fromkeys(frame["fixture"])), columns=list(dict.fromkeys(frame["defence"]))
    )
    cells = [[COLOURS.get(v, EMPTY) for v in row] for row in grid.itertuples(index=False)]
    fig, ax = subplots(1.1 * len(grid.columns) + 5.5, 0.45 * len(grid) + 1.8)
    ax.imshow([[to_rgb(c) for c in row] for row in cells], aspect="auto")
    for i, row in enumerate(grid.itertuples(index=False)):
        for j, outcome in enumerate(row):
            if outcome in COLOURS:
                colour = text_colour(COLOURS[outcome])
                ax.text(j, i, text[outcome], ha="center", va="center", fontsize=8, color=colour)
    ax.set_xticks(range(len(grid.columns)), list(grid.columns), rotation=35, ha="right")
    ax.set_yticks(range(len(grid.index)), list(grid.index))
    ax.set_xlabel(text["defence"])
    ax.set_ylabel(text["fixture"])
    ax.set_title(title or text["title"])
    present = set(frame["outcome"])
    items = [(COLOURS[o], text[f"{o}+"]) for o in get_args(CellOutcome) if o in present]
    if grid.isna().to_numpy().any():
        items.append((EMPTY, text["n/a+"]))
    legend(ax, items)
    fig.tight_layout()
    plt.close(fig)
    return fig
