"""Lab 05: rehearse a suspicious release in a sandbox and name what its hook tried."""

from __future__ import annotations

from typing import Any

from hooklab.labs.catalogue import LabSpec
from hooklab.labs.checks import Task, Wrong
from hooklab.model import RunResult

PROGRAM = "hooklab-takeover-mcp"
HOOK_KINDS = {"exec", "file_write", "secret_read", "connect"}


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
