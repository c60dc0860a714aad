"""The PyPI half of `hooklab vet`: resolve a target's whole tree with builds refused, and fetch
every file of it into the kit's cache with its hash checked. Nothing fetched is ever run.

`resolve` asks `uv pip compile --no-build --generate-hashes` (isolated like a look-up in
`hooklab.mcp.resolve`); a package that only an sdist build could resolve is a finding, not a
reason to build. `fetch` reads the index's simple API (PEP 691 JSON), picks the file whose
sha256 the lock names (a wheel for this interpreter, else the sdist), downloads it and notes
its install surface (`.pth` files, sdist builds) and yanks. A fetched exact target is kept per
target under the cache, so the next vet of it needs no network.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import ssl
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass, replace
from email.parser import HeaderParser
from pathlib import Path
from typing import Any, get_args
from urllib.parse import urljoin, urlsplit

import httpx
from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.tags import Tag, sys_tags
from packaging.utils import (
    InvalidSdistFilename,
    InvalidWheelFilename,
    canonicalize_name,
    parse_sdist_filename,
    parse_wheel_filename,
)
from packaging.version import InvalidVersion, Version

from hooklab.errors import HooklabError
from hooklab.lang import both
from hooklab.mcp.resolve import _lookup_env, _plain_url, _registry_from_env
from hooklab.mcp.specs import valid_name
from hooklab.offline import goes_public, kit
from hooklab.procs import run
from hooklab.safetext import shown
from hooklab.tools import require_tool
from hooklab.vet.cache import vet_cache
from hooklab.vet.model import InstallSurface, Node, Target, Tree

__all__ = ["IndexFile", "choose_file", "download", "fetch", "parse_lock", "requirement", "resolve"]

MAX_NODES = 2000  # packages in one tree
MAX_REQUESTED = 1000  # characters of a requested version or range
MAX_PAGE_BYTES = 64 * 2**20  # one simple-API answer (the biggest projects list ~100k files)
MAX_PAGE_FILES = 200_000
MAX_ARCHIVE_BYTES = 2 * 2**30  # one wheel or sdist (GPU wheels reach ~1 GB)
MAX_ZIP_ENTRIES = 100_000  # entries of a wheel looked at for .pth files
MAX_META_BYTES = 2**20  # a wheel's METADATA, read for its license
COMPILE_TIMEOUT = 180.0
HTTP_TIMEOUT = httpx.Timeout(
    30.0, connect=10.0
)  # per read; the deadlines below bound a whole answer
PAGE_DEADLINE = 120.0
ARCHIVE_DEADLINE = 900.0
SIMPLE_JSON = "application/vnd.pypi.simple.v1+json"

_SHA256 = re.compile(r"[0-9a-f]{64}")
_LOCK_LINE = re.compile(r"([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)")
_HASH = re.compile(r"--hash=sha256:([0-9a-f]{64})")
_NEEDS_BUILD = re.compile(r"Wheels are required for `([^`]+)`")
_NO_WHEELS = re.compile(r"Because (?:only )?([A-Za-z0-9._-]+)==(\S+) has no usable wheels")
_NOT_FOUND = re.compile(r"([A-Za-z0-9._-]+) was not found in the package registry")
_NO_VERSION = re.compile(r"there is no version of ([A-Za-z0-9._-]+)(\S*)")
_UNREACHABLE = ("Failed to fetch", "error sending request", "Request failed after", "dns error")
_SURFACES = frozenset(get_args(InstallSurface))
# A .pth that lands in site-packages itself: at the wheel's top level, or in its .data/purelib
# or platlib folder (installers copy those to the top level too).
_SITE_PTH = re.compile(r"(?:[^/]+\.data/(?:purelib|platlib)/)?[^/]+\.pth")


# --- the target as a requirement ------------------------------------------------------------


def requirement(target: Target) -> Requirement:
    """The target as a PEP 508 requirement for the registry name, checked before uv sees it.

    `requested` may be a bare version (`1.0`, `1!2.0`, `2.1.0+cpu`), a specifier (`==1.0`,
    `===1.0`, `>=1,<2`), optionally with extras and a marker (`[cli]==1.0 ; python_version>"3.8"`).
    """
    if target.ecosystem != "pypi" or not valid_name("pypi", target.name):
        raise HooklabError(
            both(
                f"PyPI 패키지 이름이 아닙니다: {shown(target.name)[:200]}",
                f"not a PyPI package name: {shown(target.name)[:200]}",
            )
        )
    requested = target.requested.strip()
    if len(requested) > MAX_REQUESTED or not requested.isprintable():
        raise HooklabError(
            both(
                f"{target.name}: 읽을 수 없는 버전 요청입니다: {shown(requested)[:200]!r}",
                f"{target.name}: unreadable version request {shown(requested)[:200]!r}",
            )
        )
    if requested and requested[0] not in "[<>=!~;":
        with contextlib.suppress(InvalidVersion):
            Version(requested)  # a bare version (`1.0`, `1!2.0`, `2.1.0+cpu`) means exactly it
            requested = "==" + requested
    try:
        req = Requirement(target.name + requested)
    except InvalidRequirement:
        asked = f"{shown(target.requested)[:200]!r}"
        raise HooklabError(
            both(
                f"{target.name}: 버전도 범위도 아닙니다: {asked}",
                f"{target.name}: not a version or range: {asked}",
            )
        ) from None
    if req.url:
        raise HooklabError(
            both(
                f"{target.name}: 직접 URL은 레지스트리 패키지가 아닙니다. 검사하지 않았습니다",
                f"{target.name}: a direct URL is not a registry package; not vetted",
            )
        )
    if req.marker is not None and not req.marker.evaluate():
        raise HooklabError(
            both(
                f"{req}: 마커가 이 파이썬에 해당하지 않습니다. 설치할 것이 없습니다",
                f"{req}: its marker does not apply to this Python; nothing to install",
            )
        )
    return req


def _exact(req: Requirement) -> str | None:
    """The one version a requirement allows (`==V` without a wildcard, or `===V`), else None."""
    specs = list(req.specifier)
    if len(specs) != 1 or specs[0].operator not in ("==", "===") or "*" in specs[0].version:
        return None
    return specs[0].version


# --- where things go ------------------------------------------------------------------------


def _pypi_dir(cache: Path | None) -> Path:
    where = (cache if cache is not None else vet_cache()) / "pypi"
    where.mkdir(parents=True, exist_ok=True)
    return where


def _index(index: str | None) -> str:
    url, problem = _plain_url(index) if index is not None else _registry_from_env("pypi")
    if problem:
        raise HooklabError(problem)
    return url.rstrip("/") + "/"


def _not_cached(what: str) -> HooklabError:
    return HooklabError(
        both(
            f"네트워크 없음 (오프라인 키트): {what}은(는) vet 캐시에 없습니다",
            f"no network (offline kit): {what} is not in the vet cache",
        )
    )


def _page(index: str, name: str) -> str:
    """The project's page on the index's simple API."""
    return f"{index}{canonicalize_name(name)}/"


# --- resolve --------------------------------------------------------------------------------


def resolve(target: Target, *, cache: Path | None = None, index: str | None = None) -> Tree:
    """The exact version and whole tree of a PyPI target, resolved with every build refused.

    An exact target fetched before is answered from the cache without the network."""
    req = requirement(target)
    exact = _exact(req)
    pypi, url = _pypi_dir(cache), _index(index)
    folder = _folder(pypi, target, index)
    if exact is not None and (kept := _load_tree(target, folder)) is not None:
        return kept
    if kit() is not None and goes_public({"UV_DEFAULT_INDEX": url}, "uv"):
        raise _not_cached(str(req))
    nodes, problems = _tree_of(req, url, pypi)
    if exact is None:
        nodes, problems = _newest_instead(req, url, pypi, nodes, problems)
    root = next((n for n in nodes if n.direct), None)
    if root is None:
        raise HooklabError(
            both(
                f"{req}: uv의 답에 패키지 자신의 이름이 없습니다",
                f"{req}: uv's answer did not name the package itself",
            )
        )
    nodes = [replace(n, url=_page(url, n.name)) for n in nodes]
    return Tree(target, root.version, exact is None, nodes, problems, cache=str(folder))


def _tree_of(req: Requirement, url: str, pypi: Path) -> tuple[list[Node], list[str]]:
    proc = _compile(str(req), url, pypi)
    if proc.returncode == 0:
        return _nodes_from_lock(proc.stdout, req)
    return _needs_build(proc.stderr, req, url)


def _newest_instead(
    req: Requirement, url: str, pypi: Path, nodes: list[Node], problems: list[str]
) -> tuple[list[Node], list[str]]:
    """With builds refused, uv may settle on an older version than the one `uvx` would build
    and run; then the newest one is what gets vetted (usually: its sdist is the finding)."""
    root = next((n for n in nodes if n.direct), None)
    if root is None:
        return nodes, problems
    with _client() as client:
        newest = newest_version(_simple_page(client, _page(url, req.name)), req)
    if newest is None or newest <= Version(root.version):
        return nodes, problems
    pinned = Requirement(str(req))
    pinned.specifier = SpecifierSet(f"=={newest}")
    note = (
        f"with builds refused uv would pick {root.path}, but a launcher installs the newest, "
        f"{req.name}=={newest}"
    )
    try:
        newer, more = _tree_of(pinned, url, pypi)
    except HooklabError as exc:
        return nodes, [*problems, f"{note}, which does not resolve: {exc.text('en')}"]
    return newer, [f"{note}; that one is vetted here", *more]


def newest_version(files: list[IndexFile], req: Requirement) -> Version | None:
    """The newest version `req` allows among the index's files that are not yanked and that
    this Python may install (`requires-python`), pre-releases only when `req` asks for them."""
    here = Version(".".join(map(str, sys.version_info[:3])))
    tags = set(sys_tags())
    found: set[Version] = set()
    for f in files:
        if f.yanked is not None:
            continue
        with contextlib.suppress(InvalidSpecifier):
            if f.requires_python and here not in SpecifierSet(f.requires_python):
                continue
        if f.filename.endswith(".whl") and not _wheel_fits(f.filename, tags):
            continue
        found.update(v for v in [_file_version(f.filename, req.name)] if v is not None)
    allowed = list(req.specifier.filter(found))
    return max(allowed) if allowed else None


def _wheel_fits(filename: str, tags: set[Tag]) -> bool:
    try:
        return not tags.isdisjoint(parse_wheel_filename(filename)[3])
    except InvalidWheelFilename:
        return False


def _file_version(filename: str, name: str) -> Version | None:
    """The version a wheel or sdist file name gives, when it is a file of `name`."""
    try:
        fname, version = (
            parse_wheel_filename(filename)[:2]
            if filename.endswith(".whl")
            else parse_sdist_filename(filename)
        )
    except (InvalidWheelFilename, InvalidSdistFilename):
        return None
    return version if canonicalize_name(fname) == canonicalize_name(name) else None


def _compile(line: str, index: str, pypi: Path) -> subprocess.CompletedProcess[str]:
    uv = require_tool("uv")
    with tempfile.TemporaryDirectory(prefix="resolve-", dir=pypi) as tmp:
        where = Path(tmp)
        (where / "requirements.in").write_text(line + "\n")  # one checked PEP 508 line
        argv = [
            uv,
            "pip",
            "compile",
            str(where / "requirements.in"),
            "--no-build",
            "--generate-hashes",
            "--no-header",
            "--no-annotate",
            "--no-config",
            f"--python={sys.executable}",
            f"--default-index={index}",
            f"--cache-dir={pypi / 'uv-cache'}",
        ]
        env = _lookup_env(where) | {"UV_HTTP_RETRIES": "1", "UV_HTTP_TIMEOUT": "30"}
        return run(argv, f"uv pip compile of {line}", env=env, cwd=where, timeout=COMPILE_TIMEOUT)


def parse_lock(text: str) -> list[tuple[str, str, list[str]]]:
    """(name, version, sha256 hashes) for each pin of `uv pip compile --generate-hashes` output."""
    pins: list[tuple[str, str, list[str]]] = []
    for entry in text.replace("\\\n", " ").splitlines():
        entry = entry.split("#", 1)[0].strip()
        if not entry:
            continue
        m = _LOCK_LINE.match(entry)
        if m is None or not valid_name("pypi", m.group(1)):
            raise HooklabError(
                both(
                    f"uv pip compile이 읽을 수 없는 줄을 냈습니다: {shown(entry)[:200]}",
                    f"uv pip compile gave an unreadable line: {shown(entry)[:200]}",
                )
            )
        if (version := _version(m.group(2))) is None:
            raise HooklabError(
                both(
                    f"{m.group(1)}: 버전이 아닙니다: {shown(m.group(2))[:100]}",
                    f"{m.group(1)}: not a version: {shown(m.group(2))[:100]}",
                )
            )
        if len(pins) >= MAX_NODES:
            raise HooklabError(
                both(
                    f"트리의 패키지가 {MAX_NODES}개를 넘습니다. 검사하지 않았습니다",
                    f"the tree has more than {MAX_NODES} packages; not vetted",
                )
            )
        pins.append((m.group(1), str(version), _HASH.findall(entry)))
    return pins


def _nodes_from_lock(text: str, req: Requirement) -> tuple[list[Node], list[str]]:
    root = canonicalize_name(req.name)
    nodes = [
        Node(
            "pypi",
            name,
            version,
            f"{name}=={version}",
            direct=canonicalize_name(name) == root,
            integrity=" ".join(f"sha256:{h}" for h in hashes),
        )
        for name, version, hashes in parse_lock(text)
    ]
    problems = [
        f"{n.path}: the lock gives no hash; it cannot be fetched" for n in nodes if not n.integrity
    ]
    return nodes, problems


def _needs_build(err: str, req: Requirement, index: str) -> tuple[list[Node], list[str]]:
    """uv's refusal, as one-line errors; or, when only an sdist build would resolve the tree,
    that sdist as a node (the finding) with the root, from the index's own listing."""
    cause = next((ln.strip() for ln in err.splitlines() if ln.strip().startswith("cause:")), "")
    if m := _NOT_FOUND.search(err):
        raise HooklabError(
            both(
                f"pypi: {index}에 이름이 {m.group(1)}인 패키지가 없습니다",
                f"pypi: no package named {m.group(1)} on {index}",
            )
        )
    if m := _NO_VERSION.search(err):
        name, version = m.group(1), m.group(2).lstrip("=")
        raise HooklabError(
            both(
                f"pypi: {index}에 {name}의 버전 {version}이(가) 없습니다",
                f"pypi: {name} has no version {version} on {index}",
            )
        )
    if any(s in err for s in _UNREACHABLE) and not _NEEDS_BUILD.search(err):
        why = _one_line(err)
        raise HooklabError(
            both(
                f"pypi: 인덱스 {index}에 연결할 수 없습니다 ({why})",
                f"pypi: the index {index} could not be reached ({why})",
            )
        )
    needs = [n for n in _NEEDS_BUILD.findall(err) if valid_name("pypi", n)]
    if not needs:
        why = shown(cause.removeprefix("cause:").strip())[:300] if cause else _one_line(err)
        raise HooklabError(
            both(
                f"{req}: 의존성을 풀 수 없습니다: {why}",
                f"{req} does not resolve: {why}",
            )
        )
    pinned = {
        canonicalize_name(n): str(v) for n, ver in _NO_WHEELS.findall(err) if (v := _version(ver))
    }
    build = {canonicalize_name(n) for n in needs}
    root = canonicalize_name(req.name)
    nodes: list[Node] = []
    problems: list[str] = []
    with _client() as client:
        for name in ([] if root in build else [req.name]) + needs[:MAX_NODES]:
            key = canonicalize_name(name)
            files = _simple_page(client, _page(index, name))
            if key in build:  # only its sdists count: uv found no wheel it could use
                files = [f for f in files if not f.filename.endswith(".whl")]
            version = pinned.get(key) or _newest_or_none(files, name, req if key == root else None)
            if version is None:
                raise HooklabError(
                    both(
                        f"pypi: {index}에 {name}의 파일 중 이 파이썬이 설치할 수 있는 것이"
                        " 없습니다",
                        f"pypi: {name} has nothing this Python can install on {index}",
                    )
                )
            sdist = next(
                (f.sha256 for f in files if _file_version(f.filename, name) == Version(version)), ""
            )
            if key in build:
                problems.append(
                    f"{name}=={version} comes only as a source distribution: its build code "
                    "(setup.py or build backend) would run at install; the rehearsal can only "
                    "show it in a sandbox"
                )
            nodes.append(
                Node(
                    "pypi",
                    name,
                    version,
                    f"{name}=={version}",
                    direct=key == root,
                    integrity=f"sha256:{sdist}" if sdist and key in build else "",
                    surfaces=("sdist-build",) if key in build else (),
                )
            )
    problems.append("what the sdist needs in turn is unknown until it is built (not done here)")
    return nodes, problems


