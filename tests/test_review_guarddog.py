"""GuardDog from its own venv on the same archives as the review."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from hooklab.fixtures import build, get_fixture
from hooklab.review import guarddog_path, guarddog_scan, review
from tests.conftest import IN_CI

GUARDDOG = guarddog_path()
pytestmark = pytest.mark.skipif(
    GUARDDOG is None and not IN_CI, reason="run `make setup` for GuardDog"
)


def test_guarddog_lives_outside_the_kit_venv() -> None:
    assert GUARDDOG is not None, (
        "GuardDog missing: scripts/setup.d/60-guarddog.sh should install it"
    )
    assert not Path(GUARDDOG).resolve().is_relative_to(Path(sys.prefix).resolve())
    import importlib.util

    assert importlib.util.find_spec("guarddog") is None


def test_both_see_the_npm_postinstall(tmp_path: Path) -> None:
    tgz = build(get_fixture("npm-postinstall"), tmp_path)["tgz"]
    result = guarddog_scan(tgz)
    assert result.saw_hook, result.rules
    assert review(tgz).level("install") == "high"
