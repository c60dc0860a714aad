"""Finding the external tools the kit drives, and what versions they are."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from hooklab.errors import HooklabError, ToolMissingError
from hooklab.lang import LANGS, Catalogue, both, in_both, say
from hooklab.procs import DEFAULT_TIMEOUT, run

_NODE_HINT = both(
    "`make setup`을 실행하세요 (kit이 고정한 Node 22와 npm 11을 .venv/bin에 넣습니다)",
    "run `make setup` (it puts the kit's pinned Node 22 and npm 11 in .venv/bin)",
)
_UV_HINT = both(
    "`make setup`을 실행하세요 (고정한 uv를 .venv에 설치합니다)",
    "run `make setup` (it installs the pinned uv into .venv)",
)
# How to get each tool the kit drives, said after "<tool> is not installed".
_HINTS: Catalogue = {
    "npm": _NODE_HINT,
    "npx": _NODE_HINT,
    "node": _NODE_HINT,
    "uv": _UV_HINT,
    "uvx": _UV_HINT,
    "pipx": both(
        "`make setup`을 실행하세요 (pipx는 kit의 requirements.lock에 있습니다)",
        "run `make setup` (pipx is in the kit's requirements.lock)",
    ),
    "strace": both(
        "`make setup`이나 `sudo apt-get install strace`를 실행하세요",
        "run `make setup` or `sudo apt-get install strace`",
    ),
    "bwrap": both(
        "`make setup`이나 `sudo apt-get install bubblewrap`을 실행하세요",
        "run `make setup` or `sudo apt-get install bubblewrap`",
    ),
}
MISSING: Catalogue = {
    "missing": both(
        "{name}이(가) 설치되어 있지 않습니다. {hint}", "{name} is not installed; {hint}"
    ),
    "install": both("{name}을(를) 설치하세요", "install {name}"),
}

KNOWN_TOOLS = frozenset(_HINTS)


def find_tool(name: str) -> str | None:
    """The full path of a tool, preferring the kit's own .venv/bin (uv, and the pinned node, npm
    and npx that scripts/setup.d/25-node-runtime.sh puts there)."""
    venv_bin = Path(sys.executable).parent
    candidate = venv_bin / name
    if candidate.is_file() and os.access(candidate, os.X_OK):
        return str(candidate)
    return shutil.which(name)


def require_tool(name: str) -> str:
    path = find_tool(name)
    if path is None:
        hints = _HINTS.get(name) or in_both(MISSING, "install", name=name)
        raise ToolMissingError(
            {g: say(MISSING, "missing", g, name=name, hint=hints[g]) for g in LANGS}
        )
    return path


def tool_version(name: str) -> str | None:
    """The first line a tool prints for --version, or None when it is missing or fails."""
    path = find_tool(name)
    if path is None:
        return None
    try:
        proc = run(
            [path, "--version"],
            f"{name} --version",
            timeout=20,
            env={**os.environ, "NPM_CONFIG_USERCONFIG": os.devnull},
        )
    except HooklabError:
        return None
    lines = (proc.stdout or proc.stderr).strip().splitlines()
    return lines[0].strip() if proc.returncode == 0 and lines else None


def last_line(text: str) -> str:
    """The last non-empty line of a tool's output: usually the one that says what went wrong."""
    lines = text.strip().splitlines()
    return lines[-1].strip() if lines else "no output"


def run_tool(
    argv: list[str],
    failure: str,
    *,
    env: Mapping[str, str] | None = None,
    cwd: Path | str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> subprocess.CompletedProcess[str]:
    """Run a tool quietly and return what it printed; if it fails, does not start or does not
    finish within `timeout` seconds, raise one line: `{failure}: {why}`."""
    proc = run(argv, f"{failure}: {Path(argv[0]).name}", env=env, cwd=cwd, timeout=timeout)
    if proc.returncode != 0:
        line = f"{failure}: {last_line(proc.stderr or proc.stdout)}"  # the caller's and the tool's
        raise HooklabError(both(line, line))
    return proc


def npm_said(text: str) -> str:
    """The last line of npm's messages that says something: not the path of the debug log it
    kept (the kit removes it with the run) nor the note that it could not write one."""
    said = (
        line.removeprefix("npm error").removeprefix("npm ERR!").strip()
        for line in text.splitlines()
    )
    kept = [
        line
        for line in said
        if line
        and "complete log of this run" not in line
        and "Log files were not written" not in line
    ]
    return kept[-1] if kept else "no output"
