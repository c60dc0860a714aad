"""Lockfiles made at a known-good moment: an npm project with package-lock.json (integrity
included) and a hashed requirements file for `uv pip install --require-hashes`."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from hooklab.defences.servers import PythonIndex, Verdaccio, registry_error
from hooklab.fixtures import Fixture
from hooklab.tools import require_tool, run_tool


def npm_lock_project(registry: Verdaccio, fx: Fixture, version: str, folder: Path) -> Path:
    """A project depending on `^version` of the fixture, locked to exactly `version`.

    The lock is written with --package-lock-only --ignore-scripts: nothing is installed or run.
    """
    pkg = {
        "name": "lockfile-demo",
        "version": "1.0.0",
        "private": True,
        "dependencies": {fx.package: version},
    }
    (folder / "package.json").write_text(json.dumps(pkg, indent=2) + "\n")
    with tempfile.TemporaryDirectory(prefix="lock-") as tmp:
        rc = Path(tmp) / "npmrc"
        rc.write_text(f"registry={registry.url}\n")
        env = {
            **os.environ,
            "NPM_CONFIG_USERCONFIG": str(rc),
            "npm_config_cache": tmp,
            "npm_config_update_notifier": "false",
            "npm_config_audit": "false",
            "npm_config_fund": "false",
        }
        run_tool(
            [require_tool("npm"), "install", "--package-lock-only", "--ignore-scripts"],
            f"could not lock {fx.package}@{version}",
            cwd=folder,
            env=env,
        )
    # The manifest now allows newer releases; only the lock holds the install to `version`.
    pkg["dependencies"] = {fx.package: f"^{version}"}
    (folder / "package.json").write_text(json.dumps(pkg, indent=2) + "\n")
    lock = json.loads((folder / "package-lock.json").read_text())
    lock["packages"][""]["dependencies"] = pkg["dependencies"]
    (folder / "package-lock.json").write_text(json.dumps(lock, indent=2) + "\n")
    return folder


def locked_integrity(folder: Path, package: str) -> str:
    lock = json.loads((folder / "package-lock.json").read_text())
    return lock["packages"][f"node_modules/{package}"]["integrity"]


def hashed_requirements(index: PythonIndex, fx: Fixture, version: str, folder: Path) -> Path:
    """requirements.txt pinning `version` to the sha256 of every file the index has for it."""
    prefix = f"{fx.package.replace('-', '_')}-{version}"
    files = [p for p in sorted(index.packages.iterdir()) if p.name.startswith(prefix)]
    if not files:
        raise registry_error("not-in-index", package=fx.package, version=version, name=index.name)
    hashes = " ".join(f"--hash=sha256:{hashlib.sha256(p.read_bytes()).hexdigest()}" for p in files)
    path = folder / "requirements.txt"
    path.write_text(f"{fx.package}=={version} {hashes}\n")
    return path
