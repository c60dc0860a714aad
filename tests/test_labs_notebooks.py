"""Every lab: the untouched learner copy fails its checks; with the answers filled in it passes."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from hooklab.labs.notebook import fill_in
from tests.conftest import ROOT

LABS = sorted(p.parent.name for p in (ROOT / "labs").glob("*/solution.ipynb"))


def _run(nb: nbformat.NotebookNode, folder: Path, allow_errors: bool) -> str:
    """Execute in the lab's folder; return everything the cells printed."""
    NotebookClient(
        nb,
        timeout=300,
        kernel_name="python3",
        allow_errors=allow_errors,
        resources={"metadata": {"path": str(folder)}},
    ).execute()
    texts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            texts.append(out.get("text", "") or str(out.get("data", {}).get("text/plain", "")))
    return "\n".join(texts)


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("HOOKLAB_WORK", str(tmp_path / "work"))
    monkeypatch.delenv("HOOKLAB_WORKSHOP_KEY", raising=False)
    return tmp_path


def test_there_are_labs() -> None:
    assert LABS, "no labs/*/solution.ipynb"


@pytest.mark.parametrize("lab", LABS)
def test_learner_copy_fails_untouched_and_passes_filled_in(lab: str, work: Path) -> None:
    folder = ROOT / "labs" / lab
    solution = nbformat.read(folder / "solution.ipynb", as_version=4)
    checks = sum(c.source.count("lab.check(") for c in solution.cells if c.cell_type == "code")

    untouched = nbformat.read(folder / "learner.ipynb", as_version=4)
    printed = _run(untouched, folder, allow_errors=True)
    assert "✅" not in printed and "🏁" not in printed
    assert printed.count("❌ [") == checks, printed
    assert "여기에 코드를 쓰세요" in printed  # the untouched stub is named as the thing to fill

    filled = nbformat.read(folder / "learner.ipynb", as_version=4)
    assert fill_in(filled, solution) >= checks
    os.environ["HOOKLAB_WORK"] = str(work / "work-filled")  # a fresh learner
    printed = _run(filled, folder, allow_errors=False)
    assert "❌ [" not in printed and printed.count("✅ [") == checks
    assert "🏁" in printed
