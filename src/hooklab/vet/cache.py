"""Where `hooklab vet` keeps what it resolved and fetched, so a second vet (and the offline kit)
needs no network. One folder a ecosystem inside it: `npm/`, `pypi/`."""

from __future__ import annotations

import os
from pathlib import Path

from hooklab.offline import kit
from hooklab.paths import work_dir

CACHE_ENV = "HOOKLAB_VET_CACHE"
KIT_FOLDER = "vet-cache"


def vet_cache() -> Path:
    """`$HOOKLAB_VET_CACHE`, else the offline kit's `vet-cache/` when it has one, else
    `work_dir()/vet-cache`; created on first use (a kit's folder is used as it is)."""
    if value := os.environ.get(CACHE_ENV):
        path = Path(value)
    elif (where := kit()) is not None and (where / KIT_FOLDER).is_dir():
        return where / KIT_FOLDER
    else:
        path = work_dir() / KIT_FOLDER
    path.mkdir(parents=True, exist_ok=True)
    return path
