"""Cooldowns shown working: registries that say when each release came out, and the installers'
cooldown switches run against them.

`date_lab(lab, npm_fx, py_fx)` makes the lab's Verdaccio report the npm fixture's older release
as a month old and the newest as an hour old, and starts a `DatedIndex` (stopped with the lab)
that reports the same for the Python fixture. `run_cooldowns` then runs every tool with its
cooldown switch and without, each run under hooklab.watch, and says which version it took.
"""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Literal

import pandas as pd

from hooklab.defences.dated_index import JSON_TYPE, DatedIndex, dist_of
from hooklab.defences.lab import Lab
from hooklab.defences.plans import COOLDOWN_DAYS, dated_index, program_args
from hooklab.defences.releases import publish_dated
from hooklab.defences.runners import RUNNERS
from hooklab.defences.scenarios import Try, try_all
from hooklab.defences.servers import http_request
from hooklab.errors import HooklabError
from hooklab.fixtures import Fixture
from hooklab.lang import Catalogue, Lang, both, current_lang, say
from hooklab.show.tables import as_table
from hooklab.tools import tool_version

NONE = "-"
# What the cooldown tables say in words, in both languages (hooklab.lang).
TEXT: Catalogue = {
    "days": {"ko": "{n}일", "en": "{n} day{s}"},
    "hours": {"ko": "{n}시간", "en": "{n} hour{s}"},
    "minutes": {"ko": "{n}분", "en": "{n} minute{s}"},
    "under-a-minute": {"ko": "1분 미만", "en": "under a minute"},
    "ago": {"ko": "{age} 전", "en": "{age} ago"},
    "none": {"ko": "없음", "en": "none"},
    "default": {"ko": "(기본값)", "en": "(default)"},
    "took-nothing": {"ko": "아무것도 받지 않음 ({says})", "en": "took nothing ({says})"},
    "newest": {
        "ko": "가장 새 버전 {picked}({age} 전 게시)",
        "en": "newest version {picked} ({age} old)",
    },
    "skipped": {
        "ko": "{newest}({newest_age} 전 게시) 건너뜀 → {picked}({age} 전 게시)",
        "en": "skipped {newest} ({newest_age} old) → {picked} ({age} old)",
    },
}


@dataclass
class DatedLab:
    """What `date_lab` set up: the dated Python index and the publish times the kit gave."""

    index: DatedIndex
    now: datetime
    times: dict[str, dict[str, datetime]]  # ecosystem -> version -> published


def date_lab(lab: Lab, npm_fx: Fixture, py_fx: Fixture) -> DatedLab:
    """Date the npm fixture's releases on the lab's Verdaccio and serve the Python fixture's
    from a new dated index (see `releases.release_times` for the ages)."""
    now = datetime.now(UTC)
    index = dated_index(lab)
    npm_times = publish_dated(npm_fx, lab.npm, now)
    return DatedLab(index, now, {"npm": npm_times, "pypi": publish_dated(py_fx, index, now)})


def age(delta: timedelta, lang: Lang | None = None) -> str:
    """A whole number of days, hours or minutes, rounded down ("30일", "1 hour"), in `lang`
    (the kit's language by default)."""
    lang = lang or current_lang()
    seconds = int(delta.total_seconds())
    for unit, key in ((86400, "days"), (3600, "hours"), (60, "minutes")):
        if seconds >= unit:
            n = seconds // unit
            return say(TEXT, key, lang, n=n, s="" if n == 1 else "s")
    return say(TEXT, "under-a-minute", lang)


