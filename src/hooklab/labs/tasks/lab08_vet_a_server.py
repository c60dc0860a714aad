"""Lab 08: one MCP config line of a real server; predict what vetting finds, vet it, judge it."""

from __future__ import annotations

import json
import re
from typing import Any

from hooklab.errors import HooklabError
from hooklab.labs.catalogue import LabSpec
from hooklab.labs.checks import Task, Wrong, with_reason
from hooklab.lang import Lang, Text, both, in_lang
from hooklab.model import VERDICTS
from hooklab.paths import work_dir
from hooklab.vet.model import PackageVerdict, Step, Target, Unvetted, VetReport
from hooklab.vet.problems import said
from hooklab.vet.run import vet
from hooklab.vet.target import NotAPackage, config_targets, launch_target

# A real server at the exact version notebook 11 vets (notebooks/data/real-servers.json); the
# env values are placeholders, as a README gives them.
SERVER = "slack"
CONFIG_LINE = (
    '"slack": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-slack@2025.4.25"],'
    ' "env": {"SLACK_BOT_TOKEN": "xoxb-your-token", "SLACK_TEAM_ID": "T01234567"}}'
)
KEYS = ("packages", "hooks", "verdict")
_STEP: dict[Step, Text] = {
    "resolve": both("트리 해석 (아무것도 실행하지 않음)", "tree resolved (nothing run)"),
    "fetch": both("아카이브 받기", "archives fetched"),
    "static": both("패키지마다 정적 검토", "each package reviewed statically"),
    "dynamic": both("샌드박스 리허설 (네트워크 차단)", "rehearsed in the sandbox (network cut)"),
    "verdict": both("판정", "verdict"),
}
# One evidence line of a package's verdict: "review: RULE (FILE:LINE, LEVEL)".
_EVIDENCE = re.compile(r"review: (?P<rule>\S+) \((?P<where>[^,]+), (?P<level>\w+)\)")
_last: list[VetReport] = []  # the last vet_server() report: the answer the checks compare with


def lab_target(line: str = CONFIG_LINE) -> Target:
    """The config line as a client config in the work folder, read by `hooklab vet --config`'s
    reader: the package its server launches (the offline kit collects the same one)."""
    folder = work_dir() / "labs" / "lab08"
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "claude_desktop_config.json"
    try:
        servers = json.loads("{" + line + "}")
    except ValueError as exc:
        raise HooklabError(
            both(f"설정 줄이 JSON이 아닙니다: {exc}", f"the config line is not JSON: {exc}")
        ) from None
    config.write_text(json.dumps({"mcpServers": servers}, indent=2) + "\n")
    [target] = config_targets(config, SERVER)
    if isinstance(target, Unvetted):
        why = target.problem  # English, as an Unvetted keeps it; said in Korean when known
        raise HooklabError(both(f"{SERVER}: {said(why, 'ko')}", f"{SERVER}: {why}"))
    return target


def vet_server(line: str = CONFIG_LINE) -> VetReport:
    """The config line's server vetted by the kit's `hooklab vet` (resolve, fetch, review, one
    rehearsal in bwrap, verdict); kept for the checks."""
    report = vet(
        lab_target(line), sandbox="bwrap", on_step=lambda step: print(f"  ✓ {in_lang(_STEP[step])}")
    )
    _last[:] = [report]
    return report


def _report() -> VetReport:
    if not _last:
        raise Wrong(
            both(
                "아직 vet을 실행하지 않았습니다. 실행 결과가 곧 정답입니다.",
                "You have not run vet yet. What the run finds is the answer.",
            ),
            both(
                "위의 vet_server() 셀을 먼저 실행하세요.",
                "Run the vet_server() cell above first.",
            ),
        )
    return _last[0]


def _count(report: VetReport) -> int:
    return len(report.tree.nodes) if report.tree else 0


def _hooked(report: VetReport) -> list[str]:
    """Packages that declare install-time code or ran some in the rehearsal."""
    return [f"{p.name}@{p.version}" for p in report.packages if p.surfaces or p.ran]


