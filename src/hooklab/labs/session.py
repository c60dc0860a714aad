"""What a lab notebook talks to: `lab = open_lab(id)`, then `lab.check(task, answer)`."""

from __future__ import annotations

import copy
from typing import Any

from hooklab.labs import progress as store
from hooklab.labs.catalogue import LabSpec, get_lab
from hooklab.labs.checks import judge
from hooklab.labs.flags import flag_for, verify_flag
from hooklab.lang import Catalogue, current_lang, in_lang, say

TEXT: Catalogue = {
    "left": {
        "ko": "⏳ 아직 남은 과제: {left}. 위의 ❌ 메시지를 보고 다시 해 보세요.",
        "en": "⏳ Tasks still open: {left}. Read the ❌ messages above and try again.",
    },
    "done": {
        "ko": "🏁 {lab}의 모든 과제를 풀었습니다. 플래그: {flag}",
        "en": "🏁 Every task of {lab} is solved. Flag: {flag}",
    },
    "send": {
        "ko": "   강사에게 이 플래그를 보여 주거나 `hooklab labs export`로 진행 상황을 보내세요.",
        "en": "   Show the flag to your trainer, or send your progress with `hooklab labs export`.",
    },
}


class LabSession:
    def __init__(self, spec: LabSpec) -> None:
        self.spec = spec
        self._predictions: dict[str, Any] = {}

    def prediction(self, task_key: str) -> Any:
        """The first answer that passed a prediction task (`...` if none yet): later answers,
        written after the learner saw what happened, do not change it."""
        return self._predictions.get(self.spec.task(task_key).key, ...)

    def tasks(self) -> None:
        """Print the lab's tasks, in order."""
        print(f"{self.spec.id}: {in_lang(self.spec.title)}")
        for i, task in enumerate(self.spec.tasks, 1):
            print(f"  {i}. {task.key:<10} {in_lang(task.title)}")

    def check(self, task_key: str, answer: Any) -> None:
        """Check one answer, say what is wrong or right, record it; print the flag when done."""
        task = self.spec.task(task_key)
        progress = store.load()
        mine = progress.lab(self.spec.id)
        verdict = judge(task, answer, mine.misses.get(task.key, 0))
        if verdict.ok:
            if task.key not in mine.solved:
                mine.solved.append(task.key)
            if task.predict:
                self._predictions.setdefault(task.key, copy.deepcopy(answer))
        elif verdict.counts:
            mine.misses[task.key] = mine.misses.get(task.key, 0) + 1
        print(verdict.text())
        store.save(progress)

    def finish(self) -> str:
        """Print the lab's flag when every task is solved, else what is left; return the flag."""
        progress = store.load()
        mine = progress.lab(self.spec.id)
        left = [t.key for t in self.spec.tasks if t.key not in mine.solved]
        lang = current_lang()
        if left:
            print(say(TEXT, "left", lang, left=", ".join(left)))
            return ""
        mine.flag = flag_for(self.spec.id)
        store.save(progress)
        print(say(TEXT, "done", lang, lab=self.spec.id, flag=mine.flag))
        print(say(TEXT, "send", lang))
        return mine.flag

    # -- for hidden checks in the solution copy: they test the checks, recording nothing --
    def expect_wrong(self, task_key: str, answer: Any) -> None:
        """Assert that this (wrong) answer is refused with an explanation and a hint."""
        verdict = judge(self.spec.task(task_key), answer, 0)
        assert not verdict.ok, f"{task_key}: the check accepted a wrong answer: {answer!r}"
        assert verdict.what and verdict.hint, f"{task_key}: a miss must say what and hint"

    def assert_done(self) -> None:
        mine = store.load().lab(self.spec.id)
        missing = [t.key for t in self.spec.tasks if t.key not in mine.solved]
        assert not missing, f"{self.spec.id}: unsolved tasks {missing}"
        assert verify_flag(self.spec.id, mine.flag), f"{self.spec.id}: flag does not verify"


def open_lab(lab_id: str) -> LabSession:
    return LabSession(get_lab(lab_id))
