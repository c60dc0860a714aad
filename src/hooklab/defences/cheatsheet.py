"""The trainer's one-page cheat sheet, "막는 것 / 못 막는 것" (what stops it / what does not), from
the defence matrix's own cells, in Korean or English: every word of it is in the catalogue `TEXT`.

The matrix part is computed from `hooklab matrix --json` records (a saved file or a live run):
per defence, which fixtures' payloads it stopped, which still ran, and what it broke. What the
matrix does not measure (cooldowns, scope routing, the other sandboxes, review, vet, the guard,
bundles) is a fixed list of facts, each naming the notebook section whose cells show it.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from hooklab.defences.plans import COOLDOWN_DAYS, DEFENCES
from hooklab.errors import HooklabError
from hooklab.fixtures import Fixture, all_fixtures
from hooklab.lang import Catalogue, Lang, both, in_both, say

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
    """A line the matrix does not measure: its words are TEXT["<key>.name|stops|misses"]; the
    cells of `notebook` under the sections `where` names (per language) show it."""

    key: str
    notebook: str
    where: Mapping[Lang, tuple[str, ...]]

    @property
    def sections(self) -> tuple[str, ...]:
        """The headings as the notebook has them (the notebooks are Korean today)."""
        return self.where["ko"]


FACTS = (
    Fact("cooldown", "05-version-pinning", {"ko": ("3. 쿨다운",), "en": ("3. Cooldown",)}),
    Fact(
        "scope",
        "07-private-registry",
        {"ko": ("3. 의존성 혼동",), "en": ("3. Dependency confusion",)},
    ),
    Fact(
        "runners",
        "06-ignore-scripts",
        {"ko": ("8. 러너마다 다르다",), "en": ("8. Every runner is different",)},
    ),
    Fact(
        "containers",
        "08-sandbox-rehearsal",
        {
            "ko": ("같은 픽스처", "막힌 접속은 어떻게 보이나"),
            "en": ("The same fixture", "What a blocked connection looks like"),
        },
    ),
    Fact(
        "srt",
        "12-srt-and-bundles",
        {
            "ko": (
                "2. 같은 픽스처를 bwrap과 srt에서",
                "3. `denyRead` 한 줄",
                "4. MCP 서버의 실행 줄",
            ),
            "en": (
                "2. The same fixture under bwrap and srt",
                "3. One `denyRead` line",
                "4. An MCP server's launch line",
            ),
        },
    ),
    Fact("bundle", "12-srt-and-bundles", {"ko": ("5. MCP 번들",), "en": ("5. MCP bundles",)}),
    Fact(
        "review",
        "10-review",
        {
            "ko": ("2. 모든 픽스처", "4. 실제 스캐너와 비교", "5. 위험한 입력과 CI"),
            "en": ("2. Every fixture", "4. Beside a real scanner", "5. Hostile input and CI"),
        },
    ),
    Fact(
        "vet",
        "11-real-servers",
        {
            "ko": ("3. 설치 훅", "4. sdist만 있는 의존성", "6. 판정"),
            "en": ("3. Install hooks", "4. Dependencies with only an sdist", "6. Verdicts"),
        },
    ),
    Fact("guard", "09-mcp-secrets", {"ko": ("2. 출력 가드",), "en": ("2. The output guard",)}),
)

# Every word of the sheet, by message id, in each language ({name}: filled in by `sheet`).
TEXT: Catalogue = {
    "title": {
        "ko": "# 막는 것 / 못 막는 것 — 한 장 요약",
        "en": "# What stops it / what does not — one page",
    },
    "made": {
        "ko": "<!-- 만든 명령: hooklab cheatsheet{made} --sheet docs/cheatsheet-ko.md · "
        "직접 고치지 마세요 -->",
        "en": "<!-- made by: hooklab cheatsheet --lang en{made} --sheet docs/cheatsheet-en.md · "
        "do not edit by hand -->",
    },
    "intro": {
        "ko": "윗부분은 방어 매트릭스(`hooklab matrix`)의 실제 실행 {cells}칸에서 그대로 "
        "뽑았습니다 (입력 `{source}`, sha256 `{digest}`). 칸 하나가 가짜 홈·카나리·strace "
        "아래의 실행 한 번이고, 픽스처 이름은 `malicious_fixtures/`의 폴더 이름입니다. "
        "아랫부분은 매트릭스가 재지 않는 도구들이고, 줄마다 그것을 실행해 보여 주는 노트북 "
        "절을 적었습니다.",
        "en": "The first part is taken as it stands from {cells} real runs of the defence matrix "
        "(`hooklab matrix`; input `{source}`, sha256 `{digest}`). Each cell is one run under a "
        "fake home, a canary and strace, and each fixture name is a folder of "
        "`malicious_fixtures/`. The second part is the tools the matrix does not measure; each "
        "line names the notebook section whose cells run it (in the English edition too: "
        "`notebooks/en/`).",
    },
    "measured": {"ko": "## 매트릭스가 잰 것", "en": "## What the matrix measured"},
    "outside": {"ko": "## 매트릭스 밖에서 잰 것", "en": "## Measured outside the matrix"},
    "stops": {"ko": "- 막는 것: {names}", "en": "- Stops: {names}"},
    "stops_and_breaks": {
        "ko": "- 막지만 프로그램도 멈춤: {names}",
        "en": "- Stops it, but the program does not run either: {names}",
    },
    "contained": {
        "ko": "- 훅은 돌지만 밖으로 못 나감: {names}",
        "en": "- The hook runs but reaches nothing outside: {names}",
    },
    "misses": {
        "ko": "- 못 막는 것 (훅 실행됨): {names}",
        "en": "- Does not stop (the hook ran): {names}",
    },
    "cost": {"ko": "- 정당한 빌드 단계({cost})", "en": "- A legitimate build step ({cost})"},
    "fact_misses": {"ko": "- 못 막는 것: {text}", "en": "- Does not stop: {text}"},
    "nothing": {"ko": "없음", "en": "none"},
    "works": {"ko": "정상", "en": "works"},
    "broken": {"ko": "망가짐", "en": "broken"},
    "notebook": {"ko": "노트북 {nn}", "en": "notebook {nn}"},
    "conclusion": {
        "ko": "한 줄 결론: 설치 스위치는 '무엇을 실행할지', 고정·lockfile·내부 레지스트리는 '어느 "
        "버전·누구의 것'을, 샌드박스는 '어디에 닿는지'를, 리뷰와 가드는 '무엇을 말하는지'를 "
        "정합니다. 어느 하나도 나머지를 대신하지 못합니다.",
        "en": "In one line: the install switches decide 'what runs'; pins, lockfiles and an "
        "internal registry decide 'which version, and whose'; the sandbox decides 'what it can "
        "reach'; review and the guard decide 'what it says'. None of them does another's job.",
    },
    "defence.none": {
        "ko": DEFENCES["none"].what_ko,
        "en": "no defence: fetch the latest release and run it (npx -y / uvx)",
    },
    "defence.pin": {
        "ko": DEFENCES["pin"].what_ko,
        "en": "pinned to the version first reviewed (pkg@1.0.0 / pkg==1.0.0)",
    },
    "defence.lockfile": {
        "ko": DEFENCES["lockfile"].what_ko,
        "en": "installed from that version's lockfile (npm ci / uv --require-hashes)",
    },
    "defence.ignore-scripts": {
        "ko": DEFENCES["ignore-scripts"].what_ko,
        "en": "npm --ignore-scripts",
    },
    "defence.strict-allow-scripts": {
        "ko": DEFENCES["strict-allow-scripts"].what_ko,
        "en": "npm 11 --strict-allow-scripts",
    },
    "defence.npm12-default": {
        "ko": DEFENCES["npm12-default"].what_ko,
        "en": "npm 12's default (dependency scripts blocked)",
    },
    "defence.uv-no-build": {
        "ko": DEFENCES["uv-no-build"].what_ko,
        "en": "uvx --no-build (no sdist is built)",
    },
    "defence.pip-only-binary": {
        "ko": DEFENCES["pip-only-binary"].what_ko,
        "en": "pip install --only-binary :all:",
    },
    "defence.private-registry": {
        "ko": DEFENCES["private-registry"].what_ko,
        "en": "an internal registry that holds only what passed review",
    },
    "defence.cooldown": {
        "ko": DEFENCES["cooldown"].what_ko,
        "en": f"a {COOLDOWN_DAYS}-day cooldown: no release newer than that "
        "(npx --min-release-age / uvx --exclude-newer)",
    },
    "defence.sandbox": {
        "ko": DEFENCES["sandbox"].what_ko,
        "en": "files fetched outside, installed and run offline inside bwrap",
    },
    "cooldown.name": {
        "ko": "쿨다운, 도구마다 (npm 11·12 `--min-release-age`, uv `--exclude-newer`, pip "
        "`--uploaded-prior-to`, pnpm)",
        "en": "Cooldowns, tool by tool (npm 11·12 `--min-release-age`, uv `--exclude-newer`, pip "
        "`--uploaded-prior-to`, pnpm)",
    },
    "cooldown.stops": {
        "ko": "레지스트리가 게시 시각을 알려 줄 때, 갓 나온(탈취된) 버전을 건너뛰고 그 전 버전을 "
        "받음. 시각을 모르면 아무것도 받지 않음",
        "en": "when the registry gives publish times: skips the just-published (taken-over) "
        "version and takes the one before. Without the times it takes nothing",
    },
    "cooldown.misses": {
        "ko": "오래 숨은 공격(event-stream은 두 달), 처음부터 훅이 든 패키지. 레지스트리의 시각을 "
        "그대로 믿음",
        "en": "an attack that stays hidden for long (event-stream: two months), a package that "
        "had its hook from the start. It takes the registry's times on trust",
    },
    "scope.name": {
        "ko": "스코프 라우팅 (`.npmrc`의 `@acme:registry=`, uv의 첫 인덱스 우선)",
        "en": "Scope routing (`@acme:registry=` in `.npmrc`, uv's first index wins)",
    },
    "scope.stops": {
        "ko": "내부 이름을 공개 쪽에 더 높은 버전으로 올린 의존성 혼동",
        "en": "dependency confusion: an internal name published on the public side with a "
        "higher version",
    },
    "scope.misses": {
        "ko": "라우팅 없는 npm, pip `--extra-index-url`(인덱스를 합쳐 높은 버전을 고름). "
        "미러 자체는 검토가 아님: 다른 이름의 탈취 버전은 통과",
        "en": "npm without routing, pip `--extra-index-url` (merges the indexes and picks the "
        "higher version). A mirror is not a review: a taken-over version of another name passes",
    },
    "runners.name": {
        "ko": "러너의 기본값 (pnpm dlx, bunx, yarn dlx, deno)",
        "en": "The runners' defaults (pnpm dlx, bunx, yarn dlx, deno)",
    },
    "runners.stops": {
        "ko": "bunx·yarn dlx·deno는 대상과 의존성의 훅을 모두 막음",
        "en": "bunx, yarn dlx and deno block the hooks of the target and of its dependencies",
    },
    "runners.misses": {
        "ko": "pnpm dlx는 대상 자신의 `postinstall`을 실행함(의존성 훅만 막음). uvx는 sdist면 빌드 "
        "코드 실행",
        "en": "pnpm dlx runs the target's own `postinstall` (it blocks only the dependencies' "
        "hooks). uvx runs the build code of an sdist",
    },
    "containers.name": {"ko": "Docker · gVisor 샌드박스", "en": "Docker · gVisor sandboxes"},
    "containers.stops": {
        "ko": "폴더 밖 쓰기, 진짜 홈 읽기, 설치 뒤 살아남기, 카나리 접속 (막힌 시도는 기록됨)",
        "en": "writes outside the folder, reading the real home, outliving the install, reaching "
        "the canary (blocked attempts are recorded)",
    },
    "containers.misses": {
        "ko": "훅 실행 자체와 가짜 비밀 읽기 (리허설은 훅을 지켜보는 무대). "
        "시작 비용이 bwrap보다 큼",
        "en": "the hook running at all, and reading the fake secrets (a rehearsal is a stage to "
        "watch the hook on). They take longer to start than bwrap",
    },
    "srt.name": {"ko": "srt (Anthropic sandbox runtime)", "en": "srt (Anthropic sandbox runtime)"},
    "srt.stops": {
        "ko": "카나리(네트워크) 접속, 쓰기 허락 폴더 밖 쓰기",
        "en": "reaching the canary (the network), writes outside the folders allowed for writing",
    },
    "srt.misses": {
        "ko": "기본 설정은 읽기를 막지 않음: 진짜 홈의 미끼를 읽음(`denyRead`에 홈을 넣어야 막힘). "
        "MCP 서버의 출력은 그대로 모델에게 감",
        "en": "the default settings do not block reads: the hook reads the decoy in the real home "
        "(blocked only with the home in `denyRead`). An MCP server's output goes to the model as "
        "it is",
    },
    "bundle.name": {"ko": "MCP 번들 (.mcpb, sha256)", "en": "MCP bundles (.mcpb, sha256)"},
    "bundle.stops": {
        "ko": "받는 쪽의 설치와 설치 훅(node 하나만 돎), 바이트가 바뀐 파일(풀기 전에 거부)",
        "en": "the install and its hooks on the receiving side (only node runs), a file whose "
        "bytes changed (refused before unpacking)",
    },
    "bundle.misses": {
        "ko": "작성자 컴퓨터에서 한 번 일어난 설치와 번들에 든 코드는 그대로 믿음. 다시 묶으면 "
        "sha256이 바뀜",
        "en": "the install that happened once on the author's computer and the code inside the "
        "bundle are taken on trust. Packing again changes the sha256",
    },
    "review.name": {"ko": "정적 리뷰 (`hooklab review`)", "en": "Static review (`hooklab review`)"},
    "review.stops": {
        "ko": "모든 픽스처의 페이로드 줄을 `high`로 짚음. GuardDog가 놓친 빌드 백엔드·cmdclass·"
        "`.pth`도. 압축 폭탄은 64 MB 전에 거절",
        "en": "points at the payload line of every fixture as `high`, also the build backend, "
        "cmdclass and `.pth` that GuardDog missed. Refuses an archive bomb before 64 MB",
    },
    "review.misses": {
        "ko": "규칙이 아는 것만 봄. 능력만 있는 서버는 `capabilities-only` (악성 여부는 "
        "사람이 근거 줄로 판단)",
        "en": "sees only what its rules know. A server that only has capabilities is "
        "`capabilities-only` (a person judges malice from the evidence lines)",
    },
    "vet.name": {
        "ko": "`hooklab vet` (트리 전체 검토 + 리허설)",
        "en": "`hooklab vet` (the whole tree reviewed + a rehearsal)",
    },
    "vet.stops": {
        "ko": "서버 한 줄이 설치하는 트리 전체의 설치 훅 선언·실행, sdist만 있는 의존성, `.pth`, "
        "폐기 표시, 고정되지 않은 실행 줄",
        "en": "in the whole tree one server line installs: install hooks declared and run, "
        "dependencies with only an sdist, `.pth`, deprecation marks, unpinned launch lines",
    },
    "vet.misses": {
        "ko": "리허설까지 못 간 서버는 정적 판정뿐. `suspicious`는 악성 판정이 아니라 "
        "사람이 읽을 차례",
        "en": "a server that did not get as far as the rehearsal has a static verdict only. "
        "`suspicious` does not say malicious: it says a person should read now",
    },
    "guard.name": {
        "ko": "출력 가드 (`hooklab mcp guard`)",
        "en": "The output guard (`hooklab mcp guard`)",
    },
    "guard.stops": {
        "ko": "토큰 모양(`AKIA…`, `ghp_…`), 개인 키 블록, `--secret-env`로 지정한 값, 홈 경로",
        "en": "token shapes (`AKIA…`, `ghp_…`), private key blocks, values named with "
        "`--secret-env`, home paths",
    },
    "guard.misses": {
        "ko": "모양도 이름도 평범한 비밀번호(`PGPASS=hunter2hunter2`), base64로 바꾼 키",
        "en": "a password plain in shape and in name (`PGPASS=hunter2hunter2`), a key turned "
        "into base64",
    },
}


# Why a saved matrix result cannot be read, in both languages (hooklab.lang).
ERRORS: Catalogue = {
    "empty": both(
        "매트릭스 결과: 셀이 하나 이상 든 JSON 목록이어야 합니다",
        "matrix result: expected a non-empty JSON list of cells",
    ),
    "not-object": both(
        "매트릭스 결과: 셀 {i}이(가) 객체가 아닙니다", "matrix result: cell {i} is not an object"
    ),
    "fixture": both(
        "매트릭스 결과: 셀 {i}의 픽스처를 알 수 없습니다",
        "matrix result: cell {i} names an unknown fixture",
    ),
    "defence": both(
        "매트릭스 결과: 셀 {i}의 방어를 알 수 없습니다",
        "matrix result: cell {i} names an unknown defence",
    ),
    "outcome": both(
        "매트릭스 결과: 셀 {i}에 알려진 outcome이 없습니다",
        "matrix result: cell {i} has no known outcome",
    ),
    "booleans": both(
        "매트릭스 결과: 셀 {i}에 hook_ran/works 불리언 값이 없습니다",
        "matrix result: cell {i} lacks hook_ran/works booleans",
    ),
    "repeats": both(
        "매트릭스 결과: 셀 {i}은(는) {fixture} x {defence}의 중복입니다",
        "matrix result: cell {i} repeats {fixture} x {defence}",
    ),
    "unreadable": both(
        "매트릭스 결과를 읽을 수 없습니다: {why}", "cannot read matrix result: {why}"
    ),
    "too-large": both("매트릭스 결과가 {mb} MB보다 큽니다", "matrix result is larger than {mb} MB"),
    "not-json": both(
        "매트릭스 결과가 JSON이 아닙니다 (`hooklab matrix --out`이 쓴 파일이어야 합니다)",
        "matrix result is not JSON (expected `hooklab matrix --out` output)",
    ),
    "not-list": both(
        "매트릭스 결과: 셀의 JSON 목록이어야 합니다", "matrix result: expected a JSON list of cells"
    ),
}


def _error(key: str, /, **fields: object) -> HooklabError:
    return HooklabError(in_both(ERRORS, key, **fields))


def _fixtures() -> dict[str, Fixture]:
    return {fx.name: fx for fx in all_fixtures()}


def validate_cells(data: object) -> list[dict[str, Any]]:
    """The matrix records, checked: a list of cells with known fixtures, defences and outcomes."""
    if not isinstance(data, list) or not data:
        raise _error("empty")
    known = _fixtures()
    seen: set[tuple[str, str]] = set()
    cells = []
    for i, cell in enumerate(data):
        if not isinstance(cell, dict):
            raise _error("not-object", i=i)
        fixture, defence = cell.get("fixture"), cell.get("defence")
        if not isinstance(fixture, str) or fixture not in known:
            raise _error("fixture", i=i)
        if not isinstance(defence, str) or defence not in DEFENCES:
            raise _error("defence", i=i)
        if cell.get("outcome") not in OUTCOMES:
            raise _error("outcome", i=i)
        if not isinstance(cell.get("hook_ran"), bool) or not isinstance(cell.get("works"), bool):
            raise _error("booleans", i=i)
        if (fixture, defence) in seen:
            raise _error("repeats", i=i, fixture=fixture, defence=defence)
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
            raise _error("unreadable", why=exc.strerror) from None
        if len(raw) > MAX_INPUT:
            raise _error("too-large", mb=MAX_INPUT // 1024 // 1024)
        try:
            part = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
            raise _error("not-json") from None
        if not isinstance(part, list):
            raise _error("not-list")
        data += part
        digest.update(raw)
    return validate_cells(data), digest.hexdigest()


def rows(cells: list[dict[str, Any]], lang: Lang) -> list[Row]:
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
        cost = ", ".join(
            f"{c['fixture']}: {say(TEXT, 'works' if c['works'] else 'broken', lang)}" for c in legit
        )
        out.append(
            Row(
                defence,
                say(TEXT, f"defence.{defence}", lang),
                names("safe"),
                names("broken"),
                names("contained"),
                names("hook"),
                cost,
                MATRIX_NOTEBOOK[defence],
            )
        )
    return out


def _names(items: tuple[str, ...], lang: Lang) -> str:
    return ", ".join(f"`{n}`" for n in items) or say(TEXT, "nothing", lang)


def _link(notebook: str, lang: Lang, sections: tuple[str, ...] = ()) -> str:
    where = f" — {' · '.join(s.replace('`', '') for s in sections)}" if sections else ""
    label = say(TEXT, "notebook", lang, nn=notebook[:2])
    return f"[{label}{where}](../notebooks/{notebook}.ipynb)"


def sheet(cells: list[dict[str, Any]], sources: list[str], digest: str, lang: Lang) -> str:
    """The one-page sheet in `lang` as Markdown; the same cells give the same text.

    `sources` are the saved matrix files the cells came from (none: a live run).
    """
    source = " ".join(sources) or "live run"
    made = "".join(f" --from {s}" for s in sources)
    lines = [
        say(TEXT, "title", lang),
        "",
        say(TEXT, "made", lang, made=made),
        "",
        say(TEXT, "intro", lang, cells=len(cells), source=source, digest=digest[:12]),
        "",
        say(TEXT, "measured", lang),
        "",
    ]
    for row in rows(cells, lang):
        lines.append(f"**`{row.defence}`** — {row.what} · {_link(row.notebook, lang)}")
        lines.append(say(TEXT, "stops", lang, names=_names(row.stops, lang)))
        for key in ("stops_and_breaks", "contained"):
            if getattr(row, key):
                lines.append(say(TEXT, key, lang, names=_names(getattr(row, key), lang)))
        lines.append(say(TEXT, "misses", lang, names=_names(row.misses, lang)))
        if row.cost:
            lines.append(say(TEXT, "cost", lang, cost=row.cost))
        lines.append("")
    lines += [say(TEXT, "outside", lang), ""]
    for fact in FACTS:
        link = _link(fact.notebook, lang, fact.where[lang])
        lines.append(f"**{say(TEXT, f'{fact.key}.name', lang)}** · {link}")
        lines.append(say(TEXT, "stops", lang, names=say(TEXT, f"{fact.key}.stops", lang)))
        lines.append(say(TEXT, "fact_misses", lang, text=say(TEXT, f"{fact.key}.misses", lang)))
        lines.append("")
    lines.append(say(TEXT, "conclusion", lang))
    return "\n".join(lines) + "\n"


def sheet_data(
    cells: list[dict[str, Any]], sources: list[str], digest: str, lang: Lang
) -> dict[str, Any]:
    """The same content as `sheet()`, for --json."""
    facts = [
        {
            "key": f.key,
            **{part: say(TEXT, f"{f.key}.{part}", lang) for part in ("name", "stops", "misses")},
            "notebook": f.notebook,
            "sections": f.where[lang],
        }
        for f in FACTS
    ]
    return {
        "lang": lang,
        "sources": sources,
        "sha256": digest,
        "cells": len(cells),
        "matrix": [asdict(r) for r in rows(cells, lang)],
        "facts": facts,
    }


def section_shown(notebook: Path, section: str) -> bool:
    """Whether `notebook` has a markdown heading that starts with `section` (a cited fact)."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    heading = re.compile(r"^#+\s+" + re.escape(section), re.MULTILINE)
    return any(c["cell_type"] == "markdown" and heading.search("".join(c["source"])) for c in cells)
