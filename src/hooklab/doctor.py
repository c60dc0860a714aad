"""What this machine has for the kit: tools, their versions, and what that means here."""

from __future__ import annotations

import re

import pandas as pd

from hooklab.paths import portable
from hooklab.show.tables import as_table
from hooklab.tools import find_tool, tool_version

TOOLS = {
    "node": "runs npm packages",
    "npm": "installs npm packages (11: scripts run, 12: dependency scripts blocked)",
    "npx": "runs npm packages without installing them",
    "uv": "installs Python packages (the kit's pinned copy)",
    "uvx": "runs Python packages without installing them",
    "pip": "the classic Python installer",
    "strace": "the watcher: sees every exec, file open and connect",
    "bwrap": "bubblewrap sandbox",
    "docker": "container sandbox client",
    "dockerd": "Docker engine (the docker and gvisor sandboxes)",
    "runsc": "gVisor runtime",
}


def npm_major(version: str | None) -> int | None:
    m = re.match(r"(\d+)\.", version or "")
    return int(m.group(1)) if m else None


def npm_script_policy(version: str | None) -> str:
    major = npm_major(version)
    if major is None:
        return "npm not found"
    if major >= 12:
        return "npm 12+: dependency install scripts are blocked unless approved"
    if major == 11:
        return "npm 11: install scripts run (with a warning); --strict-allow-scripts refuses them"
    return f"npm {major}: install scripts run silently"


def tools_frame() -> pd.DataFrame:
    rows = []
    for name, role in TOOLS.items():
        path = find_tool(name)
        rows.append(
            {
                "tool": name,
                "found": path is not None,
                "version": portable((tool_version(name) if path else None) or "-"),
                "what for": role,
                # which copy runs: the kit's pinned one in .venv/bin, or the machine's
                "path": path or "-",
            }
        )
    return as_table(pd.DataFrame(rows))