def _version(text: str) -> Version | None:
    try:
        return Version(text)
    except InvalidVersion:
        return None


def _newest_or_none(files: list[IndexFile], name: str, req: Requirement | None) -> str | None:
    newest = newest_version(files, req or Requirement(name))
    return None if newest is None else str(newest)


def _one_line(err: str) -> str:
    lines = [ln.strip() for ln in err.splitlines() if ln.strip() and "warning:" not in ln]
    return shown(lines[-1].removeprefix("cause:").strip() if lines else "no output")[:300]


# --- the index's simple API -----------------------------------------------------------------


@dataclass(frozen=True)
class IndexFile:
    """One file the simple API lists for a project, its fields checked."""

    filename: str
    url: str
    sha256: str
    yanked: str | None = None  # the reason ("" when none was given), None when not yanked
    size: int | None = None
    requires_python: str | None = None


def _client() -> httpx.Client:
    """An HTTP client that reads no user config (.netrc, env auth): the machine's CA store and
    the proxy the environment names, nothing else."""
    proxy = next((v for k in ("https_proxy", "HTTPS_PROXY") if (v := os.environ.get(k))), None)
    return httpx.Client(
        timeout=HTTP_TIMEOUT,
        verify=ssl.create_default_context(),
        trust_env=False,
        proxy=proxy,
        follow_redirects=True,
        headers={"User-Agent": "hooklab-vet"},
    )


