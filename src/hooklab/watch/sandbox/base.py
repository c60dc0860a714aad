"""What every sandbox backend takes and gives: one Job in, one Outcome out."""

from __future__ import annotations

import sys
from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from hooklab.lang import Text
from hooklab.watch.home import real_home

REAPER = Path(__file__).with_name("reaper.py")


@dataclass(frozen=True)
class Job:
    """One watched command, with host paths that mean the same inside the sandbox."""

    argv: list[str]  # the full command, tracer included
    env: dict[str, str]
    cwd: Path
    scratch: Path  # the run's own folder: caches, fake home, canary dir, trace log
    readonly: tuple[Path, ...] = ()  # host paths the command must see (artefacts, the kit)
    timeout: float = 300
    label: str = "the command"  # what the user called it, for messages


@dataclass(frozen=True)
class Outcome:
    returncode: int
    stdout: str
    stderr: str


class Backend(ABC):
    """A way to run a Job. `problem()` is None when the backend works here, else one line why."""

    name: ClassVar[str]
    isolated: ClassVar[bool] = True
    about: ClassVar[Text]  # one line on what it isolates, in both languages

    @abstractmethod
    def problem(self) -> str | None: ...

    @abstractmethod
    def run(self, job: Job) -> Outcome: ...

    def wrapper(self) -> list[str]:
        """What goes between the tracer and the command: the reaper, in isolated backends."""
        return [sys.executable, "-I", "-S", str(REAPER), "--"] if self.isolated else []


def runtime_paths() -> tuple[Path, ...]:
    """The kit's Python (venv and base) and the reaper script, which a sandbox needs to see."""
    places = (sys.prefix, sys.base_prefix, REAPER.parent)
    return tuple(dict.fromkeys(Path(p).resolve() for p in places))


def hidden_homes() -> tuple[Path, ...]:
    """Folders a sandbox hides: the real home and the other users' homes."""
    homes = dict.fromkeys((real_home(), Path("/root"), Path("/home")))
    return tuple(p for p in homes if p.is_dir())
