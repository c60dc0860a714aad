"""A private registry that serves only vetted packages: vet on the public side, then promote.

Vetting does two things to one exact version from the public registry: it reads the artefact
with hooklab.review (no code runs) and installs and starts it under hooklab.watch (fake home,
canary, tracer). A version is not promoted when the install ran code or the review rates its
install-time code high, unless a person approved that package's install step by name.
Promotion copies the files from the public registry.
"""

from __future__ import annotations

import os
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from hooklab.defences.lab import Lab
from hooklab.defences.plans import program_args, works
from hooklab.defences.publish import publish_npm, publish_python
from hooklab.defences.releases import release_versions
from hooklab.defences.servers import registry_error
from hooklab.fixtures import Fixture
from hooklab.lang import Catalogue, Lang, current_lang, say
from hooklab.model import LEVELS, Level, RunResult
from hooklab.review import review
from hooklab.show.tables import as_table

# Why a version was promoted or not.
REASONS: Catalogue = {
    "approved": {"en": "approved install step", "ko": "사람이 승인한 설치 단계"},
    "no-start": {"en": "the program did not start", "ko": "프로그램이 시작되지 않음"},
    "ran": {"en": "install-time code ran", "ko": "설치 중에 코드가 실행됨"},
    "flagged": {
        "en": "review: install-time code rated high",
        "ko": "리뷰: 설치 시점 코드가 high 등급",
    },
    "clean": {
        "en": "no install-time code ran or was found",
        "ko": "설치 중 실행된 코드도, 발견된 코드도 없음",
    },
}


@dataclass
class Vetting:
    fixture: str
    ecosystem: str
    package: str
    version: str
    review_install: Level  # the static review's level for install-time code
    hook_ran: bool
    works: bool
    promoted: bool
    reason: str


def vet(lab: Lab, fx: Fixture, version: str) -> RunResult:
    """Install and start exactly `version` from the public registry, watched (an identical
    earlier run in this lab counts)."""
    args = program_args(fx)
    if fx.ecosystem == "npm":
        return lab.run(["npx", "--yes", f"{fx.package}@{version}", *args], reuse=True)
    return lab.run(["uvx", "--from", f"{fx.package}=={version}", fx.command, *args], reuse=True)


def artefacts(lab: Lab, fx: Fixture, version: str, folder: Path) -> list[Path]:
    """The files the public registry serves for one version (npm: downloaded into `folder`)."""
    if fx.ecosystem == "npm":
        return [lab.npm.download(fx.package, version, folder)]
    prefix = f"{fx.package.replace('-', '_')}-{version}"
    files = [p for p in sorted(lab.pypi.packages.iterdir()) if p.name.startswith(prefix)]
    if not files:
        raise registry_error(
            "not-in-index", package=fx.package, version=version, name=lab.pypi.name
        )
    return files


def review_level(files: list[Path]) -> Level:
    """The worst install-time level hooklab.review gives any of the files."""
    found = {review(f).level("install") for f in files}
    return next((level for level in reversed(LEVELS) if level in found), "low")


def promote(lab: Lab, fx: Fixture, version: str) -> None:
    """Copy one version's files from the public registry to the internal one."""
    npm, pypi = lab.internal
    if fx.ecosystem == "npm" and version in npm.versions(fx.package):
        return
    with tempfile.TemporaryDirectory(prefix="promote-") as tmp:
        files = artefacts(lab, fx, version, Path(tmp))
        if fx.ecosystem == "npm":
            publish_npm(npm, files[0])
        else:
            publish_python(pypi, files)


def decide(
    fx: Fixture,
    version: str,
    result: RunResult,
    review_install: Level = "low",
    approved: tuple[str, ...] = (),
    lang: Lang | None = None,
) -> Vetting:
    """Promote or not, and why (said in `lang`, by default the kit's language)."""
    ran = result.hook_ran
    ok = works(fx, result.stdout, result.exit_code)
    flagged = review_install == "high"
    if fx.package in approved:
        promote_it, why = ok, "approved" if ok else "no-start"
    elif ran:
        promote_it, why = False, "ran"
    elif flagged:
        promote_it, why = False, "flagged"
    elif not ok:
        promote_it, why = False, "no-start"
    else:
        promote_it, why = True, "clean"
    reason = say(REASONS, why, lang or current_lang())
    return Vetting(
        fx.name, fx.ecosystem, fx.package, version, review_install, ran, ok, promote_it, reason
    )


def vet_and_promote(
    lab: Lab,
    fixtures: list[Fixture] | None = None,
    approved: tuple[str, ...] = (),
    results: dict[tuple[str, str], RunResult] | None = None,
) -> list[Vetting]:
    """Review and trace every published version of each fixture; promote the ones that pass.

    `results` may hold runs already made of (fixture name, version) installs to reuse.
    """
    pairs = [
        (fx, version)
        for fx in (fixtures if fixtures is not None else lab.fixtures)
        for version in release_versions(fx)
    ]

    def check(pair: tuple[Fixture, str]) -> tuple[Level, RunResult]:
        fx, version = pair
        with tempfile.TemporaryDirectory(prefix="vet-") as tmp:
            level = review_level(artefacts(lab, fx, version, Path(tmp)))
        return level, (results or {}).get((fx.name, version)) or vet(lab, fx, version)

    with ThreadPoolExecutor(max_workers=(os.cpu_count() or 2) + 1) as pool:
        checked = list(pool.map(check, pairs))
    decisions = []
    for (fx, version), (level, result) in zip(pairs, checked, strict=True):
        d = decide(fx, version, result, level, approved)
        if d.promoted:
            promote(lab, fx, version)
        decisions.append(d)
    return decisions


def review_summaries(lab: Lab, decisions: list[Vetting], lang: str | None = None) -> pd.DataFrame:
    """What the static review says about each version that was not promoted (file:line), in
    `lang` (the kit's language by default)."""
    rows = []
    for d in decisions:
        if d.promoted:
            continue
        with tempfile.TemporaryDirectory(prefix="vet-") as tmp:
            files = artefacts(lab, lab.fixture(d.fixture), d.version, Path(tmp))
            rows.append((d.fixture, d.version, review(files[0]).summary(lang)))
    return as_table(pd.DataFrame(rows, columns=["fixture", "version", "review"]))


def vetting_frame(decisions: list[Vetting]) -> pd.DataFrame:
    cols = [
        "fixture",
        "version",
        "review_install",
        "hook_ran",
        "works",
        "promoted",
        "reason",
    ]
    return as_table(
        pd.DataFrame([{c: getattr(d, c) for c in cols} for d in decisions], columns=cols)
    )