def _prediction(answer: Any) -> None:
    if not isinstance(answer, dict) or sorted(answer) != sorted(KEYS):
        raise Wrong(
            both(
                f"키가 {', '.join(KEYS)} 셋인 dict로 예상을 쓰세요.",
                f"Write the prediction as a dict with the three keys {', '.join(KEYS)}.",
            ),
            both(
                "과제 1의 모양을 그대로 복사해 None 자리만 바꾸세요.",
                "Copy the shape given in task 1 and replace only the Nones.",
            ),
        )
    packages, hooks, verdict = (answer[k] for k in KEYS)
    if isinstance(packages, bool) or not isinstance(packages, int) or packages < 1:
        raise Wrong(
            both(
                f"packages {packages!r}는 1 이상의 정수가 아닙니다.",
                f"packages {packages!r} is not a whole number of 1 or more.",
            ),
            both("서버 자신도 한 개입니다.", "The server itself counts as one."),
        )
    if not isinstance(hooks, bool):
        raise Wrong(
            both(
                f"hooks {hooks!r}는 True/False가 아닙니다.", f"hooks {hooks!r} is not True/False."
            ),
            both("훅이 있으면 True입니다.", "True if there is a hook."),
        )
    if verdict not in VERDICTS:
        raise Wrong(
            both(
                f"verdict {verdict!r}는 판정 이름이 아닙니다.",
                f"verdict {verdict!r} is not the name of a verdict.",
            ),
            both("`print(VERDICTS)`", "`print(VERDICTS)`"),
        )


def _compare_lines(answer: dict[str, Any], report: VetReport, lang: Lang) -> str:
    """What `_compare` says, in `lang`: how many guesses matched, then one line a guess."""
    ko = lang == "ko"
    n, hooked = _count(report), _hooked(report)
    lines, right = [], 0
    guess = answer["packages"]
    if guess == n:
        right += 1
        lines.append(
            f"   ✔ packages: 예상 {guess}, 실제 {n}."
            if ko
            else f"   ✔ packages: guessed {guess}, actual {n}."
        )
    elif n / 2 <= guess <= n * 2:
        right += 1
        lines.append(
            f"   ≈ packages: 예상 {guess}, 실제 {n}. 두 배 안쪽이면 맞은 것으로 칩니다."
            " 버전을 고정한 것은 서버 하나뿐이고, 의존성은 범위로 적혀 있어 해석한 날에 따라 수가"
            " 달라집니다. 자릿수(한 개인가, 수십 개인가)가 중요합니다."
            if ko
            else f"   ≈ packages: guessed {guess}, actual {n}. Within a factor of two counts as"
            " right. Only the server itself is pinned to a version; its dependencies are written"
            " as ranges, so the count depends on the day the tree is resolved. What matters is"
            " the order of magnitude (one package, or dozens?)."
        )
    else:
        lines.append(
            f"   ✘ packages: 예상 {guess}, 실제 {n}. 설정 한 줄이 설치하는 것은 서버 하나가 아니라"
            f" 그 의존성까지 {n}개입니다. 그 하나하나가 서버와 같은 권한으로 돕니다."
            if ko
            else f"   ✘ packages: guessed {guess}, actual {n}. One config line installs not one"
            f" server but {n} packages, its dependencies included. Each of them runs with the"
            " server's rights."
        )
    if answer["hooks"] == bool(hooked):
        right += 1
        mark = "✔"
    else:
        mark = "✘"
    if hooked:
        found = ", ".join(hooked)
    elif ko:
        found = "없음 (선언한 패키지 0개, 리허설에서 돈 훅 0개)"
    else:
        found = "none (0 packages declare one, 0 hooks ran in the rehearsal)"
    lines.append(
        f"   {mark} hooks: 예상 {answer['hooks']}, 실제 {bool(hooked)}. 훅이 있는 패키지: {found}"
        if ko
        else f"   {mark} hooks: guessed {answer['hooks']}, actual {bool(hooked)}."
        f" Packages with a hook: {found}"
    )
    if answer["verdict"] == report.verdict:
        right += 1
        lines.append(
            f"   ✔ verdict: 예상과 실제 모두 {report.verdict}."
            if ko
            else f"   ✔ verdict: guessed and actual are both {report.verdict}."
        )
    else:
        lines.append(
            f"   ✘ verdict: 예상 {answer['verdict']}, 실제 {report.verdict}."
            " 과제 3에서 보고서를 읽고 근거를 대면, 말이 되는 차이는 받아들입니다."
            if ko
            else f"   ✘ verdict: guessed {answer['verdict']}, actual {report.verdict}."
            " In task 3 you read the report: a difference that makes sense is accepted there,"
            " with its evidence."
        )
    head = (
        f"예상 3개 중 {right}개가 실제 vet 결과와 맞았습니다."
        if ko
        else f"{right} of your 3 guesses matched what vet found."
    )
    return "\n".join([head, *lines])


