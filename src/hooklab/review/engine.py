"""`review(path)`: read a package safely, run the six rule sets, and return one Report."""

from __future__ import annotations

from pathlib import Path

from hooklab.review.archive import read_tree
from hooklab.review.package import Package
from hooklab.review.report import CATEGORIES, Category, Report
from hooklab.review.rules import CHECKS


def review_package(pkg: Package) -> Report:
    cats = [Category(cid, CHECKS[cid](pkg)) for cid in CATEGORIES]
    notes = [*pkg.tree.notes, *pkg.notes]
    return Report(pkg.tree.target, cats, notes=notes, files_reviewed=len(pkg.tree.files))


def review(path: str | Path) -> Report:
    """Review a folder, an npm .tgz, an sdist, a wheel or a zip without running any of it."""
    return review_package(Package(read_tree(path)))
