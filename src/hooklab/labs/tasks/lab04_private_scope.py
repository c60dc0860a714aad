"""Lab 04: route a scope to the private registry so a dependency-confusion package cannot win."""

from __future__ import annotations

from typing import Any

from hooklab.labs.catalogue import LabSpec
from hooklab.labs.checks import Task, Wrong
from hooklab.labs.registries import PROGRAM, current


def _winner(answer: Any) -> None:
    if not isinstance(answer, str):
        raise Wrong("버전을 문자열로 쓰세요.", '예: "1.2.3"')
    if answer != "9.9.9":
        raise Wrong(
            f"라우팅 없이 실행된 버전은 {answer}가 아닙니다.",
            "`print(unrouted)`로 registries.npx()가 돌려준 행의 version을 보세요.",
        )


def _npmrc(answer: Any) -> None:
    if not isinstance(answer, str) or not answer.strip():
        raise Wrong(".npmrc 내용을 문자열로 쓰세요.", '예: "키=값\\n"')
    if "registry" not in answer:
        raise Wrong("레지스트리를 정하는 줄이 없습니다.", "키 이름에 registry가 들어갑니다.")
    row = current().npx(answer)
    if row["hook_ran"] or row["version"] == "9.9.9":
        raise Wrong(
            "여전히 공격자의 9.9.9가 설치되고 훅이 실행됐습니다.",
            "@acme 스코프만 사내 레지스트리로 보내는 키는 @acme:registry 입니다.",
        )
    if not row["works"]:
        raise Wrong(
            f"프로그램이 실행되지 않았습니다: {row['says']}",
            "주소를 `registries.internal_npm_url` 그대로 쓰고, 줄 끝에 줄바꿈을 넣으세요.",
        )
    if not answer.lstrip().startswith("@acme:registry") and "\n@acme:registry" not in answer:
        raise Wrong(
            "모든 패키지를 사내 레지스트리로 보냈습니다. 이번 과제는 @acme 스코프만입니다.",
            "registry=... 대신 @acme:registry=... 를 쓰세요.",
        )


def _uv_index(answer: Any) -> None:
    if not isinstance(answer, (list, tuple)) or not all(isinstance(a, str) for a in answer):
        raise Wrong("명령을 문자열 목록으로 쓰세요.", '예: ["uvx", ..., "hooklab-takeover-mcp"]')
    if not answer or answer[0] != "uvx" or PROGRAM not in answer:
        raise Wrong(f"uvx로 {PROGRAM}을(를) 실행하는 명령이어야 합니다.", "첫 요소는 uvx입니다.")
    row = current().run(list(answer))
    if row["hook_ran"] or row["version"] == "9.9.9":
        raise Wrong(
            "공개 인덱스의 9.9.9가 이겼습니다 (setup.py가 실행됐습니다).",
            "uv는 --index로 준 인덱스를 먼저 봅니다. `registries.internal_index_url`을 주세요.",
        )
    if not row["works"]:
        raise Wrong(
            f"프로그램이 실행되지 않았습니다: {row['says']}", "--from 다음에 패키지 이름을 쓰세요."
        )


LAB = LabSpec(
    id="04-private-scope",
    title="스코프를 사내 레지스트리로 보내 이름 가로채기 막기",
    tasks=(
        Task(
            "winner",
            "라우팅 없이 npx가 실행한 @acme 패키지의 버전",
            _winner,
            '`unrouted = registries.npx()` 다음에 `unrouted["version"]`',
            "npm은 같은 이름이면 더 높은 버전을 고릅니다. 공격자는 9.9.9를 올리기만 하면 됩니다.",
        ),
        Task(
            "npmrc",
            "@acme 스코프를 사내 레지스트리로 보내는 .npmrc 내용",
            _npmrc,
            '`f"@acme:registry={registries.internal_npm_url}\\n"`',
            "스코프가 사내 레지스트리로 묶이면 공개 레지스트리의 같은 이름은 보이지도 않습니다.",
        ),
        Task(
            "uv_index",
            "사내 인덱스에서 acme 패키지를 받아 실행하는 uvx 명령",
            _uv_index,
            '`["uvx", "--index", registries.internal_index_url, "--from",'
            ' registries.python_package, "hooklab-takeover-mcp", "--version"]`',
            "uv는 기본으로 처음 찾은 인덱스의 버전만 봅니다 (pip의 --extra-index-url과 다릅니다).",
        ),
    ),
)
