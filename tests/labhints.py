"""The code in a lab's hints, and a learner notebook with that code in cells after each check.

A hint's code is what it puts in backticks (hooklab.labs.checks). For each task, the hints are
its big hint and every `Wrong(...)` hint its check function (or a helper it calls) can raise.
tests/test_labs_notebooks.py runs them in the filled-in learner copy: a stuck learner who copies
a hint there must get an answer, not a NameError.
"""

from __future__ import annotations

import ast
import inspect
import re
import sys

import nbformat

from hooklab.labs.catalogue import LabSpec
from hooklab.labs.checks import Task

CODE = re.compile(r"`([^`]+)`")
HINT_TAG = "hint-under-test"
FENCE_TAG = "hint-fence"
# Around each task's hint cells: the learner's names as they were before the hints, put back
# after them, so the next task's answer and check see no name a hint bound (or rebound).
SAVE_NAMES = "__saved = {k: v for k, v in globals().items() if not k.startswith('_')}"
RESTORE_NAMES = """\
for __name in [k for k in globals() if not k.startswith('_') and k not in __saved]:
    del globals()[__name]
globals().update(__saved)"""


def _strings(node: ast.AST, module: object) -> list[str]:
    """The texts a hint expression can take: a literal, both languages of `both(ko, en)`, or
    every value of a module-level dict (of texts or of bilingual texts)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "both":
        return [text for arg in node.args for text in _strings(arg, module)]
    if isinstance(node, ast.JoinedStr):
        parts = [v.value for v in node.values if isinstance(v, ast.Constant)]
        assert "`" not in "".join(parts), "code in a hint must be a plain string, not an f-string"
        return []
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name):
        table = getattr(module, node.value.id)
        values = [v for v in table.values()]
        return [str(t) for v in values for t in (v.values() if isinstance(v, dict) else [v])]
    return []


def _wrong_hints(task: Task) -> list[str]:
    """The hint of every Wrong the task's check can raise, following the module's own helpers."""
    module = sys.modules[task.check.__module__]
    tree = ast.parse(inspect.getsource(module))
    functions = {f.name: f for f in tree.body if isinstance(f, ast.FunctionDef)}
    todo, seen, hints = [task.check.__name__], set(), []
    while todo:
        name = todo.pop()
        if name in seen or name not in functions:
            continue
        seen.add(name)
        for node in ast.walk(functions[name]):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
                continue
            if node.func.id == "Wrong":
                args = [*node.args[1:2], *(k.value for k in node.keywords if k.arg == "hint")]
                hints += [text for arg in args for text in _strings(arg, module)]
            todo.append(node.func.id)
    return hints


def hint_code(task: Task) -> list[str]:
    """One block of code a hint: its backticked parts, in order (each language's hint must
    carry the same code, so a block is run once)."""
    texts = [*task.big_hint.values(), *_wrong_hints(task)]
    blocks = ["\n".join(CODE.findall(text)) for text in texts]
    return [block for block in dict.fromkeys(blocks) if block]


def with_hint_cells(lab: LabSpec, nb: nbformat.NotebookNode) -> int:
    """Insert, after each task's check cell, one cell a hint (fenced by the name save and
    restore cells); the number of hint cells inserted."""
    cells, count = [], 0
    for cell in nb.cells:
        cells.append(cell)
        for task in lab.tasks:
            if cell.cell_type != "code" or f'lab.check("{task.key}"' not in cell.source:
                continue
            blocks = hint_code(task)
            if not blocks:
                continue
            cells.append(nbformat.v4.new_code_cell(SAVE_NAMES, metadata={"tags": [FENCE_TAG]}))
            for code in blocks:
                hint = nbformat.v4.new_code_cell(code, metadata={"tags": [HINT_TAG]})
                hint.metadata["task"] = task.key
                cells.append(hint)
                count += 1
            cells.append(nbformat.v4.new_code_cell(RESTORE_NAMES, metadata={"tags": [FENCE_TAG]}))
    nb.cells = cells
    return count