def _simple_page(client: httpx.Client, page: str) -> list[IndexFile]:
    body = _get(client, page, MAX_PAGE_BYTES, {"Accept": SIMPLE_JSON})
    try:
        data = json.loads(body)
    except ValueError:
        raise HooklabError(
            both(
                f"{page}: PEP 691 JSON 답이 아닙니다",
                f"{page}: not a PEP 691 JSON answer",
            )
        ) from None
    raw = data.get("files") if isinstance(data, dict) else None
    if not isinstance(raw, list):
        raise HooklabError(
            both(
                f"{page}: 답에 파일 목록이 없습니다",
                f"{page}: the answer lists no files",
            )
        )
    if len(raw) > MAX_PAGE_FILES:
        raise HooklabError(
            both(
                f"{page}: 나열된 파일이 {MAX_PAGE_FILES}개를 넘습니다. 읽지 않았습니다",
                f"{page}: more than {MAX_PAGE_FILES} files listed; not read",
            )
        )
    return [f for entry in raw if (f := _index_file(entry, page)) is not None]


def _index_file(entry: Any, page: str) -> IndexFile | None:
    """One listed file, or None when its entry is not usable (no sha256, not a dict)."""
    if not isinstance(entry, dict):
        return None
    hashes, name, url = entry.get("hashes"), entry.get("filename"), entry.get("url")
    sha = hashes.get("sha256") if isinstance(hashes, dict) else None
    if not (isinstance(sha, str) and _SHA256.fullmatch(sha)):
        return None
    if not isinstance(name, str) or not isinstance(url, str):
        return None
    yanked, size, python = entry.get("yanked"), entry.get("size"), entry.get("requires-python")
    return IndexFile(
        name,
        urljoin(page, url),
        sha,
        (yanked if isinstance(yanked, str) else "") if yanked else None,
        size if isinstance(size, int) and not isinstance(size, bool) else None,
        python if isinstance(python, str) and len(python) < 200 else None,
    )


