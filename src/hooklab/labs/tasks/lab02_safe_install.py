"""Lab 02: switch the install hook off and keep the program working (npx and uvx)."""

from __future__ import annotations

from typing import Any

from hooklab.labs.catalogue import LabSpec
from hooklab.labs.checks import Task, Wrong
from hooklab.watch import watch

NPM_PROGRAM = "hooklab-postinstall-hello"
UVX_PROGRAM = "hooklab-setuppy-hello"


def _argv(answer: Any, launchers: tuple[str, ...], program: str) -> list[str]:
    if not isinstance(answer, (list, tuple)) or not all(isinstance(a, str) for a in answer):
        raise Wrong(
            "명령을 문자열 목록으로 쓰세요.", f'예: ["{launchers[0]}", "--옵션", ..., "{program}"]'
        )
    if not answer or answer[0] not in launchers:
        raise Wrong(
            f"명령은 {' 또는 '.join(launchers)}로 시작해야 합니다.", "첫 요소를 확인하세요."
        )
    if program not in answer:
        raise Wrong(
            f"실행할 프로그램 {program}이 명령에 없습니다.", "명령 맨 끝에 프로그램 이름을 쓰세요."
        )
    return list(answer)


def _npm_safe(answer: Any) -> None:
    argv = _argv(answer, ("npx",), NPM_PROGRAM)
    if not any(a.endswith(".tgz") for a in argv):
        raise Wrong(
            "압축 파일(tgz) 경로가 명령에 없습니다.", "--package 다음에 `str(tgz)`를 넣으세요."
        )
    run = watch(argv)
    if run.hook_ran:
        raise Wrong(
            "설치 훅이 여전히 실행됐습니다 (마커나 카나리 요청이 남았습니다).",
            "npm에게 설치 스크립트를 실행하지 말라고 하는 옵션이 있습니다.",
        )
    if run.exit_code != 0 or "hello" not in run.stdout:
        last = (run.stderr.strip().splitlines() or ["(출력 없음)"])[-1]
        raise Wrong(
            f"프로그램이 제대로 실행되지 않았습니다: {last}", "--yes를 빠뜨리지 않았는지 보세요."
        )


def _uvx_safe(answer: Any) -> None:
    argv = _argv(answer, ("uvx",), UVX_PROGRAM)
    run = watch(argv)
    if run.hook_ran:
        raise Wrong(
            "setup.py가 실행됐습니다 (빌드하는 동안 마커와 카나리 요청이 남았습니다).",
            "uv에는 소스 배포판(sdist) 빌드를 아예 거절하는 옵션이 있습니다.",
        )
    if run.exit_code != 0:
        last = (run.stderr.strip().splitlines() or ["(출력 없음)"])[-1]
        raise Wrong(
            f"프로그램이 실행되지 않았습니다: {last}",
            "빌드를 거절하면 sdist는 설치할 수 없습니다. 빌드할 필요가 없는 배포 형식을 쓰세요.",
        )
    if "hello" not in run.stdout:
        raise Wrong(
            "프로그램의 인사말이 출력되지 않았습니다.", f"--from 다음에 패키지, 끝에 {UVX_PROGRAM}."
        )


def _missing(answer: Any) -> None:
    if not isinstance(answer, str) or not answer.strip():
        raise Wrong("파일 경로를 문자열로 쓰세요.", '예: "lib/something.js"')
    if not answer.strip().endswith("generated.js"):
        raise Wrong(
            f"{answer}는 프로그램이 찾지 못한 파일이 아닙니다.",
            "--ignore-scripts로 실행한 결과의 stderr를 읽어 보세요: `print(needs.stderr)`",
        )


LAB = LabSpec(
    id="02-safe-install",
    title="프로그램은 살리고 설치 훅만 끄기",
    tasks=(
        Task(
            "npm_safe",
            "postinstall 훅 없이 hooklab-postinstall-hello를 실행하는 npx 명령",
            _npm_safe,
            '`["npx", "--yes", "--ignore-scripts", "--package", str(tgz),'
            ' "hooklab-postinstall-hello"]`',
            "훅은 꺼졌고 프로그램은 그대로 동작합니다.",
        ),
        Task(
            "uvx_safe",
            "setup.py를 실행하지 않고 hooklab-setuppy-hello를 실행하는 uvx 명령",
            _uvx_safe,
            '`["uvx", "--no-build", "--from", str(wheel), "hooklab-setuppy-hello"]`'
            " — 휠은 설치할 때 코드를 실행하지 않습니다.",
            "--no-build는 빌드가 필요한 모든 것을 거절합니다. 휠만 설치됩니다.",
        ),
        Task(
            "missing",
            "설치 훅을 끄면 hooklab-needs-build가 찾지 못하는 파일",
            _missing,
            '`needs = watch(["npx", "--yes", "--ignore-scripts", "--package", str(needs_tgz),'
            ' "hooklab-needs-build"])` 다음에 `print(needs.stderr)`: 파일 이름이 그 안에 있습니다.',
            "정당한 빌드 단계가 필요한 패키지도 있습니다. 훅을 끄는 데에는 비용이 있습니다.",
        ),
    ),
)
