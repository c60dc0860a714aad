"""Checks that teach: a wrong answer gets what is wrong and a hint, and a bigger hint later.

Code in a hint goes in backticks and uses only the names the lab's learner notebook has: a stuck
learner copies it into a cell (tests/test_labs_notebooks.py runs every hint's code there).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# After this many misses on one task, the check also gives the task's bigger hint.
BIG_HINT_AFTER = 3


class Wrong(Exception):
    """Raised by a task's check function: what is wrong, and a hint towards the fix."""

    def __init__(self, what: str, hint: str = "") -> None:
        super().__init__(what)
        self.what = what
        self.hint = hint


@dataclass(frozen=True)
class Task:
    """One thing the learner must get right, and how the kit checks it."""

    key: str
    title: str
    # raises Wrong; returns when the answer is right, with a note on why when it is only arguable
    check: Callable[[Any], str | None]
    big_hint: str
    praise: str = ""  # one line said on success: what this answer shows
    predict: bool = False  # a prediction: the session keeps the first answer that passes


@dataclass(frozen=True)
class Verdict:
    task: str
    ok: bool
    what: str = ""
    hint: str = ""
    big_hint: str = ""
    counts: bool = True  # False for an empty stub: not trying yet is not a miss

    def text(self) -> str:
        if self.ok:
            return f"✅ [{self.task}] 정답입니다. {self.what}".rstrip()
        lines = [f"❌ [{self.task}] {self.what}"]
        if self.hint:
            lines.append(f"   힌트: {self.hint}")
        if self.big_hint:
            lines.append(f"   더 큰 힌트 (세 번 넘게 막혔을 때): {self.big_hint}")
        return "\n".join(lines)


def not_answered(value: Any) -> bool:
    """The learner copy's stub leaves `...` (Ellipsis) where an answer belongs."""
    return value is Ellipsis or value is None


def with_reason(answer: Any) -> tuple[Any, Any]:
    """An answer written as VALUE or (VALUE, REASON): the value and the reason ("" when none)."""
    if isinstance(answer, (tuple, list)) and len(answer) == 2:
        return answer[0], answer[1]
    return answer, ""


def judge(task: Task, value: Any, misses_before: int) -> Verdict:
    """Run one task's check; a miss carries the big hint once the learner has missed enough."""
    if not_answered(value):
        hint = "`# 여기에 코드를 쓰세요` 자리를 채우세요."
        return Verdict(task.key, False, "아직 답을 쓰지 않았습니다.", hint, counts=False)
    try:
        note = task.check(value)
    except Wrong as wrong:
        big = task.big_hint if misses_before + 1 >= BIG_HINT_AFTER else ""
        return Verdict(task.key, False, wrong.what, wrong.hint, big)
    except Exception as exc:  # noqa: BLE001 - a learner's odd value is advice, not a traceback
        big = task.big_hint if misses_before + 1 >= BIG_HINT_AFTER else ""
        what = f"답을 확인하다가 오류가 났습니다: {type(exc).__name__}: {exc}"
        return Verdict(task.key, False, what, "답의 모양(형식)이 과제 설명과 같은지 보세요.", big)
    return Verdict(task.key, True, "\n".join(filter(None, [task.praise, note])))
