"""What this machine has for the kit: tools, their versions, and what that means here."""

from __future__ import annotations

import re

import pandas as pd

from hooklab.lang import Catalogue, both, say
from hooklab.paths import portable
from hooklab.show.tables import as_table
from hooklab.tools import find_tool, tool_version

TOOLS: Catalogue = {
    "node": both("npm 패키지를 실행합니다", "runs npm packages"),
    "npm": both(
        "npm 패키지를 설치합니다 (11: 스크립트 실행, 12: 의존성 스크립트 차단)",
        "installs npm packages (11: scripts run, 12: dependency scripts blocked)",
    ),
    "npx": both(
        "npm 패키지를 설치하지 않고 실행합니다", "runs npm packages without installing them"
    ),
    "uv": both(
        "파이썬 패키지를 설치합니다 (kit이 고정한 사본)",
        "installs Python packages (the kit's pinned copy)",
    ),
    "uvx": both(
        "파이썬 패키지를 설치하지 않고 실행합니다",
        "runs Python packages without installing them",
    ),
    "pip": both("오래 써 온 파이썬 설치 도구", "the classic Python installer"),
    "strace": both(
        "관찰자: 모든 exec, 파일 열기, 연결을 봅니다",
        "the watcher: sees every exec, file open and connect",
    ),
    "bwrap": both("bubblewrap 샌드박스", "bubblewrap sandbox"),
    "docker": both("컨테이너 샌드박스 클라이언트", "container sandbox client"),
    "dockerd": both(
        "Docker 엔진 (docker와 gvisor 샌드박스)", "Docker engine (the docker and gvisor sandboxes)"
    ),
    "runsc": both("gVisor 런타임", "gVisor runtime"),
}

POLICY: Catalogue = {
    "missing": both("npm을 찾을 수 없습니다", "npm not found"),
    "12": both(
        "npm 12 이상: 승인하지 않은 의존성의 설치 스크립트는 막힙니다",
        "npm 12+: dependency install scripts are blocked unless approved",
    ),
    "11": both(
        "npm 11: 설치 스크립트가 (경고와 함께) 실행됩니다. --strict-allow-scripts는 거부합니다",
        "npm 11: install scripts run (with a warning); --strict-allow-scripts refuses them",
    ),
    "older": both(
        "npm {major}: 설치 스크립트가 조용히 실행됩니다",
        "npm {major}: install scripts run silently",
    ),
}


def npm_major(version: str | None) -> int | None:
    m = re.match(r"(\d+)\.", version or "")
    return int(m.group(1)) if m else None


def npm_script_policy(version: str | None) -> str:
    """What this npm does with install scripts, in the kit's language."""
    major = npm_major(version)
    if major is None:
        return say(POLICY, "missing")
    if major >= 12:
        return say(POLICY, "12")
    if major == 11:
        return say(POLICY, "11")
    return say(POLICY, "older", major=major)


def tools_frame() -> pd.DataFrame:
    rows = []
    for name in TOOLS:
        path = find_tool(name)
        rows.append(
            {
                "tool": name,
                "found": path is not None,
                "version": portable((tool_version(name) if path else None) or "-"),
                "what for": say(TOOLS, name),
                # which copy runs: the kit's pinned one in .venv/bin, or the machine's
                "path": path or "-",
            }
        )
    return as_table(pd.DataFrame(rows))
