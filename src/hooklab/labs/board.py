"""Who is where: one learner's labs, and the trainer's board over everyone's exported files."""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from hooklab.errors import HooklabError
from hooklab.labs import progress as store
from hooklab.labs.catalogue import LabSpec, all_labs
from hooklab.labs.checks import BIG_HINT_AFTER
from hooklab.labs.flags import trainer_key, verify_flag
from hooklab.labs.progress import LabProgress, Progress
from hooklab.lang import Catalogue, both, in_lang
from hooklab.safetext import shown
from hooklab.show.tables import as_table

# A lab's state as the panels show it; the tables and --json keep the English key.
STATE_WORDS: Catalogue = {
    "not started": {"ko": "시작 전", "en": "not started"},
    "in progress": {"ko": "진행 중", "en": "in progress"},
    "stuck": {"ko": "막힘", "en": "stuck"},
    "done": {"ko": "완료", "en": "done"},
    "bad flag": {"ko": "플래그 불일치", "en": "flag does not match"},
    "unverified": {"ko": "플래그 미확인 (키 없음)", "en": "flag not checked (no key)"},
}
MAX_ENTRIES = 2000  # directory entries the board looks at


def lab_state(
    spec: LabSpec, mine: LabProgress | None, key: str | None = None, verify: bool = True
) -> str:
    """not started, in progress, stuck (a task missed often and still open), done, bad flag;
    "unverified" instead of done/bad flag when `verify` is off (no key to check the flag)."""
    if mine is None or not (mine.solved or mine.misses):
        return "not started"
    open_tasks = [t.key for t in spec.tasks if t.key not in mine.solved]
    if not open_tasks:
        if not verify:
            return "unverified"
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
                "title": in_lang(spec.title),
                "solved": f"{solved}/{len(spec.tasks)}",
                "misses": sum(mine.misses.values()) if mine else 0,
                "state": lab_state(spec, mine),
                "flag": (mine.flag if mine else "") or "-",
            }
        )
    return as_table(
        pd.DataFrame(rows, columns=["lab", "title", "solved", "misses", "state", "flag"])
    )


@dataclass(frozen=True)
class Export:
    """One *.json file in the trainer's folder: a learner's progress, or why it was not read."""

    file: str
    progress: Progress | None = None
    problem: str = ""


def read_exports(folder: Path) -> list[Export]:
    """Every *.json in `folder`, one Export a file (a bad file is one Export with its problem).

    At most MAX_ENTRIES directory entries are looked at; past that, one last Export says so.
    """
    if not folder.is_dir():
        raise HooklabError(
            both(
                f"{folder}: 내보낸 진행 파일들의 폴더가 아닙니다",
                f"{folder}: not a folder of exported progress files",
            )
        )
    names: list[str] = []
    truncated = False
    with os.scandir(folder) as entries:
        for seen, entry in enumerate(entries):
            if seen == MAX_ENTRIES:
                truncated = True
                break
            if entry.name.endswith(".json"):
                names.append(entry.name)
    exports = [_read_one(folder, name) for name in sorted(names)]
    return [*exports, _too_many()] if truncated else exports


def _read_one(folder: Path, name: str) -> Export:
    path = folder / name
    try:
        return Export(name, store.read_progress(path))
    except HooklabError as exc:
        return Export(name, problem=str(exc).removeprefix(f"{path}: "))


def _too_many() -> Export:
    problem = both(
        f"폴더에 항목이 {MAX_ENTRIES}개보다 많아 나머지는 읽지 않았습니다",
        f"more than {MAX_ENTRIES} entries in the folder; the rest not read",
    )
    return Export("…", problem=in_lang(problem))


def _name_key(name: str) -> str:
    """Names that look alike on a screen (width, case, compatibility forms) collide."""
    return unicodedata.normalize("NFKC", name).casefold().strip()


def board_frame(folder: Path, key: str | None = None) -> pd.DataFrame:
    """One row a file, labs across; each cell a state, flags checked against the workshop key.

    Rows are keyed by file, so no file can take another learner's row: two files with the same
    learner name are both shown, each with a note. With no key (`key` or HOOKLAB_WORKSHOP_KEY)
    no flag is checked, and a lab with every task solved is "unverified", never "done".
    """
    key = trainer_key(key)
    labs = all_labs()
    exports = read_exports(folder)
    files_by_name: dict[str, list[str]] = {}
    for e in exports:
        if e.progress:
            files_by_name.setdefault(_name_key(e.progress.learner), []).append(e.file)
    rows = []
    for e in sorted(exports, key=lambda e: (e.progress is None, _sort_name(e), e.file)):
        row: dict[str, object] = {"learner": "?", "file": shown(e.file)}
        if e.progress is None:
            row.update({spec.id: "-" for spec in labs}, done="-", note=shown(e.problem))
            rows.append(row)
            continue
        row["learner"] = shown(e.progress.learner)
        done = 0
        for spec in labs:
            state = lab_state(spec, e.progress.labs.get(spec.id), key, verify=key is not None)
            done += state == "done"
            row[spec.id] = state
        others = [f for f in files_by_name[_name_key(e.progress.learner)] if f != e.file]
        row["done"] = f"{done}/{len(labs)}"
        row["note"] = _collision(others)
        rows.append(row)
    return as_table(
        pd.DataFrame(rows, columns=["learner", "file", *(s.id for s in labs), "done", "note"])
    )


def _collision(others: list[str]) -> str:
    """The note on a row whose learner name other files claim too (at most three named)."""
    if not others:
        return ""
    names = ", ".join(map(shown, others[:3]))
    if len(others) > 3:
        return in_lang(
            both(
                f"{names} 외 {len(others) - 3}개와 학습자 이름이 같습니다",
                f"same learner name as {names} and {len(others) - 3} more",
            )
        )
    return in_lang(both(f"{names}와(과) 학습자 이름이 같습니다", f"same learner name as {names}"))


def _sort_name(e: Export) -> str:
    return _name_key(e.progress.learner) if e.progress else ""
