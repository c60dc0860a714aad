"""A heatmap of behaviour × sandbox: which escape worked where (presentation only)."""

from __future__ import annotations

import pandas as pd


def plot_behaviour_heatmap(table: pd.DataFrame, labels: dict[str, str] | None = None, title=""):
    """`table`: rows are behaviours (or (fixture, behaviour)), columns backends, cells bools."""
    import matplotlib.pyplot as plt  # on first plot only: keeps the CLI quick to start
    from matplotlib.colors import ListedColormap

    frame = table.droplevel(0) if isinstance(table.index, pd.MultiIndex) else table
    rows = [labels.get(r, r) if labels else r for r in frame.index]
    fig, ax = plt.subplots(figsize=(1.3 * len(frame.columns) + 2.6, 0.45 * len(rows) + 1.2))
    ax.imshow(
        frame.astype(int).to_numpy(),
        cmap=ListedColormap(["#e8f5e9", "#d62728"]),
        vmin=0,
        vmax=1,
        aspect="auto",
    )
    ax.set_xticks(range(len(frame.columns)), frame.columns)
    ax.set_yticks(range(len(rows)), rows)
    for (r, c), seen in pd.DataFrame(frame.to_numpy()).stack().items():
        ax.text(
            c,
            r,
            "yes" if seen else "no",
            ha="center",
            va="center",
            fontsize=8,
            color="white" if seen else "#2e7d32",
        )
    ax.set_title(title, fontsize=9)
    ax.tick_params(top=True, bottom=False, labeltop=True, labelbottom=False)
    fig.tight_layout()
    return fig
