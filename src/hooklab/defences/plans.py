"""Each defence as a concrete command: how a user would install and start a fixture with it on.

`plan(lab, fx, name)` gives the command, environment and folder to run under watch, or None
when the defence does not apply to that fixture's ecosystem.
"""

from __future__ import annotations

import inspect
import shlex
import shutil
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from hooklab.defences.dated_index import DatedIndex
from hooklab.defences.lab import Lab
from hooklab.defences.lockfile import hashed_requirements, npm_lock_project
from hooklab.defences.nodetools import npm12_argv
from hooklab.defences.releases import (
    publish_dated,
    release_times,
    release_versions,
    set_npm_times,
)
from hooklab.fixtures import Fixture
from hooklab.watch import watch


@dataclass(frozen=True)
class Defence:
    name: str
    ecosystems: tuple[str, ...]
    what_ko: str


@dataclass
class Plan:
    argv: list[str]
    env: dict[str, str] = field(default_factory=dict)
    cwd: Path | None = None
    side: str = "public"
    watch_kwargs: dict[str, Any] = field(default_factory=dict)


BOTH = ("npm", "pypi")
COOLDOWN_DAYS = 7  # the cooldown defence's wait, and the one notebook 05 shows
DEFENCES = {
    d.name: d
    for d in (
        Defence("none", BOTH, "아무 방어 없이 최신판을 받아 실행 (npx -y / uvx)"),
        Defence("pin", BOTH, "처음 검토한 버전으로 고정 (pkg@1.0.0 / pkg==1.0.0)"),
        Defence("lockfile", BOTH, "그 버전의 lockfile로 설치 (npm ci / uv --require-hashes)"),
        Defence("ignore-scripts", ("npm",), "npm --ignore-scripts"),
        Defence("strict-allow-scripts", ("npm",), "npm 11 --strict-allow-scripts"),
        Defence("npm12-default", ("npm",), "npm 12의 기본값 (의존성 스크립트 차단)"),
        Defence("uv-no-build", ("pypi",), "uvx --no-build (sdist 빌드 금지)"),
        Defence("pip-only-binary", ("pypi",), "pip install --only-binary :all:"),
        Defence("private-registry", BOTH, "검토를 통과한 것만 있는 내부 레지스트리"),
        Defence(
            "cooldown",
            BOTH,
            f"{COOLDOWN_DAYS}일 쿨다운: 그보다 새 릴리스는 받지 않음 "
            "(npx --min-release-age / uvx --exclude-newer)",
        ),
        Defence("sandbox", BOTH, "밖에서 받아 둔 파일을 bwrap 안에서 오프라인 설치·실행"),
    )
}


_dated_lock = threading.Lock()

# The sandbox has no network, not even to the host's loopback: the artefact is fetched on the
# host first and installed from a local file inside, offline.
_OFFLINE = {"npm_config_offline": "true", "npm_config_fetch_retries": "0", "UV_OFFLINE": "1"}
_BWRAP = {"sandbox": "bwrap"}


def sandbox_available() -> bool:
    """True when hooklab.watch.watch takes `sandbox=` (added by the sandbox work)."""
    return "sandbox" in inspect.signature(watch).parameters


def defence_names() -> list[str]:
    return [n for n in DEFENCES if n != "sandbox" or sandbox_available()]


def program_args(fx: Fixture) -> list[str]:
    """Arguments that make the program answer and exit (an MCP server would wait on stdin)."""
    return ["--version"] if fx.mechanism == "takeover" else []


def works(fx: Fixture, stdout: str, exit_code: int) -> bool:
    """Did the program the user wanted run? It exits 0 and prints its own name."""
    return exit_code == 0 and fx.command in stdout


def _sh(*commands: list[str]) -> list[str]:
    return ["sh", "-c", " && ".join(shlex.join(c) for c in commands)]


