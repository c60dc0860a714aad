"""Every lab hint's code runs in the lab's learner notebook.

A hint's code is what it puts in backticks (hooklab.labs.checks). For each task, the hints are
its big hint and every `Wrong(...)` hint its check function (or a helper it calls) can raise.
The learner copy, with the answers filled in, runs in a real kernel; after each task's check
cell, one cell a hint runs that hint's code. A stuck learner who copies a hint there must get
an answer, not a NameError.
"""

from __future__ import annotations

import ast
import inspect
import re
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from hooklab.labs.catalogue import LabSpec, all_labs
from hooklab.labs.checks import Task
from hooklab.labs.notebook import fill_in
from tests.conftest import ROOT

LABS = {lab.id: lab for lab in all_labs()}
CODE = re.compile(r"`([^`]+)`")
HINT_TAG = "hint-under-test"


def _strings(node: ast.AST, module: object) -> list[str]:
    """The texts a hint expression can take: a literal, or every value of a module-level dict."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        parts = [v.value for v in node.values if isinstance(v, ast.Constant)]
        assert "`" not in "".join(parts), "code in a hint must be a plain string, not an f-string"
        return []
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name):
        table = getattr(module, node.value.id)
        return [str(v) for v in table.values()]
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
    """One block of code a hint: its backticked parts, in order."""
    blocks = ["\n".join(CODE.findall(text)) for text in [task.big_hint, *_wrong_hints(task)]]
    return [block for block in dict.fromkeys(blocks) if block]


def _with_hint_cells(lab: LabSpec, nb: nbformat.NotebookNode) -> int:
    """Insert, after each task's check cell, one cell a hint; the number inserted."""
    cells, count = [], 0
    for cell in nb.cells:
        cells.append(cell)
        for task in lab.tasks:
            if cell.cell_type == "code" and f'lab.check("{task.key}"' in cell.source:
                for code in hint_code(task):
                    hint = nbformat.v4.new_code_cell(code, metadata={"tags": [HINT_TAG]})
                    hint.metadata["task"] = task.key
                    cells.append(hint)
                    count += 1
    nb.cells = cells
    return count


def test_every_lab_has_hints_with_code() -> None:
    for lab in LABS.values():
        assert any(hint_code(task) for task in lab.tasks), f"{lab.id}: no hint has code"


def test_lab03_hints_name_what_the_notebook_imports() -> None:
    code = "\n".join(block for task in LABS["03-pin-mcp-config"].tasks for block in hint_code(task))
    for name in ("mcp_lab_config()", "audit_mcp_config(", "VETTED_VERSIONS"):
        assert name in code
    assert not re.search(r"(?<![\w_])(mcp_config|audit|VETTED)\b(?!_)", code)


@pytest.mark.parametrize("lab_id", sorted(LABS))
def test_every_hint_runs_in_the_learner_notebook(
    lab_id: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOOKLAB_WORK", str(tmp_path / "work"))
    monkeypatch.delenv("HOOKLAB_WORKSHOP_KEY", raising=False)
    folder = ROOT / "labs" / lab_id
    solution = nbformat.read(folder / "solution.ipynb", as_version=4)
    nb = nbformat.read(folder / "learner.ipynb", as_version=4)
    fill_in(nb, solution)
    inserted = _with_hint_cells(LABS[lab_id], nb)
    assert inserted == sum(len(hint_code(t)) for t in LABS[lab_id].tasks)
    NotebookClient(
        nb,
        timeout=300,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(folder)}},
    ).execute()
    failures = [
        f"task {cell.metadata['task']}: {cell.source!r} -> {out['ename']}: {out['evalue']}"
        for cell in nb.cells
        if HINT_TAG in cell.metadata.get("tags", [])
        for out in cell.get("outputs", [])
        if out.get("output_type") == "error"
    ]
    assert not failures, "\n".join(failures)
    answers = [c for c in nb.cells if c.cell_type == "code" and "lab.check(" in c.source]
    assert all(o.get("output_type") != "error" for c in answers for o in c.get("outputs", []))
