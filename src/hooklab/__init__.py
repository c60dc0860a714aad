"""hooklab: see what `npx pkg` and `uvx pkg` run at install time, and what stops it.

Notebooks import from here; each name below is documented where it is defined. Names are
loaded on first use, so the `hooklab` command starts without pandas or matplotlib when a
subcommand does not need them.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "hooklab.caches": ("cache_snapshot", "cached_packages"),
    "hooklab.doctor": ("npm_script_policy", "tools_frame"),
    "hooklab.errors": ("HooklabError", "ToolMissingError", "UnsafeHomeError"),
    "hooklab.fixtures": ("Fixture", "all_fixtures", "build", "fixtures_frame", "get_fixture"),
    "hooklab.model": ("CanaryHit", "Event", "Process", "RunResult"),
    "hooklab.show": ("compare", "outcome", "plot_timeline", "story", "summary_text", "verdict"),
    "hooklab.watch": ("FAKE_SECRETS", "Canary", "FakeHome", "watch"),
}
_WHERE = {name: module for module, names in _EXPORTS.items() for name in names}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'hooklab' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