def reported(lab: Lab, dated: DatedLab, npm_fx: Fixture, py_fx: Fixture) -> pd.DataFrame:
    """What each registry answers right now about when each release came out (live requests:
    Verdaccio's packument `time`, the dated index's PEP 700 `upload-time`)."""
    rows = []
    doc = lab.npm.packument(npm_fx.package) or {}
    for version in doc.get("versions", {}):
        when = _parse(doc.get("time", {}).get(version))
        rows.append(("Verdaccio", "packument time", npm_fx.package, version, when))
    status, body = http_request(
        dated.index.port,
        "GET",
        f"/simple/{py_fx.package}/",
        headers={"Accept": JSON_TYPE},
    )
    if status != 200:
        raise HooklabError(
            both(
                f"dated index가 {py_fx.package}의 목록을 주지 않았습니다 (HTTP {status})",
                f"the dated index did not list {py_fx.package} (HTTP {status})",
            )
        )
    for entry in json.loads(body).get("files", []):
        when = _parse(entry.get("upload-time"))
        version = (dist_of(entry["filename"]) or ("", ""))[1]
        rows.append(("dated index", "upload-time", entry["filename"], version, when))
    frame = pd.DataFrame(rows, columns=["registry", "field", "served", "version", "published"])
    lang = current_lang()
    frame["age"] = [
        say(TEXT, "ago", lang, age=age(dated.now - t, lang)) if t else say(TEXT, "none", lang)
        for t in frame["published"]
    ]
    return as_table(frame.drop(columns="published"))


