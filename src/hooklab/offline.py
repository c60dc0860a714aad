"""The offline kit (scripts/offline-bundle.sh): what it carries and how a run is pointed at it.

A trainer's machine without network sets HOOKLAB_KIT (the kit's env.sh does). Then every command
the kit runs for a reader gets its packages from the kit instead of the public registries:
uv and pip read the kit's wheels, and a fresh npm cache starts as a copy of the kit's. Commands
aimed at the kit's own loopback registries are left alone.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path

from hooklab.errors import HooklabError
from hooklab.lang import both
from hooklab.tools import require_tool, run_tool

KIT_ENV = "HOOKLAB_KIT"
NPM_CACHE = "npm-run-cache"
WHEELS = "wheels"

# What the notebooks and fixtures fetch from the public registries while they run. npm commands
# are run once, online, into the kit's cache, so the cache holds exactly what they resolve to.
NPM_RUNS = (
    ("npx", "--yes", "cowsay@1.5.0", "Hello, MCP!"),
    ("npx", "--yes", "httpie@3.2.2", "http", "--version"),  # fails (ETARGET); the answer is kept
    # notebook 05's erratum: whose the npm name `httpie` is (npm view reads the full packument)
    ("npm", "view", "httpie@1.1.2", "name", "description", "author", "repository", "--json"),
    ("npx", "--yes", "esbuild@0.24.0", "--version"),  # runs a real postinstall
)
PYPI_REQUIREMENTS = ("httpie==3.2.2",)
# Commands that never start npm, so a run of theirs needs no copy of the kit's npm cache.
PYTHON_INSTALLERS = frozenset({"uv", "uvx", "pip", "pip3"})


def kit() -> Path | None:
    """The offline kit this process was pointed at, if any."""
    value = os.environ.get(KIT_ENV)
    if not value:
        return None
    path = Path(value)
    if not (path / WHEELS).is_dir():
        raise HooklabError(
            both(
                f"{KIT_ENV}={value}은(는) 오프라인 키트가 아닙니다 (안에 {WHEELS}/이(가) 없음)",
                f"{KIT_ENV}={value} is not an offline kit (no {WHEELS}/ in it)",
            )
        )
    return path.resolve()


def _loopback(url: str | None) -> bool:
    return url is not None and ("//127.0.0.1" in url or "//localhost" in url)


def goes_public(env: Mapping[str, str], ecosystem: str) -> bool:
    """Whether a command with this environment would ask a public registry (not a loopback one)."""
    if ecosystem == "npm":
        return not _loopback(env.get("npm_config_registry"))
    if ecosystem == "uv":
        return not _loopback(env.get("UV_DEFAULT_INDEX") or env.get("UV_INDEX_URL"))
    return not _loopback(env.get("PIP_INDEX_URL"))


def point_at_kit(env: dict[str, str], command: str | None = None) -> dict[str, str]:
    """Point a child's environment at the kit's packages (in place); a no-op without a kit.

    uv and pip go offline with the kit's wheels, and npm goes offline, unless the environment
    names a loopback index or registry (the kit's own); an npm cache folder that does not exist
    yet starts as a copy of the kit's, unless `command` is a Python installer that never runs npm.
    """
    where = kit()
    if where is None:
        return env
    wheels = str(where / WHEELS)
    if goes_public(env, "uv"):
        env.update(UV_OFFLINE="1", UV_NO_INDEX="1", UV_FIND_LINKS=wheels)
    if goes_public(env, "pip"):
        env.update(PIP_NO_INDEX="1", PIP_FIND_LINKS=wheels)
    if goes_public(env, "npm"):
        env["npm_config_offline"] = "true"
    cache = env.get("npm_config_cache")
    if cache and Path(command or "").name not in PYTHON_INSTALLERS:
        seed_npm_cache(Path(cache), where / NPM_CACHE)
    return env


def seed_npm_cache(cache: Path, source: Path) -> None:
    """Start a new npm cache as a copy of `source` (the kit's, or vet's): content files linked
    (npm never rewrites them), index files copied (npm appends to them). npx's installs
    (`_npx`) are left out, so a package's install scripts run again in the new cache."""
    if cache.exists() or not source.is_dir():
        return

    def link_or_copy(src: str, dst: str) -> None:
        if "/content-v2/" in src:
            try:
                os.link(src, dst)
                return
            except OSError:
                pass
        shutil.copy2(src, dst)

    # npm's own scratch (`tmp`, `_logs`) may change under the copy when another run shares the
    # source; it is never needed, and a file that still vanishes is one line, not a traceback.
    try:
        shutil.copytree(
            source,
            cache,
            copy_function=link_or_copy,
            ignore=shutil.ignore_patterns("_npx", "_logs", "tmp"),
        )
    except (shutil.Error, OSError) as exc:
        raise HooklabError(
            both(
                f"이 실행에 쓸 npm 캐시 {source}을(를) 복사하지 못했습니다 ({type(exc).__name__})."
                " 다른 실행이 그 캐시를 바꾸고 있나요? 다시 해 보세요",
                f"could not copy the npm cache {source} for this run ({type(exc).__name__}); "
                "is another run changing it? try again",
            )
        ) from None


def collect(where: Path) -> None:
    """Fill `where` with what the notebooks fetch at run time (needs the network)."""
    wheels = where / WHEELS
    wheels.mkdir(parents=True, exist_ok=True)
    run_tool(
        [
            *(sys.executable, "-m", "pip", "download", "--isolated", "-q"),
            *("--only-binary", ":all:", "-d", str(wheels), *PYPI_REQUIREMENTS),
        ],
        "pip download of the notebooks' Python packages failed",
        timeout=600,
    )
    cache = where / NPM_CACHE
    with tempfile.TemporaryDirectory(prefix="hooklab-collect-") as tmp:
        npmrc = Path(tmp) / "npmrc"
        npmrc.write_text("fund=false\naudit=false\nupdate-notifier=false\n")
        env = {
            "PATH": os.environ.get("PATH", os.defpath),
            "HOME": tmp,
            "NPM_CONFIG_USERCONFIG": str(npmrc),
            "npm_config_cache": str(cache),
        }
        for tool, *args in NPM_RUNS:  # some fail on purpose (ETARGET); what they fetched stays
            argv = [require_tool(tool), *args]
            subprocess.run(argv, capture_output=True, env=env, cwd=tmp, timeout=600, check=False)
        for folder, args in _npm_fixture_installs(Path(tmp)):
            run_tool(
                [require_tool("npm"), *args, "--ignore-scripts", "--no-audit", "--no-fund"],
                f"npm {args[0]} in {folder.name} failed",
                env=env,
                cwd=folder,
                timeout=600,
            )
    # npx's own install folders must not be there: a reader's first npx run has to make them.
    for leftover in ("_npx", "_logs", "_update-notifier-last-checked"):
        shutil.rmtree(cache / leftover, ignore_errors=True)
    # The pinned real set (benchmarks/real-packages.toml): benches and notebooks read it offline.
    from hooklab.realset import REAL_SET, fetch

    fetch(where / REAL_SET)
    _collect_vet(where)


def _collect_vet(where: Path) -> None:
    """The tree lab 08 vets, resolved and fetched into the kit's vet cache (hooklab.vet.cache):
    offline, the reader's vet reads it from there and rehearses an install from it."""
    from hooklab.labs.tasks.lab08_vet_a_server import lab_target
    from hooklab.vet.cache import CACHE_ENV, KIT_FOLDER
    from hooklab.vet.run import vet

    before = os.environ.get(CACHE_ENV)
    os.environ[CACHE_ENV] = str(where / KIT_FOLDER)
    try:
        report = vet(lab_target(), rehearse=False)
    finally:
        if before is None:
            os.environ.pop(CACHE_ENV)
        else:
            os.environ[CACHE_ENV] = before
    if report.tree is None or report.tree.cache is None:
        problems = "; ".join(report.problems)
        raise HooklabError(
            both(
                f"랩 08의 서버를 받아 오지 못했습니다: {problems}",
                f"lab 08's server was not fetched: {problems}",
            )
        )


def _npm_fixture_installs(tmp: Path) -> list[tuple[Path, list[str]]]:
    """The npm installs whose downloads the fixtures need offline (fixture code not run): a
    scratch project per npm fixture with registry dependencies (`npm install` of its tarball),
    and a copy of each fixture package that ships its own lockfile (`npm ci` there, the author's
    side of an MCP bundle, hooklab.mcp.bundle: it asks for packuments the other did not)."""
    from hooklab.fixtures import all_fixtures, build_npm

    installs: list[tuple[Path, list[str]]] = []
    for fx in all_fixtures():
        if fx.ecosystem != "npm":
            continue
        if json.loads((fx.source / "package.json").read_text()).get("dependencies"):
            project = tmp / fx.name
            project.mkdir()
            tgz = build_npm(fx)
            (project / "package.json").write_text(
                f'{{"private": true, "dependencies": {{"{fx.package}": "file:{tgz}"}}}}\n'
            )
            installs.append((project, ["install"]))
        if (fx.source / "npm-shrinkwrap.json").is_file():
            copy = tmp / f"{fx.name}-package"
            shutil.copytree(fx.source, copy)
            installs.append((copy, ["ci", "--omit=dev"]))
    return installs
