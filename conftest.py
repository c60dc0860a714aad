"""Shared by the tests and the notebooks (nbval): with pytest-xdist, each worker gets its own
work folder (builds, registries, fake homes, lab progress), so two notebooks or two test files
running at once never share state. The GuardDog venv and the Docker engine are found outside it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


def pytest_configure(config: pytest.Config) -> None:
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker:
        base = Path(os.environ.get("HOOKLAB_WORK") or Path(__file__).parent / ".hooklab")
        os.environ["HOOKLAB_WORK"] = str(base / "workers" / worker)
