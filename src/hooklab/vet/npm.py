"""The npm half of `hooklab vet`'s first two steps: resolve a package's whole tree and fetch every
archive of it into the vet cache, without running any of its code.

One npm call resolves (`install --package-lock-only --ignore-scripts`) and one fetches (`ci
--ignore-scripts`), in a project folder the kit writes, with a fresh HOME and an npmrc of its own.
Each tree is kept as `<cache>/npm/trees/<name>@<version>/` (package.json, package-lock.json,
node_modules), so a second vet of an exact version needs no registry.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from hooklab.errors import HooklabError
from hooklab.lang import Text, both
from hooklab.mcp.resolve import _KIT_NPMRC, _lookup_env, _plain_url, _registry_from_env
from hooklab.mcp.specs import npm_version, valid_name
from hooklab.offline import goes_public, kit
from hooklab.procs import run
from hooklab.safefile import read_json, read_regular
from hooklab.safetext import shown
from hooklab.tools import npm_said, require_tool
from hooklab.vet.cache import vet_cache
from hooklab.vet.model import InstallSurface, Node, Target, Tree

MAX_NODES = 3000  # packages of one tree; the rest is reported, not read
MAX_LOCKFILE = 64 * 1024 * 1024
MAX_MANIFEST = 1024 * 1024  # a package's own package.json
MAX_PACKUMENT = 64 * 1024 * 1024  # a registry document read from npm's cache
MAX_DEPRECATION = 500  # characters of a deprecation message kept
RESOLVE_TIMEOUT = 300.0
FETCH_TIMEOUT = 900.0

LIFECYCLE: tuple[InstallSurface, ...] = ("preinstall", "install", "postinstall")
FETCHED = ".hooklab-fetched"  # written in a tree folder once `npm ci` filled it
# A registry range or dist-tag: what npx itself would resolve. No URL, path, git or alias spec.
_RANGE = re.compile(r"[0-9A-Za-z.*^~<>=|+ -]{1,200}")
_NETWORK_CODES = frozenset(
    {"ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "EHOSTUNREACH"}
    | {"ENETUNREACH", "ERR_SOCKET_TIMEOUT", "EPROTO", "SELF_SIGNED_CERT_IN_CHAIN", "ECONNABORTED"}
)
# fetch-timeout: a registry that does not answer fails in seconds, not in npm's five minutes.
_NPMRC = _KIT_NPMRC + "fetch-timeout=30000\nloglevel=error\nlogs-max=0\n"


def resolve(target: Target, *, cache: Path | None = None, registry: str | None = None) -> Tree:
    """The exact version and the whole dependency tree of an npm target, read from the lockfile
    npm writes without installing anything; a kept tree of an exact version is reused as it is.

    `registry` overrides the public one (or the user's `npm_config_registry`). `Tree.cache` is
    already the npm cache folder: `fetch` finds the kept tree from it."""
    wanted = _wanted(target)
    exact = npm_version(wanted)
    floating = exact is None
    root = (cache or vet_cache()) / "npm"
    if exact is not None:
        kept = _tree_folder(root, target.name, exact)
        if (kept / "package-lock.json").is_file():
            return _read_tree(target, kept, root, floating=False)
    url = _registry(registry)
    _refuse_offline(url, f"npm:{target.name}@{wanted}")
    npm_cache = root / "npm-cache"
    with _scratch(root) as (work, rc):
        project = work / "project"
        project.mkdir()
        manifest = {"private": True, "dependencies": {target.name: wanted}}
        (project / "package.json").write_text(json.dumps(manifest) + "\n")
        args = ["install", "--package-lock-only", "--ignore-scripts", "--no-audit", "--no-fund"]
        _npm(args, project, rc, url, npm_cache, target.name, RESOLVE_TIMEOUT)
        nodes, _ = read_lockfile(project / "package-lock.json", target.name)
        version = next(n.version for n in nodes if n.direct)
        folder = _tree_folder(root, target.name, version)
        _publish(project, folder)
    return _read_tree(target, folder, root, floating=floating)


def fetch(tree: Tree, *, registry: str | None = None) -> Tree:
    """Every archive of a resolved tree in the cache and unpacked (`npm ci --ignore-scripts`):
    each node's `archive` is its folder, its surfaces and license come from its own manifest."""
    if tree.cache is None:
        name = shown(tree.target.name)
        raise HooklabError(
            both(
                f"npm:{name}: vet.npm으로 해석한 트리가 아닙니다. 먼저 해석하세요",
                f"npm:{name}: not resolved by vet.npm; resolve first",
            )
        )
    root = Path(tree.cache).parent
    folder = _tree_folder(root, tree.target.name, tree.version)
    if not (folder / "package-lock.json").is_file():
        spec = f"npm:{shown(tree.target.name)}@{tree.version}"
        raise HooklabError(
            both(f"{spec}: 받을 트리가 보관되어 있지 않습니다", f"{spec}: no kept tree to fetch")
        )
    if not (folder / FETCHED).is_file():
        url = _registry(registry)
        _refuse_offline(url, f"npm:{tree.target.name}@{tree.version}")
        with _scratch(root) as (_, rc):
            args = ["ci", "--ignore-scripts", "--no-audit", "--no-fund"]
            _npm(args, folder, rc, url, Path(tree.cache), tree.target.name, FETCH_TIMEOUT)
        (folder / FETCHED).write_text("npm ci --ignore-scripts\n")
    problems = list(tree.problems)
    nodes = [_unpacked(node, folder, problems) for node in tree.nodes]
    skipped = sum(1 for n in nodes if n.archive is None and n.optional)
    if skipped:
        problems.append(f"{skipped} optional packages are not for this platform: not fetched")
    return replace(tree, nodes=nodes, problems=problems)


def read_lockfile(path: Path, target: str) -> tuple[list[Node], list[str]]:
    """The nodes of an npm lockfile (v2/v3 `packages`) and the limits hit reading it; a key or
    name that is not a plain `node_modules/` path of registry names is refused."""
    data = read_json(path, MAX_LOCKFILE)
    packages = data.get("packages") if isinstance(data, dict) else None
    if not isinstance(packages, dict):
        raise HooklabError(
            both(
                f"{shown(path)}: npm 잠금 파일이 아닙니다 (packages 없음)",
                f"{shown(path)}: not an npm lockfile (no packages)",
            )
        )
    nodes: list[Node] = []
    problems: list[str] = []
    left_out = 0
    for key, entry in packages.items():
        if key == "":
            continue
        if len(nodes) >= MAX_NODES and key != f"node_modules/{target}":  # the target is always read
            left_out += 1
            continue
        node = _node(key, entry, target)
        if node is None:
            problems.append(f"{shown(key)}: linked, not from the registry; not vetted")
        else:
            nodes.append(node)
    if left_out:
        problems.append(f"{left_out} packages past the first {MAX_NODES} of the tree: not read")
    if not any(n.direct for n in nodes):
        raise HooklabError(
            both(
                f"{shown(path)}: 잠금 파일에 npm:{shown(target)}이(가) 없습니다",
                f"{shown(path)}: the lockfile does not hold npm:{shown(target)}",
            )
        )
    return nodes, problems


def _node(key: str, entry: Any, target: str) -> Node | None:
    where = _key_names(key)
    if not isinstance(entry, dict):
        raise HooklabError(
            both(
                f"잠금 파일 항목 {shown(key)}: 객체가 아닙니다. 거부합니다",
                f"lockfile entry {shown(key)}: not an object; refused",
            )
        )
    if entry.get("link") is True:
        return None
    name = entry.get("name", where[-1])  # an `npm:` alias sits under its alias, named for real
    version = entry.get("version")
    if not isinstance(name, str) or not valid_name("npm", name):
        raise HooklabError(
            both(
                f"잠금 파일 항목 {shown(key)}: {shown(name)}은(는) npm 이름이 아닙니다",
                f"lockfile entry {shown(key)}: {shown(name)} is not an npm name",
            )
        )
    if not isinstance(version, str) or npm_version(version) != version:
        raise HooklabError(
            both(
                f"잠금 파일 항목 {shown(key)}: {shown(version)}은(는) 버전이 아닙니다",
                f"lockfile entry {shown(key)}: {shown(version)} is not a version",
            )
        )
    resolved, integrity, license_ = (entry.get(k) for k in ("resolved", "integrity", "license"))
    return Node(
        ecosystem="npm",
        name=name,
        version=version,
        path=key,
        direct=key == f"node_modules/{target}",
        optional=entry.get("optional") is True,
        url=resolved if isinstance(resolved, str) and resolved.isprintable() else "",
        integrity=integrity if isinstance(integrity, str) and integrity.isprintable() else "",
        surfaces=("install",) if entry.get("hasInstallScript") is True else (),
        license=shown(license_)[:200] if isinstance(license_, str) else None,
    )


def _key_names(key: str) -> list[str]:
    """The package names along a lockfile key (`node_modules/a/node_modules/@s/b`), or refused."""
    parts = key.split("/")
    names: list[str] = []
    while parts and parts[0] == "node_modules" and len(parts) > 1:
        take = 2 if parts[1].startswith("@") else 1
        name = "/".join(parts[1 : 1 + take])
        if len(parts) < 1 + take or not valid_name("npm", name):
            break
        names.append(name)
        parts = parts[1 + take :]
    if parts or not names:
        raise HooklabError(
            both(
                f"잠금 파일 키 {shown(key)}: node_modules 경로가 아닙니다. 거부합니다",
                f"lockfile key {shown(key)}: not a node_modules path; refused",
            )
        )
    return names


def _wanted(target: Target) -> str:
    """The range or dist-tag to resolve (an `npm:NAME@RANGE` request followed to its range)."""
    if target.ecosystem != "npm" or not valid_name("npm", target.name):
        raise HooklabError(
            both(
                f"{shown(target.name)}: npm 패키지 이름이 아닙니다. 해석하지 않았습니다",
                f"{shown(target.name)}: not an npm package name; not resolved",
            )
        )
    wanted = target.requested.strip()
    if wanted.startswith("npm:"):
        spec = wanted[4:]
        at = spec.rfind("@")
        real, wanted = (spec[:at], spec[at + 1 :]) if at > 0 else (spec, "")
        if real != target.name:
            raise HooklabError(
                both(
                    f"npm:{shown(target.name)}: 별칭이 {shown(real)}을(를) 가리킵니다",
                    f"npm:{shown(target.name)}: the alias names {shown(real)}",
                )
            )
    if not wanted:
        return "latest"
    if not _RANGE.fullmatch(wanted):
        spec = f"npm:{shown(target.name)}@{shown(wanted)}"
        raise HooklabError(
            both(
                f"{spec}: 레지스트리의 버전도, 범위도, 태그도 아닙니다",
                f"{spec}: not a registry version, range or tag",
            )
        )
    return wanted


def _registry(registry: str | None) -> str:
    url, problem = _plain_url(registry) if registry else _registry_from_env("npm")
    if problem:
        raise HooklabError(problem)
    return url if url.endswith("/") else url + "/"


def _refuse_offline(url: str, what: str) -> None:
    if kit() is not None and goes_public({"npm_config_registry": url}, "npm"):
        raise HooklabError(
            both(
                f"{shown(what)}: 오프라인 키트의 vet 캐시에 없습니다 (네트워크 없음)",
                f"{shown(what)}: not in the offline kit's vet cache (no network)",
            )
        )


def _tree_folder(root: Path, name: str, version: str) -> Path:
    return root / "trees" / f"{name.replace('/', '+')}@{version}"


@contextmanager
def _scratch(root: Path) -> Iterator[tuple[Path, Path]]:
    """A fresh folder under the cache holding a HOME and the npmrc the kit writes; removed after."""
    (root / "work").mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="npm-", dir=root / "work"))
    try:
        (work / "home").mkdir()
        rc = work / "home" / "npmrc"
        rc.write_text(_NPMRC)
        yield work, rc
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _publish(project: Path, folder: Path) -> None:
    """Move a resolved project to its tree folder; a kept one that has a lockfile wins."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    if folder.exists() and not (folder / "package-lock.json").is_file():
        shutil.rmtree(folder)
    try:
        project.rename(folder)
    except OSError:  # another vet kept it first
        if not (folder / "package-lock.json").is_file():
            raise


def _npm(
    args: list[str], cwd: Path, rc: Path, url: str, npm_cache: Path, name: str, timeout: float
) -> None:
    """Run npm with the kit's config only; a failure is one line naming the package."""
    argv = [
        require_tool("npm"),
        *args,
        f"--registry={url}",
        f"--userconfig={rc}",
        f"--cache={npm_cache}",
    ]
    env = _lookup_env(rc.parent) | {"npm_config_cache": str(npm_cache)}
    proc = run(argv, f"npm {args[0]} of npm:{shown(name)}", env=env, cwd=cwd, timeout=timeout)
    if proc.returncode != 0:
        raise HooklabError(_failure(name, url, proc.stderr or proc.stdout))


