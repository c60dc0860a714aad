"""Lab 06: review an MCP server's source in six categories and back each level with evidence."""

from __future__ import annotations

import re
from functools import cache
from pathlib import PurePosixPath
from typing import Any

from hooklab.fixtures import build, get_fixture
from hooklab.labs.catalogue import LabSpec
from hooklab.labs.checks import Task, Wrong, with_reason
from hooklab.review import CATEGORIES, Report, review
from hooklab.review.report import Finding

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


LEVELS = ("low", "medium", "high")
# Why a level one step from the reviewer's is arguable, for the categories this server has
# findings in: the reviewer counts a flow in one category; a learner may count it in another.
_ARGUABLE = {
    "secrets": "리뷰어는 비밀을 '읽는' 줄을 secrets에서 medium으로 두고, 그 비밀이"
    " 도구 결과로 모델에게 가는 흐름은 output_llm(high)에서 셉니다. 읽은 비밀이 결국 밖으로"
    " 나가니 secrets를 high로 봐도 말이 됩니다.",
    "network_file": "홈 폴더의 ~/.npmrc를 읽는 것은 파일 접근이지만 네트워크로 보내는 코드는"
    " 없습니다. 그래서 리뷰어는 medium입니다. 그 파일이 게시 토큰이라 high로, 보내지 않으니"
    " low로 보는 것도 근거가 있습니다.",
    "output_llm": "도구 결과에 process.env가 통째로 들어가 모델의 입력이 되므로 리뷰어는"
    " high입니다. 결과가 사용자의 화면에만 간다고 보면 medium도 말이 됩니다. 다만 모델이 읽는"
    " 것은 새어 나갈 수 있습니다.",
}
# Names in an evidence line a reason can cite: dotted names (process.env) and dotfiles (.npmrc).
_NAME = re.compile(r"\.?[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+|\.[A-Za-z_][\w-]*")


def _cites(reason: str, finding: Finding) -> bool:
    """Does the one-line reason name this finding: its 'file:line' or a name on its line?"""
    code = finding.evidence.split("//")[0]
    marks = {f"{finding.file}:{finding.line}", f"{PurePosixPath(finding.file).name}:{finding.line}"}
    marks |= set(_NAME.findall(code))
    return any(mark.lower() in reason.lower() for mark in marks)


def _one_level(cid: str, value: Any) -> tuple[str, str]:
    """A level, or (level, one-line reason)."""
    level, reason = with_reason(value)
    if level not in LEVELS or not isinstance(reason, str):
        raise Wrong(
            f"{cid}의 값 {value!r}는 등급이 아닙니다.",
            '"low", "medium", "high" 중 하나, 또는 ("high", "근거가 되는 줄과 이유")처럼 쓰세요.',
        )
    return level, reason.strip()


def _levels(answer: Any) -> str | None:
    """The reviewer's level, or one step from it with a reason naming the evidence (and why
    that is arguable); anything else is a miss that says which category and where to look."""
    answer = _six(answer, "등급")
    report = server_report()
    missing = [c for c in CATEGORIES if c not in answer]
    if missing:
        raise Wrong(
            f"여섯 범주를 모두 매기세요. 빠진 범주: {missing}", "등급은 low, medium, high입니다."
        )
    notes, wrong = [], []
    for cid in CATEGORIES:
        level, reason = _one_level(cid, answer[cid])
        category = report.category(cid)
        if level == category.level:
            continue
        cited = [f for f in category.findings if reason and _cites(reason, f)]
        near = abs(LEVELS.index(level) - LEVELS.index(category.level)) == 1
        if near and cited:
            where = f"{cited[0].file}:{cited[0].line}"
            notes.append(
                f"   ↔ {cid}: {level} (리뷰어는 {category.level})."
                f" 근거 {where}를 댔으니 받아들입니다. {_ARGUABLE.get(cid, '')}".rstrip()
            )
        else:
            wrong.append((cid, level, near, bool(reason)))
    if wrong:
        cid, level, near, reasoned = wrong[0]
        if not near:
            why = "두 단계 차이는 근거가 있어도 받지 않습니다."
        elif not report.category(cid).findings:
            why = "리뷰어는 이 범주에서 아무것도 찾지 못했습니다. 근거로 댈 줄이 없습니다."
        elif reasoned:
            why = "한 단계 차이는 받아들이지만, 이유에 근거(파일:줄이나 그 줄의 이름)가 없습니다."
        else:
            why = "한 단계 차이는 이유와 함께 쓰면 받아들입니다. 이유가 없습니다."
        raise Wrong(
            f"{len(wrong)}개 범주가 리뷰 결과와 맞지 않습니다. 예: {cid} = {level!r}. {why}",
            f"{cid}에서는 {_LOOK_FOR[cid]}을(를) 찾아보세요.",
        )
    return "\n".join(notes) or None


def side_by_side(levels: Any, report: Report) -> str:
    """The learner's prediction next to the reviewer's level, one line a category."""
    if not isinstance(levels, dict):
        return "아직 예상을 쓰지 않았습니다. 위의 과제 1을 먼저 채우세요."
    lines = ["범주" + " " * 14 + "내 예상  리뷰어"]  # padded by display width (Hangul is two)
    for cid in CATEGORIES:
        mine = levels.get(cid, "-")
        mine = mine[0] if isinstance(mine, (tuple, list)) and mine else mine
        tool = report.level(cid)
        lines.append(f"{cid:<15} {mine!s:<8} {tool:<8} {'' if mine == tool else '← 다름'}".rstrip())
    return "\n".join(lines)


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
            "리뷰어를 돌리기 전에: 여섯 범주 각각의 등급 예상 (low/medium/high, 이유를 붙여도 됨)",
            _levels,
            "코드를 다시 읽으세요: `print(status_js)`."
            " 도구 결과(return 하는 객체)에 무엇이 담기나요?",
            "리뷰어의 판단과 같거나, 한 단계 차이를 근거로 뒷받침했습니다.",
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
