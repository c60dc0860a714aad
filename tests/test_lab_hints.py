"""Every lab's hints have code, it names what the learner notebook has, and the fence around
the hint cells puts the learner's names back.

The hints' code is run in each lab's filled-in learner copy by tests/test_labs_notebooks.py (one
kernel a lab for the answers and the hints).
"""

from __future__ import annotations

import re

from hooklab.labs.catalogue import all_labs
from tests.labhints import RESTORE_NAMES, SAVE_NAMES, hint_code

LABS = {lab.id: lab for lab in all_labs()}


def test_every_lab_has_hints_with_code() -> None:
    for lab in LABS.values():
        assert any(hint_code(task) for task in lab.tasks), f"{lab.id}: no hint has code"


def test_lab03_hints_name_what_the_notebook_imports() -> None:
    code = "\n".join(block for task in LABS["03-pin-mcp-config"].tasks for block in hint_code(task))
    for name in ("mcp_lab_config()", "audit_mcp_config(", "VETTED_VERSIONS"):
        assert name in code
    assert not re.search(r"(?<![\w_])(mcp_config|audit|VETTED)\b(?!_)", code)


def test_the_fence_puts_back_the_names_the_hints_bound() -> None:
    names: dict[str, object] = {"answer": 1, "shared": [1]}
    exec(SAVE_NAMES, names)
    exec("answer = 2\nextra = 3\nshared.append(2)", names)  # what a hint cell could do
    exec(RESTORE_NAMES, names)
    assert names["answer"] == 1 and "extra" not in names
    assert names["shared"] == [1, 2]  # objects a hint changes stay changed: only names go back
