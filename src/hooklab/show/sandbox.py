"""A heatmap of behaviour × sandbox: which escape worked where (presentation only)."""

from __future__ import annotations

import pandas as pd

from hooklab.show.figure import BLOCKED, EMPTY, HARM, Words, legend, subplots, text_colour, words
from hooklab.watch.sandbox.behaviour import labels

# Behaviours that show a defence working when they happen: coloured as blocked, not as harm.
STOPPED = {"connect blocked"}
WORDS: Words = {
    "ko": {
        **labels("ko"),
        "yes": "예",
        "no": "아니요",
        "harm": "일어남",
        "blocked": "막혔고 기록됨",
        "none": "일어나지 않음",
        "title": "행동 × 샌드박스",
    },
    "en": {
        **labels("en"),
        "yes": "yes",
        "no": "no",
        "harm": "it happened",
        "blocked": "blocked, and recorded",
        "none": "did not happen",
        "title": "behaviour × sandbox",
    },
}


def plot_behaviour_heatmap(
    table: pd.DataFrame, labels: dict[str, str] | None = None, title: str = ""
):
    """`table`: rows are behaviours (or (fixture, behaviour)), columns backends, cells bools.
    A harm that happened is one colour, a blocked attempt another; `labels` renames rows."""
    from matplotlib.colors import to_rgb

    text = words(WORDS)
    frame = table.droplevel(0) if isinstance(table.index, pd.MultiIndex) else table
    names = {**text, **(labels or {})}
    fig, ax = subplots(1.3 * len(frame.columns) + 3.4, 0.45 * len(frame.index) + 1.4)
    colours = [
        [(BLOCKED if row in STOPPED else HARM) if seen else EMPTY for seen in frame.loc[row]]
        for row in frame.index
    ]
    ax.imshow([[to_rgb(c) for c in line] for line in colours], aspect="auto")
    for r, line in enumerate(colours):
        for c, colour in enumerate(line):
            seen = colour != EMPTY
            word = text["yes"] if seen else text["no"]
            ax.text(c, r, word, ha="center", va="center", fontsize=8, color=text_colour(colour))
    ax.set_xticks(range(len(frame.columns)), list(frame.columns))
    ax.set_yticks(range(len(frame.index)), [names.get(r, r) for r in frame.index])
    ax.set_title(title or text["title"], fontsize=9)
    ax.tick_params(top=True, bottom=False, labeltop=True, labelbottom=False)
    legend(ax, [(HARM, text["harm"]), (BLOCKED, text["blocked"]), (EMPTY, text["none"])])
    fig.tight_layout()
    return fig
