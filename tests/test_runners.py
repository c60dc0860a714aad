"""Every one-shot runner side by side, from real runs against the loopback registries.

The facts asserted are what the runs showed on 2026-12-01 (npm 12 blocks the target's own
postinstall too, not only its dependencies'). Under CI every runner must be installed."""

from __future__ import annotations

import json
import os
import tarfile
import zipfile
from pathlib import Path

import pytest

from hooklab.defences.nodetools import node_tools_dir
from hooklab.defences.runners import (
    RUNNERS,
    RunnerRow,
    innocent_npm_tarball,
    innocent_wheel,
    run_side_by_side,
)
from hooklab.errors import HooklabError
from hooklab.fixtures import get_fixture
from hooklab.show.runners import runners_frame


def _installed() -> bool:
    try:
        return (node_tools_dir("runners") / "node_modules" / ".hooklab-lock.stamp").is_file()
    except HooklabError:
        return False


needs_runners = pytest.mark.skipif(
    not _installed() and not os.environ.get("CI"),
    reason="tools/runners is not installed (make setup); under CI this fails instead",
)


@pytest.fixture(scope="module")
def rows() -> dict[tuple[str, str], RunnerRow]:
    return {(r.runner, r.role): r for r in run_side_by_side(lab_name="test-runners")}


def test_innocent_npm_package_is_clean_and_depends_on_the_fixture(tmp_path: Path) -> None:
    fx = get_fixture("npm-postinstall")
    with tarfile.open(innocent_npm_tarball(fx, tmp_path)) as tar:
        manifest = json.load(tar.extractfile("package/package.json"))  # type: ignore[arg-type]
    assert "scripts" not in manifest
    assert manifest["dependencies"] == {fx.package: fx.version}


def test_innocent_wheel_requires_the_sdist_fixture(tmp_path: Path) -> None:
    fx = get_fixture("pypi-setup-py")
    with zipfile.ZipFile(innocent_wheel(fx, tmp_path)) as whl:
        names = whl.namelist()
        meta = whl.read(next(n for n in names if n.endswith("METADATA"))).decode()
    assert f"Requires-Dist: {fx.package}=={fx.version}" in meta
    assert not any(n.endswith((".pth", "setup.py")) for n in names)


@needs_runners
def test_every_runner_reports_its_version() -> None:
    for runner in RUNNERS:
        assert runner.version()[0].isdigit(), runner.label


@needs_runners
def test_each_runner_does_what_the_run_shows(rows: dict[tuple[str, str], RunnerRow]) -> None:
    # (runner, target's own hook ran, dependency's hook ran)
    expected = {
        "npx (npm 11)": (True, True),
        "npx (npm 12)": (False, False),
        "pnpm dlx": (True, False),
        "bunx": (False, False),
        "yarn dlx": (False, False),
        "deno run npm:": (False, False),
        "uvx": (True, True),
        "pipx run": (True, True),
    }
    assert {runner for runner, _ in rows} == set(expected)
    for runner, (own, dep) in expected.items():
        target, innocent = rows[(runner, "target")], rows[(runner, "innocent")]
        assert target.target_hook_ran is own, runner
        assert innocent.dependency_hook_ran is dep, runner
        assert not target.dependency_hook_ran and not innocent.target_hook_ran
        assert target.works and innocent.works, runner


@needs_runners
def test_no_run_reaches_beyond_loopback(rows: dict[tuple[str, str], RunnerRow]) -> None:
    assert {key: row.outside_loopback for key, row in rows.items() if row.outside_loopback} == {}


@needs_runners
def test_frame_has_one_row_a_run(rows: dict[tuple[str, str], RunnerRow]) -> None:
    frame = runners_frame(list(rows.values()))
    assert len(frame) == 2 * len(RUNNERS)
    assert frame["version"].str.match(r"\d").all()
