"""Lab 02: switch the install hook off and keep the program working (npx and uvx)."""

from __future__ import annotations

from typing import Any

from hooklab.labs.catalogue import LabSpec
from hooklab.labs.checks import Task, Wrong
from hooklab.lang import both
from hooklab.watch import watch

NPM_PROGRAM = "hooklab-postinstall-hello"
UVX_PROGRAM = "hooklab-setuppy-hello"


def _argv(answer: Any, launchers: tuple[str, ...], program: str) -> list[str]:
    if not isinstance(answer, (list, tuple)) or not all(isinstance(a, str) for a in answer):
        raise Wrong(
            both("명령을 문자열 목록으로 쓰세요.", "Write the command as a list of strings."),
            both(
                f'예: ["{launchers[0]}", "--옵션", ..., "{program}"]',
                f'For example: ["{launchers[0]}", "--option", ..., "{program}"]',
            ),
        )
    if not answer or answer[0] not in launchers:
        raise Wrong(
            both(
                f"명령은 {' 또는 '.join(launchers)}로 시작해야 합니다.",
                f"The command must start with {' or '.join(launchers)}.",
            ),
            both("첫 요소를 확인하세요.", "Check the first element."),
        )
    if program not in answer:
        raise Wrong(
            both(
                f"명령에 실행할 프로그램({program})이 없습니다.",
                f"The program to run, {program}, is not in the command.",
            ),
            both(
                "명령 맨 끝에 프로그램 이름을 쓰세요.",
                "Put the program's name at the very end of the command.",
            ),
        )
    return list(answer)


def _last_line(stderr: str) -> tuple[str, str]:
    """The last line of stderr, or "(no output)" in Korean and in English."""
    lines = stderr.strip().splitlines()
    return (lines[-1], lines[-1]) if lines else ("(출력 없음)", "(no output)")


def _npm_safe(answer: Any) -> None:
    argv = _argv(answer, ("npx",), NPM_PROGRAM)
    if not any(a.endswith(".tgz") for a in argv):
        raise Wrong(
            both(
                "압축 파일(tgz) 경로가 명령에 없습니다.",
                "The path of the tarball (tgz) is not in the command.",
            ),
            both("--package 다음에 `str(tgz)`를 넣으세요.", "Put `str(tgz)` after --package."),
        )
    run = watch(argv)
    if run.hook_ran:
        raise Wrong(
            both(
                "설치 훅이 여전히 실행됐습니다 (마커나 카나리 요청이 남았습니다).",
                "The install hook still ran (it left a marker or a canary request).",
            ),
            both(
                "npm에게 설치 스크립트를 실행하지 말라고 하는 옵션이 있습니다.",
                "npm has an option that tells it not to run install scripts.",
            ),
        )
    if run.exit_code != 0 or "hello" not in run.stdout:
        ko, en = _last_line(run.stderr)
        raise Wrong(
            both(
                f"프로그램이 제대로 실행되지 않았습니다: {ko}",
                f"The program did not run properly: {en}",
            ),
            both("--yes를 빠뜨리지 않았는지 보세요.", "See whether you left out --yes."),
        )


def _uvx_safe(answer: Any) -> None:
    argv = _argv(answer, ("uvx",), UVX_PROGRAM)
    run = watch(argv)
    if run.hook_ran:
        raise Wrong(
            both(
                "setup.py가 실행됐습니다 (빌드하는 동안 마커와 카나리 요청이 남았습니다).",
                "setup.py ran (the build left a marker and a canary request).",
            ),
            both(
                "uv에는 소스 배포판(sdist) 빌드를 아예 거절하는 옵션이 있습니다.",
                "uv has an option that refuses to build a source distribution (sdist) at all.",
            ),
        )
    if run.exit_code != 0:
        ko, en = _last_line(run.stderr)
        raise Wrong(
            both(f"프로그램이 실행되지 않았습니다: {ko}", f"The program did not run: {en}"),
            both(
                "빌드를 거절하면 sdist는 설치할 수 없습니다."
                " 빌드할 필요가 없는 배포 형식을 쓰세요.",
                "With builds refused, an sdist cannot be installed. Use the kind of"
                " distribution that needs no build.",
            ),
        )
    if "hello" not in run.stdout:
        raise Wrong(
            both(
                "프로그램의 인사말이 출력되지 않았습니다.",
                "The program's greeting was not printed.",
            ),
            both(
                f"--from 다음에 패키지, 끝에 {UVX_PROGRAM}.",
                f"The package after --from, and {UVX_PROGRAM} at the end.",
            ),
        )


