"""Every one-line error the kit raises is written in both languages (issue 17): a Korean reader
never gets an English-only line from the kit itself."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "hooklab"


def _error_classes(trees: dict[Path, ast.Module]) -> set[str]:
    """HooklabError and every class the kit derives from it, at any depth."""
    names = {"HooklabError"}
    grew = True
    while grew:
        grew = False
        for tree in trees.values():
            for node in ast.walk(tree):
                if isinstance(node, ast.ClassDef) and node.name not in names:
                    if any(isinstance(b, ast.Name) and b.id in names for b in node.bases):
                        names.add(node.name)
                        grew = True
    return names


def _one_language(trees: dict[Path, ast.Module], errors: set[str]) -> list[str]:
    """Where an error is made from a bare string or f-string."""
    found = []
    for path, tree in trees.items():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name in errors and node.args:
                first = node.args[0]
                if isinstance(first, ast.JoinedStr) or (
                    isinstance(first, ast.Constant) and isinstance(first.value, str)
                ):
                    found.append(f"{path.relative_to(SRC)}:{node.lineno}")
    return found


def test_every_error_the_kit_raises_is_written_in_both_languages():
    trees = {p: ast.parse(p.read_text(encoding="utf-8")) for p in sorted(SRC.rglob("*.py"))}
    assert _one_language(trees, _error_classes(trees)) == []


def test_the_scan_finds_a_one_language_error():
    tree = ast.parse(
        "class Refused(HooklabError): ...\n"
        "raise Refused(f'cannot read {path}')\n"
        "raise HooklabError(both('읽을 수 없습니다', 'cannot read'))\n"
    )
    trees = {SRC / "example.py": tree}
    assert _one_language(trees, _error_classes(trees)) == ["example.py:2"]