def _parse(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


@dataclass(frozen=True)
class Cooldown:
    """One tool run with or without its cooldown switch."""

    tool: str  # as a user types it
    version: Callable[[], str]  # the tool's own version
    switch: str  # the switch as typed, or NONE
    ecosystem: Literal["npm", "pypi"]
    argv: Callable[[Fixture], list[str]]
    env: Callable[[Lab], dict[str, str]] = field(default=lambda lab: {})
    project: bool = False  # runs in a folder of its own (makes a venv there)


def _short(text: str | None) -> str:
    found = re.search(r"\d+\.\d+(\.\d+)?", text or "")
    if found is None:
        raise HooklabError(
            both(f"{text!r}에서 버전을 읽지 못했습니다", f"could not read a version from {text!r}")
        )
    return found.group(0)


def _runner_version(key: str) -> Callable[[], str]:
    runner = next(r for r in RUNNERS if r.key == key)
    return runner.version


def _venv_install(install: list[str]) -> Callable[[Fixture], list[str]]:
    """Make a venv `v`, install the fixture into it with `install`, start its program."""

    def argv(fx: Fixture) -> list[str]:
        steps = [
            ["uv", "venv", "-q", "v"],
            [*install, fx.package],
            [f"v/bin/{fx.command}", *program_args(fx)],
        ]
        return ["sh", "-c", " && ".join(shlex.join(s) for s in steps)]

    return argv


def _pnpm_env(minutes: str | None) -> Callable[[Lab], dict[str, str]]:
    def env(lab: Lab) -> dict[str, str]:
        wait = {"PNPM_CONFIG_MINIMUM_RELEASE_AGE": minutes} if minutes is not None else {}
        return {"PNPM_CONFIG_REGISTRY": lab.npm.url, **wait}

    return env


def cooldowns(days: int = COOLDOWN_DAYS) -> list[Cooldown]:
    """Each tool with its cooldown of `days` and without it (pnpm also with its default)."""
    uv_pip = ["uv", "pip", "install", "-q", "--python", "v"]
    pip = ["pip", "--python", "v/bin/python", "install", "-q"]
    uv_days, pip_days, npm_days = f"{days} days", f"P{days}D", f"--min-release-age={days}"
    uv_version = lambda: _short(tool_version("uv"))  # noqa: E731
    pip_version = lambda: _short(tool_version("pip"))  # noqa: E731
    npx12 = _runner_version("npx-npm12")
    pnpm = [*next(r for r in RUNNERS if r.key == "pnpm-dlx").binary(), "dlx"]
    rows = [
        Cooldown(
            "uv pip install",
            uv_version,
            f'--exclude-newer "{uv_days}"',
            "pypi",
            _venv_install([*uv_pip, "--exclude-newer", uv_days]),
            project=True,
        ),
        Cooldown("uv pip install", uv_version, NONE, "pypi", _venv_install(uv_pip), project=True),
        Cooldown(
            "uvx",
            uv_version,
            f'--exclude-newer "{uv_days}"',
            "pypi",
            lambda fx: (
                ["uvx", "--exclude-newer", uv_days, "--from", fx.package, fx.command]
                + program_args(fx)
            ),
        ),
        Cooldown(
            "pip install",
            pip_version,
            f"--uploaded-prior-to {pip_days}",
            "pypi",
            _venv_install([*pip, "--uploaded-prior-to", pip_days]),
            project=True,
        ),
        Cooldown(
            "pip install",
            pip_version,
            NONE,
            "pypi",
            _venv_install(pip),
            project=True,
        ),
        Cooldown(
            "npx",
            _runner_version("npx-npm11"),
            npm_days,
            "npm",
            lambda fx: ["npx", "--yes", npm_days, fx.package, *program_args(fx)],
        ),
        Cooldown(
            "npx",
            _runner_version("npx-npm11"),
            NONE,
            "npm",
            lambda fx: ["npx", "--yes", fx.package, *program_args(fx)],
        ),
        Cooldown(
            "npx",
            npx12,
            npm_days,
            "npm",
            lambda fx: [*_npx12(), "--yes", npm_days, fx.package, *program_args(fx)],
        ),
        Cooldown(
            "pnpm dlx",
            _runner_version("pnpm-dlx"),
            f"minimumReleaseAge={days * 24 * 60}",
            "npm",
            lambda fx: [*pnpm, fx.package, *program_args(fx)],
            _pnpm_env(str(days * 24 * 60)),
        ),
        Cooldown(
            "pnpm dlx",
            _runner_version("pnpm-dlx"),
            "minimumReleaseAge=0",
            "npm",
            lambda fx: [*pnpm, fx.package, *program_args(fx)],
            _pnpm_env("0"),
        ),
        Cooldown(
            "pnpm dlx",
            _runner_version("pnpm-dlx"),
            say(TEXT, "default", current_lang()),
            "npm",
            lambda fx: [*pnpm, fx.package, *program_args(fx)],
            _pnpm_env(None),
        ),
    ]
    return rows


def _npx12() -> list[str]:
    return next(r for r in RUNNERS if r.key == "npx-npm12").binary()


_PIP_ENV = {"PIP_CONFIG_FILE": "/dev/null", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}


def run_cooldowns(
    lab: Lab,
    dated: DatedLab,
    npm_fx: Fixture,
    py_fx: Fixture,
    rows: list[Cooldown] | None = None,
) -> pd.DataFrame:
    """Run every cooldown row live (side by side) against the dated registries; one row each:
    tool and its version, switch, the version it took, whether a hook ran, and why."""
    rows = rows if rows is not None else cooldowns()
    versions: dict[Callable[[], str], str] = {}
    for r in rows:
        versions.setdefault(r.version, r.version())
    tries = {}
    for i, r in enumerate(rows):
        fx = npm_fx if r.ecosystem == "npm" else py_fx
        env = {**(dated.index.env() if r.ecosystem == "pypi" else {}), **_PIP_ENV, **r.env(lab)}
        cwd = lab.folder("cooldown") if r.project else None
        tries[f"{i}"] = Try(r.argv(fx), fx, cwd=cwd, env=env)
    ran = try_all(lab, tries)
    out = []
    lang = current_lang()
    for i, r in enumerate(rows):
        got = ran.loc[f"{i}"]
        picked = str(got["version"])
        out.append(
            {
                "tool": f"{r.tool} {versions[r.version]}",
                "switch": r.switch,
                "version": picked or "-",
                "hook_ran": bool(got["hook_ran"]),
                "why": _why(dated, r.ecosystem, picked, str(got["says"]), lang),
            }
        )
    return as_table(pd.DataFrame(out))


def _why(dated: DatedLab, ecosystem: str, picked: str, says: str, lang: Lang) -> str:
    times = dated.times[ecosystem]
    newest = max(times, key=lambda v: times[v])
    if not picked:
        return say(TEXT, "took-nothing", lang, says=says)
    picked_age = age(dated.now - times[picked], lang)
    if picked == newest:
        return say(TEXT, "newest", lang, picked=picked, age=picked_age)
    newest_age = age(dated.now - times[newest], lang)
    return say(
        TEXT, "skipped", lang, newest=newest, newest_age=newest_age, picked=picked, age=picked_age
    )