def _failure(name: str, url: str, text: str) -> Text:
    """npm's many-line error as one line that names the package (npm's own words kept)."""
    lines = [ln.removeprefix("npm error").strip() for ln in text.splitlines()]
    lines = [ln for ln in lines if ln]
    code = next((ln.split()[1] for ln in lines if ln.startswith("code ") and " " in ln), "")

    def after(prefix: str) -> str:
        return next((ln[len(prefix) :].strip() for ln in lines if ln.startswith(prefix)), "")

    pkg = f"npm:{name}"
    if code == "E404":
        missing = re.search(r"resource '(.+?)' could not be found", text)
        spec = missing.group(1) if missing else name
        at = spec.rfind("@")
        if (spec[:at] if at > 0 else spec) == name:
            ko = f"{pkg}: 레지스트리 {url}에 그런 패키지가 없습니다"
            en = f"{pkg}: no such package in the registry {url}"
        else:
            ko = f"{pkg}: 의존성 {spec}이(가) 레지스트리 {url}에 없습니다"
            en = f"{pkg}: its dependency {spec} is not in the registry {url}"
    elif code in ("ETARGET", "ENOVERSIONS"):
        notarget = after("notarget")
        ko = f"{pkg}: {notarget or '그런 버전이 없습니다'} ({code})"
        en = f"{pkg}: {notarget or 'no such version'} ({code})"
    elif code in _NETWORK_CODES or "FetchError" in text:
        ko = f"{pkg}: 레지스트리 {url}에 연결할 수 없습니다 ({code or '네트워크 오류'})"
        en = f"{pkg}: the registry {url} could not be reached ({code or 'network error'})"
    elif code.startswith("ERESOLVE"):
        conflict = next((ln for ln in lines if ln.startswith(("peer ", "Conflicting"))), "")
        why = f"{code}: {conflict or after(code)}"
        ko = f"{pkg}: 의존성 트리를 풀 수 없습니다 ({why})"
        en = f"{pkg}: its dependency tree does not resolve ({why})"
    else:
        ko = f"{pkg}: npm이 실패했습니다 ({code or '오류'}: {npm_said(text)})"
        en = f"{pkg}: npm failed ({code or 'error'}: {npm_said(text)})"
    return both(shown(ko)[:400], shown(en)[:400])


