"""Lab 05: rehearse a suspicious release in a sandbox and name what its hook tried."""

from __future__ import annotations

from typing import Any

from hooklab.labs.catalogue import LabSpec
from hooklab.labs.checks import Task, Wrong
from hooklab.lang import Text, both, current_lang, in_lang
from hooklab.model import RunResult
from hooklab.safetext import shown

PROGRAM = "hooklab-takeover-mcp"
HOOK_KINDS = {"exec", "file_write", "secret_read", "connect"}
# What the learner predicts about the sandboxed run, and how each is read off the run.
EXPECT: dict[str, Text] = {
    "hook_runs": both("설치 훅이 실행된다", "the install hook runs"),
    "secret_leaves": both(
        "가짜 비밀이 카나리(샌드박스 밖)에 닿는다",
        "a fake secret reaches the canary (outside the sandbox)",
    ),
    "program_runs": both("프로그램이 실행된다", "the program runs"),
}
# The words of compare_outcome()'s lines.
YES_NO: dict[bool, Text] = {True: both("예", "yes"), False: both("아니오", "no")}


def _expect(answer: Any) -> None:
    if not isinstance(answer, dict) or set(answer) != set(EXPECT):
        raise Wrong(
            both(
                f"키가 {', '.join(EXPECT)}인 dict로 예상을 쓰세요.",
                f"Write your prediction as a dict whose keys are {', '.join(EXPECT)}.",
            ),
            both(
                "값은 True(그렇다) 또는 False(아니다)입니다.",
                "Each value is True (it will) or False (it will not).",
            ),
        )
    not_bool = [k for k, v in answer.items() if not isinstance(v, bool)]
    if not_bool:
        raise Wrong(
            both(
                f"{not_bool}의 값이 True/False가 아닙니다.",
                f"The values of {not_bool} are not True/False.",
            ),
            both(
                "모르겠으면 더 그럴듯한 쪽을 고르세요.",
                "If you are not sure, pick the one that seems likelier.",
            ),
        )


def _happened(run: RunResult) -> dict[str, tuple[bool, Text]]:
    """Each predicted item: what the run shows, and the run's own figures that show it."""
    execs = sum(e.kind == "exec" and e.role == "hook" for e in run.events)
    ran = run.exit_code == 0 and PROGRAM in run.stdout
    output = shown(run.stdout.strip())
    return {
        "hook_runs": (
            run.hook_ran,
            both(
                f"훅의 프로세스 실행 {execs}번, 표시 파일 {len(run.markers)}개",
                f"processes the hook started: {execs}, marker files: {len(run.markers)}",
            ),
        ),
        "secret_leaves": (
            bool(run.canary_hits),
            both(
                f"카나리에 닿은 연결 {len(run.canary_hits)}번",
                f"connections that reached the canary: {len(run.canary_hits)}",
            ),
        ),
        "program_runs": (
            ran,
            both(
                f"종료 코드 {run.exit_code}, 출력 {output!r}",
                f"exit code {run.exit_code}, output {output!r}",
            ),
        ),
    }


def compare_outcome(expected: Any, run: RunResult) -> str:
    """The learner's prediction next to what the sandboxed run did, one line an item, in the
    kit's language."""
    lang = current_lang()
    lines = []
    for key, (actual, shows) in _happened(run).items():
        guess = expected.get(key) if isinstance(expected, dict) else None
        mark = "  " if guess is None else ("✔ " if guess == actual else "✘ ")
        said = (
            in_lang(both("예상 없음", "no prediction"), lang)
            if guess is None
            else in_lang(both("예상 {}", "predicted {}"), lang).format(
                in_lang(YES_NO[bool(guess)], lang)
            )
        )
        really = in_lang(both("실제 {}", "actually {}"), lang).format(in_lang(YES_NO[actual], lang))
        what = in_lang(EXPECT[key], lang)
        lines.append(f"{mark}{what}: {said}, {really} ({in_lang(shows, lang)})")
    return "\n".join(lines)


def _rehearsal(answer: Any) -> None:
    if not isinstance(answer, RunResult):
        raise Wrong(
            both(
                "watch()가 돌려준 결과(RunResult)를 그대로 넘기세요.",
                "Pass the result watch() returned (a RunResult) as it is.",
            ),
            both("rehearsal = watch(...)", "rehearsal = watch(...)"),
        )
    if PROGRAM not in " ".join(answer.command):
        raise Wrong(
            both(
                f"{PROGRAM}을(를) 실행한 결과가 아닙니다.",
                f"This is not the result of running {PROGRAM}.",
            ),
            both(
                "명령 끝에 프로그램 이름을 쓰세요.",
                "Name the program in the command, after --package and the tarball.",
            ),
        )
    if answer.sandbox == "host":
        raise Wrong(
            both(
                "샌드박스 없이 이 컴퓨터(host)에서 실행했습니다.",
                "It ran on this computer (host), with no sandbox.",
            ),
            both(
                'watch(..., sandbox="docker")처럼 sandbox를 정하세요.',
                'Choose a sandbox, as in watch(..., sandbox="docker").',
            ),
        )
    if answer.canary_hits:
        raise Wrong(
            both(
                "가짜 비밀이 샌드박스 밖의 카나리까지 나갔습니다.",
                "A fake secret got out of the sandbox, as far as the canary.",
            ),
            both(
                "네트워크가 막힌 샌드박스(docker, gvisor, bwrap)를 쓰세요.",
                "Use a sandbox that has no network (docker, gvisor, bwrap).",
            ),
        )
    if not answer.hook_ran:
        raise Wrong(
            both(
                "설치 훅이 실행되지 않아 무엇을 하려는지 볼 수 없습니다.",
                "The install hook did not run, so you cannot see what it tries to do.",
            ),
            both(
                "리허설에서는 --ignore-scripts를 빼야 훅이 하는 일을 봅니다.",
                "Leave --ignore-scripts out of a rehearsal: the point is to see what the hook"
                " does.",
            ),
        )


