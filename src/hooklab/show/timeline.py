"""A timeline picture: one bar a process, hook processes coloured apart from the program's."""

from __future__ import annotations

from hooklab.model import Process, RunResult
from hooklab.safetext import shown
from hooklab.show.figure import HARM, NEUTRAL, SAFE, Words, legend, subplots, words
from hooklab.show.views import tidy
from hooklab.volatile import steady

COLOURS = {"hook": HARM, "program": SAFE, "launcher": NEUTRAL}
WORDS: Words = {
    "ko": {
        "hook": "설치 훅",
        "program": "요청한 프로그램",
        "launcher": "npx / uvx / npm / uv 자신",
        "seconds": "명령을 시작한 뒤 지난 시간 (초)",
    },
    "en": {
        "hook": "install hook",
        "program": "requested program",
        "launcher": "npx / uvx / npm / uv",
        "seconds": "seconds since the command started",
    },
}


def _chosen(result: RunResult, max_bars: int) -> list[Process]:
    """The root, every hook and program process, then the longest-lived launcher processes."""
    procs = result.processes
    end = result.duration
    key = [p for p in procs if p.role != "launcher"]
    rest = sorted(
        (p for p in procs if p.role == "launcher"),
        key=lambda p: (p.end if p.end is not None else end) - p.start,
        reverse=True,
    )
    chosen = key + rest[: max(0, max_bars - len(key))]
    return sorted(chosen, key=lambda p: p.start)[:max_bars]


def _label(result: RunResult, proc: Process, width: int = 48) -> str:
    """The process's command line with every path shortened to its last part."""
    if not proc.argv:
        return f"pid {proc.pid}"
    text = shown(_short_paths(steady(tidy(result, " ".join(proc.argv)))))
    return text if len(text) <= width else text[: width - 1] + "…"


def _short_paths(text: str) -> str:
    """Every absolute or relative path in `text` cut to its last part (labels stay readable)."""
    return " ".join(
        w.rsplit("/", 1)[-1] if "/" in w and w[0] != "<" else w for w in text.split(" ")
    )


def plot_timeline(result: RunResult, max_bars: int = 14, title: str | None = None):
    """Draw the run's processes over time and return the matplotlib Figure."""
    import matplotlib.pyplot as plt  # here, not at the top: the CLI should start fast

    text = words(WORDS)
    procs = _chosen(result, max_bars)
    fig, ax = subplots(9, 0.45 * len(procs) + 1.4)
    last = max([result.duration, *[p.end or 0 for p in procs]])
    for row, p in enumerate(procs):
        end = p.end if p.end is not None else last
        ax.broken_barh(
            [(p.start, max(end - p.start, last / 300))], (row - 0.35, 0.7), color=COLOURS[p.role]
        )
    ax.set_yticks(range(len(procs)))
    ax.set_yticklabels([_label(result, p) for p in procs], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel(text["seconds"])
    ax.set_title(title or shown(_short_paths(steady(" ".join(result.command))))[:90], fontsize=9)
    legend(ax, [(colour, text[role]) for role, colour in COLOURS.items()])
    fig.tight_layout()
    plt.close(fig)  # shown once, by whoever displays the returned figure, not again by pyplot
    return fig
