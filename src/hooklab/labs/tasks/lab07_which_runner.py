"""Lab 07: predict which one-shot runner runs an install hook, then run them all and compare."""

from __future__ import annotations

from typing import Any

from hooklab.defences.runners import RUNNERS, RunnerRow, run_side_by_side
from hooklab.labs.catalogue import LabSpec
from hooklab.labs.checks import Task, Wrong
from hooklab.lang import LANGS, Lang, Text, both, in_lang

LABELS = tuple(r.label for r in RUNNERS)
_ROLE: dict[str, Text] = {
    "target": both("대상 자신의 훅", "the target's own hook"),
    "innocent": both("의존성의 훅", "the dependency's hook"),
}
_RUNS: dict[bool, Text] = {True: both("돈다", "runs"), False: both("안 돈다", "does not run")}
_last: list[RunnerRow] = []  # the last runner_table() run: the answer the checks compare with


def runner_table() -> list[RunnerRow]:
    """Every runner with both packages, for real (hooklab.defences.runners.run_side_by_side, as in
    notebook 06 §8); the rows are kept for this lab's checks."""
    rows = run_side_by_side(lab_name="lab07")
    _last[:] = rows
    return rows


def _rows() -> list[RunnerRow]:
    if not _last:
        raise Wrong(
            both(
                "러너 표를 아직 실행하지 않았습니다. 실행 결과가 곧 정답입니다.",
                "You have not run the runner table yet. What it shows is the answer.",
            ),
            both(
                "위의 runner_table() 셀을 먼저 실행하세요.",
                "Run the runner_table() cell above first.",
            ),
        )
    return _last


def _ran(row: RunnerRow) -> bool:
    return row.target_hook_ran if row.role == "target" else row.dependency_hook_ran


def _yes(value: bool, lang: Lang) -> str:
    return in_lang(_RUNS[value], lang)


def _meaning(row: RunnerRow, lang: Lang) -> str:
    """What one row says about its runner's default, in a sentence."""
    role = in_lang(_ROLE[row.role], lang)
    if lang == "en":
        if _ran(row):
            return f"This runner did not block {role} by default."
        program = "the program still worked" if row.works else "the program failed"
        return f"This runner blocked {role} by default, and {program}."
    program = "프로그램은 동작했습니다" if row.works else "프로그램은 실패했습니다"
    if _ran(row):
        return f"이 러너는 기본값으로 {role}을 막지 않았습니다."
    return f"이 러너는 기본값으로 {role}을 막았고, {program}."


def _prediction(answer: Any) -> None:
    if not isinstance(answer, dict):
        raise Wrong(
            both(
                "러너 이름을 키로 하는 dict로 예상을 쓰세요.",
                "Write the prediction as a dict whose keys are the runners' names.",
            ),
            both("키는 LABELS에 있는 여덟 이름입니다.", "The keys are the eight names in LABELS."),
        )
    missing, unknown = [k for k in LABELS if k not in answer], sorted(set(answer) - set(LABELS))
    if missing or unknown:
        raise Wrong(
            both(
                f"러너 이름이 맞지 않습니다. 빠진 것: {missing}, 없는 것: {unknown}",
                f"The runners' names do not match. Missing: {missing}, unknown: {unknown}",
            ),
            both(
                "`print(LABELS)`로 여덟 이름을 그대로 복사하세요.",
                "Copy the eight names exactly as `print(LABELS)` shows them.",
            ),
        )
    for label, value in answer.items():
        if not (
            isinstance(value, (tuple, list))
            and len(value) == 2
            and all(isinstance(v, bool) for v in value)
        ):
            raise Wrong(
                both(
                    f"{label}의 값 {value!r}는 (대상 훅, 의존성 훅) 두 개의 True/False가 아닙니다.",
                    f"The value of {label}, {value!r}, is not two True/False values"
                    " (target hook, dependency hook).",
                ),
                both('예: "bunx": (False, False)', 'For example: "bunx": (False, False)'),
            )


def _miss(row: RunnerRow, guess: bool, lang: Lang) -> str:
    """One cell the prediction missed, explained by the row that decided it."""
    role, said, ran = in_lang(_ROLE[row.role], lang), _yes(guess, lang), _yes(_ran(row), lang)
    evidence = (
        f"{row.runner} {row.version}, {row.package},"
        f" target_hook_ran={row.target_hook_ran},"
        f" dependency_hook_ran={row.dependency_hook_ran}, works={row.works}"
    )
    if lang == "en":
        return (
            f"   ✘ {row.runner} · {role}: you predicted it {said}; it {ran}."
            f" {_meaning(row, lang)} (row: {evidence})"
        )
    return (
        f"   ✘ {row.runner} · {role}: 예상 {said}, 실제 {ran}."
        f" {_meaning(row, lang)} (행: {evidence})"
    )


def _compare(answer: Any) -> Text:
    """The run is the answer: count the cells the prediction got, explain each miss by its row."""
    rows = _rows()
    _prediction(answer)
    misses = []
    for row in rows:
        guess = answer[row.runner][0 if row.role == "target" else 1]
        if guess != _ran(row):
            misses.append((row, guess))
    right = len(rows) - len(misses)
    head = both(
        f"예상 {len(rows)}칸 중 {right}칸이 실제 실행과 같았습니다.",
        f"{right} of the {len(rows)} cells you predicted matched the real runs.",
    )
    return {
        lang: "\n".join([head[lang], *(_miss(row, guess, lang) for row, guess in misses)])
        for lang in LANGS
    }


