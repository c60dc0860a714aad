"""No committed notebook output may have a layout that depends on a volatile value.

nbval masks durations, ports, pids and temp paths with `nbval-sanitize.cfg`, but only after the
output is made: a table padded to the width of "326ms" still differs from one padded to "12s".
This is how notebook 05 failed at random (issue 14). Volatile values must be normalised by the
kit before a table is built (`hooklab.volatile.steady`).
"""

from __future__ import annotations

import configparser
import json
import re
import time
from pathlib import Path

import pandas as pd
import pytest

from hooklab.defences.scenarios import outcome, outcomes
from hooklab.model import RunResult
from hooklab.volatile import slowdown, steady

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted([*ROOT.glob("notebooks/**/*.ipynb"), *ROOT.glob("labs/*/solution.ipynb")])
# Two runs of spaces between non-spaces: a column-aligned table, printed or displayed.
_ALIGNED = re.compile(r"\S {3,}\S")


def _sanitizers() -> list[tuple[str, re.Pattern[str]]]:
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "tests" / "nbval-sanitize.cfg")
    return [(name, re.compile(cfg[name]["regex"])) for name in cfg.sections()]


def _tables(nb_path: Path) -> list[tuple[int, str]]:
    """(cell index, text) of every checked output laid out as a table."""
    found = []
    for index, cell in enumerate(json.loads(nb_path.read_text())["cells"]):
        if cell["cell_type"] != "code" or "NBVAL_IGNORE_OUTPUT" in "".join(cell["source"]):
            continue
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            text = "".join(out.get("text", "")) or "".join(data.get("text/plain", ""))
            if "<table" in "".join(data.get("text/html", "")) or _ALIGNED.search(text):
                found.append((index, text))
    return found


def layout_hazards(nb_path: Path) -> list[str]:
    """Lines of aligned outputs in which the sanitize file would replace something."""
    hazards = []
    rules = _sanitizers()
    for index, text in _tables(nb_path):
        for line in text.splitlines():
            for name, pattern in rules:
                if _ALIGNED.search(line) and pattern.search(line):
                    hazards.append(f"{nb_path.name} cell {index} [{name}]: {line.strip()[:100]}")
    return hazards


@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_table_layout_depends_on_a_volatile_value(nb_path: Path) -> None:
    assert layout_hazards(nb_path) == []


def test_the_check_catches_the_notebook_05_case(tmp_path: Path) -> None:
    """The saved output that flaked: an npm duration inside a padded pandas table."""
    rows = [
        {"how": "npm install (no lockfile)", "exit_code": 0, "says": "added 1 package in 326ms"},
        {"how": "npm ci", "exit_code": 1, "says": "EINTEGRITY"},
    ]
    frame = pd.DataFrame(rows).set_index("how")
    cell = {
        "cell_type": "code",
        "source": ["swapped"],
        "outputs": [
            {
                "output_type": "execute_result",
                "data": {"text/plain": [repr(frame)], "text/html": [frame.to_html()]},
            }
        ],
    }
    nb = tmp_path / "05-version-pinning.ipynb"
    nb.write_text(json.dumps({"cells": [cell]}))
    assert layout_hazards(nb) and "durations" in layout_hazards(nb)[0]


def _result(stdout: str) -> RunResult:
    return RunResult(["npm", "install"], 0, stdout, "", 0.1)


def test_a_run_row_is_the_same_however_long_the_install_took() -> None:
    """Slow and fast runs of the same install give the same table, to the character."""
    fast, slow = (
        repr(outcomes([outcome("npm install", _result(f"\nadded 1 package in {t}\n"))]))
        for t in ("326ms", "12s")
    )
    assert fast == slow
    assert "<time>" in fast


def test_steady_replaces_each_kind_of_volatile_value() -> None:
    text = "up in 1.5s at 127.0.0.1:43121 (pid 4242), files in /tmp/tmpab12cd/x"
    assert steady(text) == "up in <time> at 127.0.0.1:<port> (pid <pid>), files in <tmp>"


def test_a_slowed_run_gives_the_same_row(monkeypatch: pytest.MonkeyPatch) -> None:
    """The second notebook round sets HOOKLAB_SLOWDOWN: every timed run is that much longer,
    and what the kit shows of it is the same as in a quick run."""
    from hooklab.watch import watch

    argv = ["sh", "-c", "echo added 1 package in 326ms"]
    quick = watch(argv, sandbox="host")
    monkeypatch.setenv("HOOKLAB_SLOWDOWN", "1.5")
    slow = watch(argv, sandbox="host")
    assert slow.duration >= 1.5
    assert outcome("npm install", quick) == outcome("npm install", slow)


@pytest.mark.parametrize("value", ["-3", "nan", "1e9", "0.5; rm -rf /", ""])
def test_a_slowdown_that_is_not_a_small_number_is_none(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("HOOKLAB_SLOWDOWN", value)
    start = time.monotonic()
    slowdown()
    assert time.monotonic() - start < 1
