"""The trainer's one-page cheat sheet, "막는 것 / 못 막는 것", from the defence matrix's own cells.

The matrix part is computed from `hooklab matrix --json` records (a saved file or a live run):
per defence, which fixtures' payloads it stopped, which still ran, and what it broke. What the
matrix does not measure (cooldowns, scope routing, the other sandboxes, review, vet, the guard,
bundles) is a fixed list of facts, each naming the notebook section whose cells show it.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from hooklab.defences.plans import DEFENCES
from hooklab.errors import HooklabError
from hooklab.fixtures import Fixture, all_fixtures

# The matrix's own outcome words (hooklab.defences.matrix.CellOutcome); kept here as data so
# this module (and `hooklab cheatsheet --help`) does not load pandas.
OUTCOMES = ("hook", "contained", "broken", "safe")
MAX_INPUT = 4 * 1024 * 1024
# A fixture whose install step is a real build, not an attack: blocking it is the cost.
LEGIT = "legit-build"

# Where each matrix column is run and explained.
MATRIX_NOTEBOOK = {
    "none": "05-version-pinning",
    "pin": "05-version-pinning",
    "lockfile": "05-version-pinning",
    "ignore-scripts": "06-ignore-scripts",
    "strict-allow-scripts": "06-ignore-scripts",
    "npm12-default": "06-ignore-scripts",
    "uv-no-build": "06-ignore-scripts",
    "pip-only-binary": "06-ignore-scripts",
    "private-registry": "07-private-registry",
    "cooldown": "05-version-pinning",
    "sandbox": "08-sandbox-rehearsal",
}


@dataclass(frozen=True)
class Row:
    """One matrix column read as a line of the sheet (fixture names in each list)."""

    defence: str
    what: str
    stops: tuple[str, ...]  # the payload did not run, the program worked
    stops_and_breaks: tuple[str, ...]  # the payload did not run, nor did the program
    contained: tuple[str, ...]  # ran inside the sandbox, reached nothing outside
    misses: tuple[str, ...]  # the payload ran
    cost: str  # what happened to the fixture whose install step is a real build
    notebook: str


@dataclass(frozen=True)
class Fact:
    """A line the matrix does not measure, shown by the cells of `notebook` under `sections`."""

    name: str
    stops: str
    misses: str
    notebook: str
    sections: tuple[str, ...]


FACTS = (
    Fact(
        "쿨다운, 도구마다 (npm 11·12 `--min-release-age`, uv `--exclude-newer`, pip "
        "`--uploaded-prior-to`, pnpm)",
        "레지스트리가 게시 시각을 알려 줄 때, 갓 나온(탈취된) 버전을 건너뛰고 그 전 버전을 받음. "
        "시각을 모르면 아무것도 받지 않음",
        "오래 숨은 공격(event-stream은 두 달), 처음부터 훅이 든 패키지. 레지스트리의 시각을 "
        "그대로 믿음",
        "05-version-pinning",
        ("3. 쿨다운",),
    ),
    Fact(
        "스코프 라우팅 (`.npmrc`의 `@acme:registry=`, uv의 첫 인덱스 우선)",
        "내부 이름을 공개 쪽에 더 높은 버전으로 올린 의존성 혼동",
        "라우팅 없는 npm, pip `--extra-index-url`(인덱스를 합쳐 높은 버전을 고름). "
        "미러 자체는 검토가 아님: 다른 이름의 탈취 버전은 통과",
        "07-private-registry",
        ("3. 의존성 혼동",),
    ),
    Fact(
        "러너의 기본값 (pnpm dlx, bunx, yarn dlx, deno)",
        "bunx·yarn dlx·deno는 대상과 의존성의 훅을 모두 막음",
        "pnpm dlx는 대상 자신의 `postinstall`을 실행함(의존성 훅만 막음). uvx는 sdist면 빌드 "
        "코드 실행",
        "06-ignore-scripts",
        ("8. 러너마다 다르다",),
    ),
    Fact(
        "Docker · gVisor 샌드박스",
        "폴더 밖 쓰기, 진짜 홈 읽기, 설치 뒤 살아남기, 카나리 접속 (막힌 시도는 기록됨)",
        "훅 실행 자체와 가짜 비밀 읽기 (리허설은 훅을 지켜보는 무대). 시작 비용이 bwrap보다 큼",
        "08-sandbox-rehearsal",
        ("같은 픽스처", "막힌 접속은 어떻게 보이나"),
    ),
    Fact(
        "srt (Anthropic sandbox runtime)",
        "카나리(네트워크) 접속, 쓰기 허락 폴더 밖 쓰기",
        "기본 설정은 읽기를 막지 않음: 진짜 홈의 미끼를 읽음(`denyRead`에 홈을 넣어야 막힘). "
        "MCP 서버의 출력은 그대로 모델에게 감",
        "12-srt-and-bundles",
        ("2. 같은 픽스처를 bwrap과 srt에서", "3. `denyRead` 한 줄", "4. MCP 서버의 실행 줄"),
    ),
    Fact(
        "MCP 번들 (.mcpb, sha256)",
        "받는 쪽의 설치와 설치 훅(node 하나만 돎), 바이트가 바뀐 파일(풀기 전에 거부)",
        "작성자 컴퓨터에서 한 번 일어난 설치와 번들에 든 코드는 그대로 믿음. 다시 묶으면 "
        "sha256이 바뀜",
        "12-srt-and-bundles",
        ("5. MCP 번들",),
    ),
    Fact(
        "정적 리뷰 (`hooklab review`)",
        "모든 픽스처의 페이로드 줄을 `high`로 짚음. GuardDog가 놓친 빌드 백엔드·cmdclass·`.pth`도. "
        "압축 폭탄은 64 MB 전에 거절",
        "규칙이 아는 것만 봄. 능력만 있는 서버는 `capabilities-only` (악성 여부는 사람이 근거 "
        "줄로 판단)",
        "10-review",
        ("2. 모든 픽스처", "4. 실제 스캐너와 비교", "5. 위험한 입력과 CI"),
    ),
    Fact(
        "`hooklab vet` (트리 전체 검토 + 리허설)",
        "서버 한 줄이 설치하는 트리 전체의 설치 훅 선언·실행, sdist만 있는 의존성, `.pth`, "
        "폐기 표시, 고정되지 않은 실행 줄",
        "리허설까지 못 간 서버는 정적 판정뿐. `suspicious`는 악성 판정이 아니라 사람이 읽을 차례",
        "11-real-servers",
        ("3. 설치 훅", "4. sdist만 있는 의존성", "6. 판정"),
    ),
    Fact(
        "출력 가드 (`hooklab mcp guard`)",
        "토큰 모양(`AKIA…`, `ghp_…`), 개인 키 블록, `--secret-env`로 지정한 값, 홈 경로",
        "모양도 이름도 평범한 비밀번호(`PGPASS=hunter2hunter2`), base64로 바꾼 키",
        "09-mcp-secrets",
        ("2. 출력 가드",),
    ),
)


def _fixtures() -> dict[str, Fixture]:
    return {fx.name: fx for fx in all_fixtures()}


def validate_cells(data: object) -> list[dict[str, Any]]:
    """The matrix records, checked: a list of cells with known fixtures, defences and outcomes."""
    if not isinstance(data, list) or not data:
        raise HooklabError("matrix result: expected a non-empty JSON list of cells")
    known = _fixtures()
    seen: set[tuple[str, str]] = set()
    cells = []
    for i, cell in enumerate(data):
        if not isinstance(cell, dict):
            raise HooklabError(f"matrix result: cell {i} is not an object")
        fixture, defence = cell.get("fixture"), cell.get("defence")
        if not isinstance(fixture, str) or fixture not in known:
            raise HooklabError(f"matrix result: cell {i} names an unknown fixture")
        if not isinstance(defence, str) or defence not in DEFENCES:
            raise HooklabError(f"matrix result: cell {i} names an unknown defence")
        if cell.get("outcome") not in OUTCOMES:
            raise HooklabError(f"matrix result: cell {i} has no known outcome")
        if not isinstance(cell.get("hook_ran"), bool) or not isinstance(cell.get("works"), bool):
            raise HooklabError(f"matrix result: cell {i} lacks hook_ran/works booleans")
        if (fixture, defence) in seen:
            raise HooklabError(f"matrix result: cell {i} repeats {fixture} x {defence}")
        seen.add((fixture, defence))
        cells.append(cell)
    return cells


def read_cells(paths: list[Path]) -> tuple[list[dict[str, Any]], str]:
    """Cells from saved `hooklab matrix --out FILE` results (joined), and their sha256."""
    digest = hashlib.sha256()
    data: list[Any] = []
    for path in paths:
        try:
            raw = path.read_bytes()[: MAX_INPUT + 1]
        except OSError as exc:
            raise HooklabError(f"cannot read matrix result: {exc.strerror}") from None
        if len(raw) > MAX_INPUT:
            raise HooklabError(f"matrix result is larger than {MAX_INPUT // 1024 // 1024} MB")
        try:
            part = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
            raise HooklabError(
                "matrix result is not JSON (expected `hooklab matrix --out` output)"
            ) from None
        if not isinstance(part, list):
            raise HooklabError("matrix result: expected a JSON list of cells")
        data += part
        digest.update(raw)
    return validate_cells(data), digest.hexdigest()


def rows(cells: list[dict[str, Any]]) -> list[Row]:
    """One Row a defence, in the matrix's defence order; fixtures in the matrix's order."""
    known = _fixtures()
    mechanism = {name: fx.mechanism for name, fx in known.items()}
    order = {name: i for i, name in enumerate(known)}
    cells = sorted(cells, key=lambda c: order[c["fixture"]])
    out = []
    for defence in (d for d in DEFENCES if any(c["defence"] == d for c in cells)):
        mine = [c for c in cells if c["defence"] == defence]
        attacks = [c for c in mine if mechanism[c["fixture"]] != LEGIT]

        def names(outcome: str, among: list[dict[str, Any]] = attacks) -> tuple[str, ...]:
            return tuple(c["fixture"] for c in among if c["outcome"] == outcome)

        legit = [c for c in mine if mechanism[c["fixture"]] == LEGIT]
        cost = ", ".join(f"{c['fixture']}: {'정상' if c['works'] else '망가짐'}" for c in legit)
        out.append(
            Row(
                defence,
                DEFENCES[defence].what_ko,
                names("safe"),
                names("broken"),
                names("contained"),
                names("hook"),
                cost,
                MATRIX_NOTEBOOK[defence],
            )
        )
    return out


def _names(items: tuple[str, ...]) -> str:
    return ", ".join(f"`{n}`" for n in items) or "없음"


def _link(notebook: str, sections: tuple[str, ...] = ()) -> str:
    where = f" — {' · '.join(s.replace('`', '') for s in sections)}" if sections else ""
    return f"[노트북 {notebook[:2]}{where}](../notebooks/{notebook}.ipynb)"


def sheet(cells: list[dict[str, Any]], sources: list[str], digest: str) -> str:
    """The Korean one-page sheet as Markdown; the same cells give the same text.

    `sources` are the saved matrix files the cells came from (none: a live run).
    """
    source = " ".join(sources) or "live run"
    made = "".join(f" --from {s}" for s in sources)
    lines = [
        "# 막는 것 / 못 막는 것 — 한 장 요약",
        "",
        f"<!-- 만든 명령: hooklab cheatsheet{made} --sheet docs/cheatsheet-ko.md · "
        "직접 고치지 마세요 -->",
        "",
        f"윗부분은 방어 매트릭스(`hooklab matrix`)의 실제 실행 {len(cells)}칸에서 그대로 "
        "뽑았습니다 "
        f"(입력 `{source}`, sha256 `{digest[:12]}`). 칸 하나가 가짜 홈·카나리·strace 아래의 "
        "실행 한 번이고, "
        "픽스처 이름은 `malicious_fixtures/`의 폴더 이름입니다. 아랫부분은 매트릭스가 재지 "
        "않는 도구들이고, "
        "줄마다 그것을 실행해 보여 주는 노트북 절을 적었습니다.",
        "",
        "## 매트릭스가 잰 것",
        "",
    ]
    for row in rows(cells):
        lines.append(f"**`{row.defence}`** — {row.what} · {_link(row.notebook)}")
        lines.append(f"- 막는 것: {_names(row.stops)}")
        if row.stops_and_breaks:
            lines.append(f"- 막지만 프로그램도 멈춤: {_names(row.stops_and_breaks)}")
        if row.contained:
            lines.append(f"- 훅은 돌지만 밖으로 못 나감: {_names(row.contained)}")
        lines.append(f"- 못 막는 것 (훅 실행됨): {_names(row.misses)}")
        if row.cost:
            lines.append(f"- 정당한 빌드 단계({row.cost})")
        lines.append("")
    lines += ["## 매트릭스 밖에서 잰 것", ""]
    for fact in FACTS:
        lines.append(f"**{fact.name}** · {_link(fact.notebook, fact.sections)}")
        lines.append(f"- 막는 것: {fact.stops}")
        lines.append(f"- 못 막는 것: {fact.misses}")
        lines.append("")
    lines.append(
        "한 줄 결론: 설치 스위치는 '무엇을 실행할지', 고정·lockfile·내부 레지스트리는 '어느 "
        "버전·누구의 것'을, "
        "샌드박스는 '어디에 닿는지'를, 리뷰와 가드는 '무엇을 말하는지'를 정합니다. 어느 하나도 "
        "나머지를 대신하지 못합니다."
    )
    return "\n".join(lines) + "\n"


def sheet_data(cells: list[dict[str, Any]], sources: list[str], digest: str) -> dict[str, Any]:
    """The same content as `sheet()`, for --json."""
    return {
        "sources": sources,
        "sha256": digest,
        "cells": len(cells),
        "matrix": [asdict(r) for r in rows(cells)],
        "facts": [asdict(f) for f in FACTS],
    }


def section_shown(notebook: Path, section: str) -> bool:
    """Whether `notebook` has a markdown heading that starts with `section` (a cited fact)."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    heading = re.compile(r"^#+\s+" + re.escape(section), re.MULTILINE)
    return any(c["cell_type"] == "markdown" and heading.search("".join(c["source"])) for c in cells)
