"""A timeline picture: one bar a process, hook processes coloured apart from the program's."""

from __future__ import annotations

from hooklab.model import Process, RunResult
from hooklab.safetext import shown
from hooklab.show.views import tidy

COLOURS = {"hook": "#d62728", "program": "#2ca02c", "launcher": "#9e9e9e"}
LABELS = {
    "hook": "install hook",
    "program": "requested program",
    "launcher": "npx / uvx / npm / uv",
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
    text = shown(_short_paths(tidy(result, " ".join(proc.argv))))
    return text if len(text) <= width else text[: width - 1] + "…"


def _short_paths(text: str) -> str:
    """Every absolute or relative path in `text` cut to its last part (labels stay readable)."""
    return " ".join(
        w.rsplit("/", 1)[-1] if "/" in w and w[0] != "<" else w for w in text.split(" ")
    )


def plot_timeline(result: RunResult, max_bars: int = 14, title: str | None = None):
    """Draw the run's processes over time and return the matplotlib Figure."""
    import matplotlib.pyplot as plt  # here, not at the top: the CLI should start fast
    from matplotlib.patches import Patch

    procs = _chosen(result, max_bars)
    fig, ax = plt.subplots(figsize=(9, 0.45 * len(procs) + 1.4))
    last = max([result.duration, *[p.end or 0 for p in procs]])
    for row, p in enumerate(procs):
        end = p.end if p.end is not None else last
        ax.broken_barh(
            [(p.start, max(end - p.start, last / 300))], (row - 0.35, 0.7), color=COLOURS[p.role]
        )
    ax.set_yticks(range(len(procs)))
    ax.set_yticklabels([_label(result, p) for p in procs], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel("seconds since the command started")
    ax.set_title(title or shown(_short_paths(" ".join(result.command)))[:90], fontsize=9)
    ax.legend(
        handles=[Patch(color=COLOURS[r], label=LABELS[r]) for r in COLOURS],
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        fontsize=8,
    )
    fig.tight_layout()
    plt.close(fig)  # shown once, by whoever displays the returned figure, not again by pyplot
    return fig
