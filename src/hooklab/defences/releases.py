"""What each fixture looks like on a registry: which versions, which files, in which order.

A takeover fixture has two releases: a clean 1.0.0 (the same source with the hook taken out)
and the hooked version of its manifest. Build-hook fixtures publish only an sdist (a wheel
would run nothing); the .pth fixture ships a wheel.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import tempfile
from pathlib import Path

from hooklab.defences.publish import publish_npm, publish_python
from hooklab.defences.registry import PythonIndex, Verdaccio
from hooklab.fixtures import Fixture, build_dir, build_npm, build_sdist, build_wheel

CLEAN_VERSION = "1.0.0"
INSTALL_STAGES = ("preinstall", "install", "postinstall", "build", "python-start")


def is_install_time(fx: Fixture) -> bool:
    """Fixtures whose payload runs at install or start-up time (what these defences are about)."""
    return any(p.stage in INSTALL_STAGES for p in fx.payloads)


def _clean_npm(fx: Fixture, out: Path) -> Path:
    """The fixture's package before the takeover: its scripts and hook files removed."""
    with tempfile.TemporaryDirectory(prefix="clean-") as tmp:
        src = Path(tmp) / "package"
        shutil.copytree(fx.source, src)
        meta = json.loads((src / "package.json").read_text())
        meta["version"] = CLEAN_VERSION
        meta.pop("scripts", None)
        meta["files"] = [f for f in meta.get("files", []) if f.rstrip("/") != "scripts"]
        (src / "package.json").write_text(json.dumps(meta, indent=2) + "\n")
        shutil.rmtree(src / "scripts", ignore_errors=True)
        return build_npm(dataclasses.replace(fx, folder=Path(tmp), version=CLEAN_VERSION), out)


def releases(fx: Fixture, out: Path | None = None) -> dict[str, list[Path]]:
    """version -> files to publish, oldest first."""
    out = out or build_dir()
    if fx.ecosystem == "npm":
        hooked = {fx.version: [build_npm(fx, out)]}
        if fx.mechanism == "takeover":
            return {CLEAN_VERSION: [_clean_npm(fx, out)], **hooked}
        return hooked
    if fx.mechanism == "pth":
        return {fx.version: [build_wheel(fx, out)]}
    hooked = {fx.version: [build_sdist(fx, out)]}
    if fx.mechanism == "takeover":
        clean = dataclasses.replace(fx, version=CLEAN_VERSION)
        return {CLEAN_VERSION: [build_wheel(clean, out)], **hooked}
    return hooked


def publish_fixture(
    fx: Fixture, registry: Verdaccio | PythonIndex, versions: list[str] | None = None
) -> list[str]:
    """Publish the fixture's releases (or only `versions`) that the registry lacks yet."""
    done = []
    for version, files in releases(fx).items():
        if versions is not None and version not in versions:
            continue
        if isinstance(registry, Verdaccio):
            if version not in registry.versions(fx.package):
                publish_npm(registry, files[0])
                done.append(f"{fx.package}@{version}")
        else:
            new = [f for f in files if f.name not in registry.files()]
            if new:
                publish_python(registry, new)
                done.append(f"{fx.package}=={version}")
    return done