def _get(client: httpx.Client, url: str, limit: int, headers: dict[str, str]) -> bytes:
    chunks: list[bytes] = []
    size = 0
    for chunk in _stream(client, url, headers, PAGE_DEADLINE):
        size += len(chunk)
        if size > limit:
            raise HooklabError(
                both(
                    f"{shown(url)[:200]}: 답이 {limit}바이트보다 큽니다. 읽지 않았습니다",
                    f"{shown(url)[:200]}: answer larger than {limit} bytes; not read",
                )
            )
        chunks.append(chunk)
    return b"".join(chunks)


@contextlib.contextmanager
def _reachable(url: str) -> Iterator[None]:
    try:
        yield
    except httpx.HTTPStatusError as exc:
        code = exc.response.status_code
        raise HooklabError(
            both(
                f"{shown(url)[:200]}: 인덱스가 HTTP {code}로 답했습니다",
                f"{shown(url)[:200]}: the index answered HTTP {code}",
            )
        ) from None
    except httpx.HTTPError as exc:
        why = shown(str(exc) or type(exc).__name__)[:200]
        raise HooklabError(
            both(
                f"pypi: {shown(url)[:200]}에 연결할 수 없습니다 ({why})",
                f"pypi: {shown(url)[:200]} could not be reached ({why})",
            )
        ) from None


