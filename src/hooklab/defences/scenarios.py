"""Set-ups the notebooks and tests share, and a stable one-row view of a run.

`outcome(label, result, fx)` turns a RunResult into a row without pids, ports, paths or times,
so a notebook's saved output is the same on every run.
"""

from __future__ import annotations

import json
import os
import re
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from hooklab.defences.lab import Lab
from hooklab.defences.plans import works
from hooklab.defences.publish import publish_npm, publish_python
from hooklab.defences.releases import npm_variant, pypi_variant
from hooklab.defences.servers import Verdaccio
from hooklab.errors import HooklabError
from hooklab.fixtures import Fixture
from hooklab.lang import Catalogue, Lang, both, current_lang, say
from hooklab.model import RunResult
from hooklab.show.tables import as_table
from hooklab.volatile import steady

ACME_SCOPE = "@acme"
ACME_NPM = "@acme/hooklab-takeover-mcp"
ACME_PYPI = "acme-hooklab-takeover-mcp"
ATTACKER_VERSION = "9.9.9"
# The words of `files_and_trace`, in both languages (hooklab.lang).
TEXT: Catalogue = {
    "scripts": {"ko": "설치 스크립트 (package.json)", "en": "install scripts (package.json)"},
    "files": {"ko": "파일 · 훅이 실행한 명령", "en": "files · commands the hooks ran"},
    "written": {"ko": "훅이 고쳐 쓴 파일", "en": "files the hooks rewrote"},
    "on-disk": {"ko": "설치 뒤 파일이 보여 주는 것", "en": "what the files show after install"},
    "traced": {"ko": "추적이 본 것", "en": "what the trace saw"},
    "none": {"ko": "없음", "en": "none"},
}

# Why a run failed, in a few words: what the tool said (a pattern) -> the words, or None for
# the error code the pattern captures (npm's E-codes), which reads the same in every language.
_ERRORS = (
    (re.compile(r"npm error code (E[A-Z0-9]+)"), None),
    (re.compile(r"[Hh]ash mismatch"), "hash-mismatch"),
    (re.compile(r"filtered by `exclude-newer`"), "exclude-newer"),
    (re.compile(r"building from source is disabled"), "no-build"),
    (re.compile(r"No matching distribution|Could not find a version"), "no-wheel"),
    (re.compile(r"unsatisfiable"), "unsatisfiable"),
    (re.compile(r"is missing; was the install step skipped"), "generated-missing"),
    (re.compile(r"(E404|404 Not Found)"), "e404"),
)
FAILED: Catalogue = {
    "hash-mismatch": {"en": "hash mismatch", "ko": "해시 불일치"},
    "exclude-newer": {
        "en": "exclude-newer: nothing old enough",
        "ko": "exclude-newer: 충분히 오래된 버전 없음",
    },
    "no-build": {"en": "no wheel, and building is disabled", "ko": "휠이 없고 빌드는 막혀 있음"},
    "no-wheel": {"en": "no matching wheel", "ko": "맞는 휠 없음"},
    "unsatisfiable": {"en": "no version satisfies", "ko": "조건을 채우는 버전 없음"},
    "generated-missing": {
        "en": "program: generated file missing",
        "ko": "프로그램: 생성될 파일이 없음",
    },
    "e404": {"en": "E404", "ko": "E404"},
    "failed": {"en": "failed", "ko": "실패"},
}
_VERSION = re.compile(r"\b(\d+\.\d+\.\d+)\b")


def short_error(text: str, lang: Lang | None = None) -> str:
    """A stable few words for why a run failed, in `lang` (the kit's language)."""
    lang = lang or current_lang()
    for pattern, key in _ERRORS:
        m = pattern.search(text)
        if m:
            return say(FAILED, key, lang) if key else m.group(1)
    return say(FAILED, "failed", lang)


def hooks_that_ran(result: RunResult) -> str:
    """Which fixtures' hooks left a marker, by fixture name (markers are `<fixture>.<pid>...`)."""
    return ", ".join(sorted({m.split(".", 1)[0] for m in result.markers})) or "-"


def outcome(
    label: str, result: RunResult, fx: Fixture | None = None, hooks: bool = False
) -> dict[str, object]:
    """One row: what was run, whether install-time code ran, and what the program said.

    `hooks=True` adds which fixtures' hooks ran (for installs of more than one package).
    """
    ok = works(fx, result.stdout, result.exit_code) if fx else result.exit_code == 0
    lines = [ln for ln in result.stdout.splitlines() if ln.strip()]
    said = steady(lines[-1].strip()) if ok and lines else short_error(result.stderr + result.stdout)
    version = _VERSION.search(said) if ok else None
    row: dict[str, object] = {
        "how": label,
        "exit_code": result.exit_code,
        "hook_ran": result.hook_ran,
        "works": ok,
        "version": version.group(1) if version else "",
        "says": said[:70],
    }
    if hooks:
        row["hooks"] = hooks_that_ran(result)
    return row


