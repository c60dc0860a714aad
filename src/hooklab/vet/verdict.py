"""Verdicts: the static review of every package of the tree, what the rehearsal saw, side by side.

Static is the review's verdict of each fetched archive plus the install surface the tree
declares; dynamic is what ran in the rehearsal. A package's verdict is the worse of the two;
the target's is the worst of its packages.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from hooklab.errors import HooklabError
from hooklab.model import VERDICTS, Verdict
from hooklab.safetext import shown
from hooklab.vet.model import Node, PackageVerdict, Rehearsal, Tree

if TYPE_CHECKING:
    from hooklab.review.report import Report

__all__ = ["StaticReview", "judge", "review_tree", "static_verdict", "worst"]

REVIEW_BUDGET = 900.0  # seconds for the static review of one whole tree
MAX_EVIDENCE = 8  # lines kept per package
# npm lifecycle events and the one a binding.gyp implies; Python's build and start-up surfaces.
_EVENT_OF = {"binding.gyp": "install"}
_HOOK_SURFACES = ("preinstall", "install", "postinstall", "binding.gyp", "sdist-build")


def worst(verdicts: list[Verdict]) -> Verdict:
    return max(verdicts, key=VERDICTS.index, default="clean")


def static_verdict(report: Report) -> Verdict:
    """The review's verdict; from the install category's level while the review gives none."""
    given = getattr(report, "verdict", None)
    if given in VERDICTS:
        return given
    if report.level("install") in ("medium", "high"):
        return "runs-code-at-install"
    return "capabilities-only" if report.overall != "low" else "clean"


@dataclass
class StaticReview:
    """Each node's static verdict with its evidence, and what could not be reviewed."""

    verdicts: dict[str, Verdict] = field(default_factory=dict)  # Node.path -> verdict
    evidence: dict[str, list[str]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0


def review_tree(tree: Tree, *, budget: float = REVIEW_BUDGET) -> StaticReview:
    """Review every fetched archive of `tree` (never running it), within `budget` seconds."""
    from hooklab.review.engine import review

    out = StaticReview()
    start = time.monotonic()
    for i, node in enumerate(tree.nodes):
        lines = [_surface_line(s) for s in node.surfaces]
        level: Verdict = "runs-code-at-install" if node.surfaces else "clean"
        if node.archive is None:
            lines.append("not fetched, not reviewed")
            if not node.optional:  # an optional one is another platform's: the fetch says so
                out.problems.append(f"{label(node)}: not fetched, not reviewed")
        elif time.monotonic() - start > budget:
            left = len(tree.nodes) - i
            out.problems.append(f"review stopped after {budget:.0f} s: {left} packages unreviewed")
            break
        else:
            try:
                report = review(node.archive)
            except HooklabError as exc:
                out.problems.append(f"{label(node)}: not reviewed: {exc.text('en')}")
            else:
                level = worst([level, static_verdict(report)])
                lines += _review_lines(report)
        out.verdicts[node.path] = level
        out.evidence[node.path] = lines
    out.seconds = round(time.monotonic() - start, 3)
    return out


def label(node: Node) -> str:
    return f"{node.name}@{node.version}"


def _surface_line(surface: str) -> str:
    return {
        "binding.gyp": "ships binding.gyp: npm runs node-gyp rebuild at install",
        "sdist-build": "comes only as an sdist: its build code runs at install",
        "pth-file": "ships a .pth file: code that runs at every Python start",
    }.get(surface, f"declares a {surface} script")


def _review_lines(report: Report) -> list[str]:
    worst_first = sorted(
        (f for _, f in report.findings if f.level != "low"),
        key=lambda f: ("high", "medium").index(f.level),
    )
    return [f"review: {f.rule} ({f.file}:{f.line}, {f.level})" for f in worst_first[:4]]


def _canon(ecosystem: str, name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower() if ecosystem == "pypi" else name


def _as_declared(ecosystem: str, event: str | None) -> str:
    """A hook's event as a surface names it: every PEP 517 hook of a build is "sdist-build"."""
    if ecosystem == "pypi" and event and "pth" not in event:
        return "sdist-build"
    return event or "?"


def declared_events(node: Node) -> set[str]:
    """The install events a node's surfaces say will run here: none for an optional package
    that was not fetched (another platform's, which npm skips on this one)."""
    if node.optional and node.archive is None:
        return set()
    return {_EVENT_OF.get(s, s) for s in node.surfaces if s in _HOOK_SURFACES}


def judge(
    tree: Tree, static: StaticReview, rehearsal: Rehearsal | None
) -> tuple[list[PackageVerdict], list[str], list[str]]:
    """Per-package verdicts, and the hooks declared but not run / run but not declared."""
    rehearsed = rehearsal is not None and rehearsal.problem is None
    by_key = {(_canon(n.ecosystem, n.name), n.version): n for n in tree.nodes}
    root = tree.root
    dynamic: dict[str, list[tuple[Verdict, str]]] = {n.path: [] for n in tree.nodes}
    ran: dict[str, set[str]] = {n.path: set() for n in tree.nodes}
    run_not_declared: list[str] = []
    if rehearsal is not None and rehearsed:
        eco = tree.target.ecosystem
        sdists = [n for n in tree.nodes if "sdist-build" in n.surfaces]
        for hook in rehearsal.hooks:
            node = by_key.get((_canon(eco, hook.package or ""), hook.version or ""))
            if node is None and hook.package and not hook.version:
                node = next((n for n in tree.nodes if n.name == hook.package), None)
            if node is None and hook.package is None and eco == "pypi" and len(sdists) == 1:
                node = sdists[0]  # a build hook the tracer did not name: the one sdist's
            who = f"{label(node)} " if node else f"{hook.package or '?'}@{hook.version or '?'} "
            who += hook.event or "?"
            owner = node or root
            if owner is None:
                continue
            event = _as_declared(eco, hook.event)
            ran[owner.path].add(event)
            dynamic[owner.path].append(("runs-code-at-install", f"ran: {who}: {_argv(hook.argv)}"))
            if node is None or event not in declared_events(node):
                run_not_declared.append(who)
            for path in hook.secret_reads:
                dynamic[owner.path].append(("suspicious", f"{who} read the fake secret {path}"))
            for where in hook.connects:
                dynamic[owner.path].append(("suspicious", f"{who} tried to connect to {where}"))
        if root is not None:
            for path in rehearsal.program_reads:
                dynamic[root.path].append(("suspicious", f"the program read the fake {path}"))
            for where in rehearsal.program_connects:
                dynamic[root.path].append(("suspicious", f"the program tried to reach {where}"))
            if rehearsal.canary_hits or rehearsal.leaked:
                ran_code = [p for p, events in ran.items() if events]
                target = ran_code[0] if len(ran_code) == 1 else root.path
                if rehearsal.leaked:
                    line = f"fake secrets reached the canary: {', '.join(rehearsal.leaked)}"
                    dynamic[target].append(("malicious", line))
                else:
                    line = f"the canary was reached ({rehearsal.canary_hits} requests)"
                    dynamic[target].append(("suspicious", line))
    declared_not_run = [
        f"{label(n)} {event}"
        for n in tree.nodes
        for event in sorted(declared_events(n))
        if rehearsed and event not in ran[n.path]
    ]
    verdicts = []
    for node in tree.nodes:
        seen = dynamic[node.path]
        static_level = static.verdicts.get(node.path)
        if static_level is None:  # past the review's budget: the surfaces alone, and said
            static_level = "runs-code-at-install" if node.surfaces else "clean"
            seen = [("clean", "not reviewed (the review's time ran out)"), *seen]
        dynamic_level = worst([v for v, _ in seen]) if rehearsed else None
        overall = worst([static_level, dynamic_level or "clean"])
        evidence = [*static.evidence.get(node.path, []), *(line for _, line in seen)]
        if node.deprecated:
            evidence.append(f"deprecated: {shown(node.deprecated)[:200]}")
        verdicts.append(
            PackageVerdict(
                node.name,
                node.version,
                static_level,
                dynamic_level,
                overall,
                [shown(e) for e in evidence[:MAX_EVIDENCE]],
                surfaces=list(node.surfaces),
                ran=sorted(ran[node.path]),
                deprecated=node.deprecated,
            )
        )
    return verdicts, declared_not_run, list(dict.fromkeys(run_not_declared))


def _argv(argv: tuple[str, ...]) -> str:
    return shown(" ".join(argv))[:160]
