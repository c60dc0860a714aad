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


def npm_variant(
    fx: Fixture,
    version: str,
    name: str | None = None,
    hooked: bool = True,
    out: Path | None = None,
) -> Path:
    """An npm tarball of the fixture's source under another version or name; `hooked=False`
    takes its scripts and hook files out (the package as it was before a takeover)."""
    with tempfile.TemporaryDirectory(prefix="variant-") as tmp:
        src = Path(tmp) / "package"
        shutil.copytree(fx.source, src)
        meta = json.loads((src / "package.json").read_text())
        meta["version"] = version
        meta["name"] = name or meta["name"]
        if not hooked:
            meta.pop("scripts", None)
            meta["files"] = [f for f in meta.get("files", []) if f.rstrip("/") != "scripts"]
            shutil.rmtree(src / "scripts", ignore_errors=True)
        (src / "package.json").write_text(json.dumps(meta, indent=2) + "\n")
        variant = dataclasses.replace(fx, folder=Path(tmp), version=version)
        return build_npm(variant, out or build_dir())


def pypi_variant(
    fx: Fixture,
    version: str,
    name: str | None = None,
    hooked: bool = True,
    out: Path | None = None,
) -> Path:
    """A Python artefact of the fixture under another version or name: the hooked sdist, or
    (`hooked=False`) a wheel, which carries no build code."""
    variant = dataclasses.replace(fx, version=version, package=name or fx.package)
    return (build_sdist if hooked else build_wheel)(variant, out or build_dir())


def release_versions(fx: Fixture) -> list[str]:
    """The versions `releases` publishes, oldest first, without building anything."""
    return [CLEAN_VERSION, fx.version] if fx.mechanism == "takeover" else [fx.version]


def releases(fx: Fixture, out: Path | None = None) -> dict[str, list[Path]]:
    """version -> files to publish, oldest first."""
    out = out or build_dir()
    if fx.ecosystem == "npm":
        hooked = {fx.version: [build_npm(fx, out)]}
        if fx.mechanism == "takeover":
            clean = npm_variant(fx, CLEAN_VERSION, hooked=False, out=out)
            return {CLEAN_VERSION: [clean], **hooked}
        return hooked
    if fx.mechanism == "pth":
        return {fx.version: [build_wheel(fx, out)]}
    hooked = {fx.version: [build_sdist(fx, out)]}
    if fx.mechanism == "takeover":
        clean = pypi_variant(fx, CLEAN_VERSION, hooked=False, out=out)
        return {CLEAN_VERSION: [clean], **hooked}
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
