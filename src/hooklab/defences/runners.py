"""Every one-shot runner side by side: the same two packages through npx (npm 11 and 12),
pnpm dlx, bunx, yarn dlx, deno run npm: and uvx, each run live under hooklab.watch.

The two packages: a fixture with its own install hook (the target's hook), and a clean
"innocent-looking" package made here whose one dependency is that fixture (the dependency's
hook). Both are served by the lab's loopback registries, so nothing reaches a public one.
The runners are the kit's own: tools/runners (pnpm, bun, deno, Yarn) and tools/node (npm 12).
pipx is left out: the kit's venv does not carry it.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import sys
import tarfile
import zipfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from hooklab.defences.lab import Lab
from hooklab.defences.nodetools import installed, node22, npm12_argv
from hooklab.defences.publish import publish_npm, publish_python
from hooklab.errors import HooklabError
from hooklab.fixtures import Fixture, all_fixtures
from hooklab.lang import both
from hooklab.model import RunResult
from hooklab.procs import run
from hooklab.tools import last_line, require_tool

RunnerKey = Literal[
    "npx-npm11", "npx-npm12", "pnpm-dlx", "bunx", "yarn-dlx", "deno-npm", "uvx", "pipx-run"
]
Role = Literal["target", "innocent"]

# The fixtures whose own hook the runners meet; the innocent package depends on them.
NPM_FIXTURE = "npm-postinstall"
PYPI_FIXTURE = "pypi-setup-py"
INNOCENT_NPM = "hooklab-runner-innocent"
INNOCENT_PY = "hooklab-runner-innocent-py"
INNOCENT_VERSION = "1.0.0"


def _installed(rel: str, what: str) -> Path:
    return installed(rel, what, tools="runners")


@dataclass(frozen=True)
class Package:
    """What a runner is asked to run: a registry name, and the bin inside it."""

    name: str
    version: str
    program: str


@dataclass(frozen=True)
class Runner:
    key: RunnerKey
    label: str  # as a user types it
    ecosystem: Literal["npm", "pypi"]
    binary: Callable[[], list[str]]  # the pinned runner's own command, found in the kit
    launch: Callable[[list[str], Package], list[str]]  # binary, package -> the full command
    # lab, the run's folder -> extra settings (it may write a config file into the folder)
    env: Callable[[Lab, Path], dict[str, str]]

    def version(self) -> str:
        """The runner's version, as the runner itself prints it."""
        proc = run([*self.binary(), "--version"], f"{self.label} --version", timeout=60)
        found = re.search(r"\bv?(\d+\.\d+\.\d+\S*)", proc.stdout)
        if proc.returncode != 0 or found is None:
            raise HooklabError(
                both(
                    f"{self.label} --version이(가) 실패했습니다 (exit {proc.returncode})",
                    f"{self.label} --version failed (exit {proc.returncode})",
                )
            )
        return found.group(1)


def _npx11() -> list[str]:
    return [require_tool("npx")]


def _pnpm() -> list[str]:
    return [str(_installed("@pnpm/exe.linux-x64/pnpm", "pnpm"))]


def _bun() -> list[str]:
    return [str(_installed("@oven/bun-linux-x64/bin/bun", "bun"))]


def _yarn() -> list[str]:
    return [str(node22()), str(_installed("@yarnpkg/cli-dist/bin/yarn.js", "Yarn"))]


def _deno() -> list[str]:
    return [str(_installed("@deno/linux-x64-glibc/deno", "deno"))]


def _spec(p: Package) -> str:
    return f"{p.name}@{p.version}"


def _npm_env(lab: Lab, scratch: Path) -> dict[str, str]:
    return {"npm_config_registry": lab.npm.url, "NPM_CONFIG_REGISTRY": lab.npm.url}


def _pnpm_env(lab: Lab, scratch: Path) -> dict[str, str]:
    # pnpm 12 reads PNPM_CONFIG_*, not npm_config_*. Like deno, it waits a day before it takes a
    # new release by default; the lab's were published a moment ago.
    return {"PNPM_CONFIG_REGISTRY": lab.npm.url, "PNPM_CONFIG_MINIMUM_RELEASE_AGE": "0"}


def _yarn_env(lab: Lab, scratch: Path) -> dict[str, str]:
    return {
        "YARN_NPM_REGISTRY_SERVER": lab.npm.url,
        "YARN_UNSAFE_HTTP_WHITELIST": "127.0.0.1",
        "YARN_ENABLE_TELEMETRY": "0",
        "YARN_ENABLE_GLOBAL_CACHE": "0",
        "YARN_NPM_MINIMAL_AGE_GATE": "0",
        "YARN_GLOBAL_FOLDER": str(scratch / "yarn-global"),
    }


def _deno_env(lab: Lab, scratch: Path) -> dict[str, str]:
    return {
        "NPM_CONFIG_REGISTRY": lab.npm.url,
        "DENO_DIR": str(scratch / "deno"),
        "DENO_NO_UPDATE_CHECK": "1",  # a fresh DENO_DIR would look up dl.deno.land
        "NO_COLOR": "1",
    }