def _stream(
    client: httpx.Client, url: str, headers: dict[str, str], deadline: float
) -> Iterator[bytes]:
    """The answer's bytes as they come, cut off `deadline` seconds after the request."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise HooklabError(
            both(
                f"http(s) URL이 아닙니다. 받지 않았습니다: {shown(url)[:200]}",
                f"not an http(s) URL; not fetched: {shown(url)[:200]}",
            )
        )
    end = time.monotonic() + deadline
    with _reachable(url), client.stream("GET", url, headers=headers) as resp:
        if resp.status_code == 404:
            raise HooklabError(
                both(
                    f"{shown(url)[:200]}: 인덱스에 없습니다 (HTTP 404)",
                    f"{shown(url)[:200]}: not on the index (HTTP 404)",
                )
            )
        resp.raise_for_status()
        for chunk in resp.iter_bytes():
            if time.monotonic() > end:
                raise HooklabError(
                    both(
                        f"{shown(url)[:200]}: {deadline:.0f}초 안에 받지 못했습니다",
                        f"{shown(url)[:200]}: not fetched within {deadline:.0f} s",
                    )
                )
            yield chunk


# --- choosing and downloading a file --------------------------------------------------------


def _safe_filename(name: str) -> bool:
    return (
        0 < len(name) <= 255
        and name.isprintable()
        and name not in (".", "..")
        and not name.startswith(".")
        and "/" not in name
        and "\\" not in name
    )


def choose_file(files: list[IndexFile], name: str, version: str, hashes: set[str]) -> IndexFile:
    """The file to fetch for `name==version`: one whose sha256 the lock names (any, when the
    lock names none), preferring the wheel that best fits this interpreter, else the sdist.

    A locked file with an unsafe name (path parts, control characters) is refused outright."""
    tags = {tag: rank for rank, tag in enumerate(sys_tags())}
    want, want_name = Version(version), canonicalize_name(name)
    best: tuple[int, IndexFile] | None = None
    sdist: IndexFile | None = None
    for f in files:
        if hashes and f.sha256 not in hashes:
            continue
        if not _safe_filename(f.filename):
            raise _unsafe_file(f.filename, f"{name}=={version}: ")
        if f.filename.endswith(".whl"):
            try:
                wname, wver, _, wtags = parse_wheel_filename(f.filename)
            except InvalidWheelFilename:
                continue
            ranks = [tags[t] for t in wtags if t in tags]
            if canonicalize_name(wname) == want_name and wver == want and ranks:
                if best is None or min(ranks) < best[0]:
                    best = (min(ranks), f)
            continue
        try:
            sname, sver = parse_sdist_filename(f.filename)
        except InvalidSdistFilename:
            continue
        if canonicalize_name(sname) == want_name and sver == want:
            sdist = sdist or f
    chosen = best[1] if best else sdist
    if chosen is None:
        raise HooklabError(
            both(
                f"{name}=={version}: 인덱스에 이 파이썬과 잠금 해시에 모두 맞는 파일이 없습니다",
                f"{name}=={version}: no file on the index fits this Python and the lock's hashes",
            )
        )
    return chosen


def _unsafe_file(filename: str, who: str = "") -> HooklabError:
    named = f"{shown(filename)[:100]!r}"
    return HooklabError(
        both(
            f"{who}인덱스가 알려 준 파일 이름 {named}을(를) 거부합니다",
            f"{who}the index names a file {named}; refused",
        )
    )


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(2**20):
            digest.update(chunk)
    return digest.hexdigest()


def download(client: httpx.Client, file: IndexFile, dest: Path) -> Path:
    """`file` into `dest` under its own name, its sha256 checked while it streams; a file that is
    already there with the right hash is kept. A wrong hash or an unsafe name is refused."""
    if not _safe_filename(file.filename) or not _SHA256.fullmatch(file.sha256):
        raise _unsafe_file(file.filename)
    target = dest / file.filename
    if target.is_file() and not target.is_symlink() and _sha256_of(target) == file.sha256:
        return target
    fd, part = tempfile.mkstemp(prefix=".part-", dir=dest)
    digest, size = hashlib.sha256(), 0
    try:
        with os.fdopen(fd, "wb") as out:
            for chunk in _stream(client, file.url, {}, ARCHIVE_DEADLINE):
                size += len(chunk)
                if size > MAX_ARCHIVE_BYTES:
                    raise HooklabError(
                        both(
                            f"{file.filename}: {MAX_ARCHIVE_BYTES}바이트보다 큽니다."
                            " 받지 않았습니다",
                            f"{file.filename}: larger than {MAX_ARCHIVE_BYTES} bytes; not fetched",
                        )
                    )
                digest.update(chunk)
                out.write(chunk)
        if digest.hexdigest() != file.sha256:
            got = digest.hexdigest()
            raise HooklabError(
                both(
                    f"{file.filename}: sha256 {got}이(가) 잠금에 적힌 {file.sha256}과(와) 다릅니다."
                    " 거부합니다",
                    f"{file.filename}: sha256 {got} is not the locked {file.sha256}; refused",
                )
            )
        os.replace(part, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(part)
    return target


# --- what a fetched file holds --------------------------------------------------------------


def _wheel_facts(path: Path) -> tuple[list[str], str | None, str | None]:
    """(top-level .pth files, license, problem) of a wheel, read from its zip index only."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_ZIP_ENTRIES:
                return (
                    [],
                    None,
                    f"{path.name}: more than {MAX_ZIP_ENTRIES} entries; .pth not looked for",
                )
            pth = [i.filename for i in infos if _SITE_PTH.fullmatch(i.filename)]
            meta = next(
                (i for i in infos if re.fullmatch(r"[^/]+\.dist-info/METADATA", i.filename)), None
            )
            text = ""
            if meta is not None and meta.file_size <= MAX_META_BYTES:
                text = zf.read(meta).decode("utf-8", "replace")
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        return [], None, f"{path.name}: not a readable wheel ({shown(exc)[:100]})"
    return pth, _license(text), None


