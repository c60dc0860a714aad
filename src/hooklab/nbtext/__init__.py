"""The words the notebooks' and labs' own code cells print (labels, dict keys, row names), in
both languages, so that a code cell is the same in the Korean and the English edition.

Each notebook has its words in a module of its own (`nbtext/nb01.py` for notebook 01, and
`nbtext/lab01.py` for lab 01); `t("nb01.same-output")` gives one in the language the kit speaks
(hooklab.lang).
"""

from __future__ import annotations

import importlib
import pkgutil

from hooklab.lang import Catalogue, current_lang, say


def catalogue(notebook: str) -> Catalogue:
    """The words of `notebook` ("nb01")."""
    text: Catalogue = importlib.import_module(f"{__name__}.{notebook}").TEXT
    return text


def catalogues() -> dict[str, Catalogue]:
    """Every notebook's and lab's words, by notebook ("nb01", "lab01")."""
    return {m.name: catalogue(m.name) for m in pkgutil.iter_modules(__path__)}


def t(key: str, **fields: object) -> str:
    """The notebook text `key` ("nb01.same-output") in the kit's current language."""
    notebook, _, name = key.partition(".")
    return say(catalogue(notebook), name, current_lang(), **fields)
