"""Lab 06: review an MCP server's source in six categories and back each level with evidence."""

from __future__ import annotations

from functools import cache
from typing import Any

from hooklab.fixtures import build, get_fixture
from hooklab.labs.catalogue import LabSpec
from hooklab.labs.checks import Task, Wrong
from hooklab.review import CATEGORIES, Report, review

FIXTURE = "mcp-npx-leaky"
_LOOK_FOR = {
    "install": "package.json의 scripts(preinstall/postinstall)",
    "secrets": "process.env, 토큰, 자격 증명 파일 경로",
    "network_file": "http 요청, 홈 폴더 아래 민감한 파일 읽기",
    "exec_privilege": "child_process, exec, spawn",
    "output_llm": "도구의 결과(텍스트)에 무엇이 담기는지",
    "supply_chain": "의존성과 하드코딩된 외부 주소",
}


@cache
def server_report() -> Report:
    """The kit's rule-based review of the lab's MCP server (its npm tarball, never run)."""
    return review(build(get_fixture(FIXTURE))["tgz"])


def _six(answer: Any, what: str) -> dict[str, Any]:
    if not isinstance(answer, dict):
        raise Wrong(
            f"범주 이름을 키로 하는 dict로 {what}을 쓰세요.", f"키: {', '.join(CATEGORIES)}"
        )
    unknown = sorted(set(answer) - set(CATEGORIES))
    if unknown:
        raise Wrong(f"없는 범주가 있습니다: {unknown}", f"범주는 {', '.join(CATEGORIES)}입니다.")
    return answer


def _levels(answer: Any) -> None:
    answer = _six(answer, "등급")
    report = server_report()
    missing = [c for c in CATEGORIES if c not in answer]
    if missing:
        raise Wrong(
            f"여섯 범주를 모두 매기세요. 빠진 범주: {missing}", "등급은 low, medium, high입니다."
        )
    wrong = [c for c in CATEGORIES if answer[c] != report.level(c)]
    if wrong:
        first = wrong[0]
        raise Wrong(
            f"{len(wrong)}개 범주의 등급이 리뷰 결과와 다릅니다. 예: {first} = {answer[first]!r}",
            f"{first}에서는 {_LOOK_FOR[first]}을(를) 찾아보세요.",
        )


def _evidence(answer: Any) -> None:
    answer = _six(answer, "근거")
    report = server_report()
    for cid in CATEGORIES:
        category = report.category(cid)
        if category.level == "low":
            if answer.get(cid):
                raise Wrong(
                    f"{cid}는 낮음입니다. 근거를 비워 두세요.", "낮음 범주는 '' 또는 빼 두세요."
                )
            continue
        places = {f"{f.file}:{f.line}" for f in category.findings if f.level == category.level}
        given = str(answer.get(cid) or "")
        if given not in places:
            raise Wrong(
                f"{cid}({category.level})의 근거 {given or '(없음)'}가 발견 사항과 맞지 않습니다.",
                "'파일:줄' 모양으로, 그 범주에서 등급이 가장 높은 발견 사항의 위치를 쓰세요.",
            )


def _first_fix(answer: Any) -> None:
    report = server_report()
    worst = max(CATEGORIES, key=lambda c: ("low", "medium", "high").index(report.level(c)))
    if answer not in CATEGORIES:
        raise Wrong("범주 이름 하나를 쓰세요.", f"{', '.join(CATEGORIES)} 중 하나입니다.")
    if answer != worst:
        raise Wrong(
            f"{answer}보다 더 위험한 범주가 있습니다.",
            "등급이 high인 범주부터 고칩니다. 비밀이 LLM의 입력으로 흘러가는 곳입니다.",
        )


LAB = LabSpec(
    id="06-review-mcp",
    title="MCP 서버를 여섯 범주로 리뷰하고 등급마다 근거 대기",
    tasks=(
        Task(
            "levels",
            "여섯 범주 각각의 등급 (low/medium/high)",
            _levels,
            "`report.levels_frame()`의 level 열과 같아야 합니다. 코드를 읽고 예상한 뒤 비교하세요.",
            "리뷰어의 판단과 같습니다. 이제 근거를 댈 차례입니다.",
        ),
        Task(
            "evidence",
            "낮음이 아닌 범주마다 근거가 되는 '파일:줄'",
            _evidence,
            "`for cat, f in report.findings:"
            " print(cat, f.level, f'{f.file}:{f.line}', f.evidence)`",
            "등급마다 코드의 정확한 위치가 붙었습니다. 리뷰는 이렇게 검증할 수 있어야 합니다.",
        ),
        Task(
            "first_fix",
            "가장 먼저 고칠 범주",
            _first_fix,
            "`print(report.summary('ko'))`의 첫 항목입니다.",
            "도구 결과에 process.env가 통째로 들어가면 모든 비밀이 모델의 입력이 됩니다.",
        ),
    ),
)
