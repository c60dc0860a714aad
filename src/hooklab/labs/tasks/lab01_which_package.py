"""Lab 01: of three packages, which one runs code at install time, when, and what it sends."""

from __future__ import annotations

from typing import Any

from hooklab.labs.catalogue import LabSpec
from hooklab.labs.checks import Task, Wrong
from hooklab.labs.materials import MYSTERY

NAMES = [name for name, *_ in MYSTERY]
CULPRIT = next(name for name, _, hooked, _ in MYSTERY if hooked)


def _suspect(answer: Any) -> None:
    if not isinstance(answer, str):
        raise Wrong("패키지 이름을 문자열로 쓰세요.", f"예: suspect = {NAMES[0]!r}")
    if answer not in NAMES:
        raise Wrong(
            f"{answer!r}는 세 패키지 중 하나가 아닙니다.",
            f"다음 중에서 고르세요: {', '.join(NAMES)}",
        )
    if answer != CULPRIT:
        raise Wrong(
            f"{answer}는 설치 중에 아무 코드도 실행하지 않았습니다.",
            "세 결과를 비교해 보세요: `for name, run in runs.items():"
            " print(name, run.hook_ran, run.markers, run.canary_hits)`",
        )


def _stage(answer: Any) -> None:
    if answer not in ("preinstall", "install", "postinstall", "prepare"):
        raise Wrong(
            "npm 설치 단계 이름 하나를 쓰세요.", "preinstall, install, postinstall 중 하나입니다."
        )
    if answer != "preinstall":
        raise Wrong(
            f"{answer}가 아닙니다.",
            "압축 파일 안의 package.json에서 scripts 항목을 보거나, 마커 파일 이름을 보세요.",
        )


def _secrets(answer: Any) -> None:
    if isinstance(answer, str) or not hasattr(answer, "__iter__"):
        raise Wrong(
            "가짜 비밀 이름들의 목록(list)이나 집합(set)을 쓰세요.", "예: ['aws_access_key_id']"
        )
    got = {str(a) for a in answer}
    if got != {"npm_token"}:
        raise Wrong(
            f"카나리가 받은 가짜 비밀과 다릅니다: {sorted(got)}",
            "범인 패키지를 watch()한 결과의 secrets_leaked를 보세요:"
            " `print(runs[suspect].secrets_leaked)`",
        )


LAB = LabSpec(
    id="01-which-package",
    title="세 패키지 중 설치할 때 코드를 실행하는 것 찾기",
    tasks=(
        Task(
            "suspect",
            "설치할 때 코드를 실행한 패키지의 이름",
            _suspect,
            "`for name, cmd in commands.items(): print(name, watch(cmd).hook_ran)`처럼 세 개를 모두"
            " 실행해 hook_ran이 True인 것을 고르세요.",
            "watch()가 마커와 카나리 요청으로 설치 훅을 잡아냈습니다.",
        ),
        Task(
            "stage",
            "그 코드가 실행된 npm 설치 단계",
            _stage,
            "tarfile로 압축을 열어 package/package.json을 읽거나,"
            " `print(runs[suspect].markers)`에 나온 마커 파일 이름의 앞부분을 보세요."
            " 2021년 ua-parser-js 사건과 같은 단계입니다.",
            "preinstall은 npm이 트리 전체를 푼 뒤, 어느 패키지의 install·postinstall보다도"
            " 먼저 실행됩니다.",
        ),
        Task(
            "secrets",
            "그 코드가 카나리로 보낸 가짜 비밀의 이름들",
            _secrets,
            "`runs[suspect].canary_hits[0].secrets` 또는 `runs[suspect].secrets_leaked`를"
            " 그대로 넘기세요.",
            "~/.npmrc의 토큰은 게시 권한입니다. 진짜였다면 패키지를 탈취당할 수 있습니다.",
        ),
    ),
)
