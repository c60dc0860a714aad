"""Who is where: one learner's labs, and the trainer's board over everyone's exported files."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from hooklab.errors import HooklabError
from hooklab.labs import progress as store
from hooklab.labs.catalogue import LabSpec, all_labs
from hooklab.labs.checks import BIG_HINT_AFTER
from hooklab.labs.flags import verify_flag
from hooklab.labs.progress import LabProgress, Progress

STATE_KO = {
    "not started": "시작 전",
    "in progress": "진행 중",
    "stuck": "막힘",
    "done": "완료",
    "bad flag": "플래그 불일치",
}


def lab_state(spec: LabSpec, mine: LabProgress | None, key: str | None = None) -> str:
    """not started, in progress, stuck (a task missed often and still open), done, bad flag."""
    if mine is None or not (mine.solved or mine.misses):
        return "not started"
    open_tasks = [t.key for t in spec.tasks if t.key not in mine.solved]
    if not open_tasks:
        return "done" if verify_flag(spec.id, mine.flag, key) else "bad flag"
    if any(mine.misses.get(t, 0) >= BIG_HINT_AFTER for t in open_tasks):
        return "stuck"
    return "in progress"


def progress_frame(progress: Progress | None = None) -> pd.DataFrame:
    """One row per lab: tasks solved, misses, state."""
    progress = progress or store.load()
    rows = []
    for spec in all_labs():
        mine = progress.labs.get(spec.id)
        solved = len(mine.solved) if mine else 0
        rows.append(
            {
                "lab": spec.id,
                "title": spec.title,
                "solved": f"{solved}/{len(spec.tasks)}",
                "misses": sum(mine.misses.values()) if mine else 0,
                "state": lab_state(spec, mine),
                "flag": (mine.flag if mine else "") or "-",
            }
        )
    return pd.DataFrame(rows, columns=["lab", "title", "solved", "misses", "state", "flag"])


def read_exports(folder: Path) -> list[Progress]:
    """Every progress-*.json (or other *.json) in `folder`; the newest file per learner wins."""
    if not folder.is_dir():
        raise HooklabError(f"{folder}: not a folder of exported progress files")
    found: dict[str, tuple[float, Progress]] = {}
    for path in sorted(folder.glob("*.json")):
        progress = store.read_progress(path)
        mtime = path.stat().st_mtime
        if progress.learner not in found or found[progress.learner][0] < mtime:
            found[progress.learner] = (mtime, progress)
    return [found[name][1] for name in sorted(found)]


def board_frame(folder: Path, key: str | None = None) -> pd.DataFrame:
    """Learners down, labs across; each cell a state, flags checked against the workshop key."""
    labs = all_labs()
    rows = []
    for progress in read_exports(folder):
        row: dict[str, object] = {"learner": progress.learner}
        done = 0
        for spec in labs:
            state = lab_state(spec, progress.labs.get(spec.id), key)
            done += state == "done"
            row[spec.id] = state
        row["done"] = f"{done}/{len(labs)}"
        rows.append(row)
    return pd.DataFrame(rows, columns=["learner", *(s.id for s in labs), "done"])
