"""Lab 05: rehearse a suspicious release in a sandbox and name what its hook tried."""

from __future__ import annotations

from typing import Any

from hooklab.labs.catalogue import LabSpec
from hooklab.labs.checks import Task, Wrong
from hooklab.model import RunResult
from hooklab.safetext import shown

PROGRAM = "hooklab-takeover-mcp"
HOOK_KINDS = {"exec", "file_write", "secret_read", "connect"}
# What the learner predicts about the sandboxed run, and how each is read off the run.
EXPECT = {
    "hook_runs": "설치 훅이 실행된다",
    "secret_leaves": "가짜 비밀이 카나리(샌드박스 밖)에 닿는다",
    "program_runs": "프로그램이 실행된다",
}


def _expect(answer: Any) -> None:
    if not isinstance(answer, dict) or set(answer) != set(EXPECT):
        raise Wrong(
            f"키가 {', '.join(EXPECT)}인 dict로 예상을 쓰세요.",
            "값은 True(그렇다) 또는 False(아니다)입니다.",
        )
    not_bool = [k for k, v in answer.items() if not isinstance(v, bool)]
    if not_bool:
        raise Wrong(
            f"{not_bool}의 값이 True/False가 아닙니다.", "모르겠으면 더 그럴듯한 쪽을 고르세요."
        )


def _happened(run: RunResult) -> dict[str, tuple[bool, str]]:
    """Each predicted item: what the run shows, and the run's own figures that show it."""
    execs = sum(e.kind == "exec" and e.role == "hook" for e in run.events)
    ran = run.exit_code == 0 and PROGRAM in run.stdout
    return {
        "hook_runs": (
            run.hook_ran,
            f"훅의 프로세스 실행 {execs}번, 표시 파일 {len(run.markers)}개",
        ),
        "secret_leaves": (bool(run.canary_hits), f"카나리에 닿은 연결 {len(run.canary_hits)}번"),
        "program_runs": (ran, f"종료 코드 {run.exit_code}, 출력 {shown(run.stdout.strip())!r}"),
    }


def compare_outcome(expected: Any, run: RunResult) -> str:
    """The learner's prediction next to what the sandboxed run did, one line an item."""
    lines = []
    for key, (actual, shows) in _happened(run).items():
        guess = expected.get(key) if isinstance(expected, dict) else None
        mark = "  " if guess is None else ("✔ " if guess == actual else "✘ ")
        said = "예상 없음" if guess is None else f"예상 {'예' if guess else '아니오'}"
        lines.append(f"{mark}{EXPECT[key]}: {said}, 실제 {'예' if actual else '아니오'} ({shows})")
    return "\n".join(lines)


def _rehearsal(answer: Any) -> None:
    if not isinstance(answer, RunResult):
        raise Wrong("watch()가 돌려준 결과(RunResult)를 그대로 넘기세요.", "rehearsal = watch(...)")
    if PROGRAM not in " ".join(answer.command):
        raise Wrong(f"{PROGRAM}을(를) 실행한 결과가 아닙니다.", "명령 끝에 프로그램 이름을 쓰세요.")
    if answer.sandbox == "host":
        raise Wrong(
            "샌드박스 없이 이 컴퓨터(host)에서 실행했습니다.",
            'watch(..., sandbox="docker")처럼 sandbox를 정하세요.',
        )
    if answer.canary_hits:
        raise Wrong(
            "가짜 비밀이 샌드박스 밖의 카나리까지 나갔습니다.",
            "네트워크가 막힌 샌드박스(docker, gvisor, bwrap)를 쓰세요.",
        )
    if not answer.hook_ran:
        raise Wrong(
            "설치 훅이 실행되지 않아 무엇을 하려는지 볼 수 없습니다.",
            "리허설에서는 --ignore-scripts를 빼야 훅이 하는 일을 봅니다.",
        )


def _secret_file(answer: Any) -> None:
    if not isinstance(answer, str):
        raise Wrong("파일 경로를 문자열로 쓰세요.", '예: "~/.aws/credentials"')
    if answer.replace("$HOME", "~").strip() != "~/.npmrc":
        raise Wrong(
            f"훅이 읽은 비밀 파일은 {answer}가 아닙니다.",
            "`story(rehearsal)`에서 role이 hook이고 kind가 secret_read인 행의 detail을 보세요.",
        )


def _tried(answer: Any) -> None:
    if isinstance(answer, str) or not hasattr(answer, "__iter__"):
        raise Wrong("사건 종류(kind)들의 집합을 쓰세요.", "예: {'exec'}")
    got = {str(a) for a in answer}
    if got - HOOK_KINDS:
        raise Wrong(
            f"훅이 하지 않은 일이 들어 있습니다: {sorted(got - HOOK_KINDS)}",
            "launcher와 program 행은 빼세요.",
        )
    if got != HOOK_KINDS:
        raise Wrong(
            f"빠진 것이 있습니다: {len(HOOK_KINDS - got)}가지",
            "연결 시도는 실패했어도(실패) 시도한 것입니다. 그것도 넣으세요.",
        )


LAB = LabSpec(
    id="05-sandbox-rehearsal",
    title="수상한 새 버전을 샌드박스에서 리허설하고 한 일 밝히기",
    tasks=(
        Task(
            "expect",
            "실행하기 전에: 샌드박스 안에서 훅이 돌지, 비밀이 밖에 닿을지, 프로그램이 돌지 예상",
            _expect,
            '`expect = {"hook_runs": True, "secret_leaves": True, "program_runs": True}`처럼'
            " 세 가지를 모두 True/False로 채우세요.",
            "예상을 기록했습니다. 이제 실제로 실행해서 맞춰 봅니다.",
            predict=True,
        ),
        Task(
            "rehearsal",
            "네트워크가 막힌 샌드박스에서 훅까지 실행한 watch() 결과",
            _rehearsal,
            '`watch(["npx", "--yes", "--package", str(tgz), "hooklab-takeover-mcp", "--version"],'
            ' sandbox="docker")`',
            "훅은 실행됐지만 카나리에는 아무것도 닿지 않았습니다.",
        ),
        Task(
            "secret_file",
            "훅이 읽은 비밀 파일의 경로 (~로 시작)",
            _secret_file,
            '`story(rehearsal).query(\'role == "hook" and kind == "secret_read"\')`',
            "~/.npmrc에는 레지스트리 게시 토큰이 들어 있습니다.",
        ),
        Task(
            "tried",
            "훅이 한 일의 종류(kind) 집합",
            _tried,
            "`set(story(rehearsal).query('role == \"hook\"').kind)`",
            "프로세스 실행, 파일 쓰기, 비밀 읽기, 외부 연결 시도. 전형적인 탈취 훅의 모양입니다.",
        ),
    ),
)
