"""Lab 06: review an MCP server's source in six categories and back each level with evidence."""

from __future__ import annotations

import re
from functools import cache
from pathlib import PurePosixPath
from typing import Any

from hooklab.fixtures import build, get_fixture
from hooklab.labs.catalogue import LabSpec
from hooklab.labs.checks import Task, Wrong, with_reason
from hooklab.lang import LANGS, Text, both, in_lang
from hooklab.review import CATEGORIES, Report, review
from hooklab.review.report import Finding

FIXTURE = "mcp-npx-leaky"
_LOOK_FOR: dict[str, Text] = {
    "install": both(
        "package.json의 scripts(preinstall/postinstall)",
        "the scripts in package.json (preinstall/postinstall)",
    ),
    "secrets": both(
        "process.env, 토큰, 자격 증명 파일 경로",
        "process.env, tokens, paths of credential files",
    ),
    "network_file": both(
        "http 요청, 홈 폴더 아래 민감한 파일 읽기",
        "http requests, reads of sensitive files under the home folder",
    ),
    "exec_privilege": both("child_process, exec, spawn", "child_process, exec, spawn"),
    "output_llm": both(
        "도구의 결과(텍스트)에 무엇이 담기는지",
        "what goes into the tool's result (its text)",
    ),
    "supply_chain": both(
        "의존성과 하드코딩된 외부 주소",
        "dependencies and hard-coded outside addresses",
    ),
}


@cache
def server_report() -> Report:
    """The kit's rule-based review of the lab's MCP server (its npm tarball, never run)."""
    return review(build(get_fixture(FIXTURE))["tgz"])


def _six(answer: Any, what: Text) -> dict[str, Any]:
    if not isinstance(answer, dict):
        raise Wrong(
            both(
                f"범주 이름을 키로 하는 dict로 {what['ko']}을 쓰세요.",
                f"Write the {what['en']} as a dict keyed by category name.",
            ),
            both(f"키: {', '.join(CATEGORIES)}", f"Keys: {', '.join(CATEGORIES)}"),
        )
    unknown = sorted(set(answer) - set(CATEGORIES))
    if unknown:
        raise Wrong(
            both(f"없는 범주가 있습니다: {unknown}", f"No such category: {unknown}"),
            both(
                f"범주는 {', '.join(CATEGORIES)}입니다.",
                f"The categories are {', '.join(CATEGORIES)}.",
            ),
        )
    return answer


LEVELS = ("low", "medium", "high")
# Why a level one step from the reviewer's is arguable, for the categories this server has
# findings in: the reviewer counts a flow in one category; a learner may count it in another.
_ARGUABLE: dict[str, Text] = {
    "secrets": both(
        "리뷰어는 비밀을 '읽는' 줄을 secrets에서 medium으로 두고, 그 비밀이"
        " 도구 결과로 모델에게 가는 흐름은 output_llm(high)에서 셉니다. 읽은 비밀이 결국 밖으로"
        " 나가니 secrets를 high로 봐도 말이 됩니다.",
        "The reviewer rates the lines that 'read' secrets medium in secrets, and counts the"
        " flow of those secrets through the tool result to the model in output_llm (high)."
        " The secrets it reads do end up leaving, so secrets at high makes sense too.",
    ),
    "network_file": both(
        "홈 폴더의 ~/.npmrc를 읽는 것은 파일 접근이지만 네트워크로 보내는 코드는"
        " 없습니다. 그래서 리뷰어는 medium입니다. 그 파일이 게시 토큰이라 high로, 보내지 않으니"
        " low로 보는 것도 근거가 있습니다.",
        "Reading ~/.npmrc in the home folder is file access, but no code sends anything over"
        " the network, so the reviewer says medium. The file holds a publish token, which"
        " grounds high; nothing is sent, which grounds low.",
    ),
    "output_llm": both(
        "도구 결과에 process.env가 통째로 들어가 모델의 입력이 되므로 리뷰어는"
        " high입니다. 결과가 사용자의 화면에만 간다고 보면 medium도 말이 됩니다. 다만 모델이 읽는"
        " 것은 새어 나갈 수 있습니다.",
        "The whole of process.env goes into the tool result and becomes the model's input, so"
        " the reviewer says high. If you take the result to reach only the user's screen,"
        " medium makes sense too. But whatever the model reads can leak.",
    ),
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
            both(
                f"{cid}의 값 {value!r}는 등급이 아닙니다.",
                f"The value {value!r} for {cid} is not a level.",
            ),
            both(
                '"low", "medium", "high" 중 하나, 또는'
                ' ("high", "근거가 되는 줄과 이유")처럼 쓰세요.',
                'Write one of "low", "medium", "high", or a pair such as'
                ' ("high", "the evidence line and why").',
            ),
        )
    return level, reason.strip()


