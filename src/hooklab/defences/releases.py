"""What each fixture looks like on a registry: which versions, which files, in which order, and
(on a dated registry) when each came out.

A takeover fixture has two releases: a clean 1.0.0 (the same source with the hook taken out)
and the hooked version of its manifest. Build-hook fixtures publish only an sdist (a wheel
would run nothing); the .pth fixture ships a wheel.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import shutil
import tarfile
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hooklab.defences.dated_index import DatedIndex
from hooklab.defences.publish import publish_npm, publish_python
from hooklab.defences.servers import PythonIndex, Verdaccio, registry_error
from hooklab.fixtures import (
    Fixture,
    build,
    build_clean,
    build_dir,
    build_npm,
    build_sdist,
    build_wheel,
)

CLEAN_VERSION = "1.0.0"
# The ages the kit gives a fixture's releases on a dated registry: the newest was just
# published (the takeover), the older ones have been out for a month.
NEW_AGE = timedelta(hours=1)
OLD_AGE = timedelta(days=30)
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
    if fx.clean_version:
        return [fx.clean_version, fx.version]
    return [CLEAN_VERSION, fx.version] if fx.mechanism == "takeover" else [fx.version]


def releases(fx: Fixture, out: Path | None = None) -> dict[str, list[Path]]:
    """version -> files to publish, oldest first.

    Without `out`, the files are kept under build/releases keyed by the fixture's content, so
    the next lab reuses them instead of packing again.
    """
    if out is not None:
        return _build_releases(fx, out)
    folder = build_dir() / "releases" / f"{fx.name}-{_digest(fx)}"
    index = folder / "releases.json"
    if index.is_file():
        names = json.loads(index.read_text())
        rel = {v: [folder / n for n in files] for v, files in names.items()}
        if all(f.is_file() for files in rel.values() for f in files):
            return rel
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".tmp-{fx.name}-", dir=folder.parent))
    rel = _build_releases(fx, tmp)
    (tmp / "releases.json").write_text(
        json.dumps({v: [f.name for f in fs] for v, fs in rel.items()})
    )
    shutil.rmtree(folder, ignore_errors=True)
    try:
        tmp.rename(folder)  # whole or not at all, even with labs building side by side
    except OSError:  # another lab finished the same build first
        shutil.rmtree(tmp, ignore_errors=True)
    return {v: [folder / f.name for f in files] for v, files in rel.items()}


def _digest(fx: Fixture) -> str:
    h = hashlib.sha256(f"{fx.package} {fx.version} {fx.mechanism}".encode())
    files = [p for p in fx.folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    for path in sorted(files):
        h.update(path.relative_to(fx.folder).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()[:16]


def _build_releases(fx: Fixture, out: Path) -> dict[str, list[Path]]:
    if fx.clean_version:
        return {fx.clean_version: [build_clean(fx, out)], fx.version: list(build(fx, out).values())}
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
    wanted = {v: files for v, files in releases(fx).items() if versions is None or v in versions}
    return publish_releases(wanted, registry)


def publish_releases(rel: dict[str, list[Path]], registry: Verdaccio | PythonIndex) -> list[str]:
    """Publish built releases (version -> files, oldest first) that the registry lacks yet."""
    done = []
    for version, files in rel.items():
        if isinstance(registry, Verdaccio):
            name = _npm_name(files[0])
            if version not in registry.versions(name):
                done.append(publish_npm(registry, files[0]))
        else:
            new = [f for f in files if f.name not in registry.files()]
            if new:
                publish_python(registry, new)
                done.append(f"{new[0].name.split('-')[0]}=={version}")
    return done


def _npm_name(tarball: Path) -> str:
    with tarfile.open(tarball) as tar:
        return json.load(tar.extractfile("package/package.json"))["name"]  # type: ignore[arg-type]


def release_times(fx: Fixture, now: datetime) -> dict[str, datetime]:
    """version -> when the kit says it was published: the newest NEW_AGE before `now`, the
    older ones OLD_AGE before."""
    versions = release_versions(fx)
    return {v: now - (NEW_AGE if v == versions[-1] else OLD_AGE) for v in versions}


def publish_dated(
    fx: Fixture, registry: Verdaccio | DatedIndex, now: datetime | None = None
) -> dict[str, datetime]:
    """Publish the fixture's releases and make the registry report `release_times` for them:
    Verdaccio's `time` field is rewritten in its storage, the dated index is told the times."""
    now = now or datetime.now(UTC)
    publish_fixture(fx, registry)
    times = release_times(fx, now)
    if isinstance(registry, Verdaccio):
        set_npm_times(registry, fx.package, times)
    else:
        registry.date({f.name: times[v] for v, files in releases(fx).items() for f in files})
    return times


def set_npm_times(registry: Verdaccio, package: str, times: dict[str, datetime]) -> None:
    """Rewrite the publish times Verdaccio keeps for `package` (it reads its storage on every
    request, so the next packument shows them)."""
    path = registry.storage / package / "package.json"
    if not path.is_file():
        raise registry_error("not-in-registry", package=package, name=registry.name)
    meta = json.loads(path.read_text())
    stamps = meta.setdefault("time", {})
    for version, when in times.items():
        if version not in meta.get("versions", {}):
            raise registry_error(
                "version-not-in-registry", package=package, version=version, name=registry.name
            )
        stamps[version] = npm_time(when)
    published = sorted(v for k, v in stamps.items() if k not in ("created", "modified"))
    stamps["created"], stamps["modified"] = published[0], published[-1]
    path.write_text(json.dumps(meta))


def npm_time(when: datetime) -> str:
    """A time the way the npm registry writes it: UTC with milliseconds, ending in Z."""
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond // 1000:03d}Z"
