"""The chapter's case study: mcp-server-kubernetes, pinned, and the chapter's verdicts on it."""

from __future__ import annotations

import base64
import hashlib
import os
import subprocess
from pathlib import Path

import pandas as pd

from hooklab.errors import HooklabError
from hooklab.lang import both
from hooklab.paths import project_root, work_dir
from hooklab.review.report import CATEGORIES, Report, rank, topic
from hooklab.show.tables import as_table
from hooklab.tools import last_line, require_tool

PACKAGE = "mcp-server-kubernetes"
# the registry's dist.integrity for each pinned version
INTEGRITY = {
    "2.9.6": "sha512-zYoJoHVj078Xq46HwIIFrYX1iaQe60Sa9NLILKDUojFW/"
    "MVp0qfPeyhWVMBmlRYm7eN1ysTd78j8+OL32dhZbg==",
    "4.1.7": "sha512-c6rNCdzBBIUO3mpOSKCJjqJMpRyEJEyf3l+iw8xg/"
    "+KzThOrPVaPdxpsEvgzq8gCwKprwVL+wJUGLwuRspuwuA==",
}
VERSIONS = tuple(INTEGRITY)
# The chapter's table for this server ("good" output is the kit's "low" risk).
CHAPTER_VERDICTS = {
    "install": "low",
    "secrets": "medium",
    "network_file": "medium",
    "exec_privilege": "high",
    "output_llm": "low",
    "supply_chain": "low",
}


def _integrity(path: Path) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(path.read_bytes()).digest()).decode()


def case_study_archive(version: str) -> Path:
    """The pinned tarball: the kit's committed copy, or a verified `npm pack` into the work dir."""
    if version not in INTEGRITY:
        pinned = ", ".join(VERSIONS)
        raise HooklabError(
            both(
                f"{PACKAGE} {version}은(는) 여기에 고정되어 있지 않습니다. {pinned} 중 하나를"
                " 쓰세요",
                f"{PACKAGE} {version} is not pinned here; use one of {pinned}",
            )
        )
    name = f"{PACKAGE}-{version}.tgz"
    root = project_root()
    candidates = [root / "tools" / "casestudy" / name] if root else []
    cache = work_dir() / "casestudy"
    candidates.append(cache / name)
    for path in candidates:
        if path.is_file() and _integrity(path) == INTEGRITY[version]:
            return path
    cache.mkdir(parents=True, exist_ok=True)
    npmrc = cache / "empty-npmrc"
    npmrc.touch()
    env = {**os.environ, "NPM_CONFIG_USERCONFIG": str(npmrc), "npm_config_update_notifier": "false"}
    proc = subprocess.run(
        [
            require_tool("npm"),
            "pack",
            f"{PACKAGE}@{version}",
            "--ignore-scripts",
            "--silent",
            "--pack-destination",
            str(cache),
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=300,
    )
    path = cache / name
    if proc.returncode != 0 or not path.is_file():
        last = last_line(proc.stderr)
        raise HooklabError(
            both(
                f"npm pack {PACKAGE}@{version}이(가) 실패했습니다 ({last}). 오프라인인가요?",
                f"npm pack {PACKAGE}@{version} failed ({last}); are you offline?",
            )
        )
    if _integrity(path) != INTEGRITY[version]:
        path.unlink()
        raise HooklabError(
            both(
                f"레지스트리에서 받은 {name}이(가) 고정된 integrity와 맞지 않습니다",
                f"{name} from the registry does not match the pinned integrity",
            )
        )
    return path


def compare_with_chapter(report: Report, evidence: int = 2) -> pd.DataFrame:
    """The chapter's level next to the kit's, with the kit's strongest evidence lines."""
    rows = []
    for cid in CATEGORIES:
        cat = report.category(cid)
        top = sorted(cat.findings, key=lambda f: -rank(f.level))[:evidence]
        rows.append(
            {
                "category": cid,
                "topic": topic(cid),
                "chapter": CHAPTER_VERDICTS[cid],
                "kit": cat.level,
                "agree": cat.level == CHAPTER_VERDICTS[cid],
                "evidence": " | ".join(f"{f.file}:{f.line} {f.evidence[:60]}" for f in top) or "-",
            }
        )
    return as_table(pd.DataFrame(rows))