def outcomes(rows: list[dict[str, object]]) -> pd.DataFrame:
    return as_table(pd.DataFrame(rows).set_index("how"))


@dataclass
class Try:
    """One command to run in a lab and show as one row (see `try_all`)."""

    argv: list[str]
    fx: Fixture | None = None
    cwd: Path | None = None
    side: str = "public"
    hooks: bool = False
    env: dict[str, str] = field(default_factory=dict)


def try_all(lab: Lab, tries: dict[str, Try], workers: int | None = None) -> pd.DataFrame:
    """Run every Try side by side (each in its own fake home and caches); rows keep the order."""

    def one(item: tuple[str, Try]) -> dict[str, object]:
        label, t = item
        result = lab.run(t.argv, side=t.side, env=t.env, cwd=t.cwd)
        return outcome(label, result, t.fx, hooks=t.hooks)

    workers = workers or (os.cpu_count() or 2) + 1
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return outcomes(list(pool.map(one, tries.items())))


def write_npmrc(folder: Path, text: str) -> Path:
    path = folder / ".npmrc"
    path.write_text(text)
    return path


def confusion_setup(lab: Lab, npm_fx: Fixture, pypi_fx: Fixture) -> None:
    """Dependency confusion: the company's own package on the internal registries (clean 1.0.0)
    and an attacker's copy of the same name, 9.9.9 with a hook, on the public ones."""
    internal_npm, internal_pypi = lab.internal
    if not internal_npm.versions(ACME_NPM):
        publish_npm(internal_npm, npm_variant(npm_fx, "1.0.0", ACME_NPM, hooked=False))
    if not lab.npm.versions(ACME_NPM):
        publish_npm(lab.npm, npm_variant(npm_fx, ATTACKER_VERSION, ACME_NPM, hooked=True))
    publish_python(internal_pypi, [pypi_variant(pypi_fx, "1.0.0", ACME_PYPI, hooked=False)])
    publish_python(lab.pypi, [pypi_variant(pypi_fx, ATTACKER_VERSION, ACME_PYPI, hooked=True)])


def mirror_with_upstream(lab: Lab, npm_fx: Fixture) -> Verdaccio:
    """A company mirror: Verdaccio that proxies the lab's public registry for everything except
    the @acme scope, which it serves only from its own storage (holding the clean @acme 1.0.0)."""
    mirror = Verdaccio(
        f"{lab.name}-mirror", reset=True, upstream=lab.npm.url, local_scopes=(ACME_SCOPE,)
    )
    lab.extra.append(mirror)
    mirror.start()
    publish_npm(mirror, npm_variant(npm_fx, "1.0.0", ACME_NPM, hooked=False))
    return mirror


def tamper_wheel(path: Path) -> None:
    """Change a wheel's bytes (not its code) in place: enough for any hash check to notice."""
    with zipfile.ZipFile(path, "a") as zf:
        zf.comment = b"swapped on the mirror"


def files_and_trace(result: RunResult, project: Path, package: str) -> pd.DataFrame:
    """An installed dependency as its files show it after the install, next to what the trace
    saw its install hooks do (a hook that erased itself looks clean only on disk)."""
    found = sorted(project.glob(f"**/node_modules/{package}"))
    if not found:
        raise HooklabError(
            both(
                f"{package}은(는) {project} 아래에 설치되어 있지 않습니다",
                f"{package} is not installed under {project}",
            )
        )
    folder = found[0]
    scripts = json.loads((folder / "package.json").read_text()).get("scripts", {})
    files = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    hooks = [p for p in result.processes if p.role == "hook" and p.package == package]
    inside = str(folder.resolve()) + "/"
    written = sorted(
        {
            e.detail.removeprefix(inside)
            for e in result.events
            if e.kind == "file_write"
            and e.pid in {p.pid for p in hooks}
            and e.detail.startswith(inside)
        }
    )
    lang = current_lang()
    none = say(TEXT, "none", lang)
    rows = {
        say(TEXT, "scripts", lang): (
            ", ".join(sorted(scripts)) or none,
            ", ".join(sorted({p.event or "?" for p in hooks})) or none,
        ),
        say(TEXT, "files", lang): (
            ", ".join(files),
            ", ".join(sorted({" ".join(p.argv) for p in hooks})) or "-",
        ),
        say(TEXT, "written", lang): ("-", ", ".join(written) or none),
    }
    columns = [say(TEXT, "on-disk", lang), say(TEXT, "traced", lang)]
    return as_table(pd.DataFrame.from_dict(rows, orient="index", columns=columns))
