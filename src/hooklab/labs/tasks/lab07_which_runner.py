"""Lab 07: predict which one-shot runner runs an install hook, then run them all and compare."""

from __future__ import annotations

from typing import Any

from hooklab.defences.runners import RUNNERS, RunnerRow, run_side_by_side
from hooklab.labs.catalogue import LabSpec
from hooklab.labs.checks import Task, Wrong

LABELS = tuple(r.label for r in RUNNERS)
_ROLE = {"target": "대상 자신의 훅", "innocent": "의존성의 훅"}
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
            "러너 표를 아직 실행하지 않았습니다. 실행 결과가 곧 정답입니다.",
            "위의 runner_table() 셀을 먼저 실행하세요.",
        )
    return _last


def _ran(row: RunnerRow) -> bool:
    return row.target_hook_ran if row.role == "target" else row.dependency_hook_ran


def _yes(value: bool) -> str:
    return "돈다" if value else "안 돈다"


def _meaning(row: RunnerRow) -> str:
    """What one row says about its runner's default, in a sentence."""
    program = "프로그램은 동작했습니다" if row.works else "프로그램은 실패했습니다"
    if _ran(row):
        return f"이 러너는 기본값으로 {_ROLE[row.role]}을 막지 않았습니다."
    return f"이 러너는 기본값으로 {_ROLE[row.role]}을 막았고, {program}."


def _prediction(answer: Any) -> None:
    if not isinstance(answer, dict):
        raise Wrong(
            "러너 이름을 키로 하는 dict로 예상을 쓰세요.", "키는 LABELS에 있는 여덟 이름입니다."
        )
    missing, unknown = [k for k in LABELS if k not in answer], sorted(set(answer) - set(LABELS))
    if missing or unknown:
        raise Wrong(
            f"러너 이름이 맞지 않습니다. 빠진 것: {missing}, 없는 것: {unknown}",
            "`print(LABELS)`로 여덟 이름을 그대로 복사하세요.",
        )
    for label, value in answer.items():
        if not (
            isinstance(value, (tuple, list))
            and len(value) == 2
            and all(isinstance(v, bool) for v in value)
        ):
            raise Wrong(
                f"{label}의 값 {value!r}는 (대상 훅, 의존성 훅) 두 개의 True/False가 아닙니다.",
                '예: "bunx": (False, False)',
            )


def _compare(answer: Any) -> str:
    """The run is the answer: count the cells the prediction got, explain each miss by its row."""
    rows = _rows()
    _prediction(answer)
    misses = []
    for row in rows:
        guess = answer[row.runner][0 if row.role == "target" else 1]
        if guess != _ran(row):
            misses.append(
                f"   ✘ {row.runner} · {_ROLE[row.role]}:"
                f" 예상 {_yes(guess)}, 실제 {_yes(_ran(row))}."
                f" {_meaning(row)} (행: {row.runner} {row.version}, {row.package},"
                f" target_hook_ran={row.target_hook_ran},"
                f" dependency_hook_ran={row.dependency_hook_ran}, works={row.works})"
            )
    head = f"예상 {len(rows)}칸 중 {len(rows) - len(misses)}칸이 실제 실행과 같았습니다."
    return "\n".join([head, *misses])


def _runners(answer: Any, role: str) -> None:
    if isinstance(answer, str) or not hasattr(answer, "__iter__"):
        raise Wrong("러너 이름들의 집합을 쓰세요.", '예: {"bunx"}. 아무 러너도 아니면 set()')
    got = {str(a) for a in answer}
    ran = {r.runner: r for r in _rows() if r.role == role}
    unknown = sorted(got - set(ran))
    if unknown:
        raise Wrong(f"없는 러너 이름입니다: {unknown}", "`print(LABELS)`의 이름을 쓰세요.")
    for label in sorted(got ^ {k for k, r in ran.items() if _ran(r)}):
        row = ran[label]
        raise Wrong(
            f"{label}: 실행 결과에서 {_ROLE[role]}은 {_yes(_ran(row))}"
            f" ({row.package}, target_hook_ran={row.target_hook_ran},"
            f" dependency_hook_ran={row.dependency_hook_ran}).",
            "표의 열을 다시 보세요: 대상 자신의 훅은 target_hook_ran, 의존성의 훅은"
            " dependency_hook_ran입니다.",
        )


def _own_hook(answer: Any) -> None:
    _runners(answer, "target")


def _dependency_hook(answer: Any) -> None:
    _runners(answer, "innocent")


LAB = LabSpec(
    id="07-which-runner",
    title="어느 러너가 훅을 실행하나: 예상하고, 실행하고, 맞춰 보기",
    tasks=(
        Task(
            "predict",
            "실행하기 전에: 러너마다 (대상 자신의 훅, 의존성의 훅)이 돌지 예상",
            _prediction,
            "`print(LABELS)`의 여덟 이름마다 (True, False)처럼 두 값을 쓰세요."
            " 모르겠으면 더 그럴듯한 쪽을 고르세요. 틀려도 됩니다.",
            "예상을 기록했습니다. 이제 실제로 실행합니다.",
            predict=True,
        ),
        Task(
            "compare",
            "기록한 예상을 실제 실행과 맞춰 보기",
            _compare,
            '`lab.check("compare", lab.prediction("predict"))`: 실행 전에 기록한 예상을 씁니다.',
            "실행 결과가 정답입니다. 빗나간 칸은 아래에 그 행으로 설명했습니다.",
        ),
        Task(
            "own_hook",
            "대상 자신의 훅을 실행한 러너들 (집합)",
            _own_hook,
            "`set(runners_frame(rows).query('target_hook_ran').runner)`",
            "낯선 패키지를 이 러너들로 실행하면, 프로그램보다 먼저 그 패키지의 코드가 돕니다.",
        ),
        Task(
            "dep_hook",
            "의존성의 훅을 실행한 러너들 (집합)",
            _dependency_hook,
            "`set(runners_frame(rows).query('dependency_hook_ran').runner)`",
            "겉보기에 깨끗한 패키지도, 이 러너들에서는 의존성의 훅을 실행합니다.",
        ),
    ),
)