def _read_tree(target: Target, folder: Path, root: Path, *, floating: bool) -> Tree:
    nodes, problems = read_lockfile(folder / "package-lock.json", target.name)
    npm_cache = root / "npm-cache"
    nodes = _with_registry_docs(nodes, npm_cache, problems)
    version = next(n.version for n in nodes if n.direct)
    return Tree(target, version, floating, nodes, problems, cache=str(npm_cache))


def _with_registry_docs(nodes: list[Node], npm_cache: Path, problems: list[str]) -> list[Node]:
    """Deprecation and lifecycle scripts per node from the registry documents npm cached while it
    resolved (no second look-up); a node whose document is missing keeps what the lockfile says."""
    docs: dict[str, dict[str, Any] | None] = {}
    unknown = 0
    out: list[Node] = []
    for node in nodes:
        if node.name not in docs:
            docs[node.name] = _cached_packument(npm_cache, node)
        doc = docs[node.name]
        versions = doc.get("versions") if doc else None
        manifest = versions.get(node.version) if isinstance(versions, dict) else None
        if not isinstance(manifest, dict):
            unknown += 1
            out.append(node)
            continue
        deprecated = manifest.get("deprecated")
        scripts = _scripts(manifest)
        if manifest.get("gypfile") is True and scripts.get("install") == "node-gyp rebuild":
            scripts = {k: v for k, v in scripts.items() if k != "install"}  # npm put it there
        out.append(
            replace(
                node,
                # the lockfile's hasInstallScript stays when the document shows no script
                surfaces=_surfaces(scripts, gyp=manifest.get("gypfile") is True) or node.surfaces,
                deprecated=shown(deprecated)[:MAX_DEPRECATION]
                if isinstance(deprecated, str) and deprecated
                else None,
            )
        )
    if unknown:
        problems.append(
            f"registry document not in the cache for {unknown} packages: deprecation unknown"
        )
    return out


