"""Things the labs hand to learners, built from the fixtures without running them."""

from __future__ import annotations

import dataclasses
import json
import shutil
import tempfile
from pathlib import Path

from hooklab.fixtures import build_npm, get_fixture
from hooklab.paths import work_dir

# Lab 01's three packages: (neutral name, fixture it is made from, keep its install hook?, args)
MYSTERY = (
    ("json-pretty-cli", "npm-postinstall", False, ()),
    ("uuid-tiny-cli", "npm-preinstall", True, ()),
    ("md-toc-cli", "npm-takeover", False, ("--version",)),
)


def _renamed_tarball(fixture: str, name: str, hooked: bool, out: Path) -> Path:
    """The fixture's npm package under a neutral package and bin name, hook kept or removed."""
    fx = get_fixture(fixture)
    with tempfile.TemporaryDirectory(prefix="mystery-") as tmp:
        src = Path(tmp) / "package"
        shutil.copytree(fx.source, src)
        meta = json.loads((src / "package.json").read_text())
        meta["name"] = name
        meta["bin"] = {name: next(iter(meta["bin"].values()))}
        if not hooked:
            meta.pop("scripts", None)
            meta["files"] = [f for f in meta.get("files", []) if f.rstrip("/") != "scripts"]
            shutil.rmtree(src / "scripts", ignore_errors=True)
        (src / "package.json").write_text(json.dumps(meta, indent=2) + "\n")
        return build_npm(dataclasses.replace(fx, folder=Path(tmp)), out)


def mystery_packages() -> dict[str, list[str]]:
    """Lab 01: three npm tarballs with neutral names, each with the npx command that runs it."""
    out = work_dir() / "labs" / "mystery"
    out.mkdir(parents=True, exist_ok=True)
    commands = {}
    for name, fixture, hooked, args in MYSTERY:
        tgz = _renamed_tarball(fixture, name, hooked, out)
        commands[name] = ["npx", "--yes", "--package", str(tgz), name, *args]
    return commands