def _license(metadata: str) -> str | None:
    headers = HeaderParser().parsestr(metadata.split("\n\n", 1)[0] + "\n\n")
    value = headers.get("License-Expression") or headers.get("License") or ""
    if not value.strip():
        classifiers = [c for c in headers.get_all("Classifier") or [] if c.startswith("License ::")]
        value = classifiers[0].rsplit("::", 1)[-1] if classifiers else ""
    line = value.strip().splitlines()[0] if value.strip() else ""
    return shown(line)[:100] or None


# --- fetch ----------------------------------------------------------------------------------


def fetch(tree: Tree) -> Tree:
    """Every file of the tree into `<cache>/pypi/files/`, hash checked, surfaces and yanks noted.

    Files come from the index `resolve` used (each node's `url` is its simple-API page until
    fetched). `Tree.cache` becomes a folder holding just this tree's files (links into
    `files/`): what the rehearsal installs from with `--offline --no-index --find-links`."""
    folder = Path(tree.cache) if tree.cache else _folder(_pypi_dir(None), tree.target, None)
    if folder.parent.name != "trees":
        raise HooklabError(
            both(
                f"{shown(folder)[:200]}은(는) vet 캐시의 트리 폴더가 아닙니다",
                f"{shown(folder)[:200]} is not a tree folder of the vet cache",
            )
        )
    files = folder.parent.parent / "files"
    files.mkdir(parents=True, exist_ok=True)
    nodes: list[Node] = []
    problems = list(tree.problems)
    with _client() as client:
        for node in tree.nodes:  # resolve bounds them (MAX_NODES)
            if _fetched(node, files):
                nodes.append(node)
                continue
            page = node.url if node.url.endswith("/") else _page(_index(None), node.name)
            if kit() is not None and goes_public({"UV_DEFAULT_INDEX": page}, "uv"):
                raise _not_cached(node.path)
            hashes = {h.removeprefix("sha256:") for h in node.integrity.split()}
            chosen = choose_file(_simple_page(client, page), node.name, node.version, hashes)
            path = download(client, chosen, files)
            node, problem = _described(node, chosen, path)
            nodes.append(node)
            problems += [problem] if problem else []
    tree = replace(tree, nodes=nodes, problems=problems)
    _keep(folder, tree)
    tree.cache = str(folder)
    return tree


