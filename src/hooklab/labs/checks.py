"""Checks that teach: a wrong answer gets what is wrong and a hint, and a bigger hint later.

Code in a hint goes in backticks and uses only the names the lab's learner notebook has: a stuck
learner copies it into a cell (tests/test_labs_notebooks.py runs every hint's code there).
Every text is written in both languages side by side (`both(ko, en)`); a verdict is said in one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from hooklab.lang import Catalogue, Lang, Text, both, current_lang, in_lang, say

# After this many misses on one task, the check also gives the task's bigger hint.
BIG_HINT_AFTER = 3


class Wrong(Exception):
    """Raised by a task's check function: what is wrong, and a hint towards the fix."""

    def __init__(self, what: Text, hint: Text) -> None:
        super().__init__(what["en"])
        self.what = what
        self.hint = hint


@dataclass(frozen=True)
class Task:
    """One thing the learner must get right, and how the kit checks it."""

    key: str
    title: Text
    # raises Wrong; returns when the answer is right, with a note on why when it is only arguable
    check: Callable[[Any], Text | None]
    big_hint: Text
    praise: Text = field(default_factory=lambda: both("", ""))  # said on success: what it shows
    predict: bool = False  # a prediction: the session keeps the first answer that passes


@dataclass(frozen=True)
class Verdict:
    task: str
    ok: bool
    what: str = ""
    hint: str = ""
    big_hint: str = ""
    counts: bool = True  # False for an empty stub: not trying yet is not a miss
    lang: Lang = "ko"

    def text(self) -> str:
        if self.ok:
            return f"✅ [{self.task}] {say(TEXT, 'right', self.lang)} {self.what}".rstrip()
        lines = [f"❌ [{self.task}] {self.what}"]
        if self.hint:
            lines.append(f"   {say(TEXT, 'hint', self.lang)}: {self.hint}")
        if self.big_hint:
            lines.append(f"   {say(TEXT, 'big-hint', self.lang)}: {self.big_hint}")
        return "\n".join(lines)


TEXT: Catalogue = {
    "right": {"ko": "정답입니다.", "en": "Right."},
    "hint": {"ko": "힌트", "en": "Hint"},
    "big-hint": {
        "ko": "더 큰 힌트 (세 번 넘게 막혔을 때)",
        "en": "A bigger hint (stuck more than three times)",
    },
    "empty": {"ko": "아직 답을 쓰지 않았습니다.", "en": "No answer yet."},
    "fill-in": {
        "ko": "`# 여기에 코드를 쓰세요` 자리를 채우세요.",
        "en": "Fill in the place marked `# write your code here`.",
    },
    "crashed": {
        "ko": "답을 확인하다가 오류가 났습니다: {error}",
        "en": "Checking the answer failed with an error: {error}",
    },
    "shape": {
        "ko": "답의 모양(형식)이 과제 설명과 같은지 보세요.",
        "en": "See whether the answer has the shape the task asks for.",
    },
}


def not_answered(value: Any) -> bool:
    """The learner copy's stub leaves `...` (Ellipsis) where an answer belongs."""
    return value is Ellipsis or value is None


def with_reason(answer: Any) -> tuple[Any, Any]:
    """An answer written as VALUE or (VALUE, REASON): the value and the reason ("" when none)."""
    if isinstance(answer, (tuple, list)) and len(answer) == 2:
        return answer[0], answer[1]
    return answer, ""


def judge(task: Task, value: Any, misses_before: int, lang: Lang | None = None) -> Verdict:
    """Run one task's check; a miss carries the big hint once the learner has missed enough.
    The verdict is said in `lang`, by default the kit's current language."""
    lang = lang or current_lang()
    if not_answered(value):
        empty, fill = say(TEXT, "empty", lang), say(TEXT, "fill-in", lang)
        return Verdict(task.key, False, empty, fill, counts=False, lang=lang)
    big = in_lang(task.big_hint, lang) if misses_before + 1 >= BIG_HINT_AFTER else ""
    try:
        note = task.check(value)
    except Wrong as wrong:
        what, hint = in_lang(wrong.what, lang), in_lang(wrong.hint, lang)
        return Verdict(task.key, False, what, hint, big, lang=lang)
    except Exception as exc:  # noqa: BLE001 - a learner's odd value is advice, not a traceback
        what = say(TEXT, "crashed", lang, error=f"{type(exc).__name__}: {exc}")
        return Verdict(task.key, False, what, say(TEXT, "shape", lang), big, lang=lang)
    said = [in_lang(task.praise, lang), in_lang(note, lang) if note else ""]
    return Verdict(task.key, True, "\n".join(filter(None, said)), lang=lang)