def _missing(answer: Any) -> None:
    if not isinstance(answer, str) or not answer.strip():
        raise Wrong(
            both("파일 경로를 문자열로 쓰세요.", "Write the file's path as a string."),
            both('예: "lib/something.js"', 'For example: "lib/something.js"'),
        )
    if not answer.strip().endswith("generated.js"):
        raise Wrong(
            both(
                f"{answer}는 프로그램이 찾지 못한 파일이 아닙니다.",
                f"{answer} is not the file the program could not find.",
            ),
            both(
                "--ignore-scripts로 실행한 결과의 stderr를 읽어 보세요: `print(needs.stderr)`",
                "Read the stderr of the run with --ignore-scripts: `print(needs.stderr)`",
            ),
        )


LAB = LabSpec(
    id="02-safe-install",
    title=both(
        "프로그램은 살리고 설치 훅만 끄기",
        "Switch the install hook off and keep the program working",
    ),
    tasks=(
        Task(
            "npm_safe",
            both(
                "postinstall 훅 없이 hooklab-postinstall-hello를 실행하는 npx 명령",
                "An npx command that runs hooklab-postinstall-hello without its postinstall hook",
            ),
            _npm_safe,
            both(
                '`["npx", "--yes", "--ignore-scripts", "--package", str(tgz),'
                ' "hooklab-postinstall-hello"]`',
                '`["npx", "--yes", "--ignore-scripts", "--package", str(tgz),'
                ' "hooklab-postinstall-hello"]`',
            ),
            both(
                "훅은 꺼졌고 프로그램은 그대로 동작합니다.",
                "The hook is off and the program works just as before.",
            ),
        ),
        Task(
            "uvx_safe",
            both(
                "setup.py를 실행하지 않고 hooklab-setuppy-hello를 실행하는 uvx 명령",
                "A uvx command that runs hooklab-setuppy-hello without running setup.py",
            ),
            _uvx_safe,
            both(
                '`["uvx", "--no-build", "--from", str(wheel), "hooklab-setuppy-hello"]`'
                " — 휠은 설치할 때 코드를 실행하지 않습니다.",
                '`["uvx", "--no-build", "--from", str(wheel), "hooklab-setuppy-hello"]`'
                " — a wheel runs no code when it is installed.",
            ),
            both(
                "--no-build는 빌드가 필요한 모든 것을 거절합니다. 휠만 설치됩니다.",
                "--no-build refuses everything that needs a build. Only wheels get installed.",
            ),
        ),
        Task(
            "missing",
            both(
                "설치 훅을 끄면 hooklab-needs-build가 찾지 못하는 파일",
                "The file hooklab-needs-build cannot find once the install hook is off",
            ),
            _missing,
            both(
                '`needs = watch(["npx", "--yes", "--ignore-scripts", "--package", str(needs_tgz),'
                ' "hooklab-needs-build"])` 다음에 `print(needs.stderr)`:'
                " 파일 이름이 그 안에 있습니다.",
                '`needs = watch(["npx", "--yes", "--ignore-scripts", "--package", str(needs_tgz),'
                ' "hooklab-needs-build"])`, then `print(needs.stderr)`:'
                " the file's name is in it.",
            ),
            both(
                "정당한 빌드 단계가 필요한 패키지도 있습니다. 훅을 끄는 데에는 비용이 있습니다.",
                "Some packages need a legitimate build step. Switching hooks off has a cost.",
            ),
        ),
    ),
)
