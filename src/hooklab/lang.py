"""The language the kit speaks: Korean (the book's) or English, by `HOOKLAB_LANG` or `--lang`.

A folder can choose it too: a file named `HOOKLAB_LANG` holding `en` (or `ko`) in the folder a
command or a notebook's kernel starts in, or in the folder above it. `notebooks/en/` and `labs/en/`
have one, so the English edition's code cells are the Korean edition's, word for word, and still
print English.

Text the kit prints lives in catalogues: a message id mapped to the same text in each language,
side by side, so a language is a column of data and never a second copy of the logic.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Literal, get_args

from hooklab.errors import HooklabError

Lang = Literal["ko", "en"]
LANGS: tuple[Lang, ...] = get_args(Lang)
DEFAULT: Lang = "ko"  # the book is Korean
ENV = "HOOKLAB_LANG"

Text = Mapping[Lang, str]  # one message in every language
Catalogue = Mapping[str, Text]  # message id -> the message


def both(ko: str, en: str) -> Text:
    """One message written side by side in both languages where it is made (a lab's checks)."""
    return {"ko": ko, "en": en}


def in_lang(text: Text, lang: Lang | None = None) -> str:
    """`text` in `lang`, by default the kit's current language."""
    return text[lang or current_lang()]


def as_lang(value: str, where: str = "--lang") -> Lang:
    """`value` as a language, or a one-line error naming the languages there are."""
    for lang in LANGS:
        if value == lang:
            return lang
    # cli.py escapes the message; the cut keeps a long value from filling the line. A wrong
    # HOOKLAB_LANG is shown in the default language (errors.py), so the message is in both.
    raise HooklabError(
        both(
            f"{where}: 알 수 없는 언어 '{value[:40]}'입니다. {' 또는 '.join(LANGS)}을(를) 쓰세요",
            f"{where}: unknown language '{value[:40]}'; use {' or '.join(LANGS)}",
        )
    )


def current_lang() -> Lang:
    """The language `HOOKLAB_LANG` asks for, else the one the current folder's `HOOKLAB_LANG`
    file names; Korean when neither says."""
    value = os.environ.get(ENV, "")
    if value:
        return as_lang(value, ENV)
    return folder_lang(Path.cwd()) or DEFAULT


def shown_lang() -> Lang:
    """The current language for a message being shown; Korean when the setting itself is wrong,
    so that a bad HOOKLAB_LANG never hides the error it caused."""
    try:
        return current_lang()
    except HooklabError:
        return DEFAULT


def folder_lang(folder: Path) -> Lang | None:
    """The language a `HOOKLAB_LANG` file in `folder` or the folder above it names, if any."""
    for setting in (folder / ENV, folder.parent / ENV):
        if setting.is_file():
            with setting.open(encoding="utf-8", errors="replace") as file:
                return as_lang(file.read(64).strip(), str(setting))
    return None


def say(catalogue: Catalogue, key: str, lang: Lang | None = None, /, **fields: object) -> str:
    """The message `key` of `catalogue` in `lang` (by default the kit's current language), with
    `{fields}` filled in."""
    text = catalogue[key][lang or current_lang()]
    return text.format(**fields) if fields else text


def in_both(catalogue: Catalogue, key: str, /, **fields: object) -> dict[Lang, str]:
    """The message `key` in every language, fields filled in: for a record that keeps both
    (an audit finding), so it can be shown later in whichever language is asked for."""
    return {lang: say(catalogue, key, lang, **fields) for lang in LANGS}


def untranslated(catalogue: Catalogue) -> list[str]:
    """The ids of `catalogue` that lack a language or leave one empty."""
    return [key for key, text in catalogue.items() if any(not text.get(g) for g in LANGS)]
