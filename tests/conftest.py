"""Shared test fixtures: built artefacts of every fixture package, and the CLI runner."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from hooklab.fixtures import all_fixtures, build

ROOT = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI") == "true"


@pytest.fixture(scope="session")
def artefacts() -> dict[str, dict[str, Path]]:
    """fixture name -> {"tgz"|"sdist"|"wheel": path}, built once a session."""
    return {fx.name: build(fx) for fx in all_fixtures()}


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
