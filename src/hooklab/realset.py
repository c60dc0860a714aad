"""The pinned set of real packages (benchmarks/real-packages.toml) and their archives, cached.

The set is what the kit measures itself on besides its own fixtures: popular MCP servers and SDKs
from both registries, and well-known packages with legitimate install hooks or C-extension builds.
`fetch` downloads each archive straight from the public registry's answer (npm: the version's
`dist.tarball`, checked against `dist.integrity`; PyPI: the sdist and a wheel for this interpreter,
checked against their sha256), never through an npm/pip/uv config and never running any of it.
A package already in the cache is re-checked against the digests recorded when it was fetched,
so a second call needs no network and a changed file is refused.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import ssl
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, cast, get_args
from urllib.parse import quote, urlsplit

from hooklab.errors import HooklabError
from hooklab.lang import LANGS, Catalogue, both, in_both, say
from hooklab.mcp.specs import npm_version, pypi_version, valid_name
from hooklab.paths import project_root, work_dir
from hooklab.safetext import shown

Ecosystem = Literal["npm", "pypi"]
Kind = Literal["mcp-server", "mcp-sdk", "legit-hook", "c-extension"]
KINDS: tuple[str, ...] = get_args(Kind)

REGISTRY = {"npm": "https://registry.npmjs.org", "pypi": "https://pypi.org"}
# The only hosts an archive may come from: a registry's answer cannot send a download elsewhere.
ARCHIVE_HOSTS = {"npm": {"registry.npmjs.org"}, "pypi": {"files.pythonhosted.org"}}
PEP691 = "application/vnd.pypi.simple.v1+json"
REAL_SET = "real-set"  # the cache's folder name, in the offline kit or the work folder

MAX_ENTRIES = 500
MAX_LIST_BYTES = 1_000_000
MAX_ANSWER_BYTES = 20_000_000  # a registry's answer about one package
MAX_ARCHIVE_BYTES = 30_000_000  # larger archives are left out of the set (and said so)
MAX_FIELD = 300  # characters in a launch line
TIMEOUT = 60.0
_CHUNK = 1 << 16

# What this module says: each error keeps both languages (a record takes its English).
SAID: Catalogue = {
    "progress": both("실제 패키지 목록 받는 중", "fetching the real set"),
    "no-list": both(
        "benchmarks/real-packages.toml을 찾을 수 없습니다. kit 안에서 실행하세요",
        "cannot find benchmarks/real-packages.toml; run inside the kit",
    ),
    "unreadable": both("{path}을(를) 읽을 수 없습니다: {why}", "cannot read {path}: {why}"),
    "list-too-big": both(
        "{path}이(가) {limit}바이트를 넘어 읽지 않았습니다",
        "{path} is over {limit} bytes; not read",
    ),
    "not-toml": both(
        "{path}은(는) 올바른 TOML이 아닙니다: {why}", "{path} is not valid TOML: {why}"
    ),
    "no-entries": both("{path}에 [[package]] 항목이 없습니다", "{path} has no [[package]] entries"),
    "too-many": both(
        "{path}의 항목이 {limit}개를 넘어 읽지 않았습니다",
        "{path} has over {limit} entries; not read",
    ),
    "twice": both(
        "실제 패키지 목록: {spec}이(가) 두 번 들어 있습니다", "real set: {spec} is listed twice"
    ),
    # one entry of the list: `where` is the "entry" line, in the message's language
    "entry": both("실제 패키지 목록의 {number}번 항목", "real set entry {number}"),
    "not-table": both("{where}은 표(table)가 아닙니다", "{where} is not a table"),
    "not-strings": both(
        "{where}에는 ecosystem, name, version, kind, launch가 문자열로 있어야 합니다",
        "{where} needs ecosystem, name, version, kind and launch as strings",
    ),
    "ecosystem": both(
        "{where}: ecosystem {eco!r}은(는) npm도 pypi도 아닙니다",
        "{where}: ecosystem {eco!r} is not npm or pypi",
    ),
    "name": both(
        "{where}: {name!r}은(는) {eco} 패키지 이름이 아닙니다",
        "{where}: {name!r} is not a {eco} package name",
    ),
    "version": both(
        "{where}: {name} {version!r}은(는) 정확한 버전이 아닙니다",
        "{where}: {name} {version!r} is not an exact version",
    ),
    "kind": both(
        "{where}: kind {kind!r}은(는) {kinds} 중 하나가 아닙니다",
        "{where}: kind {kind!r} is not one of {kinds}",
    ),
    "launch": both(
        "{where}: {name}의 launch 줄이 너무 길거나 출력할 수 없는 문자를 담고 있습니다",
        "{where}: the launch line of {name} is too long or unprintable",
    ),
    "pinned": both(
        "{where}: {name}의 readme_pinned는 true나 false여야 합니다",
        "{where}: readme_pinned of {name} must be true or false",
    ),
    "offline": both(
        "네트워크 없음(오프라인 kit): {cache}에 실제 패키지 목록의 아카이브가 일부 빠져 있습니다. "
        "scripts/offline-bundle.sh로 다시 모으세요",
        "no network (offline kit): {cache} lacks part of the real set; "
        "collect it again with scripts/offline-bundle.sh",
    ),
    "not-in-registry": both("{spec}: 레지스트리에 없습니다", "{spec}: not in the registry"),
    "answered": both(
        "{spec}: 레지스트리가 {status} 응답을 보냈습니다", "{spec}: the registry answered {status}"
    ),
    "unreachable": both("{host}에 연결할 수 없습니다: {why}", "cannot reach {host}: {why}"),
    "answer-too-big": both(
        "{spec}: 레지스트리의 응답이 크기 한도를 넘습니다",
        "{spec}: the registry's answer is over the size limit",
    ),
    "not-json": both(
        "{spec}: 레지스트리의 응답이 JSON이 아닙니다", "{spec}: the registry's answer is not JSON"
    ),
    "not-object": both(
        "{spec}: 레지스트리의 응답이 JSON 객체가 아닙니다",
        "{spec}: the registry's answer is not a JSON object",
    ),
    "no-tarball": both(
        "{spec}: 레지스트리가 tarball을 알려 주지 않았습니다",
        "{spec}: the registry gave no tarball",
    ),
    "no-files": both("{spec}: 인덱스에 파일 목록이 없습니다", "{spec}: the index listed no files"),
    "no-archive": both(
        "{spec}: 인덱스에 이 버전의 sdist도 휠도 없습니다",
        "{spec}: the index has no sdist or wheel of it",
    ),
    "no-sha256": both(
        "{spec}: 인덱스가 한 파일의 sha256을 알려 주지 않았습니다",
        "{spec}: the index gave no sha256 for a file",
    ),
    "no-integrity": both(
        "{spec}: 레지스트리가 sha256/384/512 integrity를 알려 주지 않았습니다",
        "{spec}: the registry gave no sha256/384/512 integrity",
    ),
    "bad-name": both(
        "{spec}: 파일 이름 {name!r}을(를) 거부했습니다",
        "{spec}: refused the file name {name!r}",
    ),
    "bad-host": both(
        "{spec}: {url}에서 받기를 거부했습니다", "{spec}: refused to download from {url}"
    ),
    "download-status": both(
        "{spec}: 다운로드에 {status} 응답이 왔습니다", "{spec}: download answered {status}"
    ),
    "archive-too-big": both(
        "{spec}: {file}이(가) {mb} MB를 넘습니다. 실제 패키지 목록에서 빼세요",
        "{spec}: {file} is over {mb} MB; leave it out of the set",
    ),
    "download-failed": both(
        "{file}을(를) 받을 수 없습니다: {why}", "cannot download {file}: {why}"
    ),
    "unknown-digest": both(
        "{spec}: 알 수 없는 다이제스트 {algo!r}이(가) 기록되어 있습니다",
        "{spec}: unknown digest {algo!r} recorded",
    ),
    "mismatch": both(
        "{spec}: {file}이(가) 레지스트리의 {algo} 값과 맞지 않아 거부합니다 (지우면 다시 받습니다)",
        "{spec}: {file} does not match the registry's {algo}; "
        "refused (delete it to fetch it again)",
    ),
}


def _error(key: str, /, **fields: object) -> HooklabError:
    """The one-line error `key` of SAID, in both languages."""
    return HooklabError(in_both(SAID, key, **fields))


def _bad_entry(number: int, key: str, /, **fields: object) -> HooklabError:
    """The error `key` about entry `number` of the list, named in each language."""
    return HooklabError(
        {
            lang: say(SAID, key, lang, where=say(SAID, "entry", lang, number=number), **fields)
            for lang in LANGS
        }
    )


@dataclass(frozen=True)
class RealPackage:
    """One pinned entry of the set."""

    ecosystem: Ecosystem
    name: str
    version: str
    kind: Kind
    launch: str  # the launch line the package's own README gives, as written there
    readme_pinned: bool  # whether that line names an exact version

    @property
    def spec(self) -> str:
        sep = "@" if self.ecosystem == "npm" else "=="
        return f"{self.ecosystem}:{self.name}{sep}{self.version}"

    @property
    def stem(self) -> str:
        """A file name for this entry (an npm scope's slash becomes `+`)."""
        return f"{self.name.replace('/', '+')}@{self.version}"


@dataclass
class Fetched:
    """A package's archives in the cache: the npm tarball, or the sdist then the wheel."""

    package: RealPackage
    archives: list[Path] = field(default_factory=list)
    downloaded: bool = False  # False when everything came from the cache

    @property
    def sdist(self) -> Path | None:
        return next((p for p in self.archives if not p.name.endswith(".whl")), None)

    @property
    def wheel(self) -> Path | None:
        return next((p for p in self.archives if p.name.endswith(".whl")), None)


def default_list() -> Path:
    root = project_root()
    if root is None:
        raise _error("no-list")
    return root / "benchmarks" / "real-packages.toml"


def default_cache() -> Path:
    """`<offline kit>/real-set` when runs are pointed at a kit, else `<work folder>/real-set`."""
    from hooklab.offline import kit

    where = kit()
    return (where or work_dir()) / REAL_SET


def load(path: Path | None = None) -> list[RealPackage]:
    """The entries of the list, each checked (one-line HooklabError on the first bad one)."""
    path = path or default_list()
    try:
        raw = path.read_bytes()[: MAX_LIST_BYTES + 1]
    except OSError as exc:
        raise _error("unreadable", path=shown(path), why=exc.strerror) from None
    if len(raw) > MAX_LIST_BYTES:
        raise _error("list-too-big", path=shown(path), limit=MAX_LIST_BYTES)
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise _error("not-toml", path=shown(path), why=shown(exc)) from None
    entries = data.get("package")
    if not isinstance(entries, list) or not entries:
        raise _error("no-entries", path=shown(path))
    if len(entries) > MAX_ENTRIES:
        raise _error("too-many", path=shown(path), limit=MAX_ENTRIES)
    packages = [_entry(i, e) for i, e in enumerate(entries, 1)]
    seen: set[tuple[str, str]] = set()
    for p in packages:
        key = (p.ecosystem, p.name.lower())
        if key in seen:
            raise _error("twice", spec=shown(p.spec))
        seen.add(key)
    return packages


def _entry(number: int, entry: Any) -> RealPackage:
    if not isinstance(entry, dict):
        raise _bad_entry(number, "not-table")
    values = {k: entry.get(k) for k in ("ecosystem", "name", "version", "kind", "launch")}
    if not all(isinstance(v, str) for v in values.values()):
        raise _bad_entry(number, "not-strings")
    eco, name, version, kind, launch = (cast(str, v) for v in values.values())
    if eco not in REGISTRY:
        raise _bad_entry(number, "ecosystem", eco=shown(eco))
    if not valid_name(eco, name):
        raise _bad_entry(number, "name", name=shown(name), eco=eco)
    if (npm_version if eco == "npm" else pypi_version)(version) != version:
        raise _bad_entry(number, "version", name=shown(name), version=shown(version))
    if kind not in KINDS:
        raise _bad_entry(number, "kind", kind=shown(kind), kinds=", ".join(KINDS))
    if len(launch) > MAX_FIELD or not launch.isprintable():
        raise _bad_entry(number, "launch", name=shown(name))
    pinned = entry.get("readme_pinned")
    if not isinstance(pinned, bool):
        raise _bad_entry(number, "pinned", name=shown(name))
    return RealPackage(
        cast(Ecosystem, eco), name, version, cast(Kind, kind), launch, readme_pinned=pinned
    )


def fetch(
    cache: Path | None = None,
    packages: Iterable[RealPackage] | None = None,
    *,
    quiet: bool = False,
) -> list[Fetched]:
    """Each package's archives into `cache` (default: `default_cache()`), with a progress bar.

    What the cache already holds is re-checked and kept, so a second call asks no registry."""
    from hooklab.show.terminal import progress

    cache = cache or default_cache()
    chosen = list(load() if packages is None else packages)
    client = None
    out = []
    try:
        for package in progress(chosen, say(SAID, "progress"), quiet=quiet):
            folder = cache / package.ecosystem
            cached = _from_cache(folder, package)
            if cached is not None:
                out.append(cached)
                continue
            if client is None:
                client = _client(cache)
            out.append(_download(client, folder, package))
    finally:
        if client is not None:
            client.close()
    return out


def verify(cache: Path, package: RealPackage) -> Fetched | None:
    """The package's cached archives, re-checked against the recorded digests (None if absent)."""
    return _from_cache(cache / package.ecosystem, package)


def _client(cache: Path) -> Any:
    import httpx

    from hooklab.offline import kit

    if kit() is not None:
        raise _error("offline", cache=shown(cache))

    # trust_env=False: no .netrc is read; the proxy and CA store are taken as mcp/resolve.py
    # takes them (the machine's store, SSL_CERT_FILE/DIR, HTTPS_PROXY) and nothing else.
    proxy = os.environ.get("HTTPS_PROXY") or os.environ.get("https_proxy") or None
    tls = ssl.create_default_context(
        cafile=os.environ.get("SSL_CERT_FILE"), capath=os.environ.get("SSL_CERT_DIR")
    )
    return httpx.Client(
        timeout=TIMEOUT,
        trust_env=False,
        verify=tls,
        proxy=proxy,
        follow_redirects=False,
        headers={"User-Agent": "hooklab-realset"},
    )


def _index_path(folder: Path, package: RealPackage) -> Path:
    return folder / f"{package.stem}.json"


def _from_cache(folder: Path, package: RealPackage) -> Fetched | None:
    index = _index_path(folder, package)
    if not index.is_file():
        return None
    try:
        files = json.loads(index.read_text())["files"]
        recorded = [(str(f["name"]), str(f["algo"]), str(f["digest"])) for f in files]
    except (OSError, ValueError, KeyError, TypeError):
        return None  # an unreadable index: fetch again, the registry's answer decides
    paths = []
    for name, algo, digest in recorded:
        path = folder / _safe_file(name, package)
        if not path.is_file() or path.is_symlink():
            return None
        _check(path, algo, digest, package)
        paths.append(path)
    return Fetched(package, paths, downloaded=False)


def _get_json(
    client: Any, url: str, package: RealPackage, accept: str = "application/json"
) -> dict[str, Any]:
    import httpx

    try:
        with client.stream("GET", url, headers={"Accept": accept}) as resp:
            if resp.status_code == 404:
                raise _error("not-in-registry", spec=shown(package.spec))
            if resp.status_code != 200:
                raise _error("answered", spec=shown(package.spec), status=resp.status_code)
            body = _bounded(resp.iter_bytes(_CHUNK), MAX_ANSWER_BYTES)
    except httpx.HTTPError as exc:
        raise _error("unreachable", host=urlsplit(url).hostname, why=shown(exc)) from None
    if body is None:
        raise _error("answer-too-big", spec=shown(package.spec))
    try:
        data = json.loads(body)
    except ValueError:
        raise _error("not-json", spec=shown(package.spec)) from None
    if not isinstance(data, dict):
        raise _error("not-object", spec=shown(package.spec))
    return data


def _bounded(chunks: Iterable[bytes], limit: int) -> bytes | None:
    parts, size = [], 0
    for chunk in chunks:
        size += len(chunk)
        if size > limit:
            return None
        parts.append(chunk)
    return b"".join(parts)


def _wanted(client: Any, package: RealPackage) -> list[tuple[str, str, str, str]]:
    """(file name, url, algo, digest) of each archive to fetch, from the registry's answer."""
    if package.ecosystem == "npm":
        url = f"{REGISTRY['npm']}/{quote(package.name, safe='@')}/{package.version}"
        dist = _get_json(client, url, package).get("dist")
        if not isinstance(dist, dict) or not isinstance(dist.get("tarball"), str):
            raise _error("no-tarball", spec=shown(package.spec))
        algo, digest = _integrity(dist.get("integrity"), package)
        name = f"{package.name.replace('/', '+')}-{package.version}.tgz"
        return [(name, dist["tarball"], algo, digest)]
    # The simple API in JSON (PEP 691): every file of every version, each with its sha256.
    url = f"{REGISTRY['pypi']}/simple/{package.name}/"
    files = _get_json(client, url, package, PEP691).get("files")
    if not isinstance(files, list):
        raise _error("no-files", spec=shown(package.spec))
    mine = [f for f in files if isinstance(f, dict) and _pypi_version(f) == package.version]
    sdist = next((f for f in mine if str(f.get("filename")).endswith(".tar.gz")), None)
    wheel = _best_wheel([f for f in mine if str(f.get("filename")).endswith(".whl")])
    chosen = [f for f in (sdist, wheel) if f is not None]
    if not chosen:
        raise _error("no-archive", spec=shown(package.spec))
    out = []
    for f in chosen:
        hashes = f.get("hashes")
        sha = hashes.get("sha256") if isinstance(hashes, dict) else None
        if not isinstance(sha, str) or not re.fullmatch(r"[0-9a-fA-F]{64}", sha):
            raise _error("no-sha256", spec=shown(package.spec))
        out.append((str(f.get("filename")), str(f.get("url")), "sha256", sha.lower()))
    return out


def _pypi_version(entry: dict[str, Any]) -> str | None:
    """The version a file of the simple API is of, read from its name (None if unreadable)."""
    from packaging.utils import (
        InvalidSdistFilename,
        InvalidWheelFilename,
        parse_sdist_filename,
        parse_wheel_filename,
    )

    name = str(entry.get("filename"))
    try:
        if name.endswith(".whl"):
            return str(parse_wheel_filename(name)[1])
        if name.endswith(".tar.gz"):
            return str(parse_sdist_filename(name)[1])
    except (InvalidWheelFilename, InvalidSdistFilename):
        pass
    return None


def _best_wheel(wheels: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The wheel this interpreter would install (the first match in its tag order)."""
    from packaging.tags import sys_tags
    from packaging.utils import InvalidWheelFilename, parse_wheel_filename

    tags: dict[Any, dict[str, Any]] = {}
    for wheel in wheels:
        try:
            for tag in parse_wheel_filename(str(wheel.get("filename")))[3]:
                tags.setdefault(tag, wheel)
        except InvalidWheelFilename:
            continue
    return next((tags[t] for t in sys_tags() if t in tags), None)


def _integrity(value: object, package: RealPackage) -> tuple[str, str]:
    """The strongest `algo-base64` hash in an npm integrity string, as (algo, hex digest)."""
    rank = ("sha512", "sha384", "sha256")
    found: dict[str, str] = {}
    for part in str(value or "").split():
        algo, _, b64 = part.partition("-")
        if algo in rank:
            try:
                found[algo] = base64.b64decode(b64, validate=True).hex()
            except ValueError:
                continue
    for algo in rank:
        if algo in found:
            return algo, found[algo]
    raise _error("no-integrity", spec=shown(package.spec))


def _safe_file(name: str, package: RealPackage) -> str:
    """A file name from a registry's answer or the index, refused if it could leave the folder."""
    if (
        not name
        or name in (".", "..")
        or "/" in name
        or "\\" in name
        or name.startswith(".")
        or not name.isprintable()
        or len(name) > 255
    ):
        raise _error("bad-name", spec=shown(package.spec), name=shown(name))
    return name


def _download(client: Any, folder: Path, package: RealPackage) -> Fetched:
    folder.mkdir(parents=True, exist_ok=True)
    wanted = _wanted(client, package)
    paths = []
    for name, url, algo, digest in wanted:
        path = folder / _safe_file(name, package)
        parts = urlsplit(url)
        if parts.scheme != "https" or parts.hostname not in ARCHIVE_HOSTS[package.ecosystem]:
            raise _error("bad-host", spec=shown(package.spec), url=shown(url))
        _stream_to(client, url, path, package)
        _check(path, algo, digest, package)
        paths.append(path)
    record = {"files": [{"name": n, "algo": a, "digest": d} for n, _, a, d in wanted]}
    _write_new(_index_path(folder, package), json.dumps(record, indent=1).encode())
    return Fetched(package, paths, downloaded=True)


def _stream_to(client: Any, url: str, path: Path, package: RealPackage) -> None:
    """Download into a new file next to `path` (never through a link), then move it in place."""
    import httpx

    part = path.with_name(path.name + ".part")
    part.unlink(missing_ok=True)
    fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
    size = 0
    try:
        with os.fdopen(fd, "wb") as out, client.stream("GET", url) as resp:
            if resp.status_code != 200:
                raise _error("download-status", spec=shown(package.spec), status=resp.status_code)
            for chunk in resp.iter_bytes(_CHUNK):
                size += len(chunk)
                if size > MAX_ARCHIVE_BYTES:
                    raise _error(
                        "archive-too-big",
                        spec=shown(package.spec),
                        file=shown(path.name),
                        mb=MAX_ARCHIVE_BYTES // 1_000_000,
                    )
                out.write(chunk)
        os.replace(part, path)
    except httpx.HTTPError as exc:
        raise _error("download-failed", file=shown(path.name), why=shown(exc)) from None
    finally:
        part.unlink(missing_ok=True)


def _write_new(path: Path, data: bytes) -> None:
    part = path.with_name(path.name + ".part")
    part.unlink(missing_ok=True)
    fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    os.replace(part, path)


def _check(path: Path, algo: str, digest: str, package: RealPackage) -> None:
    """Refuse an archive whose content is not what the registry vouched for."""
    if algo not in ("sha512", "sha384", "sha256"):
        raise _error("unknown-digest", spec=shown(package.spec), algo=shown(algo))
    h = hashlib.new(algo)
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    if h.hexdigest() != digest.lower():
        raise _error("mismatch", spec=shown(package.spec), file=shown(path.name), algo=algo)