def _fetched(node: Node, files: Path) -> bool:
    """Is the node's archive already in `files/`, with the hash the tree holds for it?"""
    if not node.archive or " " in node.integrity or not node.integrity.startswith("sha256:"):
        return False
    path = Path(node.archive)
    return (
        path.parent == files
        and path.is_file()
        and not path.is_symlink()
        and _sha256_of(path) == node.integrity.removeprefix("sha256:")
    )


def _described(node: Node, chosen: IndexFile, path: Path) -> tuple[Node, str | None]:
    surfaces = [s for s in node.surfaces if s not in ("sdist-build", "pth-file")]
    problem = license = None
    if path.name.endswith(".whl"):
        pth, license, problem = _wheel_facts(path)
        surfaces += ["pth-file"] if pth else []
    else:
        surfaces.append("sdist-build")
    yanked = chosen.yanked
    deprecated = (
        f"yanked: {shown(yanked)[:300]}" if yanked else ("yanked" if yanked == "" else None)
    )
    return (
        replace(
            node,
            url=chosen.url,
            integrity=f"sha256:{chosen.sha256}",
            archive=str(path),
            surfaces=tuple(surfaces),
            deprecated=deprecated,
            license=license,
        ),
        problem,
    )


# --- the tree kept per target ---------------------------------------------------------------


