"""The English edition (issue 17): notebooks/en/ and labs/en/ hold notebooks and lab solutions of
the same names whose code cells are the Korean ones, cell by cell and id by id; only the prose
differs. A folder setting (notebooks/en/HOOKLAB_LANG, labs/en/HOOKLAB_LANG) makes the same code
print English, and no output of the English edition is Korean."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT

KOREAN = ROOT / "notebooks"
ENGLISH = KOREAN / "en"
LABS = ROOT / "labs"
# Each English notebook or lab solution, with its Korean original.
PAIRS: dict[Path, Path] = {
    **{en: KOREAN / en.name for en in sorted(ENGLISH.glob("*.ipynb"))},
    **{en: LABS / en.relative_to(LABS / "en") for en in sorted(LABS.glob("en/*/solution.ipynb"))},
}
EDITION = list(PAIRS)
HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")
CITED = re.compile(r"「[^」]*」")  # the book's own section names are cited in Korean
LINK = re.compile(r"\]\(([^)\s]+)\)")


def _cells(path: Path) -> list[dict[str, Any]]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def drift(korean: list[dict[str, Any]], english: list[dict[str, Any]]) -> list[str]:
    """Where two editions of one notebook part: cell ids, kinds or code differ."""
    found = []
    if [c["id"] for c in korean] != [c["id"] for c in english]:
        found.append("the cell ids or their order differ")
    for ko, en in zip(korean, english, strict=False):
        if ko["cell_type"] != en["cell_type"]:
            found.append(f"cell {ko['id']}: {ko['cell_type']} in Korean, {en['cell_type']} here")
        elif ko["cell_type"] == "code" and "".join(ko["source"]) != "".join(en["source"]):
            found.append(f"cell {ko['id']}: the code differs")
    return found


def _outputs(cell: dict[str, Any]) -> str:
    text = []
    for out in cell.get("outputs", []):
        text.append("".join(out.get("text", "")))
        for mime, value in out.get("data", {}).items():
            if mime.startswith("text/"):
                text.append(value if isinstance(value, str) else "".join(value))
    return "\n".join(text)


def _id(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_the_edition_is_there_with_its_language_setting() -> None:
    assert EDITION, "no English notebook"
    assert any(p.parent.parent == LABS / "en" for p in EDITION), "no English lab"
    for folder in (ENGLISH, LABS / "en"):
        assert (folder / "HOOKLAB_LANG").read_text().strip() == "en"
    for english, korean in PAIRS.items():
        assert korean.is_file(), f"{_id(english)} has no Korean original"


@pytest.mark.parametrize("path", EDITION, ids=_id)
def test_the_code_cells_are_the_korean_ones(path: Path) -> None:
    assert drift(_cells(PAIRS[path]), _cells(path)) == []


@pytest.mark.parametrize("path", [p for p in EDITION if p.name == "solution.ipynb"], ids=_id)
def test_the_english_learner_copy_is_the_korean_one_with_english_stubs(path: Path) -> None:
    korean, english = (
        _cells(PAIRS[path].with_name("learner.ipynb")),
        _cells(path.with_name("learner.ipynb")),
    )
    assert [c["id"] for c in korean] == [c["id"] for c in english]
    stubs = ["".join(c["source"]) for c in english if c["cell_type"] == "code"]
    assert not any(HANGUL.search(code) for code in stubs)


def test_a_changed_code_cell_in_either_edition_is_found() -> None:
    korean = _cells(PAIRS[EDITION[0]])
    english = _cells(EDITION[0])
    index = next(i for i, c in enumerate(english) if c["cell_type"] == "code")
    changed = json.loads(json.dumps(english))
    changed[index]["source"] = ["print('one more line')\n", *changed[index]["source"]]
    assert drift(korean, changed) == [f"cell {english[index]['id']}: the code differs"]
    assert drift(changed, english) != []
    assert drift(korean, english[:-1]) == ["the cell ids or their order differ"]


@pytest.mark.parametrize("path", EDITION, ids=_id)
def test_no_korean_in_the_english_prose_or_outputs(path: Path) -> None:
    found = []
    for cell in _cells(path):
        if cell["cell_type"] == "markdown":
            prose = CITED.sub("", "".join(cell["source"]))
            found += [
                f"{cell['id']} prose: {line}" for line in prose.splitlines() if HANGUL.search(line)
            ]
        else:
            found += [
                f"{cell['id']} output: {line}"
                for line in _outputs(cell).splitlines()
                if HANGUL.search(line)
            ]
    assert found == []


@pytest.mark.parametrize("path", [p for p in EDITION if p.parent == ENGLISH], ids=_id)
def test_every_link_resolves_and_the_notebook_ends_with_the_next(path: Path) -> None:
    cells = _cells(path)
    for cell in cells:
        if cell["cell_type"] == "markdown":
            for target in LINK.findall("".join(cell["source"])):
                if not re.match(r"[a-z]+:", target):
                    assert (path.parent / target.split("#")[0]).exists(), (path.name, target)
    first, last = "".join(cells[0]["source"]), "".join(cells[-1]["source"])
    assert "minute" in first, "the first cell says how long it takes"
    assert ".ipynb" in last or "README" in last, "the last cell links to what comes next"


@pytest.mark.parametrize("path", [p for p in EDITION if p.parent != ENGLISH], ids=_id)
def test_every_lab_link_resolves_and_the_lab_says_how_long(path: Path) -> None:
    cells = _cells(path)
    for cell in cells:
        if cell["cell_type"] == "markdown":
            for target in LINK.findall("".join(cell["source"])):
                if not re.match(r"[a-z]+:", target):
                    assert (path.parent / target.split("#")[0]).exists(), (_id(path), target)
    first = "".join(cells[0]["source"])
    assert re.search(r"\b(seconds?|minutes?)\b", first), "the first cell says how long it takes"
