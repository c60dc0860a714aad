"""`review(path)`: read a package safely, run the six rule sets, and return one Report."""

from __future__ import annotations

import re
from pathlib import Path

from hooklab.review.archive import read_tree
from hooklab.review.package import Package
from hooklab.review.report import CATEGORIES, Category, Finding, Report
from hooklab.review.rules import CHECKS

# tests, docs, examples and source maps: what a package ships beside its code, never run by it
ASIDE = re.compile(
    r"(^|/)(tests?|__tests__|spec|docs?|examples?|e2e|fixtures|benchmarks?)/"
    r"|\.map$|\.(test|spec)\.[cm]?[jt]sx?$|(^|/)test_[^/]*\.py$|_test\.py$"
)


def is_aside(name: str) -> bool:
    return bool(ASIDE.search(name))


def review_package(pkg: Package) -> Report:
    cats, aside = [], []
    for cid in CATEGORIES:
        kept: list[Finding] = []
        for f in CHECKS[cid](pkg):
            # what a hook runs is install-time code wherever it sits
            if f.file and is_aside(f.file) and not pkg.runs_at_install(f.file):
                aside.append((cid, f))
            else:
                kept.append(f)
        cats.append(Category(cid, kept))
    notes = [*pkg.tree.notes, *pkg.notes]
    return Report(
        pkg.tree.target, cats, notes=notes, files_reviewed=len(pkg.tree.files), aside=aside
    )


def review(path: str | Path) -> Report:
    """Review a folder, an npm .tgz, an sdist, a wheel or a zip without running any of it."""
    return review_package(Package(read_tree(path)))