def _folder(pypi: Path, target: Target, index: str | None) -> Path:
    """The target's own folder under `trees/`: a readable name, then a digest of the exact
    requirement and the index (another index, or extras, is another tree)."""
    req = requirement(target)
    digest = hashlib.sha256(f"{req}\n{_index(index)}".encode()).hexdigest()[:16]
    return pypi / "trees" / f"{canonicalize_name(req.name)}-{digest}"


def _keep(folder: Path, tree: Tree) -> None:
    """Fill the tree's folder with links to its files, and record an exact tree for next time."""
    folder.mkdir(parents=True, exist_ok=True)
    names = {Path(n.archive).name: Path(n.archive) for n in tree.nodes if n.archive}
    for old in folder.iterdir():
        if old.name not in names and (old.is_file() or old.is_symlink()):
            old.unlink()
    for name, path in names.items():
        link = folder / name
        if not (link.is_file() and not link.is_symlink() and link.samefile(path)):
            link.unlink(missing_ok=True)
            os.link(path, link)
    if _exact(requirement(tree.target)) is not None and all(n.archive for n in tree.nodes):
        # file names only: the cache may move (the offline kit carries a copy of it)
        kept = [asdict(replace(n, archive=Path(n.archive or "").name)) for n in tree.nodes]
        record = {"version": tree.version, "nodes": kept}
        part = folder.with_name(f".{folder.name}.part")
        part.write_text(json.dumps(record | {"problems": tree.problems}))
        os.replace(part, _record(folder))


def _record(folder: Path) -> Path:
    return folder.parent / f"{folder.name}.json"


def _load_tree(target: Target, folder: Path) -> Tree | None:
    """The tree a previous vet of this exact target fetched, when every file is still there."""
    files = folder.parent.parent / "files"
    try:
        record = json.loads(_record(folder).read_text())
        nodes = [_node(d, files) for d in record["nodes"]]
        problems = [shown(p) for p in record["problems"] if isinstance(p, str)]
        version = str(record["version"])
        if not all(_fetched(n, files) for n in nodes) or not any(n.direct for n in nodes):
            return None
    except (OSError, ValueError, KeyError, TypeError):  # no record, or not one we wrote
        return None
    return Tree(target, version, False, nodes, problems, cache=str(folder))


def _node(data: dict[str, Any], files: Path) -> Node:
    """A node of a kept record, its archive found again in `files/`."""
    node = Node(**data)
    if node.ecosystem != "pypi" or not valid_name("pypi", node.name):
        raise ValueError("not a PyPI node")
    if not set(node.surfaces) <= _SURFACES or not _safe_filename(str(node.archive)):
        raise ValueError("not a node this module kept")
    return replace(node, surfaces=tuple(node.surfaces), archive=str(files / str(node.archive)))