def _uv_env(lab: Lab, scratch: Path) -> dict[str, str]:
    return lab.pypi.env()


def _pipx_env(lab: Lab, scratch: Path) -> dict[str, str]:
    # pipx keeps a venv of its own tools (pip) and fills it from the index on first use; the
    # lab's index has no pip, so the kit makes that venv from the Python it runs on (ensurepip
    # brings pip, no network), in the run's folder like every other cache.
    shared = scratch / "pipx" / "shared"
    if not shared.exists():
        made = run([sys.executable, "-m", "venv", str(shared)], "the pipx shared venv", timeout=120)
        if made.returncode != 0:
            why = last_line(made.stderr)
            raise HooklabError(
                both(
                    f"pipx의 공유 venv를 만들지 못했습니다: {why}",
                    f"could not make pipx's shared venv: {why}",
                )
            )
    return {
        **lab.pypi.env(),
        "PIPX_HOME": str(scratch / "pipx"),
        "PIPX_BIN_DIR": str(scratch / "pipx-bin"),
        "PIPX_SHARED_LIBS": str(shared),
        "PIPX_DEFAULT_PYTHON": sys.executable,
    }


RUNNERS: tuple[Runner, ...] = (
    Runner(
        "npx-npm11",
        "npx (npm 11)",
        "npm",
        _npx11,
        lambda b, p: [*b, "--yes", "--package", _spec(p), "--", p.program],
        _npm_env,
    ),
    Runner(
        "npx-npm12",
        "npx (npm 12)",
        "npm",
        lambda: npm12_argv("npx"),
        lambda b, p: [*b, "--yes", "--package", _spec(p), "--", p.program],
        _npm_env,
    ),
    Runner(
        "pnpm-dlx",
        "pnpm dlx",
        "npm",
        _pnpm,
        lambda b, p: [*b, "dlx", "--package", _spec(p), p.program],
        _pnpm_env,
    ),
    Runner(
        "bunx",
        "bunx",
        "npm",
        _bun,
        lambda b, p: [*b, "x", "--package", _spec(p), p.program],
        _npm_env,
    ),
    Runner(
        "yarn-dlx",
        "yarn dlx",
        "npm",
        _yarn,
        lambda b, p: [*b, "dlx", "--package", _spec(p), p.program],
        _yarn_env,
    ),
    Runner(
        "deno-npm",
        "deno run npm:",
        "npm",
        _deno,
        lambda b, p: [*b, "run", "-A", "--minimum-dependency-age=0", f"npm:{_spec(p)}/{p.program}"],
        _deno_env,
    ),
    Runner(
        "uvx",
        "uvx",
        "pypi",
        lambda: [require_tool("uvx")],
        lambda b, p: [*b, "--from", f"{p.name}=={p.version}", p.program],
        _uv_env,
    ),
    Runner(
        "pipx-run",
        "pipx run",
        "pypi",
        lambda: [require_tool("pipx")],
        lambda b, p: [*b, "run", "--spec", f"{p.name}=={p.version}", p.program],
        _pipx_env,
    ),
)


def runner_versions(runners: tuple[Runner, ...] = RUNNERS) -> dict[str, str]:
    """label -> version, for every runner (a missing one is an error naming how to install it)."""
    return {r.label: r.version() for r in runners}


@dataclass(frozen=True)
class RunnerRow:
    runner: str
    version: str
    package: str
    role: Role
    target_hook_ran: bool  # the package's own install hook ran (the innocent one has none)
    dependency_hook_ran: bool  # the hook of the package's dependency ran
    works: bool  # the program started and printed its own name
    exit_code: int
    seconds: float
    outside_loopback: tuple[str, ...]  # connects the trace saw to anywhere but loopback


# -- the innocent-looking packages ------------------------------------------------------------


def _tar_member(tar: tarfile.TarFile, name: str, data: bytes, mode: int = 0o644) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = len(data), mode, 0
    tar.addfile(info, io.BytesIO(data))


def innocent_npm_tarball(dep: Fixture, folder: Path) -> Path:
    """A clean package (no scripts) whose one dependency is the fixture `dep`."""
    manifest = {
        "name": INNOCENT_NPM,
        "version": INNOCENT_VERSION,
        "description": "Harmless hooklab teaching package: clean, but its dependency has a hook.",
        "license": "MIT",
        "bin": {INNOCENT_NPM: "index.js"},
        "dependencies": {dep.package: dep.version},
    }
    index = f"#!/usr/bin/env node\nconsole.log('{INNOCENT_NPM}: hello');\n"
    out = folder / f"{INNOCENT_NPM}-{INNOCENT_VERSION}.tgz"
    with tarfile.open(out, "w:gz") as tar:
        _tar_member(tar, "package/package.json", json.dumps(manifest, indent=2).encode())
        _tar_member(tar, "package/index.js", index.encode(), 0o755)
    return out


