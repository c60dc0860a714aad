"""Where npx and uvx keep what they downloaded, shown without the hashes in folder names."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from hooklab.show.tables import as_table

_HASHED_PARENTS = ("_npx", "archive-v0", "builds-v0")  # their children are named by hashes


def cached_packages(cache: Path, name: str, depth: int = 4) -> pd.DataFrame:
    """Folders up to `depth` deep in `cache` named `name` or `name-…`, hashes replaced."""
    rows = []
    for path in sorted(cache.rglob("*")):
        if len(path.relative_to(cache).parts) > depth:
            continue
        if path.is_dir() and (path.name == name or path.name.startswith(f"{name}-")):
            parts = list(path.relative_to(cache).parts)
            for i in range(1, len(parts)):
                if parts[i - 1] in _HASHED_PARENTS:
                    parts[i] = "<hash>"
            rows.append({"cache": cache.name, "where": "/".join(parts)})
    return as_table(
        pd.DataFrame(rows, columns=["cache", "where"]).drop_duplicates(ignore_index=True)
    )


def cache_snapshot(cache: Path, depth: int = 3) -> frozenset[str]:
    """The folders of a cache down to `depth`: compare two snapshots to see what a run added."""
    if not cache.is_dir():
        return frozenset()
    return frozenset(
        p.relative_to(cache).as_posix()
        for p in cache.rglob("*")
        if p.is_dir() and len(p.relative_to(cache).parts) <= depth
    )
