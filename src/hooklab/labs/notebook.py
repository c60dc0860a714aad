"""Learner copies from solution copies.

A lab is written once, as labs/NN-topic/solution.ipynb. In its code cells, lines between
`### BEGIN SOLUTION` and `### END SOLUTION` are the answer; cells tagged `hidden-check` test the
checks themselves. The learner copy drops the hidden checks, replaces each answer with a stub
(`# 여기에 코드를 쓰세요` and `name = ...` for every name the answer assigns), and clears outputs.
"""

from __future__ import annotations

import ast
import copy
import re
import textwrap
from pathlib import Path

import nbformat

from hooklab.errors import HooklabError

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
HIDDEN_TAG = "hidden-check"
STUB_LINE = "# 여기에 코드를 쓰세요"
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


def _stub(indent: str, block: str) -> list[str]:
    names = _assigned_names(block)
    body = [f"{n} = ..." for n in names] or ['raise NotImplementedError("여기에 코드를 쓰세요")']
    return [indent + line for line in (STUB_LINE, *body)]


def stub_source(source: str, where: str = "cell") -> str:
    """The cell's source with every solution block replaced by its stub."""
    out: list[str] = []
    block: list[str] | None = None
    indent = ""
    for line in source.splitlines():
        mark = _MARK.match(line)
        if mark and mark.group(2) == BEGIN:
            if block is not None:
                raise HooklabError(f"{where}: {BEGIN} inside another solution block")
            block, indent = [], mark.group(1)
        elif mark:
            if block is None:
                raise HooklabError(f"{where}: {END} without {BEGIN}")
            out += _stub(indent, "\n".join(block))
            block = None
        elif block is not None:
            block.append(line)
        else:
            out.append(line)
    if block is not None:
        raise HooklabError(f"{where}: {BEGIN} without {END}")
    return "\n".join(out)


def has_solution(source: str) -> bool:
    return any(_MARK.match(line) for line in source.splitlines())


def learner_notebook(solution: nbformat.NotebookNode, where: str = "") -> nbformat.NotebookNode:
    """The learner copy of a solution notebook (a new object; the solution is untouched)."""
    nb = copy.deepcopy(solution)
    cells = []
    for i, cell in enumerate(nb.cells):
        if HIDDEN_TAG in cell.get("metadata", {}).get("tags", []):
            continue
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            cell.source = stub_source(cell.source, f"{where} cell {i + 1}")
            cell.outputs = []
            cell.execution_count = None
        cells.append(cell)
    nb.cells = cells
    nb.metadata.pop("widgets", None)  # saved widget state belongs to the solution's run
    nb.metadata["hooklab"] = {"learner-copy": "generated from solution.ipynb; do not edit"}
    return nb


def learner_text(solution_path: Path) -> str:
    solution = nbformat.read(solution_path, as_version=4)
    return nbformat.writes(learner_notebook(solution, str(solution_path))) + "\n"


def fill_in(learner: nbformat.NotebookNode, solution: nbformat.NotebookNode) -> int:
    """Put the solution's answers into a learner copy's stubs (cells matched by id); a count."""
    answers = {c.get("id"): c.source for c in solution.cells if has_solution(c.source)}
    filled = 0
    for cell in learner.cells:
        answer = answers.get(cell.get("id"))
        if answer is not None:
            if stub_source(answer) != cell.source:
                raise HooklabError(f"cell {cell.get('id')}: the learner copy is out of date")
            cell.source = answer
            filled += 1
    return filled


def generate(labs: Path, *, check: bool = False) -> list[Path]:
    """Write every labs/*/learner.ipynb; with `check`, write nothing and list the stale ones."""
    solutions = sorted(labs.glob("*/solution.ipynb"))
    if not solutions:
        raise HooklabError(f"{labs}: no */solution.ipynb found")
    changed = []
    for solution in solutions:
        learner = solution.with_name("learner.ipynb")
        text = learner_text(solution)
        if not learner.exists() or learner.read_text(encoding="utf-8") != text:
            changed.append(learner)
            if not check:
                learner.write_text(text, encoding="utf-8")
    return changed