def innocent_wheel(dep: Fixture, folder: Path) -> Path:
    """A clean pure-Python wheel whose one requirement is the fixture `dep` (an sdist)."""
    dist = mod = INNOCENT_PY.replace("-", "_")
    info = f"{dist}-{INNOCENT_VERSION}.dist-info"
    files = {
        f"{mod}/__init__.py": f"def main():\n    print('{INNOCENT_PY}: hello')\n",
        f"{info}/METADATA": (
            f"Metadata-Version: 2.1\nName: {INNOCENT_PY}\nVersion: {INNOCENT_VERSION}\n"
            f"Requires-Dist: {dep.package}=={dep.version}\n"
        ),
        f"{info}/WHEEL": (
            "Wheel-Version: 1.0\nGenerator: hooklab\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
        ),
        f"{info}/entry_points.txt": f"[console_scripts]\n{INNOCENT_PY} = {mod}:main\n",
    }
    record = []
    for name, text in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b"=")
        record.append(f"{name},sha256={digest.decode()},{len(text.encode())}")
    files[f"{info}/RECORD"] = "\n".join([*record, f"{info}/RECORD,,"]) + "\n"
    out = folder / f"{dist}-{INNOCENT_VERSION}-py3-none-any.whl"
    with zipfile.ZipFile(out, "w") as whl:
        for name, text in files.items():
            whl.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), text)
    return out


# -- the run ----------------------------------------------------------------------------------


def _fixture(name: str) -> Fixture:
    for fx in all_fixtures():
        if fx.name == name:
            return fx
    raise HooklabError(
        both(f"키트의 픽스처 {name!r}이(가) 없습니다", f"the kit's fixture {name!r} is missing")
    )


def _outside_loopback(result: RunResult) -> tuple[str, ...]:
    seen = {
        e.detail
        for e in result.events
        if e.kind == "connect" and not e.detail.startswith(("127.", "[::1]", "::1", "/", "@"))
    }
    return tuple(sorted(seen))[:20]


def fixture_hook_ran(result: RunResult, fx: Fixture) -> bool:
    """Did this fixture's own hook run (not another package's)? Its marker, a canary hit, or an
    exec of its hook file."""
    return bool(result.markers or result.canary_hits) or any(
        e.kind == "exec" and e.role == "hook" and any(p in e.detail for p in fx.hook_patterns)
        for e in result.events
    )


def _row(
    runner: Runner, version: str, pkg: Package, role: Role, fx: Fixture, result: RunResult
) -> RunnerRow:
    hook = fixture_hook_ran(result, fx)
    return RunnerRow(
        runner=runner.label,
        version=version,
        package=pkg.name,
        role=role,
        target_hook_ran=hook and role == "target",
        dependency_hook_ran=hook and role == "innocent",
        works=result.exit_code == 0 and pkg.program in result.stdout,
        exit_code=result.exit_code,
        seconds=result.duration,
        outside_loopback=_outside_loopback(result),
    )


def run_side_by_side(
    runners: tuple[Runner, ...] = RUNNERS,
    workers: int = 4,
    timeout: float = 120,
    lab_name: str = "runners",
) -> list[RunnerRow]:
    """Run the target fixture and the innocent package through every runner, each run under
    watch() (fake home, fresh caches, canary, trace), the runs in parallel; one row per run."""
    versions = runner_versions(runners)
    npm_fx, py_fx = _fixture(NPM_FIXTURE), _fixture(PYPI_FIXTURE)
    packages: dict[str, list[tuple[Package, Role]]] = {
        "npm": [
            (Package(npm_fx.package, npm_fx.version, npm_fx.command), "target"),
            (Package(INNOCENT_NPM, INNOCENT_VERSION, INNOCENT_NPM), "innocent"),
        ],
        "pypi": [
            (Package(py_fx.package, py_fx.version, py_fx.command), "target"),
            (Package(INNOCENT_PY, INNOCENT_VERSION, INNOCENT_PY), "innocent"),
        ],
    }
    with Lab(lab_name, fixtures=[npm_fx, py_fx]) as lab:
        made = lab.folder("innocent")
        publish_npm(lab.npm, innocent_npm_tarball(npm_fx, made))
        publish_python(lab.pypi, [innocent_wheel(py_fx, made)])

        def one(job: tuple[Runner, Package, Role]) -> RunnerRow:
            runner, pkg, role = job
            folder = lab.folder(runner.key)
            argv = runner.launch(runner.binary(), pkg)
            fx = npm_fx if runner.ecosystem == "npm" else py_fx
            result = lab.run(
                argv,
                env=runner.env(lab, folder),
                cwd=folder,
                timeout=timeout,
                hook_patterns=tuple(fx.hook_patterns),
                program=pkg.program,
            )
            return _row(runner, versions[runner.label], pkg, role, fx, result)

        jobs = [(r, p, role) for r in runners for p, role in packages[r.ecosystem]]
        with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
            return list(pool.map(one, jobs))
