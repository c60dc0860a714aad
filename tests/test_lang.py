"""The kit's language (issue 17, first layer): `HOOKLAB_LANG` / `--lang`, the cheat sheet's
catalogue complete in both languages, and both committed sheets exactly what the command makes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from hooklab.defences.cheatsheet import FACTS, TEXT
from hooklab.defences.plans import DEFENCES
from hooklab.errors import HooklabError
from hooklab.lang import LANGS, Lang, as_lang, current_lang, untranslated
from tests.conftest import ROOT, run_cli

SHEETS = {lang: ROOT / "docs" / f"cheatsheet-{lang}.md" for lang in LANGS}
FROM = [
    arg for name in ("main", "pypi-pth") for arg in ("--from", f"docs/trainer/matrix-{name}.json")
]
HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")


@pytest.mark.parametrize("lang", LANGS)
def test_each_committed_sheet_is_what_the_command_prints(tmp_path: Path, lang: Lang) -> None:
    committed = SHEETS[lang].read_text(encoding="utf-8")
    printed = run_cli("cheatsheet", "--lang", lang, *FROM)
    assert printed.returncode == 0, printed.stderr
    assert printed.stdout == committed
    by_env = run_cli("cheatsheet", *FROM, env={"HOOKLAB_LANG": lang})
    assert by_env.stdout == committed
    out = tmp_path / "sheet.md"
    assert run_cli("cheatsheet", "--lang", lang, *FROM, "--sheet", str(out)).returncode == 0
    assert out.read_text(encoding="utf-8") == committed
    assert f"--sheet docs/cheatsheet-{lang}.md" in committed  # the sheet says how it was made


def test_korean_is_the_default_and_lang_wins_over_the_environment() -> None:
    plain = run_cli("cheatsheet", *FROM, env={"HOOKLAB_LANG": ""})
    assert plain.stdout == SHEETS["ko"].read_text(encoding="utf-8")
    chosen = run_cli("cheatsheet", "--lang", "en", *FROM, env={"HOOKLAB_LANG": "ko"})
    assert chosen.stdout == SHEETS["en"].read_text(encoding="utf-8")


def test_the_english_sheet_and_its_json_hold_no_korean() -> None:
    assert not HANGUL.search(SHEETS["en"].read_text(encoding="utf-8"))
    proc = run_cli("cheatsheet", "--lang", "en", *FROM, "--json")
    data = json.loads(proc.stdout)
    assert data["lang"] == "en" and not HANGUL.search(proc.stdout)
    korean = json.loads(run_cli("cheatsheet", "--lang", "ko", *FROM, "--json").stdout)
    # The same cells land in the same lists whatever the language.
    for row_ko, row_en in zip(korean["matrix"], data["matrix"], strict=True):
        for key in ("defence", "stops", "stops_and_breaks", "contained", "misses", "notebook"):
            assert row_ko[key] == row_en[key], key


@pytest.mark.parametrize("value", ["EN", "--lang=en", "en\x1b[2J", "x" * 10_000])
def test_an_unknown_language_is_one_line_and_exit_2(tmp_path: Path, value: str) -> None:
    out = tmp_path / "sheet.md"
    for proc, said in (
        # a wrong HOOKLAB_LANG cannot choose the language of its own error: the default's
        (
            run_cli("cheatsheet", *FROM, "--sheet", str(out), env={"HOOKLAB_LANG": value}),
            "알 수 없는 언어",
        ),
        (
            run_cli(
                "cheatsheet",
                f"--lang={value}",
                *FROM,
                "--sheet",
                str(out),
                env={"HOOKLAB_LANG": "en"},
            ),
            "unknown language",
        ),
    ):
        assert proc.returncode == 2
        assert proc.stderr.startswith("hooklab: ") and proc.stderr.count("\n") == 1
        assert said in proc.stderr and len(proc.stderr) < 200
        assert "Traceback" not in proc.stderr and "\x1b" not in proc.stderr
        assert proc.stdout == ""
    assert not out.exists()


def test_current_lang_reads_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HOOKLAB_LANG", raising=False)
    assert current_lang() == "ko"
    monkeypatch.setenv("HOOKLAB_LANG", "en")
    assert current_lang() == "en"
    monkeypatch.setenv("HOOKLAB_LANG", "english")
    with pytest.raises(HooklabError, match="HOOKLAB_LANG"):
        current_lang()
    assert [as_lang(g) for g in LANGS] == list(LANGS)


def test_a_folder_chooses_the_language_with_a_hooklab_lang_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("HOOKLAB_LANG", raising=False)
    monkeypatch.chdir(tmp_path)
    assert current_lang() == "ko"
    (tmp_path / "HOOKLAB_LANG").write_text("en\n")
    assert current_lang() == "en"
    monkeypatch.setenv("HOOKLAB_LANG", "ko")  # the environment wins
    assert current_lang() == "ko"
    monkeypatch.delenv("HOOKLAB_LANG")
    (tmp_path / "HOOKLAB_LANG").write_bytes(b"\x1b[2J" + b"x" * 100_000)
    with pytest.raises(HooklabError) as caught:
        current_lang()
    assert "unknown language" in caught.value.text("en")
    assert len(str(caught.value)) < 200 + len(str(tmp_path))
    monkeypatch.chdir(ROOT / "notebooks" / "en")
    assert current_lang() == "en"


def test_the_notebook_text_and_the_run_verdict_follow_the_language(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from hooklab.nbtext import catalogues, t
    from hooklab.show.views import TEXT as VIEW_TEXT

    notebooks = catalogues()
    assert {"nb00", "nb01", "nb02", "nb03", "nb04"} <= set(notebooks)
    for catalogue in (*notebooks.values(), VIEW_TEXT):
        assert untranslated(catalogue) == []
        assert not any(HANGUL.search(text["en"]) for text in catalogue.values())
    monkeypatch.setenv("HOOKLAB_LANG", "en")
    assert t("nb03.counts", markers=3, hits=2) == "markers: 3 | canary requests: 2"
    monkeypatch.setenv("HOOKLAB_LANG", "ko")
    assert t("nb03.counts", markers=3, hits=2) == "마커: 3 개 | 카나리 요청: 2 개"


def test_the_catalogue_has_every_message_in_every_language() -> None:
    assert untranslated(TEXT) == []
    assert untranslated({"half": {"ko": "반"}, "empty": {"ko": "빈", "en": ""}}) == [
        "half",
        "empty",
    ]
    for name, defence in DEFENCES.items():
        assert TEXT[f"defence.{name}"]["ko"] == defence.what_ko
    for fact in FACTS:
        assert {f"{fact.key}.{part}" for part in ("name", "stops", "misses")} <= set(TEXT)
        assert set(fact.where) == set(LANGS)
        assert len({len(sections) for sections in fact.where.values()}) == 1, fact.key
    used = {f"defence.{n}" for n in DEFENCES} | {
        f"{f.key}.{part}" for f in FACTS for part in ("name", "stops", "misses")
    }
    source = (ROOT / "src" / "hooklab" / "defences" / "cheatsheet.py").read_text(encoding="utf-8")
    for key in set(TEXT) - used:  # every other message is asked for by name
        assert f'"{key}"' in source.split("TEXT: Catalogue", 1)[1].split("\n}\n", 1)[1], key


FIGURE_WORDS = {
    "runners": "hooklab.show.runners:WORDS",
    "matrix": "hooklab.show.matrix:WORDS",
    "verdicts": "hooklab.show.realservers:_VERDICT_WORDS",
    "trees": "hooklab.show.realservers:_TREE_WORDS",
    "hooks": "hooklab.show.realservers:_HOOK_WORDS",
    "sandbox": "hooklab.show.sandbox:WORDS",
    "timeline": "hooklab.show.timeline:WORDS",
}


@pytest.mark.parametrize("where", FIGURE_WORDS.values(), ids=list(FIGURE_WORDS))
def test_each_figure_has_the_same_words_in_both_languages_and_follows_hooklab_lang(
    monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    import importlib

    from hooklab.show.figure import words

    module, name = where.split(":")
    table = getattr(importlib.import_module(module), name)
    assert set(table) == set(LANGS)
    assert set(table["ko"]) == set(table["en"])
    assert all(table["en"].values()) and not any(HANGUL.search(v) for v in table["en"].values())
    monkeypatch.delenv("HOOKLAB_LANG", raising=False)
    assert words(table) == table["ko"]
    monkeypatch.setenv("HOOKLAB_LANG", "en")
    assert words(table) == table["en"]


def test_the_review_words_follow_the_language(monkeypatch: pytest.MonkeyPatch) -> None:
    from hooklab.review.report import CATEGORIES, topic
    from hooklab.review.rules.catalogue import RULES

    monkeypatch.setenv("HOOKLAB_LANG", "en")
    english = [topic(c) for c in (*CATEGORIES, "overall")] + [r.title_in() for r in RULES]
    assert all(english) and not any(HANGUL.search(w) for w in english)
    monkeypatch.setenv("HOOKLAB_LANG", "ko")
    assert [topic(c) for c in (*CATEGORIES, "overall")] == [
        topic(c, "ko") for c in (*CATEGORIES, "overall")
    ]
    assert all(HANGUL.search(topic(c)) for c in CATEGORIES)
    assert [r.title_in() for r in RULES] == [r.title_ko for r in RULES]
    assert topic("secrets", "en") in english


def test_an_error_written_in_both_languages_is_shown_in_the_readers(monkeypatch, capsys):
    from hooklab import cli
    from hooklab.errors import HooklabError
    from hooklab.lang import both

    error = HooklabError(both("설정 파일을 찾을 수 없습니다", "cannot find the config file"))
    assert error.text("en") == "cannot find the config file"
    monkeypatch.setenv("HOOKLAB_LANG", "ko")
    assert str(error) == "설정 파일을 찾을 수 없습니다"
    monkeypatch.setenv("HOOKLAB_LANG", "xx")  # a wrong setting does not hide the error itself
    assert str(error) == "설정 파일을 찾을 수 없습니다"
    monkeypatch.delenv("HOOKLAB_LANG")
    assert str(HooklabError("one language only")) == "one language only"
    monkeypatch.setattr(cli, "build_parser", lambda: _raising_parser(error))
    assert cli.main(["--lang", "en"]) == 2
    assert capsys.readouterr().err == "hooklab: cannot find the config file\n"


def _raising_parser(error):
    import argparse

    def handler(args):
        raise error

    parser = argparse.ArgumentParser()
    parser.add_argument("--lang")
    parser.set_defaults(handler=handler)
    return parser