def _compare(answer: Any) -> Text:
    """The run is the answer: each guess against it, a count within a range accepted and why."""
    report = _report()
    _prediction(answer)
    return both(_compare_lines(answer, report, "ko"), _compare_lines(answer, report, "en"))


def _evidence(p: PackageVerdict) -> list[dict[str, str]]:
    return [m.groupdict() for m in map(_EVIDENCE.match, p.evidence) if m]


def _cited(reason: str, packages: list[PackageVerdict]) -> PackageVerdict | None:
    """The first of `packages` the reason names: by name, or one of its rules or 'file:line'."""
    text = reason.lower()
    for p in packages:
        marks = {p.name} | {e["rule"] for e in _evidence(p)} | {e["where"] for e in _evidence(p)}
        if any(mark.lower() in text for mark in marks):
            return p
    return None


# Why a verdict other than the kit's is arguable, keyed (learner's, kit's).
_ARGUABLE: dict[tuple[str, str], Text] = {
    ("clean", "capabilities-only"): both(
        "토큰을 읽고 API를 부르는 것은 이 서버가 할 일이라 해로운"
        " 것이 없다고 본 것입니다. 말이 됩니다. 다만 kit은 기능을 따로 셉니다: 설정의 env에 넣는"
        " 토큰의 권한이 곧 이 서버가 할 수 있는 일의 크기입니다.",
        "You saw nothing harmful, since reading a token and calling an API is this server's job."
        " That makes sense. The kit counts capabilities on their own, though: the rights of the"
        " token you put in the config's env are the size of what this server can do.",
    ),
    ("suspicious", "capabilities-only"): both(
        "high로 표시된 줄을 근거로 댔습니다. kit의 판정은 두 축입니다:"
        " 기능(무엇을 할 수 있나)과 지표(해치려는 흔적)."
        " 코드를 만들어 실행하는 줄은 위험한 '기능'이라"
        " high지만, 지표는 아니어서 kit은 capabilities-only로 둡니다. 그 줄을 직접 읽어 보면"
        " (노트북 10) 어느 쪽인지 가릴 수 있습니다."
        " 사람이 한 번 더 보자는 판단은 틀리지 않았습니다.",
        "The line you cited is marked high. The kit judges on two axes: capabilities (what the"
        " code can do) and indicators (signs of intent to harm). A line that builds code and runs"
        " it is a dangerous capability, hence high, but it is no indicator, so the kit stays at"
        " capabilities-only. Reading that line yourself (notebook 10) tells you which it is."
        " Wanting a person to take a second look was not wrong.",
    ),
}


