"""Lab 01: of three packages, which one runs code at install time, when, and what it sends."""

from __future__ import annotations

from typing import Any

from hooklab.labs.catalogue import LabSpec
from hooklab.labs.checks import Task, Wrong
from hooklab.labs.materials import MYSTERY
from hooklab.lang import both

NAMES = [name for name, *_ in MYSTERY]
CULPRIT = next(name for name, _, hooked, _ in MYSTERY if hooked)


def _suspect(answer: Any) -> None:
    if not isinstance(answer, str):
        raise Wrong(
            both("패키지 이름을 문자열로 쓰세요.", "Write the package's name as a string."),
            both(f"예: suspect = {NAMES[0]!r}", f"For example: suspect = {NAMES[0]!r}"),
        )
    if answer not in NAMES:
        raise Wrong(
            both(
                f"{answer!r}는 세 패키지 중 하나가 아닙니다.",
                f"{answer!r} is not one of the three packages.",
            ),
            both(
                f"다음 중에서 고르세요: {', '.join(NAMES)}",
                f"Choose one of: {', '.join(NAMES)}",
            ),
        )
    if answer != CULPRIT:
        raise Wrong(
            both(
                f"{answer}는 설치 중에 아무 코드도 실행하지 않았습니다.",
                f"{answer} ran no code while it was installed.",
            ),
            both(
                "세 결과를 비교해 보세요: `for name, run in runs.items():"
                " print(name, run.hook_ran, run.markers, run.canary_hits)`",
                "Compare the three results: `for name, run in runs.items():"
                " print(name, run.hook_ran, run.markers, run.canary_hits)`",
            ),
        )


def _stage(answer: Any) -> None:
    if answer not in ("preinstall", "install", "postinstall", "prepare"):
        raise Wrong(
            both("npm 설치 단계 이름 하나를 쓰세요.", "Write the name of one npm install stage."),
            both(
                "preinstall, install, postinstall 중 하나입니다.",
                "It is one of preinstall, install, postinstall.",
            ),
        )
    if answer != "preinstall":
        raise Wrong(
            both(f"{answer}가 아닙니다.", f"It is not {answer}."),
            both(
                "압축 파일 안의 package.json에서 scripts 항목을 보거나, 마커 파일 이름을 보세요.",
                "Look at the scripts entry of the package.json inside the tarball,"
                " or at the marker file's name.",
            ),
        )


def _secrets(answer: Any) -> None:
    if isinstance(answer, str) or not hasattr(answer, "__iter__"):
        raise Wrong(
            both(
                "가짜 비밀 이름들의 목록(list)이나 집합(set)을 쓰세요.",
                "Write a list or a set of the fake secrets' names.",
            ),
            both("예: ['aws_access_key_id']", "For example: ['aws_access_key_id']"),
        )
    got = {str(a) for a in answer}
    if got != {"npm_token"}:
        raise Wrong(
            both(
                f"카나리가 받은 가짜 비밀과 다릅니다: {sorted(got)}",
                f"These are not the fake secrets the canary received: {sorted(got)}",
            ),
            both(
                "범인 패키지를 watch()한 결과의 secrets_leaked를 보세요:"
                " `print(runs[suspect].secrets_leaked)`",
                "Look at secrets_leaked in the result of watch() on the culprit:"
                " `print(runs[suspect].secrets_leaked)`",
            ),
        )


LAB = LabSpec(
    id="01-which-package",
    title=both(
        "세 패키지 중 설치할 때 코드를 실행하는 것 찾기",
        "Find which of three packages runs code when it is installed",
    ),
    tasks=(
        Task(
            "suspect",
            both(
                "설치할 때 코드를 실행한 패키지의 이름",
                "The name of the package that ran code while it was installed",
            ),
            _suspect,
            both(
                "`for name, cmd in commands.items(): print(name, watch(cmd).hook_ran)`처럼"
                " 세 개를 모두 실행해 hook_ran이 True인 것을 고르세요.",
                "Run all three, as in"
                " `for name, cmd in commands.items(): print(name, watch(cmd).hook_ran)`,"
                " and pick the one whose hook_ran is True.",
            ),
            both(
                "watch()가 마커와 카나리 요청으로 설치 훅을 잡아냈습니다.",
                "watch() caught the install hook by its marker and its canary request.",
            ),
        ),
        Task(
            "stage",
            both("그 코드가 실행된 npm 설치 단계", "The npm install stage that code ran in"),
            _stage,
            both(
                "tarfile로 압축을 열어 package/package.json을 읽거나,"
                " `print(runs[suspect].markers)`에 나온 마커 파일 이름의 앞부분을 보세요."
                " 2021년 ua-parser-js 사건과 같은 단계입니다.",
                "Open the tarball with tarfile and read package/package.json, or look at the"
                " start of the marker file's name in `print(runs[suspect].markers)`."
                " It is the stage of the 2021 ua-parser-js incident.",
            ),
            both(
                "preinstall은 npm이 트리 전체를 푼 뒤, 어느 패키지의 install·postinstall보다도"
                " 먼저 실행됩니다.",
                "preinstall runs after npm has unpacked the whole tree, before any package's"
                " install or postinstall.",
            ),
        ),
        Task(
            "secrets",
            both(
                "그 코드가 카나리로 보낸 가짜 비밀의 이름들",
                "The names of the fake secrets that code sent to the canary",
            ),
            _secrets,
            both(
                "`runs[suspect].canary_hits[0].secrets` 또는 `runs[suspect].secrets_leaked`를"
                " 그대로 넘기세요.",
                "Pass `runs[suspect].canary_hits[0].secrets` or `runs[suspect].secrets_leaked`"
                " as it is.",
            ),
            both(
                "~/.npmrc의 토큰은 게시 권한입니다. 진짜였다면 패키지를 탈취당할 수 있습니다.",
                "The token in ~/.npmrc is a right to publish. Had it been real, the package"
                " could have been taken over.",
            ),
        ),
    ),
)
