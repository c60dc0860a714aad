"""hooklab: see what `npx pkg` and `uvx pkg` run at install time, and what stops it.

Notebooks import from here; each name below is documented where it is defined.
"""

from typing import TYPE_CHECKING

from hooklab.lazy import lazy_exports

if TYPE_CHECKING:  # imported on first use: see hooklab.lazy
    from hooklab.caches import cache_snapshot, cached_packages
    from hooklab.doctor import npm_script_policy, tools_frame
    from hooklab.errors import HooklabError, ToolMissingError, UnsafeHomeError
    from hooklab.fixtures import Fixture, all_fixtures, build, fixtures_frame, get_fixture
    from hooklab.model import CanaryHit, Event, Process, RunResult
    from hooklab.show import (
        compare,
        outcome,
        plot_behaviour_heatmap,
        plot_timeline,
        story,
        summary_text,
        verdict,
    )
    from hooklab.watch import FAKE_SECRETS, Canary, FakeHome, watch

lazy_exports(__name__)

__version__ = "0.1.0"

__all__ = [
    "FAKE_SECRETS",
    "Canary",
    "CanaryHit",
    "Event",
    "FakeHome",
    "Fixture",
    "HooklabError",
    "Process",
    "RunResult",
    "ToolMissingError",
    "UnsafeHomeError",
    "all_fixtures",
    "cache_snapshot",
    "cached_packages",
    "compare",
    "build",
    "fixtures_frame",
    "get_fixture",
    "npm_script_policy",
    "outcome",
    "plot_behaviour_heatmap",
    "plot_timeline",
    "story",
    "summary_text",
    "tools_frame",
    "verdict",
    "watch",
]
