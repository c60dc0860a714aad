"""Presentation only: tables, text and pictures made from records. Never runs anything."""

from typing import TYPE_CHECKING

from hooklab.lazy import lazy_exports

if TYPE_CHECKING:  # imported on first use: see hooklab.lazy
    from hooklab.show.matrix import heatmap
    from hooklab.show.realservers import (
        hooks_frame,
        load_servers,
        packages_frame,
        pinning_frame,
        plot_hooks,
        plot_tree_sizes,
        plot_verdicts,
        servers_frame,
    )
    from hooklab.show.sandbox import plot_behaviour_heatmap
    from hooklab.show.tables import as_table
    from hooklab.show.timeline import plot_timeline
    from hooklab.show.views import compare, outcome, relabel, story, summary_text, verdict

lazy_exports(__name__)

__all__ = [
    "as_table",
    "heatmap",
    "hooks_frame",
    "load_servers",
    "packages_frame",
    "pinning_frame",
    "plot_behaviour_heatmap",
    "plot_hooks",
    "plot_tree_sizes",
    "plot_verdicts",
    "servers_frame",
    "compare",
    "outcome",
    "plot_timeline",
    "relabel",
    "story",
    "summary_text",
    "verdict",
]