def _npm(lab: Lab, fx: Fixture, name: str) -> Plan | None:
    args = program_args(fx)
    first = release_versions(fx)[0]
    npx = ["npx", "--yes"]
    if name in ("none", "private-registry"):
        return Plan([*npx, fx.package, *args], side="public" if name == "none" else "internal")
    if name == "pin":
        return Plan([*npx, f"{fx.package}@{first}", *args])
    if name == "lockfile":
        project = npm_lock_project(lab.npm, fx, first, lab.folder("npm-lock"))
        return Plan(_sh(["npm", "ci"], [f"node_modules/.bin/{fx.command}", *args]), cwd=project)
    if name == "ignore-scripts":
        return Plan([*npx, "--ignore-scripts", fx.package, *args])
    if name == "strict-allow-scripts":
        return Plan([*npx, "--strict-allow-scripts", fx.package, *args])
    if name == "npm12-default":
        return Plan([*npm12_argv("npx"), "--yes", fx.package, *args])
    if name == "cooldown":
        # The registry says when each release came out: the older one a month ago, the newest
        # an hour ago (see releases.release_times); the kit writes those times, as a note says.
        set_npm_times(lab.npm, fx.package, release_times(fx, datetime.now(UTC)))
        return Plan([*npx, f"--min-release-age={COOLDOWN_DAYS}", fx.package, *args])
    if name == "sandbox":
        folder = lab.folder("sandbox")
        tgz = lab.npm.download(fx.package, release_versions(fx)[-1], folder)
        argv = [*npx, "--package", f"./{tgz.name}", fx.command, *args]
        return Plan(argv, env=_OFFLINE, cwd=folder, watch_kwargs=_BWRAP)
    return None


def _pypi(lab: Lab, fx: Fixture, name: str) -> Plan | None:
    args = program_args(fx)
    first = release_versions(fx)[0]
    uvx = ["uvx", "--from"]
    venv = ["uv", "venv", "-q", "v"]
    if name in ("none", "private-registry"):
        side = "public" if name == "none" else "internal"
        return Plan([*uvx, fx.package, fx.command, *args], side=side)
    if name == "pin":
        return Plan([*uvx, f"{fx.package}=={first}", fx.command, *args])
    if name == "lockfile":
        folder = lab.folder("py-lock")
        reqs = hashed_requirements(lab.pypi, fx, first, folder)
        install = [
            "uv",
            "pip",
            "install",
            "-q",
            "--python",
            "v",
            "--require-hashes",
            "-r",
            reqs.name,
        ]
        return Plan(_sh(venv, install, [f"v/bin/{fx.command}", *args]), cwd=folder)
    if name == "uv-no-build":
        return Plan(["uvx", "--no-build", "--from", fx.package, fx.command, *args])
    if name == "cooldown":
        index = dated_index(lab)
        publish_dated(fx, index)
        cooled = ["uvx", "--exclude-newer", f"{COOLDOWN_DAYS} days", "--from", fx.package]
        return Plan([*cooled, fx.command, *args], env=index.env())
    if name == "pip-only-binary":
        pip = [
            "pip",
            "--python",
            "v/bin/python",
            "install",
            "-q",
            "--only-binary",
            ":all:",
            fx.package,
        ]
        return Plan(_sh(venv, pip, [f"v/bin/{fx.command}", *args]), cwd=lab.folder("pip"))
    if name == "sandbox":
        folder = lab.folder("sandbox")
        for f in [*lab.pypi.packages.iterdir()]:
            shutil.copy2(f, folder / f.name)  # the index's files, setuptools included
        local = ["uvx", "--offline", "--no-index", "--find-links", "."]
        argv = [*local, "--from", f"{fx.package}=={release_versions(fx)[-1]}", fx.command, *args]
        return Plan(argv, env=_OFFLINE, cwd=folder, watch_kwargs=_BWRAP)
    return None


def dated_index(lab: Lab) -> DatedIndex:
    """The lab's Python index that reports upload times (PEP 700), started on first use and
    stopped with the lab: pypiserver reports none, so a cooldown could not work against it."""
    with _dated_lock:
        for server in lab.extra:
            if isinstance(server, DatedIndex):
                return server
        index = DatedIndex(f"{lab.name}-dated", reset=True)
        lab.extra.append(index)
        index.start()
        return index


def plan(lab: Lab, fx: Fixture, name: str) -> Plan | None:
    if name not in DEFENCES:
        known = ", ".join(DEFENCES)
        raise KeyError(f"unknown defence {name!r}; known: {known}")
    if fx.ecosystem not in DEFENCES[name].ecosystems:
        return None
    return (_npm if fx.ecosystem == "npm" else _pypi)(lab, fx, name)