def _verdict(answer: Any) -> Text | None:
    """The kit's verdict; or an arguable neighbour backed by a reason that names the evidence."""
    report = _report()
    verdict, reason = with_reason(answer)
    if verdict not in VERDICTS or not isinstance(reason, str):
        raise Wrong(
            both(f"{answer!r}는 판정이 아닙니다.", f"{answer!r} is not a verdict."),
            both(
                '판정 하나, 또는 ("판정", "근거: 패키지 이름이나 규칙이나 파일:줄")처럼 쓰세요.',
                'Write one verdict, or ("verdict", "evidence: a package name, a rule or'
                ' file:line").',
            ),
        )
    if verdict == report.verdict:
        return None
    why = _ARGUABLE.get((verdict, report.verdict))
    if why is None:
        if VERDICTS.index(verdict) > VERDICTS.index(report.verdict) and not _hooked(report):
            what = both(
                "이 트리에는 설치할 때 도는 코드도, 해치려는 지표도 없습니다.",
                "This tree has no code that runs at install and no indicator of intent to harm.",
            )
        else:
            what = both(
                "보고서의 어느 줄로도 뒷받침되지 않는 판정입니다.",
                "No line of the report backs this verdict.",
            )
        raise Wrong(
            both(
                f"{verdict}: {what['ko']} kit의 판정은 {report.verdict}입니다.",
                f"{verdict}: {what['en']} The kit's verdict is {report.verdict}.",
            ),
            both("`print(text_report(report))`", "`print(text_report(report))`"),
        )
    level = "high" if verdict == "suspicious" else ""
    backing = [p for p in report.packages if p.verdict == report.verdict]
    backing = [p for p in backing if not level or any(e["level"] == level for e in _evidence(p))]
    cited = _cited(reason, backing) if reason.strip() else None
    if cited is None:
        raise Wrong(
            both(
                f"{verdict}도 근거가 있으면 받아들입니다. 이유에 보고서의 근거가 없습니다.",
                f"{verdict} is accepted too, with evidence; your reason cites none from the"
                " report.",
            ),
            both(
                "이유에 보고서의 근거(패키지 이름이나 규칙 이름)를 넣으세요. suspicious라면 high로"
                " 표시된 근거여야 합니다. 패키지마다의 근거:"
                " `for p in report.packages: print(p.name, p.verdict, p.evidence)`",
                "Put evidence from the report (a package name or a rule name) in the reason;"
                " for suspicious, evidence marked high. The evidence of each package:"
                " `for p in report.packages: print(p.name, p.verdict, p.evidence)`",
            ),
        )
    kit = report.verdict
    return both(
        f"   ↔ {verdict} (kit은 {kit}). 근거로 {cited.name}을(를) 댔으니 받아들입니다. {why['ko']}",
        f"   ↔ {verdict} (the kit says {kit}). Accepted: you cited {cited.name} as evidence."
        f" {why['en']}",
    )


def _safe_args(answer: Any) -> Text:
    """The args to paste back: the same package at its exact version, hooks off if none needed."""
    report = _report()
    if isinstance(answer, str) or not isinstance(answer, (list, tuple)):
        raise Wrong(
            both(
                "설정의 args처럼 문자열의 리스트로 쓰세요.",
                "Write a list of strings, like the config's args.",
            ),
            both('예: ["-y", "패키지@버전"]', 'For example: ["-y", "package@version"]'),
        )
    args = [str(a) for a in answer]
    try:
        target = launch_target("npx", args)
    except NotAPackage as exc:
        raise Wrong(
            both(
                f"npx가 실행할 패키지가 아닙니다: {exc}",
                f"This is not a package npx would run: {exc}",
            ),
            both("`print(report.safe_line)`", "`print(report.safe_line)`"),
        ) from None
    tree = report.tree
    if tree is None or target.name != report.target.name:
        raise Wrong(
            both(
                f"{target.name}은(는) 이 서버가 아닙니다.",
                f"{target.name} is not this server.",
            ),
            both("`print(report.target.name)`", "`print(report.target.name)`"),
        )
    if target.requested != tree.version:
        raise Wrong(
            both(
                f"버전 {target.requested or '(없음)'}: 정확한 버전 {tree.version}으로 고정하세요.",
                f"Version {target.requested or '(none)'}: pin the exact version {tree.version}.",
            ),
            both(
                "버전이 없거나 범위이면 클라이언트를 켤 때마다 그날의 최신이 설치됩니다.",
                "With no version, or a range, every start of the client installs that day's"
                " newest.",
            ),
        )
    if "--ignore-scripts" in report.safe_line and "--ignore-scripts" not in args:
        raise Wrong(
            both(
                "트리에 필요한 설치 훅이 없으니 꺼 두세요: npm 11은 기본으로 훅을 실행합니다.",
                "No package of the tree needs its install hooks, so turn them off:"
                " npm 11 runs hooks by default.",
            ),
            both("`print(report.safe_note)`", "`print(report.safe_note)`"),
        )
    line = " ".join(report.safe_line)
    return both(f"vet이 돌려준 줄: {line}", f"The line vet gave back: {line}")


