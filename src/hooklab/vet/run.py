"""`vet()`: one target through resolve, fetch, static, dynamic and verdict, each step timed.

An unknown package, a version that does not exist, a registry that cannot be reached or a tree
that will not resolve is a one-line HooklabError for the target. A later step that fails is a
problem line in a partial report: what was found until then is still said.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from types import ModuleType

from hooklab.errors import HooklabError
from hooklab.vet.model import Rehearsal, Step, Target, Tree, VetReport
from hooklab.vet.verdict import StaticReview, declared_events, judge, review_tree, worst

__all__ = ["vet"]

NPX_READY = ".hooklab-npx-ready"


def vet(
    target: Target,
    *,
    sandbox: str = "bwrap",
    rehearse: bool = True,
    on_step: Callable[[Step], None] | None = None,
) -> VetReport:
    """Vet one registry package (see the module's docstring for what fails how)."""
    from hooklab.vet import rehearse as rehearsal_step
    from hooklab.vet.safeline import hooks_needed, safe_line

    if rehearse:
        if sandbox not in rehearsal_step.SANDBOXES:
            raise rehearsal_step.not_a_sandbox(sandbox)
        from hooklab.watch.sandbox import get_backend

        get_backend(sandbox)  # one line now, and exit 3, when it cannot run here
    report = VetReport(target)

    @contextmanager
    def step(name: Step) -> Iterator[None]:
        start = time.monotonic()
        try:
            yield
        finally:
            report.seconds[name] = round(time.monotonic() - start, 3)
            if on_step is not None:
                on_step(name)

    resolver = _registry_module(target)
    with step("resolve"):
        tree = resolver.resolve(target)  # its one-line errors are the target's
        tree = replace(tree, target=target)
    report.tree = tree
    fetched = False
    with step("fetch"):
        try:
            tree = resolver.fetch(tree)
            if target.ecosystem == "npm":
                _npx_ready(tree)
            fetched = tree.cache is not None
        except HooklabError as exc:
            report.problems.append(f"fetch: {exc.text('en')}")  # a record: English
    report.tree = tree
    with step("static"):
        static = review_tree(tree)
    first = second = None
    with step("dynamic"):
        if rehearse and not fetched:
            report.problems.append("dynamic: not rehearsed: nothing was fetched to install from")
        elif rehearse:
            first = _rehearsal(tree, sandbox, report)
            if first is not None and first.problem is None and _declares_hooks(tree):
                second = _rehearsal(tree, sandbox, report, no_hooks=True)
    with step("verdict"):
        report.rehearsal = first
        report.packages, report.declared_not_run, report.run_not_declared = judge(
            tree, static, first
        )
        report.verdict = worst([p.verdict for p in report.packages])
        needed, evidence = hooks_needed(first, second) if first and second else (None, "")
        report.safe_line, report.safe_note = safe_line(target, tree, needed, evidence)
        report.problems += [*tree.problems, *_static_problems(static)]
        report.problems += [f"dynamic: {n}" for n in first.notes] if first else []
        if first is not None and first.stopped:
            report.problems.append(
                f"the rehearsal was still running after {rehearsal_step.STOP_AFTER} s "
                "(a server waiting for input): stopped"
            )
    report.tree = tree
    return report


def _registry_module(target: Target) -> ModuleType:
    if target.ecosystem == "npm":
        from hooklab.vet import npm

        return npm
    from hooklab.vet import pypi

    return pypi


def _rehearsal(
    tree: Tree, sandbox: str, report: VetReport, *, no_hooks: bool = False
) -> Rehearsal | None:
    from hooklab.vet.rehearse import rehearse

    try:
        return rehearse(tree, sandbox=sandbox, no_hooks=no_hooks)
    except HooklabError as exc:
        how = "without its hooks" if no_hooks else "once"
        report.problems.append(f"dynamic: could not rehearse {how}: {exc.text('en')}")
        return None


def _declares_hooks(tree: Tree) -> bool:
    return any(declared_events(n) for n in tree.nodes)


def _static_problems(static: StaticReview) -> list[str]:
    return [f"static: {p}" for p in static.problems]


def _npx_ready(tree: Tree) -> None:
    """npx reads the target's full registry document, which a lockfile resolve does not cache:
    `npm cache add NAME@VERSION` puts it in the tree's npm cache, once, so npx works offline.
    (It belongs with vet.npm.fetch; kept here until that does it.)"""
    from hooklab.vet import npm

    if tree.cache is None:
        return
    root = Path(tree.cache).parent
    mark = npm._tree_folder(root, tree.target.name, tree.version) / NPX_READY
    if mark.is_file():
        return
    spec = f"{tree.target.name}@{tree.version}"
    with npm._scratch(root) as (_, rc):
        url = npm._registry(None)
        npm._refuse_offline(url, f"npm:{spec}")
        npm._npm(["cache", "add", spec], root, rc, url, Path(tree.cache), spec, 120)
    mark.write_text("npm cache add\n")
