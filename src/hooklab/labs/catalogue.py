"""The labs: one module each in hooklab.labs.tasks, holding the lab's tasks and checks."""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from hooklab.errors import HooklabError
from hooklab.labs import tasks as tasks_pkg
from hooklab.labs.checks import Task
from hooklab.lang import Text, both
from hooklab.paths import project_root


@dataclass(frozen=True)
class LabSpec:
    id: str  # also the folder name under labs/, e.g. "01-which-package"
    title: Text  # one line
    tasks: tuple[Task, ...]
    public_registry: bool = False  # fetches from npm or PyPI (the offline kit holds what it needs)

    def task(self, key: str) -> Task:
        for task in self.tasks:
            if task.key == key:
                return task
        names = ", ".join(t.key for t in self.tasks)
        raise HooklabError(
            both(
                f"랩 {self.id}에는 과제 {key!r}이(가) 없습니다 (과제: {names})",
                f"lab {self.id} has no task {key!r} (tasks: {names})",
            )
        )


@cache
def all_labs() -> tuple[LabSpec, ...]:
    found = []
    for info in pkgutil.iter_modules(tasks_pkg.__path__):
        module = importlib.import_module(f"{tasks_pkg.__name__}.{info.name}")
        found.append(module.LAB)
    return tuple(sorted(found, key=lambda lab: lab.id))


def get_lab(lab_id: str) -> LabSpec:
    for lab in all_labs():
        if lab.id == lab_id:
            return lab
    raise HooklabError(
        both(
            f"랩 {lab_id!r}이(가) 없습니다. 목록은 `hooklab labs progress`로 보세요",
            f"no lab {lab_id!r}; see `hooklab labs progress` for the list",
        )
    )


def labs_dir() -> Path:
    root = project_root()
    if root is None or not (root / "labs").is_dir():
        raise HooklabError(
            both(
                "labs/ 폴더를 찾을 수 없습니다. 키트의 체크아웃 안에서 실행하세요",
                "cannot find the labs/ folder; run inside the kit's checkout",
            )
        )
    return root / "labs"
