"""Every lab, in both editions (labs/NN-topic/ and labs/en/NN-topic/): the untouched learner copy
fails its checks; with the answers filled in it passes, and every hint's code runs in it.

Two kernels a lab: one for the untouched copy, one for the filled-in copy with each task's hint
cells after its check cell (tests/labhints.py). The hint cells are fenced: the names they bind
are put back before the next task, so the answers and checks run as they would without them.
"""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from hooklab.labs.catalogue import all_labs
from hooklab.labs.notebook import TEXT, fill_in
from hooklab.lang import Lang, say
from tests.conftest import ROOT
from tests.labhints import FENCE_TAG, HINT_TAG, hint_code, with_hint_cells

LABS = {lab.id: lab for lab in all_labs()}
ENGLISH = ROOT / "labs" / "en"
EDITIONS: list[tuple[str, Lang]] = [
    *((lab_id, "ko") for lab_id in sorted(LABS)),
    *((p.parent.name, "en") for p in sorted(ENGLISH.glob("*/solution.ipynb"))),
]


def _run(nb: nbformat.NotebookNode, folder: Path, allow_errors: bool) -> None:
    """Execute in the lab's folder, outputs kept in `nb`."""
    NotebookClient(
        nb,
        timeout=300,
        kernel_name="python3",
        allow_errors=allow_errors,
        resources={"metadata": {"path": str(folder)}},
    ).execute()


def _tagged(cell: nbformat.NotebookNode, tag: str) -> bool:
    return tag in cell.metadata.get("tags", [])


def _printed(cells: list[nbformat.NotebookNode]) -> str:
    """Everything the cells printed."""
    texts = []
    for cell in cells:
        for out in cell.get("outputs", []):
            texts.append(out.get("text", "") or str(out.get("data", {}).get("text/plain", "")))
    return "\n".join(texts)


def _errors(cells: list[nbformat.NotebookNode]) -> list[str]:
    return [
        f"{cell.metadata.get('task', '')} {cell.source!r} -> {out['ename']}: {out['evalue']}"
        for cell in cells
        for out in cell.get("outputs", [])
        if out.get("output_type") == "error"
    ]


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("HOOKLAB_WORK", str(tmp_path / "work"))
    monkeypatch.delenv("HOOKLAB_WORKSHOP_KEY", raising=False)
    return tmp_path


def test_every_lab_folder_is_a_catalogued_lab() -> None:
    folders = {p.parent.name for p in (ROOT / "labs").glob("*/solution.ipynb")}
    assert folders, "no labs/*/solution.ipynb"
    assert folders == set(LABS)
    assert {p.parent.name for p in ENGLISH.glob("*/solution.ipynb")} <= set(LABS)


@pytest.mark.parametrize(("lab_id", "lang"), EDITIONS, ids=lambda v: v)
def test_learner_copy_fails_untouched_passes_filled_in_and_every_hint_runs(
    lab_id: str, lang: Lang, work: Path
) -> None:
    folder = (ENGLISH if lang == "en" else ROOT / "labs") / lab_id
    solution = nbformat.read(folder / "solution.ipynb", as_version=4)
    checks = sum(c.source.count("lab.check(") for c in solution.cells if c.cell_type == "code")

    untouched = nbformat.read(folder / "learner.ipynb", as_version=4)
    _run(untouched, folder, allow_errors=True)
    printed = _printed(untouched.cells)
    assert "✅" not in printed and "🏁" not in printed
    assert printed.count("❌ [") == checks, printed
    # the untouched stub is named as the thing to fill, in the edition's language
    assert say(TEXT, "stub", lang).lstrip("# ") in printed

    filled = nbformat.read(folder / "learner.ipynb", as_version=4)
    assert fill_in(filled, solution, lang) >= checks
    inserted = with_hint_cells(LABS[lab_id], filled)
    assert inserted == sum(len(hint_code(t)) for t in LABS[lab_id].tasks)
    os.environ["HOOKLAB_WORK"] = str(work / "work-filled")  # a fresh learner
    _run(filled, folder, allow_errors=True)
    hints = [c for c in filled.cells if _tagged(c, HINT_TAG)]
    learner = [c for c in filled.cells if not _tagged(c, HINT_TAG) and not _tagged(c, FENCE_TAG)]
    assert len(learner) == len(nbformat.read(folder / "learner.ipynb", as_version=4).cells)
    # The filled-in copy: no cell fails, every check passes, the lab is finished.
    errors = _errors([c for c in filled.cells if not _tagged(c, HINT_TAG)])
    assert not errors, "\n".join(errors)
    printed = _printed(learner)
    assert "❌ [" not in printed and printed.count("✅ [") == checks
    assert "🏁" in printed
    # Every hint's code runs where a stuck learner would paste it.
    errors = _errors(hints)
    assert not errors, "\n".join(errors)
