"""Where npx and uvx keep what they downloaded, shown without the hashes in folder names."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from hooklab.model import RunResult

_HASHY = re.compile(r"^(?=.*\d)[0-9A-Za-z_-]{12,}$")  # npx's and uv's content-addressed names


def cached_packages(cache: Path, name: str, depth: int = 4) -> pd.DataFrame:
    """Folders up to `depth` deep in `cache` named `name` or `name-…`, hashes replaced."""
    rows = []
    for path in sorted(cache.rglob("*")):
        if len(path.relative_to(cache).parts) > depth:
            continue
        if path.is_dir() and (path.name == name or path.name.startswith(f"{name}-")):
            parts = ["<hash>" if _HASHY.match(p) else p for p in path.relative_to(cache).parts]
            rows.append({"cache": cache.name, "where": "/".join(parts)})
    return pd.DataFrame(rows, columns=["cache", "where"]).drop_duplicates(ignore_index=True)


def cache_writes(result: RunResult, folder: Path) -> int:
    """How many files a run wrote under `folder` (e.g. npx's `_npx` or uv's `archive-v0`)."""
    root = str(folder) + "/"
    return sum(
        1 for e in result.events if e.kind == "file_write" and e.ok and e.detail.startswith(root)
    )
