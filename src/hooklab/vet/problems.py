"""What vet could not do, said in the reader's language.

A vet report keeps its problems as English lines (`--json`, and the recorded real-server data
notebook 11 reads). Shown on a terminal or in a notebook, each line of a known shape is said in
the kit's language; the words a tool wrote inside it (uv's, npm's) stay as the tool wrote them.
A line of no known shape is shown as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hooklab.lang import Lang, Text, both, current_lang


@dataclass(frozen=True)
class Shape:
    """One kind of problem line: its English pattern, its words, and an example."""

    id: str
    pattern: re.Pattern[str]
    text: Text
    example: str


def _shape(id: str, pattern: str, ko: str, en: str, example: str) -> Shape:
    return Shape(id, re.compile(pattern, re.S), both(ko, en), example)


# A step's name before a problem ("fetch: ..."): the rest is said on its own.
STEPS: dict[str, Text] = {
    "fetch": both("받기", "fetch"),
    "static": both("정적 검토", "static"),
    "dynamic": both("리허설", "dynamic"),
}
_STEP = re.compile(rf"({'|'.join(STEPS)}): (.+)", re.S)

SHAPES: tuple[Shape, ...] = (
    _shape(
        "does-not-resolve",
        r"(?P<spec>\S+) does not resolve: (?P<why>.+)",
        "{spec}: 의존성을 풀 수 없습니다: {why}",
        "{spec} does not resolve: {why}",
        "pkg==1.0 does not resolve: Because pkg==1.0 depends on Python>=3.12",
    ),
    _shape(
        "npm-failed",
        r"(?P<who>\S+): npm failed \((?P<why>.+)\)",
        "{who}: npm이 실패했습니다 ({why})",
        "{who}: npm failed ({why})",
        "npm:pkg: npm failed (EUSAGE: usage)",
    ),
    _shape(
        "tree-does-not-resolve",
        r"(?P<who>\S+): its dependency tree does not resolve \((?P<why>.+)\)",
        "{who}: 의존성 트리를 풀 수 없습니다 ({why})",
        "{who}: its dependency tree does not resolve ({why})",
        "pkg@1.0.0: its dependency tree does not resolve (ERESOLVE: conflict)",
    ),
    _shape(
        "nothing-fetched",
        r"not rehearsed: nothing was fetched to install from",
        "리허설하지 않았습니다: 설치할 것을 하나도 받지 못했습니다",
        "not rehearsed: nothing was fetched to install from",
        "not rehearsed: nothing was fetched to install from",
    ),
    _shape(
        "not-fetched",
        r"(?P<pkg>\S+): not fetched, not reviewed",
        "{pkg}: 받지 못해 검토하지 않았습니다",
        "{pkg}: not fetched, not reviewed",
        "ajv@8.20.0: not fetched, not reviewed",
    ),
    _shape(
        "other-platform",
        r"(?P<count>\d+) optional packages are not for this platform: not fetched",
        "이 플랫폼용이 아닌 선택 패키지 {count}개: 받지 않았습니다",
        "{count} optional packages are not for this platform: not fetched",
        "31 optional packages are not for this platform: not fetched",
    ),
    _shape(
        "not-unpacked",
        r"(?P<pkg>\S+): not unpacked by npm ci",
        "{pkg}: npm ci가 풀어 놓지 않았습니다",
        "{pkg}: not unpacked by npm ci",
        "jose@5.10.0: not unpacked by npm ci",
    ),
    _shape(
        "linked",
        r"(?P<pkg>\S+): linked, not from the registry; not vetted",
        "{pkg}: 레지스트리가 아닌 링크입니다. 검사하지 않았습니다",
        "{pkg}: linked, not from the registry; not vetted",
        "node_modules/x: linked, not from the registry; not vetted",
    ),
    _shape(
        "past-limit",
        r"(?P<count>\d+) packages past the first (?P<limit>\d+) of the tree: not read",
        "트리의 처음 {limit}개 뒤의 패키지 {count}개: 읽지 않았습니다",
        "{count} packages past the first {limit} of the tree: not read",
        "12 packages past the first 5000 of the tree: not read",
    ),
    _shape(
        "sdist-unknown",
        r"what the sdist needs in turn is unknown until it is built \(not done here\)",
        "sdist가 다시 무엇을 필요로 하는지는 빌드해 봐야 압니다 (여기서는 빌드하지 않습니다)",
        "what the sdist needs in turn is unknown until it is built (not done here)",
        "what the sdist needs in turn is unknown until it is built (not done here)",
    ),
    _shape(
        "review-stopped",
        r"review stopped after (?P<seconds>\d+) s: (?P<count>\d+) packages unreviewed",
        "검토가 {seconds}초 뒤에 멈췄습니다: 검토하지 못한 패키지 {count}개",
        "review stopped after {seconds} s: {count} packages unreviewed",
        "review stopped after 600 s: 40 packages unreviewed",
    ),
    _shape(
        "not-reviewed",
        r"(?P<pkg>\S+): not reviewed: (?P<why>.+)",
        "{pkg}: 검토하지 못했습니다: {why}",
        "{pkg}: not reviewed: {why}",
        "pkg@1.0.0: not reviewed: inflates past 64 MB; refused as a bomb",
    ),
    _shape(
        "could-not-rehearse",
        r"could not rehearse (?P<how>.+?): (?P<why>.+)",
        "{how}에서 리허설하지 못했습니다: {why}",
        "could not rehearse {how}: {why}",
        "could not rehearse in bwrap: bwrap: setting up uid map: Permission denied",
    ),
    # Why a config's server is no registry package (vet.target); the general shape comes last.
    _shape(
        "shell-line",
        r"not a registry package: a shell line \(vet the package it names alone\)",
        "레지스트리 패키지가 아닙니다: 셸 명령 줄입니다 (그 줄이 부르는 패키지만 따로 검사하세요)",
        "not a registry package: a shell line (vet the package it names alone)",
        "not a registry package: a shell line (vet the package it names alone)",
    ),
    _shape(
        "container-image",
        r"not a registry package: a container image",
        "레지스트리 패키지가 아닙니다: 컨테이너 이미지입니다",
        "not a registry package: a container image",
        "not a registry package: a container image",
    ),
    _shape(
        "remote-server",
        r"not a registry package: a remote server at (?P<url>.+)",
        "레지스트리 패키지가 아닙니다: {url}에 있는 원격 서버입니다",
        "not a registry package: a remote server at {url}",
        "not a registry package: a remote server at https://mcp.example.com/sse",
    ),
    _shape(
        "no-command",
        r"not a registry package: no command",
        "레지스트리 패키지가 아닙니다: command가 없습니다",
        "not a registry package: no command",
        "not a registry package: no command",
    ),
    _shape(
        "program",
        r"not a registry package: the program (?P<program>.+)",
        "레지스트리 패키지가 아닙니다: 프로그램 {program}입니다",
        "not a registry package: the program {program}",
        "not a registry package: the program node",
    ),
    _shape(
        "local-path",
        r"not a registry package: the local path (?P<path>.+)",
        "레지스트리 패키지가 아닙니다: 로컬 경로 {path}입니다",
        "not a registry package: the local path {path}",
        "not a registry package: the local path ./local.tgz",
    ),
    _shape(
        "not-a-package",
        r"not a registry package: (?P<why>.+)",
        "레지스트리 패키지가 아닙니다: {why}",
        "not a registry package: {why}",
        "not a registry package: github:a/b (a git source without a commit follows its branch)",
    ),
)


def said(problem: str, lang: Lang | None = None) -> str:
    """`problem` in `lang` (the kit's by default) when its shape is known, else as it is."""
    lang = lang or current_lang()
    step = _STEP.fullmatch(problem)
    if step:
        return f"{STEPS[step.group(1)][lang]}: {said(step.group(2), lang)}"
    for shape in SHAPES:
        found = shape.pattern.fullmatch(problem)
        if found:
            return shape.text[lang].format(**found.groupdict())
    return problem
