"""The English edition's written layer (issue 17): the README switch, README.en.md in step with the
Korean README, and every relative link of the English pages pointing at a file that exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import ROOT

README = {"ko": ROOT / "README.md", "en": ROOT / "README.en.md"}
ENGLISH = [
    README["en"],
    ROOT / "docs" / "cheatsheet-en.md",
    *sorted((ROOT / "docs" / "en").glob("*.md")),
    *sorted((ROOT / "docs" / "en" / "trainer").glob("*.md")),
]
LINK = re.compile(r"\]\(([^)\s]+)\)")
HANGUL = re.compile(r"[\uac00-\ud7af]")


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _local_links(path: Path) -> list[str]:
    return [t for t in LINK.findall(_text(path)) if not re.match(r"[a-z]+:", t)]


def test_each_readme_opens_with_the_language_switch() -> None:
    assert _text(README["ko"]).splitlines()[0] == "**한국어** | [English](README.en.md)"
    assert _text(README["en"]).splitlines()[0] == "[한국어](README.md) | **English**"


def test_the_english_readme_says_what_is_english_today() -> None:
    text = _text(README["en"])
    for part in ("make lab", "make test", "HOOKLAB_LANG", "`notebooks/en/`", "`labs/en/`"):
        assert part in text, part
    for page in (
        "docs/cheatsheet-en.md",
        "docs/contributing.md",
        "docs/en/trainer-guide.md",
        "docs/en/trainer/README.md",
        "labs/en/01-which-package/learner.ipynb",
    ):
        assert f"]({page})" in text and (ROOT / page).is_file(), page
    assert "## English" not in _text(README["ko"])  # said once, in README.en.md


def test_both_readmes_link_the_same_notebooks_labs_and_commands() -> None:
    def taught(path: Path) -> list[str]:
        links = [t for t in _local_links(path) if t.startswith(("notebooks/", "labs/"))]
        return [
            t.replace("notebooks/en/", "notebooks/").replace("labs/en/", "labs/") for t in links
        ]

    def commands(path: Path) -> list[str]:
        block = _text(path).split("```bash\n")[2].split("```")[0]
        return [line.split("#")[0].split()[1] for line in block.splitlines()]

    assert taught(README["en"]) == taught(README["ko"])
    assert set(commands(README["en"])) == set(commands(README["ko"])) | {"cheatsheet"}


def test_the_english_readme_links_every_english_notebook_and_only_those() -> None:
    rows = re.findall(r"^\| (\d\d) \| \[[^\]]*\]\((notebooks/[^)]+)\)", _text(README["en"]), re.M)
    assert rows, "no notebook table"
    for number, target in rows:
        name = Path(target).name
        english = (ROOT / "notebooks" / "en" / name).is_file()
        assert target == (f"notebooks/en/{name}" if english else f"notebooks/{name}"), number


@pytest.mark.parametrize("page", [README["ko"], *ENGLISH], ids=lambda p: p.name)
def test_every_relative_link_points_at_a_file(page: Path) -> None:
    for target in _local_links(page):
        assert (page.parent / target.split("#")[0]).exists(), (page.name, target)


@pytest.mark.parametrize("page", ENGLISH, ids=lambda p: p.name)
def test_an_english_page_has_korean_only_where_it_quotes_or_names(page: Path) -> None:
    # Korean may stand in code (what a Korean lab prints, quoted), the book's title, its section
    # names in 「…」 and the switch back to Korean; nowhere else.
    prose = re.sub(r"```.*?```|`[^`\n]*`|「[^」]*」", "", _text(page), flags=re.S)
    for name in ("[한국어](README.md)", "「한 걸음 앞선 개발자가 지금 꼭\n알아야 할 클로드 코드」"):
        prose = prose.replace(name, "")
    assert not HANGUL.findall(prose), HANGUL.findall(prose)[:10]


def _shape(path: Path) -> dict[str, object]:
    """What a translation keeps: headings, table rows, list items, code blocks and their code."""
    text = _text(path)
    blocks = re.findall(r"```.*?```", text, flags=re.S)
    lines = re.sub(r"```.*?```", "", text, flags=re.S).splitlines()
    return {
        "headings": [line.split()[0] for line in lines if line.startswith("#")],
        "table rows": sum(line.startswith("|") for line in lines),
        "list items": sum(bool(re.match(r"\s*(- |\d+\. )", line)) for line in lines),
        "code lines": [len(b.splitlines()) for b in blocks],
    }


def test_the_english_trainer_guide_keeps_the_korean_ones_shape() -> None:
    # A change to the Korean guide that the English one lacks fails here: translate it too.
    korean, english = ROOT / "docs" / "trainer-guide.md", ROOT / "docs" / "en" / "trainer-guide.md"
    assert _shape(english) == _shape(korean)