def _secret_file(answer: Any) -> None:
    if not isinstance(answer, str):
        raise Wrong(
            both("파일 경로를 문자열로 쓰세요.", "Write the file's path as a string."),
            both('예: "~/.aws/credentials"', 'For example: "~/.aws/credentials"'),
        )
    if answer.replace("$HOME", "~").strip() != "~/.npmrc":
        raise Wrong(
            both(
                f"훅이 읽은 비밀 파일은 {answer}가 아닙니다.",
                f"The secret file the hook read is not {answer}.",
            ),
            both(
                "`story(rehearsal)`에서 role이 hook이고 kind가 secret_read인 행의 detail을 보세요.",
                "In `story(rehearsal)`, look at the detail of the row whose role is hook"
                " and whose kind is secret_read.",
            ),
        )


def _tried(answer: Any) -> None:
    if isinstance(answer, str) or not hasattr(answer, "__iter__"):
        raise Wrong(
            both("사건 종류(kind)들의 집합을 쓰세요.", "Write a set of event kinds (kind)."),
            both("예: {'exec'}", "For example: {'exec'}"),
        )
    got = {str(a) for a in answer}
    if got - HOOK_KINDS:
        raise Wrong(
            both(
                f"훅이 하지 않은 일이 들어 있습니다: {sorted(got - HOOK_KINDS)}",
                f"It holds things the hook did not do: {sorted(got - HOOK_KINDS)}",
            ),
            both("launcher와 program 행은 빼세요.", "Leave out the launcher and program rows."),
        )
    if got != HOOK_KINDS:
        raise Wrong(
            both(
                f"빠진 것이 있습니다: {len(HOOK_KINDS - got)}가지",
                f"Some kinds are missing: {len(HOOK_KINDS - got)}",
            ),
            both(
                "연결이 실패했어도(ECONNREFUSED) 시도는 한 것입니다. 그것도 넣으세요.",
                "A connection that failed (ECONNREFUSED) was still tried. Put it in too.",
            ),
        )


LAB = LabSpec(
    id="05-sandbox-rehearsal",
    title=both(
        "수상한 새 버전을 샌드박스에서 리허설하고 한 일 밝히기",
        "Rehearse a suspicious new release in a sandbox and find out what it did",
    ),
    tasks=(
        Task(
            "expect",
            both(
                "실행하기 전에: 샌드박스 안에서 훅이 돌지, 비밀이 밖에 닿을지,"
                " 프로그램이 돌지 예상",
                "Before running it: predict whether, in the sandbox, the hook runs, a secret"
                " gets out and the program runs",
            ),
            _expect,
            both(
                '`expect = {"hook_runs": True, "secret_leaves": True, "program_runs": True}`처럼'
                " 세 가지를 모두 True/False로 채우세요.",
                "Fill in all three with True or False, as in"
                ' `expect = {"hook_runs": True, "secret_leaves": True, "program_runs": True}`.',
            ),
            both(
                "예상을 기록했습니다. 이제 실제로 실행해서 맞춰 봅니다.",
                "Your prediction is recorded. Now run it for real and see how it compares.",
            ),
            predict=True,
        ),
        Task(
            "rehearsal",
            both(
                "네트워크가 막힌 샌드박스에서 훅까지 실행한 watch() 결과",
                "The watch() result of a run, install hook included, in a sandbox with no network",
            ),
            _rehearsal,
            both(
                '`watch(["npx", "--yes", "--package", str(tgz), "hooklab-takeover-mcp",'
                ' "--version"], sandbox="docker")`',
                'Rehearse with `watch(["npx", "--yes", "--package", str(tgz),'
                ' "hooklab-takeover-mcp", "--version"], sandbox="docker")`',
            ),
            both(
                "훅은 실행됐지만 카나리에는 아무것도 닿지 않았습니다.",
                "The hook ran, but nothing reached the canary.",
            ),
        ),
        Task(
            "secret_file",
            both(
                "훅이 읽은 비밀 파일의 경로 (~로 시작)",
                "The path of the secret file the hook read (starting with ~)",
            ),
            _secret_file,
            both(
                '`story(rehearsal).query(\'role == "hook" and kind == "secret_read"\')`',
                "Its detail column holds the path:"
                ' `story(rehearsal).query(\'role == "hook" and kind == "secret_read"\')`',
            ),
            both(
                "~/.npmrc에는 레지스트리 게시 토큰이 들어 있습니다.",
                "~/.npmrc holds the token that publishes packages to the registry.",
            ),
        ),
        Task(
            "tried",
            both(
                "훅이 한 일의 종류(kind) 집합", "The kinds of thing the hook did, as a set (kind)"
            ),
            _tried,
            both(
                "`set(story(rehearsal).query('role == \"hook\"').kind)`",
                "`set(story(rehearsal).query('role == \"hook\"').kind)`",
            ),
            both(
                "프로세스 실행, 파일 쓰기, 비밀 읽기, 외부 연결 시도."
                " 전형적인 탈취 훅의 모양입니다.",
                "It started processes, wrote a file, read a secret and tried to connect out:"
                " the usual shape of a takeover hook.",
            ),
        ),
    ),
)
