"""Learner copies from solution copies.

A lab is written once, as labs/NN-topic/solution.ipynb. In its code cells, lines between
`### BEGIN SOLUTION` and `### END SOLUTION` are the answer; cells tagged `hidden-check` test the
checks themselves. The learner copy drops the hidden checks, replaces each answer with a stub
(`# 여기에 코드를 쓰세요` and `name = ...` for every name the answer assigns), and clears outputs.
The English edition is labs/en/NN-topic/solution.ipynb (labs/en/HOOKLAB_LANG says `en`); its
learner copy's stubs say the same in English.
"""

from __future__ import annotations

import ast
import copy
import re
import textwrap
from pathlib import Path

import nbformat

from hooklab.errors import HooklabError
from hooklab.lang import DEFAULT, Catalogue, Lang, both, folder_lang, say

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
HIDDEN_TAG = "hidden-check"
TEXT: Catalogue = {
    "stub": {"ko": "# 여기에 코드를 쓰세요", "en": "# write your code here"},
    "raise": {
        "ko": 'raise NotImplementedError("여기에 코드를 쓰세요")',
        "en": 'raise NotImplementedError("write your code here")',
    },
}
EDITIONS = ("*/solution.ipynb", "en/*/solution.ipynb")  # under labs/: Korean, then English
_MARK = re.compile(r"^(\s*)(### (?:BEGIN|END) SOLUTION)\s*$")


def _assigned_names(block: str) -> list[str]:
    """Names the block binds at its top level, in order (for `name = ...` stubs)."""
    tree = ast.parse(textwrap.dedent(block))
    names: list[str] = []

    def add(target: ast.expr) -> None:
        if isinstance(target, ast.Name) and target.id not in names:
            names.append(target.id)
        elif isinstance(target, (ast.Tuple, ast.List)):
            for element in target.elts:
                add(element)

    for node in tree.body:
        if isinstance(node, ast.Assign):
            for target in node.targets:
                add(target)
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
            add(node.target)
    return names


def _stub(indent: str, block: str, lang: Lang) -> list[str]:
    names = _assigned_names(block)
    body = [f"{n} = ..." for n in names] or [say(TEXT, "raise", lang)]
    return [indent + line for line in (say(TEXT, "stub", lang), *body)]


def stub_source(source: str, where: str = "cell", lang: Lang = DEFAULT) -> str:
    """The cell's source with every solution block replaced by its stub (said in `lang`)."""
    out: list[str] = []
    block: list[str] | None = None
    indent = ""
    for line in source.splitlines():
        mark = _MARK.match(line)
        if mark and mark.group(2) == BEGIN:
            if block is not None:
                raise HooklabError(
                    both(
                        f"{where}: 다른 풀이 블록 안에 {BEGIN}이(가) 있습니다",
                        f"{where}: {BEGIN} inside another solution block",
                    )
                )
            block, indent = [], mark.group(1)
        elif mark:
            if block is None:
                raise HooklabError(
                    both(
                        f"{where}: {BEGIN} 없이 {END}이(가) 있습니다",
                        f"{where}: {END} without {BEGIN}",
                    )
                )
            out += _stub(indent, "\n".join(block), lang)
            block = None
        elif block is not None:
            block.append(line)
        else:
            out.append(line)
    if block is not None:
        raise HooklabError(
            both(f"{where}: {BEGIN} 뒤에 {END}이(가) 없습니다", f"{where}: {BEGIN} without {END}")
        )
    return "\n".join(out)


def has_solution(source: str) -> bool:
    return any(_MARK.match(line) for line in source.splitlines())


def learner_notebook(
    solution: nbformat.NotebookNode, where: str = "", lang: Lang = DEFAULT
) -> nbformat.NotebookNode:
    """The learner copy of a solution notebook (a new object; the solution is untouched)."""
    nb = copy.deepcopy(solution)
    cells = []
    for i, cell in enumerate(nb.cells):
        if HIDDEN_TAG in cell.get("metadata", {}).get("tags", []):
            continue
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            cell.source = stub_source(cell.source, f"{where} cell {i + 1}", lang)
            cell.outputs = []
            cell.execution_count = None
        cells.append(cell)
    nb.cells = cells
    nb.metadata.pop("widgets", None)  # saved widget state belongs to the solution's run
    nb.metadata["hooklab"] = {"learner-copy": "generated from solution.ipynb; do not edit"}
    return nb


def edition(solution_path: Path) -> Lang:
    """The language of a lab's folder (labs/en/ is English; the rest the kit's default)."""
    return folder_lang(solution_path.parent) or DEFAULT


def learner_text(solution_path: Path) -> str:
    solution = nbformat.read(solution_path, as_version=4)
    lang = edition(solution_path)
    return nbformat.writes(learner_notebook(solution, str(solution_path), lang)) + "\n"


def fill_in(
    learner: nbformat.NotebookNode, solution: nbformat.NotebookNode, lang: Lang = DEFAULT
) -> int:
    """Put the solution's answers into a learner copy's stubs (cells matched by id); a count."""
    answers = {c.get("id"): c.source for c in solution.cells if has_solution(c.source)}
    filled = 0
    for cell in learner.cells:
        answer = answers.get(cell.get("id"))
        if answer is not None:
            if stub_source(answer, lang=lang) != cell.source:
                raise HooklabError(
                    both(
                        f"셀 {cell.get('id')}: 학습자 사본이 오래되었습니다",
                        f"cell {cell.get('id')}: the learner copy is out of date",
                    )
                )
            cell.source = answer
            filled += 1
    return filled


def generate(labs: Path, *, check: bool = False) -> list[Path]:
    """Write every learner.ipynb of both editions; with `check`, write nothing and list the
    stale ones."""
    solutions = [path for pattern in EDITIONS for path in sorted(labs.glob(pattern))]
    if not solutions:
        raise HooklabError(
            both(f"{labs}: */solution.ipynb이(가) 없습니다", f"{labs}: no */solution.ipynb found")
        )
    changed = []
    for solution in solutions:
        learner = solution.with_name("learner.ipynb")
        text = learner_text(solution)
        if not learner.exists() or learner.read_text(encoding="utf-8") != text:
            changed.append(learner)
            if not check:
                learner.write_text(text, encoding="utf-8")
    return changed
