"""Put artefacts into the loopback registries: `npm publish`, a copy into pypiserver, or twine."""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import sys
import tarfile
import tempfile
from pathlib import Path

from hooklab.defences.servers import (
    PASSWORD,
    USER,
    PythonIndex,
    Verdaccio,
    http_request,
    loopback_env,
    registry_error,
)
from hooklab.errors import HooklabError
from hooklab.lang import Catalogue, both, in_both
from hooklab.procs import run
from hooklab.tools import find_tool, require_tool

# Why a publish did not happen, in both languages (hooklab.lang).
ERRORS: Catalogue = {
    "method": both(
        "알 수 없는 게시 방법 {via!r}입니다. {one} 또는 {other} 중 하나를 쓰세요",
        "unknown publish method {via!r}; use {one} or {other}",
    ),
    "refused": both(
        "{kind} {name!r}이(가) {file}을(를) 거부했습니다: {why}",
        "{kind} {name!r} refused {file}: {why}",
    ),
    "name-taken": both(
        "{kind} {name!r}이(가) {file}을(를) 거부했습니다: 같은 이름의 다른 파일이 이미 있습니다",
        "{kind} {name!r} refused {file}: a different file of that name is already there",
    ),
    "index-not-running": both(
        "인덱스 {name!r}이(가) 돌고 있지 않습니다", "index {name!r} is not running"
    ),
    "upload-refused": both(
        "{kind} {name!r}이(가) 업로드를 거부했습니다: {why}",
        "{kind} {name!r} refused the upload: {why}",
    ),
}


def _error(key: str, /, **fields: object) -> HooklabError:
    return HooklabError(in_both(ERRORS, key, **fields))


def _reason(stderr: str) -> str:
    """The line of an npm or twine error that says why."""
    lines = [ln.strip() for ln in stderr.splitlines() if ln.strip()]
    for ln in lines:
        if any(k in ln for k in ("403", "409", "Forbidden", "Conflict", "E4", "already")):
            return ln.removeprefix("npm error ").removeprefix("ERROR ").strip()[:200]
    return (lines[-1] if lines else "no output")[:200]


def _manifest(tarball: Path) -> dict:
    with tarfile.open(tarball) as tar:
        return json.load(tar.extractfile("package/package.json"))  # type: ignore[arg-type]


def publish_npm(registry: Verdaccio, tarball: Path, tag: str = "latest", via: str = "http") -> str:
    """Publish TARBALL to `registry` with a token; returns "name@version".

    `via="npm"` runs `npm publish`; `via="http"` sends the same publish document npm would,
    in one request (a tenth of the time, which matters when a notebook publishes many).
    """
    if via not in ("http", "npm"):
        raise _error("method", via=via, one="http", other="npm")
    if not registry.running:
        raise registry_error("not-running", name=registry.name)
    if via == "http":
        return _publish_npm_http(registry, tarball, tag)
    with tempfile.TemporaryDirectory(prefix="publish-") as tmp:
        rc = Path(tmp) / "npmrc"
        rc.write_text(registry.npmrc(auth=True))
        env = {
            **loopback_env(),
            "NPM_CONFIG_USERCONFIG": str(rc),
            "npm_config_cache": tmp,
            "npm_config_update_notifier": "false",
            "npm_config_audit": "false",
        }
        proc = run(
            [
                require_tool("npm"),
                "publish",
                str(tarball),
                "--registry",
                registry.url,
                "--tag",
                tag,
                "--ignore-scripts",
                "--json",
            ],
            f"npm publish of {tarball.name} to {registry.kind} {registry.name!r}",
            env=env,
            cwd=tmp,
        )
    if proc.returncode != 0:
        why = _reason(proc.stderr)
        raise _error("refused", kind=registry.kind, name=registry.name, file=tarball.name, why=why)
    meta = _manifest(tarball)
    return f"{meta['name']}@{meta['version']}"