def _accepted(cid: str, level: str, reviewer: str, where: str) -> Text:
    """The note on a level one step from the reviewer's that cites its evidence."""
    arguable = _ARGUABLE.get(cid, both("", ""))
    return both(
        f"   ↔ {cid}: {level} (리뷰어는 {reviewer})."
        f" 근거 {where}를 댔으니 받아들입니다. {arguable['ko']}".rstrip(),
        f"   ↔ {cid}: {level} (the reviewer says {reviewer})."
        f" You cited {where}, so it is accepted. {arguable['en']}".rstrip(),
    )


def _levels(answer: Any) -> Text | None:
    """The reviewer's level, or one step from it with a reason naming the evidence (and why
    that is arguable); anything else is a miss that says which category and where to look."""
    answer = _six(answer, both("등급", "levels"))
    report = server_report()
    missing = [c for c in CATEGORIES if c not in answer]
    if missing:
        raise Wrong(
            both(
                f"여섯 범주를 모두 매기세요. 빠진 범주: {missing}",
                f"Rate all six categories. Missing: {missing}",
            ),
            both("등급은 low, medium, high입니다.", "The levels are low, medium, high."),
        )
    notes: list[Text] = []
    wrong = []
    for cid in CATEGORIES:
        level, reason = _one_level(cid, answer[cid])
        category = report.category(cid)
        if level == category.level:
            continue
        cited = [f for f in category.findings if reason and _cites(reason, f)]
        near = abs(LEVELS.index(level) - LEVELS.index(category.level)) == 1
        if near and cited:
            where = f"{cited[0].file}:{cited[0].line}"
            notes.append(_accepted(cid, level, category.level, where))
        else:
            wrong.append((cid, level, near, bool(reason)))
    if wrong:
        cid, level, near, reasoned = wrong[0]
        if not near:
            why = both(
                "두 단계 차이는 근거가 있어도 받지 않습니다.",
                "Two steps off is refused, even with evidence.",
            )
        elif not report.category(cid).findings:
            why = both(
                "리뷰어는 이 범주에서 아무것도 찾지 못했습니다. 근거로 댈 줄이 없습니다.",
                "The reviewer found nothing in this category: there is no line to cite.",
            )
        elif reasoned:
            why = both(
                "한 단계 차이는 받아들이지만, 이유에 근거(파일:줄이나 그 줄의 이름)가 없습니다.",
                "One step off is accepted, but the reason cites no evidence"
                " (a file:line or a name on that line).",
            )
        else:
            why = both(
                "한 단계 차이는 이유와 함께 쓰면 받아들입니다. 이유가 없습니다.",
                "One step off is accepted with a reason. There is no reason.",
            )
        count = "1 category does not" if len(wrong) == 1 else f"{len(wrong)} categories do not"
        raise Wrong(
            both(
                f"{len(wrong)}개 범주가 리뷰 결과와 맞지 않습니다."
                f" 예: {cid} = {level!r}. {why['ko']}",
                f"{count} match the review. For example: {cid} = {level!r}. {why['en']}",
            ),
            both(
                f"{cid}에서는 {_LOOK_FOR[cid]['ko']}을(를) 찾아보세요.",
                f"For {cid}, look for {_LOOK_FOR[cid]['en']}.",
            ),
        )
    if not notes:
        return None
    return {lang: "\n".join(note[lang] for note in notes) for lang in LANGS}


def side_by_side(levels: Any, report: Report) -> str:
    """The learner's prediction next to the reviewer's level, one line a category."""
    if not isinstance(levels, dict):
        return in_lang(
            both(
                "아직 예상을 쓰지 않았습니다. 위의 과제 1을 먼저 채우세요.",
                "No prediction yet. Fill in task 1 above first.",
            )
        )
    # the Korean heading is padded by display width (Hangul is two)
    head = both("범주" + " " * 14 + "내 예상  리뷰어", f"{'category':<16}{'mine':<9}reviewer")
    differs = in_lang(both("← 다름", "← differs"))
    lines = [in_lang(head)]
    for cid in CATEGORIES:
        mine = levels.get(cid, "-")
        mine = mine[0] if isinstance(mine, (tuple, list)) and mine else mine
        tool = report.level(cid)
        lines.append(f"{cid:<15} {mine!s:<8} {tool:<8} {'' if mine == tool else differs}".rstrip())
    return "\n".join(lines)


