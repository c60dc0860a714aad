"""The Korean edition speaks Korean (issue 17): no output of a Korean notebook or lab solution is
the kit's English. Two nets catch it:

- every English text in the kit's catalogues (hooklab.lang: the module-level `Catalogue`s and
  bilingual `Text`s, and the labs' task texts) is looked for, word-bounded, in the outputs;
- a line that reads as an English sentence must be a tool's (npm, uv, pip, a fixture's program,
  a listed source file), never the kit's.

A table shows its columns under headings in the edition's language (hooklab.show.headings); a
heading may stay as it is only when it is an id the kit's commands take (a defence, a sandbox, a
fixture, a lab) or a tool's name and version. Check ids in cells (`floating`) are the same in both
editions.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

import hooklab
from hooklab.labs.catalogue import all_labs
from tests.conftest import ROOT

KOREAN = sorted(ROOT.glob("notebooks/*.ipynb")) + sorted(ROOT.glob("labs/*/solution.ipynb"))
HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")
SENTENCE = re.compile(r"(?:\b[A-Za-z][a-z'-]*[,;:]? ){4,}[a-z][a-z'-]*")
PLACEHOLDER = re.compile(r"\{[^}]*\}")
# Lines that are a tool's, not the kit's: npm, uv and pip messages, a fixture program's own
# words, a program's usage error, a registry's deprecation text, and listed source lines.
NOT_THE_KITS = re.compile(
    r"^\s*(?:npm (?:error|warn|notice)\b|(?:error|warning|hint|help|cause|Caused by):|[×╰│]"
    r"|ERROR:|WARNING:|hooklab-[a-z0-9-]+: |\S+: error: |\d+\s|//|#|\"|'|\{|\}|[a-z_-]+ = )"
    r"|Contact Support at https://www\.npmjs\.com/support"
)


def _is_text(value: object) -> bool:
    return (
        isinstance(value, Mapping)
        and {"ko", "en"} <= set(value)
        and all(isinstance(v, str) for v in value.values())
    )


def kit_texts() -> dict[str, Mapping[str, str]]:
    """Every bilingual text of the kit, by where it is kept."""
    found: dict[str, Mapping[str, str]] = {}
    for info in pkgutil.walk_packages(hooklab.__path__, "hooklab."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if _is_text(value):
                found[f"{info.name}.{name}"] = value
            elif isinstance(value, Mapping) and value and all(map(_is_text, value.values())):
                for key, text in value.items():
                    found[f"{info.name}.{name}[{key}]"] = text
    for lab in all_labs():
        found[f"{lab.id}.title"] = lab.title
        for task in lab.tasks:
            for part in ("title", "big_hint", "praise"):
                found[f"{lab.id}.{task.key}.{part}"] = getattr(task, part)
    return found


def kit_english() -> dict[str, str]:
    """Every English text of the kit that differs from its Korean, by where it is kept."""
    return {where: t["en"] for where, t in kit_texts().items() if t["en"] != t["ko"]}


def test_every_text_of_the_kit_is_in_both_languages() -> None:
    texts = kit_texts()
    assert len(texts) > 300
    half = [where for where, t in texts.items() if bool(t["en"]) != bool(t["ko"])]
    korean_in_english = [where for where, t in texts.items() if HANGUL.search(t["en"])]
    assert half == [] and korean_in_english == []


def _fragments() -> dict[str, str]:
    """The long pieces of kit English between a message's fields: a piece of three words or
    more is English no Korean message or tool line holds by chance."""
    pieces: dict[str, str] = {}
    for where, text in kit_english().items():
        for piece in PLACEHOLDER.split(text):
            piece = piece.strip()
            if len(piece) >= 12 and len(piece.split()) >= 3:
                pieces.setdefault(piece, where)
    return pieces


def _lines(cell: dict[str, Any]) -> Iterator[str]:
    for out in cell.get("outputs", []):
        yield from "".join(out.get("text", "")).splitlines()
        data = out.get("data", {})
        if "text/html" in data:
            html = "".join(data["text/html"])
            for td in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", html, re.S):
                yield re.sub(r"<[^>]+>", "", td)
        elif "text/plain" in data:
            yield from "".join(data["text/plain"]).splitlines()


def _outputs(path: Path) -> Iterator[tuple[str, str]]:
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] == "code":
            for line in _lines(cell):
                yield cell["id"], line


FRAGMENTS = _fragments()
FOUND_ANYWHERE = re.compile(
    "|".join(rf"(?<!\w){re.escape(f)}(?!\w)" for f in sorted(FRAGMENTS, key=len, reverse=True))
)


def test_the_kit_english_is_found_where_it_is_printed() -> None:
    assert len(FRAGMENTS) > 100
    line = "run  " + next(iter(FRAGMENTS)) + "  |"
    assert FOUND_ANYWHERE.search(line)
    assert SENTENCE.search("no install-time code ran or was found")
    assert not SENTENCE.search("설치 중 실행된 코드도, 발견된 코드도 없음")


@pytest.mark.parametrize("path", KOREAN, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_english_kit_line_in_the_korean_edition(path: Path) -> None:
    found = []
    for cell, line in _outputs(path):
        if HANGUL.search(line) and not FOUND_ANYWHERE.search(line):
            continue
        catalogued = FOUND_ANYWHERE.search(line)
        if catalogued:
            found.append(f"{cell}: {line.strip()[:120]} (from {FRAGMENTS[catalogued.group(0)]})")
        elif SENTENCE.search(line) and not NOT_THE_KITS.search(line):
            found.append(f"{cell}: {line.strip()[:120]}")
    assert found == []


def _ids() -> set[str]:
    """Names that are ids, shown as they are in both editions."""
    from hooklab.defences.plans import DEFENCES
    from hooklab.defences.switches import NPM12
    from hooklab.fixtures import all_fixtures
    from hooklab.watch.sandbox.registry import BACKENDS

    return {*DEFENCES, *BACKENDS, *(fx.name for fx in all_fixtures()), NPM12} | {
        lab.id for lab in all_labs()
    }


def _headings(path: Path) -> Iterator[tuple[str, str]]:
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        for out in cell.get("outputs", []):
            html = "".join(out.get("data", {}).get("text/html", ""))
            for head in re.findall(r"<thead>(.*?)</thead>", html, re.S):
                for th in re.findall(r"<th[^>]*>(.*?)</th>", head, re.S):
                    yield cell["id"], re.sub(r"<[^>]+>", "", th).strip()


@pytest.mark.parametrize("path", KOREAN, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_table_heading_in_the_korean_edition_is_korean_or_an_id(path: Path) -> None:
    ids = _ids()
    english = [
        f"{cell}: {head}"
        for cell, head in _headings(path)
        if re.search("[A-Za-z]", head) and not HANGUL.search(head) and head not in ids
    ]
    assert english == []


def test_a_kit_table_keeps_its_field_names_and_shows_headings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import pandas as pd

    from hooklab.show.tables import as_table, headed

    frame = as_table(pd.DataFrame({"fixture": ["npm-postinstall"], "hook_ran": [True]}))
    assert list(frame[frame.hook_ran].columns) == ["fixture", "hook_ran"]
    assert list(headed(frame, "ko").columns) == ["픽스처", "훅 실행"]
    assert list(headed(frame, "en").columns) == ["fixture", "hook ran"]
    monkeypatch.setenv("HOOKLAB_LANG", "ko")
    shown = frame.set_index("fixture")
    assert "훅 실행" in shown._repr_html_() and "픽스처" in repr(shown)