def _runners(answer: Any, role: str) -> None:
    if isinstance(answer, str) or not hasattr(answer, "__iter__"):
        raise Wrong(
            both("러너 이름들의 집합을 쓰세요.", "Write a set of runners' names."),
            both(
                '예: {"bunx"}. 아무 러너도 아니면 set()',
                'For example: {"bunx"}. If it is no runner at all, set()',
            ),
        )
    got = {str(a) for a in answer}
    ran = {r.runner: r for r in _rows() if r.role == role}
    unknown = sorted(got - set(ran))
    if unknown:
        raise Wrong(
            both(f"없는 러너 이름입니다: {unknown}", f"No runner has this name: {unknown}"),
            both("`print(LABELS)`의 이름을 쓰세요.", "Use the names `print(LABELS)` shows."),
        )
    for label in sorted(got ^ {k for k, r in ran.items() if _ran(r)}):
        row = ran[label]
        evidence = (
            f"({row.package}, target_hook_ran={row.target_hook_ran},"
            f" dependency_hook_ran={row.dependency_hook_ran})"
        )
        raise Wrong(
            both(
                f"{label}: 실행 결과에서 {in_lang(_ROLE[role], 'ko')}은"
                f" {_yes(_ran(row), 'ko')} {evidence}.",
                f"{label}: in the real run, {in_lang(_ROLE[role], 'en')}"
                f" {_yes(_ran(row), 'en')} {evidence}.",
            ),
            both(
                "표의 열을 다시 보세요: 대상 자신의 훅은 target_hook_ran, 의존성의 훅은"
                " dependency_hook_ran입니다.",
                "Look at the table's columns again: the target's own hook is target_hook_ran,"
                " the dependency's hook is dependency_hook_ran.",
            ),
        )


def _own_hook(answer: Any) -> None:
    _runners(answer, "target")


def _dependency_hook(answer: Any) -> None:
    _runners(answer, "innocent")


LAB = LabSpec(
    id="07-which-runner",
    title=both(
        "어느 러너가 훅을 실행하나: 예상하고, 실행하고, 맞춰 보기",
        "Which runner runs the hooks: predict, run, compare",
    ),
    tasks=(
        Task(
            "predict",
            both(
                "실행하기 전에: 러너마다 (대상 자신의 훅, 의존성의 훅)이 돌지 예상",
                "Before any run: predict for each runner whether"
                " (the target's own hook, the dependency's hook) will run",
            ),
            _prediction,
            both(
                "`print(LABELS)`의 여덟 이름마다 (True, False)처럼 두 값을 쓰세요."
                " 모르겠으면 더 그럴듯한 쪽을 고르세요. 틀려도 됩니다.",
                "For each of the eight names in `print(LABELS)`, write two values, like"
                " (True, False). If you don't know, pick the likelier one. Being wrong is fine.",
            ),
            both(
                "예상을 기록했습니다. 이제 실제로 실행합니다.",
                "Your prediction is recorded. Now for the real runs.",
            ),
            predict=True,
        ),
        Task(
            "compare",
            both(
                "기록한 예상을 실제 실행과 맞춰 보기",
                "Check the recorded prediction against the real runs",
            ),
            _compare,
            both(
                '`lab.check("compare", lab.prediction("predict"))`: 실행 전에 기록한 예상을'
                " 씁니다.",
                '`lab.check("compare", lab.prediction("predict"))`: this uses the prediction'
                " recorded before the runs.",
            ),
            both(
                "실행 결과가 정답입니다. 빗나간 칸은 아래에 그 행으로 설명했습니다.",
                "The runs are the answer. Each cell you missed is explained below by its row.",
            ),
        ),
        Task(
            "own_hook",
            both(
                "대상 자신의 훅을 실행한 러너들 (집합)",
                "The runners that ran the target's own hook (a set)",
            ),
            _own_hook,
            both(
                "`set(runners_frame(rows).query('target_hook_ran').runner)`",
                "`set(runners_frame(rows).query('target_hook_ran').runner)`",
            ),
            both(
                "낯선 패키지를 이 러너들로 실행하면, 프로그램보다 먼저 그 패키지의 코드가 돕니다.",
                "Run an unfamiliar package with one of these runners, and the package's own code"
                " runs before the program does.",
            ),
        ),
        Task(
            "dep_hook",
            both(
                "의존성의 훅을 실행한 러너들 (집합)",
                "The runners that ran the dependency's hook (a set)",
            ),
            _dependency_hook,
            both(
                "`set(runners_frame(rows).query('dependency_hook_ran').runner)`",
                "`set(runners_frame(rows).query('dependency_hook_ran').runner)`",
            ),
            both(
                "겉보기에 깨끗한 패키지도, 이 러너들에서는 의존성의 훅을 실행합니다.",
                "With these runners, even a package that looks clean runs its dependency's hook.",
            ),
        ),
    ),
)
