"""Shared test fixtures: built artefacts of every fixture package, and the CLI runner."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from hooklab.fixtures import all_fixtures, build

if TYPE_CHECKING:
    from hooklab.model import RunResult
    from hooklab.watch.sandbox.stage import EscapeTargets

ROOT = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI") == "true"
# Modules whose tests reach a public registry (npm, PyPI) directly or through npx/uvx: the offline
# round of `make test` runs them again with only the offline kit (`pytest -m network`). The rest
# use only loopback registries and local files; the offline nbval round covers their paths.
NETWORK_MODULES = frozenset(
    {
        "test_cli",
        "test_figures",
        "test_hook_attribution",
        "test_mcp_audit",
        "test_mcp_bundle",
        "test_mcp_guard",
        "test_mcp_session",
        "test_node_runtime",
        "test_offline",
        "test_trace",
        "test_watch",
    }
)


# The longest modules (minutes each in a CI run), handed out first: with `--dist loadfile` a
# worker takes whole modules in collection order, and one started last sets the end of the run.
LONGEST_FIRST = (
    "test_sandbox_gvisor",
    "test_labs_notebooks",
    "test_sandbox_srt",
    "test_sandbox_docker",
    "test_sandbox_host",
    "test_runners",
    "test_sandbox_bwrap",
    "test_hook_attribution",
    "test_browser",
    "test_trainer_kit",
)


def _module(item: pytest.Item) -> str:
    return item.module.__name__.rsplit(".", 1)[-1] if item.module is not None else ""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    from hooklab.labs.catalogue import get_lab

    for item in items:
        callspec = getattr(item, "callspec", None)
        lab_id = callspec.params.get("lab_id") if callspec is not None else None
        if _module(item) in NETWORK_MODULES or (lab_id and get_lab(lab_id).public_registry):
            item.add_marker(pytest.mark.network)
    rank = {name: i for i, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(_module(item), len(rank)))  # stable: same order within


@pytest.fixture(scope="session")
def artefacts() -> dict[str, dict[str, Path]]:
    """fixture name -> {"tgz"|"sdist"|"wheel": path}, built once a session."""
    return {fx.name: build(fx) for fx in all_fixtures()}


@pytest.fixture(scope="module")
def rehearsal(backend: str) -> Iterator[tuple[dict[str, RunResult], EscapeTargets]]:
    """Every install-time fixture run once on `backend` (a module's own fixture), with the
    escape fixture's targets planted: fixture name -> result, and the targets."""
    from hooklab.watch.sandbox import BACKENDS
    from hooklab.watch.sandbox.rehearse import install_fixtures, rehearse
    from hooklab.watch.sandbox.stage import escape_stage

    problem = BACKENDS[backend].problem()
    if backend in ("bwrap", "docker", "srt"):  # these must work wherever the kit is set up
        assert problem is None or not IN_CI, problem
    if problem:
        pytest.skip(f"{backend}: {problem}")
    with escape_stage() as stage:
        results = rehearse(install_fixtures(), [backend], stage=stage)
        yield {fx: result for (fx, _), result in results.items()}, stage


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run `python -m hooklab.cli ARGS` the way a trainer would from a terminal."""
    return subprocess.run(
        [sys.executable, "-m", "hooklab.cli", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        cwd=ROOT,
        timeout=300,
        check=False,
    )