def _cached_packument(npm_cache: Path, node: Node) -> dict[str, Any] | None:
    """The registry document npm cached for the node's package (cacache: index-v5, content-v2)."""
    marker = f"{node.name}/-/"
    if marker not in node.url:
        return None
    escaped = node.name.replace("/", "%2f")
    key = f"make-fetch-happen:request-cache:{node.url.split(marker)[0]}{escaped}"
    digest = hashlib.sha256(key.encode()).hexdigest()
    index = npm_cache / "_cacache" / "index-v5" / digest[:2] / digest[2:4] / digest[4:]
    raw = read_regular(index, MAX_MANIFEST)
    if raw is None:
        return None
    integrity = None
    for line in raw.decode("utf-8", "replace").splitlines():
        _, _, record = line.partition("\t")
        try:
            entry = json.loads(record)
        except ValueError:
            continue
        if isinstance(entry, dict) and entry.get("key") == key:
            integrity = entry.get("integrity")  # the last entry wins, as in cacache
    if not isinstance(integrity, str) or not integrity.startswith("sha512-"):
        return None
    try:
        hexdigest = base64.b64decode(integrity.removeprefix("sha512-").split()[0]).hex()
    except ValueError:
        return None
    content = npm_cache / "_cacache" / "content-v2" / "sha512" / hexdigest[:2] / hexdigest[2:4]
    try:
        doc = read_json(content / hexdigest[4:], MAX_PACKUMENT)
    except HooklabError:
        return None
    return doc if isinstance(doc, dict) else None