def _evidence(answer: Any) -> None:
    answer = _six(answer, both("근거", "evidence"))
    report = server_report()
    for cid in CATEGORIES:
        category = report.category(cid)
        if category.level == "low":
            if answer.get(cid):
                raise Wrong(
                    both(
                        f"{cid}는 낮음입니다. 근거를 비워 두세요.",
                        f"{cid} is low. Leave its evidence empty.",
                    ),
                    both(
                        "낮음 범주는 '' 또는 빼 두세요.",
                        "Give a low category '' or leave it out.",
                    ),
                )
            continue
        places = {f"{f.file}:{f.line}" for f in category.findings if f.level == category.level}
        given = str(answer.get(cid) or "")
        if given not in places:
            raise Wrong(
                both(
                    f"{cid}({category.level})의 근거 {given or '(없음)'}가"
                    " 발견 사항과 맞지 않습니다.",
                    f"The evidence for {cid} ({category.level}), {given or '(none)'},"
                    " matches no finding.",
                ),
                both(
                    "'파일:줄' 모양으로, 그 범주에서 등급이 가장 높은 발견 사항의 위치를 쓰세요.",
                    "Write it as 'file:line': the place of the finding with the highest level"
                    " in that category.",
                ),
            )


def _first_fix(answer: Any) -> None:
    report = server_report()
    worst = max(CATEGORIES, key=lambda c: ("low", "medium", "high").index(report.level(c)))
    if answer not in CATEGORIES:
        raise Wrong(
            both("범주 이름 하나를 쓰세요.", "Write the name of one category."),
            both(
                f"{', '.join(CATEGORIES)} 중 하나입니다.",
                f"It is one of {', '.join(CATEGORIES)}.",
            ),
        )
    if answer != worst:
        raise Wrong(
            both(
                f"{answer}보다 더 위험한 범주가 있습니다.",
                f"One category is riskier than {answer}.",
            ),
            both(
                "등급이 high인 범주부터 고칩니다. 비밀이 LLM의 입력으로 흘러가는 곳입니다.",
                "Fix the high category first: the place where secrets flow into the LLM's input.",
            ),
        )


LAB = LabSpec(
    id="06-review-mcp",
    title=both(
        "MCP 서버를 여섯 범주로 리뷰하고 등급마다 근거 대기",
        "Review an MCP server in six categories and back each level with evidence",
    ),
    tasks=(
        Task(
            "levels",
            both(
                "리뷰어를 돌리기 전에: 여섯 범주 각각의 등급 예상"
                " (low/medium/high, 이유를 붙여도 됨)",
                "Before running the reviewer: your predicted level for each of the six categories"
                " (low/medium/high, a reason may go with it)",
            ),
            _levels,
            both(
                "코드를 다시 읽으세요: `print(status_js)`."
                " 도구 결과(return 하는 객체)에 무엇이 담기나요?",
                "Read the code again: `print(status_js)`."
                " What goes into the tool result (the object it returns)?",
            ),
            both(
                "리뷰어의 판단과 같거나, 한 단계 차이를 근거로 뒷받침했습니다.",
                "Your levels match the reviewer's, or are one step off and backed by evidence.",
            ),
        ),
        Task(
            "evidence",
            both(
                "낮음이 아닌 범주마다 근거가 되는 '파일:줄'",
                "For every category that is not low, the 'file:line' behind its level",
            ),
            _evidence,
            both(
                "`for cat, f in report.findings:"
                " print(cat, f.level, f'{f.file}:{f.line}', f.evidence)`",
                "`for cat, f in report.findings:"
                " print(cat, f.level, f'{f.file}:{f.line}', f.evidence)`",
            ),
            both(
                "등급마다 코드의 정확한 위치가 붙었습니다. 리뷰는 이렇게 검증할 수 있어야 합니다.",
                "Every level now has an exact place in the code. A review must be checkable"
                " like this.",
            ),
        ),
        Task(
            "first_fix",
            both("가장 먼저 고칠 범주", "The category to fix first"),
            _first_fix,
            both(
                "`print(report.summary())`의 첫 항목입니다.",
                "It is the first item of `print(report.summary())`.",
            ),
            both(
                "도구 결과에 process.env가 통째로 들어가면 모든 비밀이 모델의 입력이 됩니다.",
                "With the whole of process.env in the tool result, every secret becomes the"
                " model's input.",
            ),
        ),
    ),
)
