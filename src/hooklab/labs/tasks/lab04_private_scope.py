"""Lab 04: route a scope to the private registry so a dependency-confusion package cannot win."""

from __future__ import annotations

from typing import Any

from hooklab.labs.catalogue import LabSpec
from hooklab.labs.checks import Task, Wrong
from hooklab.labs.registries import PROGRAM, current
from hooklab.lang import both


def _winner(answer: Any) -> None:
    if not isinstance(answer, str):
        raise Wrong(
            both("버전을 문자열로 쓰세요.", "Write the version as a string."),
            both('예: "1.2.3"', 'For example: "1.2.3"'),
        )
    if answer != "9.9.9":
        raise Wrong(
            both(
                f"라우팅 없이 실행된 버전은 {answer}가 아닙니다.",
                f"The version that ran without routing is not {answer}.",
            ),
            both(
                "`print(unrouted)`로 registries.npx()가 돌려준 행의 version을 보세요.",
                "Look at the version in the row registries.npx() returned: `print(unrouted)`",
            ),
        )


def _keys(npmrc: str) -> set[str]:
    """The keys an .npmrc's lines set."""
    return {line.split("=", 1)[0].strip() for line in npmrc.splitlines() if "=" in line}


def _everything_inside() -> None:
    raise Wrong(
        both(
            "모든 패키지를 사내 레지스트리로 보냈습니다. 이번 과제는 @acme 스코프만입니다.",
            "That sends every package to the internal registry. This task is about the"
            " @acme scope only.",
        ),
        both(
            "registry=... 대신 @acme:registry=... 를 쓰세요.",
            "Write @acme:registry=... instead of registry=...",
        ),
    )


def _npmrc(answer: Any) -> None:
    if not isinstance(answer, str) or not answer.strip():
        raise Wrong(
            both(".npmrc 내용을 문자열로 쓰세요.", "Write the .npmrc's content as a string."),
            both('예: "키=값\\n"', 'For example: "key=value\\n"'),
        )
    if "registry" not in answer:
        raise Wrong(
            both("레지스트리를 정하는 줄이 없습니다.", "No line sets a registry."),
            both("키 이름에 registry가 들어갑니다.", "The key's name has registry in it."),
        )
    if "registry" in _keys(answer):  # every package goes inside, whatever else the file says
        _everything_inside()
    row = current().npx(answer)
    if row["hook_ran"] or row["version"] == "9.9.9":
        raise Wrong(
            both(
                "여전히 공격자의 9.9.9가 설치되고 훅이 실행됐습니다.",
                "The attacker's 9.9.9 was still installed, and its hook ran.",
            ),
            both(
                "@acme 스코프만 사내 레지스트리로 보내는 키는 @acme:registry 입니다.",
                "The key that sends only the @acme scope to the internal registry is"
                " @acme:registry.",
            ),
        )
    if not row["works"]:
        raise Wrong(
            both(
                f"프로그램이 실행되지 않았습니다: {row['says']}",
                f"The program did not run: {row['says']}",
            ),
            both(
                "주소를 `registries.internal_npm_url` 그대로 쓰고, 줄 끝에 줄바꿈을 넣으세요.",
                "Use the address `registries.internal_npm_url` as it is, and end the line"
                " with a newline.",
            ),
        )
    if "@acme:registry" not in _keys(answer):
        _everything_inside()


def _uv_index(answer: Any) -> None:
    if not isinstance(answer, (list, tuple)) or not all(isinstance(a, str) for a in answer):
        raise Wrong(
            both("명령을 문자열 목록으로 쓰세요.", "Write the command as a list of strings."),
            both(
                '예: ["uvx", ..., "hooklab-takeover-mcp"]',
                'For example: ["uvx", ..., "hooklab-takeover-mcp"]',
            ),
        )
    if not answer or answer[0] != "uvx" or PROGRAM not in answer:
        raise Wrong(
            both(
                f"uvx로 {PROGRAM}을(를) 실행하는 명령이어야 합니다.",
                f"It must be a command that runs {PROGRAM} with uvx.",
            ),
            both("첫 요소는 uvx입니다.", "Its first element is uvx."),
        )
    row = current().run(list(answer))
    if row["hook_ran"] or row["version"] == "9.9.9":
        raise Wrong(
            both(
                "공개 인덱스의 9.9.9가 이겼습니다 (setup.py가 실행됐습니다).",
                "The public index's 9.9.9 won (its setup.py ran).",
            ),
            both(
                "uv는 --index로 준 인덱스를 먼저 봅니다. `registries.internal_index_url`을 주세요.",
                "uv looks first at the index given with --index. Give it"
                " `registries.internal_index_url`.",
            ),
        )
    if not row["works"]:
        raise Wrong(
            both(
                f"프로그램이 실행되지 않았습니다: {row['says']}",
                f"The program did not run: {row['says']}",
            ),
            both(
                "--from 다음에 패키지 이름을 쓰세요.",
                "Put the package's name after --from.",
            ),
        )


LAB = LabSpec(
    id="04-private-scope",
    title=both(
        "스코프를 사내 레지스트리로 보내 이름 가로채기 막기",
        "Route a scope to the internal registry so no one can take over its names",
    ),
    tasks=(
        Task(
            "winner",
            both(
                "라우팅 없이 npx가 실행한 @acme 패키지의 버전",
                "The version of the @acme package that npx ran without routing",
            ),
            _winner,
            both(
                '`unrouted = registries.npx()` 다음에 `unrouted["version"]`',
                '`unrouted = registries.npx()`, then `unrouted["version"]`',
            ),
            both(
                "npm은 같은 이름이면 더 높은 버전을 고릅니다."
                " 공격자는 9.9.9를 올리기만 하면 됩니다.",
                "For the same name, npm picks the higher version. All the attacker has to do is"
                " publish 9.9.9.",
            ),
        ),
        Task(
            "npmrc",
            both(
                "@acme 스코프를 사내 레지스트리로 보내는 .npmrc 내용",
                "The .npmrc content that sends the @acme scope to the internal registry",
            ),
            _npmrc,
            both(
                '`f"@acme:registry={registries.internal_npm_url}\\n"`',
                'Write `f"@acme:registry={registries.internal_npm_url}\\n"`',
            ),
            both(
                "스코프가 사내 레지스트리로 묶이면"
                " 공개 레지스트리의 같은 이름은 보이지도 않습니다.",
                "Once the scope is tied to the internal registry, the same name on the public"
                " registry is not even seen.",
            ),
        ),
        Task(
            "uv_index",
            both(
                "사내 인덱스에서 acme 패키지를 받아 실행하는 uvx 명령",
                "A uvx command that gets the acme package from the internal index and runs it",
            ),
            _uv_index,
            both(
                '`["uvx", "--index", registries.internal_index_url, "--from",'
                ' registries.python_package, "hooklab-takeover-mcp", "--version"]`',
                'For example: `["uvx", "--index", registries.internal_index_url, "--from",'
                ' registries.python_package, "hooklab-takeover-mcp", "--version"]`',
            ),
            both(
                "uv는 기본으로 처음 찾은 인덱스의 버전만 봅니다"
                " (pip의 --extra-index-url과 다릅니다).",
                "By default, uv looks only at the versions on the first index where it finds the"
                " name (unlike pip's --extra-index-url).",
            ),
        ),
    ),
)