def _unpacked(node: Node, project: Path, problems: list[str]) -> Node:
    """The node with its unpacked folder, and surfaces and license from its own manifest."""
    folder = project / node.path
    if folder.resolve() != project.resolve() / node.path:
        raise HooklabError(
            both(
                f"{shown(node.path)}: 링크를 거쳐 트리 폴더 밖을 가리킵니다",
                f"{shown(node.path)}: reaches out of the tree folder through a link",
            )
        )
    if not folder.is_dir():
        if not node.optional:
            problems.append(f"{shown(node.name)}@{node.version}: not unpacked by npm ci")
        return replace(node, archive=None)
    try:
        manifest = read_json(folder / "package.json", MAX_MANIFEST)
    except HooklabError as exc:
        problems.append(exc.text("en"))  # a record: English
        return replace(node, archive=str(folder))
    if not isinstance(manifest, dict):
        problems.append(f"{shown(node.path)}/package.json: not an object")
        return replace(node, archive=str(folder))
    if (manifest.get("name"), manifest.get("version")) != (node.name, node.version):
        problems.append(f"{shown(node.path)}: its package.json names another package or version")
    gyp = (folder / "binding.gyp").is_file()
    license_ = manifest.get("license")
    return replace(
        node,
        archive=str(folder),
        surfaces=_surfaces(_scripts(manifest), gyp=gyp),
        license=shown(license_)[:200] if isinstance(license_, str) else node.license,
    )


def _scripts(manifest: dict[str, Any]) -> dict[str, Any]:
    scripts = manifest.get("scripts")
    return scripts if isinstance(scripts, dict) else {}


def _surfaces(scripts: dict[str, Any], *, gyp: bool) -> tuple[InstallSurface, ...]:
    """The install-time events among a manifest's scripts; `binding.gyp` when npm would run
    `node-gyp rebuild` as the install event (a gyp file and no install/preinstall script)."""
    events = [e for e in LIFECYCLE if isinstance(scripts.get(e), str) and scripts[e].strip()]
    if gyp and "preinstall" not in events and "install" not in events:
        events.append("binding.gyp")
    return tuple(events)