LAB = LabSpec(
    id="08-vet-a-server",
    title=both(
        "설정 한 줄의 실제 MCP 서버를 vet하기: 예상하고, 검사하고, 판단하기",
        "Vet the real MCP server of one config line: predict, check, judge",
    ),
    tasks=(
        Task(
            "predict",
            both(
                "vet하기 전에: 패키지 수, 설치 훅이 있는지, 판정 예상",
                "Before vetting: predict the package count, whether there are install hooks,"
                " the verdict",
            ),
            _prediction,
            both(
                "`print(VERDICTS)`로 판정 이름을 보고, 모르는 값은 더 그럴듯한 쪽을 고르세요."
                " 틀려도 됩니다.",
                "See the verdicts' names with `print(VERDICTS)`; where you don't know, pick what"
                " seems likelier. Being wrong is fine.",
            ),
            both(
                "예상을 기록했습니다. 이제 실제로 vet합니다.",
                "Your prediction is recorded. Now vet it for real.",
            ),
            predict=True,
        ),
        Task(
            "compare",
            both(
                "기록한 예상을 vet 결과와 맞춰 보기",
                "Hold the recorded prediction against vet's result",
            ),
            _compare,
            both(
                '`lab.check("compare", lab.prediction("predict"))`:'
                " 실행 전에 기록한 예상을 씁니다.",
                '`lab.check("compare", lab.prediction("predict"))`: it uses the prediction'
                " recorded before the run.",
            ),
            both(
                "실행 결과가 정답입니다. 항목마다 맞은 것, 범위 안인 것, 빗나간 것을 적었습니다.",
                "What the run found is the answer. Each guess is marked right, within range,"
                " or off.",
            ),
        ),
        Task(
            "verdict",
            both(
                "보고서를 읽고 내 판정 (판정 하나, 또는 (판정, 근거))",
                "Read the report and give your verdict (one verdict, or (verdict, evidence))",
            ),
            _verdict,
            both(
                "`print(text_report(report))`의 verdict 줄과 표를 보세요."
                " 다르게 보면 근거가 되는 패키지 이름을 이유에 넣으세요.",
                "Look at the verdict line and the table of `print(text_report(report))`."
                " If you see it differently, put the name of the package that backs you in the"
                " reason.",
            ),
            both(
                "보고서의 근거로 판정을 뒷받침했습니다.",
                "You backed your verdict with evidence from the report.",
            ),
        ),
        Task(
            "safe_args",
            both(
                "설정에 다시 붙일 args (정확한 버전, 필요 없는 훅은 끄기)",
                "The args to paste back into the config (exact version, unneeded hooks off)",
            ),
            _safe_args,
            both(
                "`print(report.safe_line[1:])`: vet이 돌려주는 줄에서 npx 다음부터입니다.",
                "`print(report.safe_line[1:])`: the line vet gives back, from after npx.",
            ),
            both(
                "이 줄은 오늘 검사한 그 트리만 설치하고, 설치 훅을 돌리지 않습니다.",
                "This line installs only the tree you checked today, and runs no install hooks.",
            ),
        ),
    ),
    public_registry=True,
)
