"""The trainer kit (issue 16 item 5): the cheat sheet made again from the saved matrix runs, the
notebook sections its other lines cite, hostile matrix files, the speaker notes and plan, and
`make recorded` (one HTML a notebook, nothing executed)."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import get_args

import nbformat
import pytest

from hooklab.defences.cheatsheet import (
    FACTS,
    LEGIT,
    MATRIX_NOTEBOOK,
    OUTCOMES,
    read_cells,
    section_shown,
)
from hooklab.defences.matrix import CellOutcome
from hooklab.defences.plans import DEFENCES
from hooklab.fixtures import get_fixture
from tests.conftest import ROOT, run_cli

SHEET = ROOT / "docs" / "cheatsheet-ko.md"
INPUTS = [ROOT / "docs" / "trainer" / f"matrix-{n}.json" for n in ("main", "pypi-pth")]
FROM = [arg for p in INPUTS for arg in ("--from", p.relative_to(ROOT).as_posix())]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_the_committed_sheet_is_what_the_command_makes(tmp_path: Path) -> None:
    out = tmp_path / "sheet.md"
    proc = run_cli("cheatsheet", *FROM, "--sheet", str(out))
    assert proc.returncode == 0, proc.stderr
    assert out.read_text(encoding="utf-8") == SHEET.read_text(encoding="utf-8")
    again = tmp_path / "again.md"
    assert run_cli("cheatsheet", *FROM, "--sheet", str(again)).returncode == 0
    assert again.read_bytes() == out.read_bytes()


@pytest.fixture(scope="module")
def sheet_json() -> dict:
    """What `hooklab cheatsheet --json` prints for the saved matrix runs (one run a module)."""
    proc = run_cli("cheatsheet", *FROM, "--json")
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_every_matrix_cell_lands_in_exactly_one_list(sheet_json: dict) -> None:
    cells, digest = read_cells(INPUTS)
    data = sheet_json
    assert data["sha256"] == digest and data["cells"] == len(cells)
    assert {r["defence"] for r in data["matrix"]} == {c["defence"] for c in cells}
    for row in data["matrix"]:
        mine = {c["fixture"]: c for c in cells if c["defence"] == row["defence"]}
        attacks = [n for n in mine if get_fixture(n).mechanism != LEGIT]
        lists = ("stops", "stops_and_breaks", "contained", "misses")
        listed = [n for key in lists for n in row[key]]
        assert sorted(listed) == sorted(attacks)
        assert all(mine[n]["hook_ran"] for n in row["misses"] + row["contained"])
        assert not any(mine[n]["hook_ran"] for n in row["stops"] + row["stops_and_breaks"])
        assert all(mine[n]["works"] for n in row["stops"])


def test_the_sheet_says_what_notebook_06_shows(sheet_json: dict) -> None:
    rows = {r["defence"]: r for r in sheet_json["matrix"]}
    # A run-time payload in a dependency: no install script to switch off.
    assert "npm-runtime-transitive" in rows["ignore-scripts"]["misses"]
    # A .pth inside a wheel: nothing to build, so --no-build has nothing to refuse.
    assert "pypi-pth-in-wheel" in rows["uv-no-build"]["misses"]
    assert "npm-postinstall" in rows["ignore-scripts"]["stops"]


def test_every_column_and_outcome_is_known() -> None:
    assert set(MATRIX_NOTEBOOK) == set(DEFENCES)
    assert OUTCOMES == get_args(CellOutcome)
    for notebook in set(MATRIX_NOTEBOOK.values()):
        assert (ROOT / "notebooks" / f"{notebook}.ipynb").is_file()


@pytest.mark.parametrize("fact", FACTS, ids=[f.notebook for f in FACTS])
def test_every_fact_cites_a_section_its_notebook_has(fact) -> None:
    notebook = ROOT / "notebooks" / f"{fact.notebook}.ipynb"
    for section in fact.sections:
        assert section_shown(notebook, section), (fact.notebook, section)


def _cell(**over: object) -> dict[str, object]:
    cell: dict[str, object] = {
        "fixture": "npm-postinstall",
        "defence": "none",
        "outcome": "hook",
        "hook_ran": True,
        "works": True,
    }
    return {**cell, **over}


HOSTILE = {
    "not-json": b"\x00\x1b[31mnot json",
    "not-utf8": b"[\xff\xfe]",
    "empty-list": b"[]",
    "object": b'{"fixture": "npm-postinstall"}',
    "deep": b"[" * 100_000 + b"]" * 100_000,
    "unknown-defence": json.dumps([_cell(defence="--registry=http://evil")]).encode(),
    "control-chars": json.dumps([_cell(fixture="npm\x1b[2J-postinstall")]).encode(),
    "bad-outcome": json.dumps([_cell(outcome="fine")]).encode(),
    "string-bool": json.dumps([_cell(hook_ran="yes")]).encode(),
    "repeated": json.dumps([_cell(), _cell()]).encode(),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_matrix_file_gets_one_line(tmp_path: Path, name: str) -> None:
    bad = tmp_path / "matrix.json"
    bad.write_bytes(HOSTILE[name])
    out = tmp_path / "sheet.md"
    proc = run_cli("cheatsheet", "--from", str(bad), "--sheet", str(out))
    assert proc.returncode == 2
    assert proc.stderr.startswith("hooklab: ") and proc.stderr.count("\n") == 1
    assert "Traceback" not in proc.stderr and "\x1b" not in proc.stderr
    assert not out.exists()


def test_a_missing_matrix_file_is_one_line(tmp_path: Path) -> None:
    proc = run_cli("cheatsheet", "--from", str(tmp_path / "nope.json"))
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1


def test_speaker_notes_for_every_notebook() -> None:
    headings = ("## 말할 것", "## 학습자가 막히는 곳", "## 느린 셀", "## Docker 없이")
    for notebook in NOTEBOOKS:
        notes = ROOT / "docs" / "trainer" / f"{notebook.name[:2]}-notes.md"
        text = notes.read_text(encoding="utf-8")
        assert all(h in text for h in headings), notes.name
        assert "측정" in text.splitlines()[2], notes.name


def test_the_half_day_plan_covers_the_registry_and_the_sandboxes() -> None:
    guide = (ROOT / "docs" / "trainer-guide.md").read_text(encoding="utf-8")
    half = guide[guide.index("### 반나절") : guide.index("### 하루")]
    for part in ("노트북 07", "노트북 08", "노트북 12", "**실습 04**", "cheatsheet-ko.md"):
        assert part in half, part
    assert "make recorded" in guide


def test_macos_and_windows_readers_are_sent_to_codespaces() -> None:
    first = nbformat.read(NOTEBOOKS[0], as_version=4).cells[0]
    assert first.cell_type == "markdown"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for text in (first.source, readme):
        assert "macOS" in text and "Windows" in text and "Codespaces" in text


@dataclass(frozen=True)
class Recorded:
    """One `make recorded` over a copy of every committed notebook plus a probe notebook."""

    folder: Path  # what NOTEBOOKS pointed at
    before: dict[str, str]  # file name -> sha256, before the run
    out: Path  # what RECORDED pointed at
    marker: Path  # the probe's code would create it if it ran
    proc: subprocess.CompletedProcess


def _hashes(files: Iterable[Path]) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> Recorded:
    tmp = tmp_path_factory.mktemp("recorded")
    marker = tmp / "executed"
    probe = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell(f"open({str(marker)!r}, 'w').write('ran')\nprint('live')")
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="recorded-only-output\n")]
    probe.cells = [cell]
    folder = tmp / "nbs"
    folder.mkdir()
    nbformat.write(probe, folder / "probe.ipynb")
    for notebook in NOTEBOOKS:
        shutil.copy2(notebook, folder / notebook.name)
    before = _hashes(folder.iterdir())
    proc = subprocess.run(
        ["make", "-s", "recorded", f"NOTEBOOKS={folder}", f"RECORDED={tmp / 'out'}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    return Recorded(folder, before, tmp / "out", marker, proc)


def test_make_recorded_shows_saved_outputs_and_runs_nothing(recorded: Recorded) -> None:
    assert recorded.proc.returncode == 0, recorded.proc.stderr
    html = (recorded.out / "probe.html").read_text(encoding="utf-8")
    assert "recorded-only-output" in html
    assert not recorded.marker.exists()


def test_make_recorded_writes_one_html_per_notebook(recorded: Recorded) -> None:
    assert recorded.proc.returncode == 0, recorded.proc.stderr
    made = sorted(p.name for p in recorded.out.iterdir())
    assert made == sorted(f"{p.stem}.html" for p in [*NOTEBOOKS, Path("probe.ipynb")])
    # The notebooks are read, never written, and nothing is added beside them.
    assert _hashes(recorded.folder.iterdir()) == recorded.before
    # What was rendered is the committed notebooks, byte for byte (and the probe).
    assert {n: h for n, h in recorded.before.items() if n != "probe.ipynb"} == _hashes(NOTEBOOKS)