def _publish_npm_http(registry: Verdaccio, tarball: Path, tag: str) -> str:
    meta = _manifest(tarball)
    name, version = meta["name"], meta["version"]
    data = tarball.read_bytes()
    integrity, shasum = npm_integrity(data)
    file_name = f"{name.rsplit('/', 1)[-1]}-{version}.tgz"
    doc = {
        "_id": name,
        "name": name,
        "description": meta.get("description", ""),
        "dist-tags": {tag: version},
        "versions": {
            version: {
                **meta,
                "_id": f"{name}@{version}",
                "dist": {
                    "integrity": integrity,
                    "shasum": shasum,
                    "tarball": f"{registry.url}{name}/-/{file_name}",
                },
            }
        },
        "_attachments": {
            file_name: {
                "content_type": "application/octet-stream",
                "data": base64.b64encode(data).decode(),
                "length": len(data),
            }
        },
    }
    status, body = http_request(
        registry.port,
        "PUT",
        "/" + name.replace("/", "%2f"),
        json.dumps(doc).encode(),
        {"Content-Type": "application/json", "Authorization": f"Bearer {registry.token()}"},
        timeout=30,
    )
    if status not in (200, 201):
        try:
            why = json.loads(body).get("error", "")
        except ValueError:
            why = body.decode(errors="replace")
        why = " ".join(str(why).split())[:200]
        why = f"HTTP {status} {why}"
        raise _error("refused", kind=registry.kind, name=registry.name, file=tarball.name, why=why)
    return f"{name}@{version}"


def publish_python(index: PythonIndex, files: list[Path], via: str = "copy") -> list[str]:
    """Add sdists/wheels to `index`: copy them into its folder, or upload them with twine.

    Like a real index, a file name that is already there with other content is refused.
    """
    if via not in ("copy", "twine"):
        raise _error("method", via=via, one="copy", other="twine")
    for f in files:
        there = index.packages / f.name
        if there.exists() and there.read_bytes() != f.read_bytes():
            raise _error("name-taken", kind=index.kind, name=index.name, file=f.name)
    if via == "copy":
        for f in files:
            shutil.copy2(f, index.packages / f.name)
        return [f.name for f in files]
    if not index.running:
        raise _error("index-not-running", name=index.name)
    exe = find_tool("twine")
    base = [exe] if exe else [sys.executable, "-m", "twine"]
    proc = run(
        [
            *base,
            "upload",
            "--non-interactive",
            "--disable-progress-bar",
            "--repository-url",
            index.url,
            "-u",
            USER,
            "-p",
            PASSWORD,
            *map(str, files),
        ],
        f"twine upload to {index.kind} {index.name!r}",
        env=loopback_env(),
    )
    if proc.returncode != 0:
        out = proc.stderr + proc.stdout
        raise _error("upload-refused", kind=index.kind, name=index.name, why=_reason(out))
    return [f.name for f in files]


def npm_integrity(data: bytes) -> tuple[str, str]:
    """(integrity, shasum) the way npm writes them for a tarball."""
    sri = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()
    return sri, hashlib.sha1(data).hexdigest()


def swap_npm_tarball(registry: Verdaccio, package: str, version: str, tarball: Path) -> None:
    """Replace a published tarball under the same version, as a compromised mirror would.

    The registry's metadata is rewritten to match, so only a lockfile made before the swap
    still remembers the old integrity.
    """
    folder = registry.storage / package
    meta_path = folder / "package.json"
    if not meta_path.is_file():
        raise registry_error("not-in-registry", package=package, name=registry.name)
    meta = json.loads(meta_path.read_text())
    entry = meta.get("versions", {}).get(version)
    if entry is None:
        raise registry_error(
            "version-not-in-registry", package=package, version=version, name=registry.name
        )
    data = tarball.read_bytes()
    name = entry["dist"]["tarball"].rsplit("/", 1)[-1]
    (folder / name).write_bytes(data)
    entry["dist"]["integrity"], entry["dist"]["shasum"] = npm_integrity(data)
    with tarfile.open(tarball) as tar:  # npm decides on install scripts from this metadata
        scripts = json.load(tar.extractfile("package/package.json")).get("scripts", {})  # type: ignore[arg-type]
    entry["scripts"] = scripts
    entry["hasInstallScript"] = any(k in scripts for k in ("preinstall", "install", "postinstall"))
    meta_path.write_text(json.dumps(meta))
