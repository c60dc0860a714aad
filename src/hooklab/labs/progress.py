"""Each learner's progress: a small JSON file in the work folder, exported for the trainer."""

from __future__ import annotations

import getpass
import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hooklab.errors import HooklabError
from hooklab.paths import work_dir

FORMAT = "hooklab-lab-progress/1"


def learner_name() -> str:
    """HOOKLAB_LEARNER, else the account name (on JupyterHub the hub's user name)."""
    name = os.environ.get("HOOKLAB_LEARNER") or os.environ.get("JUPYTERHUB_USER")
    return name or getpass.getuser()


def progress_path() -> Path:
    return work_dir() / "labs" / "progress.json"


@dataclass
class LabProgress:
    misses: dict[str, int] = field(default_factory=dict)  # task -> wrong answers so far
    solved: list[str] = field(default_factory=list)  # tasks answered right, in order
    flag: str = ""


@dataclass
class Progress:
    learner: str
    labs: dict[str, LabProgress] = field(default_factory=dict)

    def lab(self, lab_id: str) -> LabProgress:
        return self.labs.setdefault(lab_id, LabProgress())

    def to_dict(self) -> dict[str, Any]:
        labs = {k: vars(v) for k, v in sorted(self.labs.items())}
        return {"format": FORMAT, "learner": self.learner, "labs": labs}

    @classmethod
    def from_dict(cls, data: dict[str, Any], source: str) -> Progress:
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise HooklabError(f"{source}: not a hooklab progress file (format {FORMAT})")
        labs = {}
        for lab_id, raw in (data.get("labs") or {}).items():
            labs[lab_id] = LabProgress(
                misses={str(k): int(v) for k, v in (raw.get("misses") or {}).items()},
                solved=[str(t) for t in raw.get("solved") or []],
                flag=str(raw.get("flag") or ""),
            )
        return cls(str(data.get("learner") or "?"), labs)


def read_progress(path: Path) -> Progress:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise HooklabError(f"{path}: no such progress file") from None
    except (OSError, ValueError, RecursionError) as exc:
        raise HooklabError(f"{path}: cannot read it as JSON ({str(exc)[:120]})") from None
    return Progress.from_dict(data, str(path))


def load() -> Progress:
    """This learner's progress (empty when nothing was checked yet)."""
    path = progress_path()
    if not path.exists():
        return Progress(learner_name())
    progress = read_progress(path)
    progress.learner = learner_name()
    return progress


def save(progress: Progress) -> None:
    """Write atomically, so a kernel killed mid-write never leaves half a file."""
    path = progress_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".progress-", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(progress.to_dict(), out, ensure_ascii=False, indent=1)
    os.replace(tmp, path)


def export(dest: Path | None = None) -> Path:
    """Copy this learner's progress to `dest` (a file, or a folder for progress-NAME.json)."""
    progress = load()
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", progress.learner) or "learner"
    if dest is None:
        dest = work_dir() / "labs"
    if dest.is_dir() or not dest.suffix:
        dest.mkdir(parents=True, exist_ok=True)
        dest = dest / f"progress-{safe}.json"
    dest.write_text(json.dumps(progress.to_dict(), ensure_ascii=False, indent=1), "utf-8")
    return dest
