"""vet's npm resolve + fetch on the real registry: the tree, its hooks, the cache, the refusals.

`d@1.0.2` is a clean package whose dependency `es5-ext` declares a postinstall."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest

from hooklab.errors import HooklabError
from hooklab.vet import npm
from hooklab.vet.cache import vet_cache
from hooklab.vet.model import Node, Target, Tree

CLEAN = Target("npm", "d", "1.0.2", "npx", ("npx", "-y", "d@1.0.2"))
HOOKED = "es5-ext"  # d@1.0.2's dependency with a postinstall


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("vet-cache")


@pytest.fixture(scope="module")
def fetched(cache: Path) -> tuple[Tree, Tree]:
    resolved = npm.resolve(CLEAN, cache=cache)
    return resolved, npm.fetch(resolved)


def _by_name(tree: Tree) -> dict[str, Node]:
    return {n.name: n for n in tree.nodes}


def test_resolve_names_the_dependency_hook_without_running_it(fetched: tuple[Tree, Tree]) -> None:
    tree, _ = fetched
    nodes = _by_name(tree)
    assert (tree.version, tree.floating, tree.problems) == ("1.0.2", False, [])
    assert tree.root is not None and tree.root.name == "d" and tree.root.surfaces == ()
    assert nodes[HOOKED].surfaces == ("postinstall",) and not nodes[HOOKED].direct
    assert nodes[HOOKED].url.startswith("https://registry.npmjs.org/es5-ext/-/")
    assert nodes[HOOKED].integrity.startswith("sha512-")
    assert all(n.archive is None for n in tree.nodes)  # nothing fetched yet


def test_fetch_unpacks_every_node_inside_its_tree_folder(
    cache: Path, fetched: tuple[Tree, Tree]
) -> None:
    _, tree = fetched
    folder = cache / "npm" / "trees" / "d@1.0.2"
    assert tree.cache == str(cache / "npm" / "npm-cache")
    assert (Path(tree.cache) / "_cacache" / "content-v2").is_dir()
    for node in tree.nodes:
        assert node.archive == str(folder / node.path)
        manifest = json.loads((Path(node.archive) / "package.json").read_text())
        assert (manifest["name"], manifest["version"]) == (node.name, node.version)
    assert _by_name(tree)[HOOKED].surfaces == ("postinstall",)
    assert _by_name(tree)["d"].license == "ISC"
    # --ignore-scripts: es5-ext's postinstall (it prints a notice) left no trace, no build ran
    assert not list(folder.glob("node_modules/**/build"))
    assert not (folder / "node_modules" / ".bin").exists() or all(
        p.resolve().is_relative_to(folder) for p in (folder / "node_modules" / ".bin").iterdir()
    )


def test_second_run_needs_no_network(cache: Path, fetched: tuple[Tree, Tree]) -> None:
    _, first = fetched
    # an unreachable registry is never asked: the kept tree answers
    again = npm.fetch(npm.resolve(CLEAN, cache=cache, registry="http://127.0.0.1:9/"))
    assert again.nodes == first.nodes
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        pytest.skip("cutting the network needs root and unshare")
    script = (
        "import json, sys\nfrom pathlib import Path\nfrom hooklab.vet import npm\n"
        "from hooklab.vet.model import Target\n"
        "t = Target('npm', 'd', '1.0.2', 'npx', ())\n"
        "tree = npm.fetch(npm.resolve(t, cache=Path(sys.argv[1])))\n"
        "print(json.dumps([[n.name, n.version, n.archive, list(n.surfaces)] for n in tree.nodes]))"
    )
    proc = subprocess.run(
        ["unshare", "-n", sys.executable, "-c", script, str(cache)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    offline = json.loads(proc.stdout)
    assert offline == [[n.name, n.version, n.archive, list(n.surfaces)] for n in first.nodes]


def test_floating_request_is_resolved_and_flagged(tmp_path: Path) -> None:
    tree = npm.resolve(Target("npm", "typescript", "", "npx", ("npx", "-y", "typescript")))
    assert tree.floating and tree.root is not None
    assert tree.version == tree.root.version and tree.version[0].isdigit()
    assert (Path(tree.cache or "").parent / "trees" / f"typescript@{tree.version}").is_dir()


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOOKLAB_VET_CACHE", str(tmp_path / "vet-cache"))


def test_alias_target_resolves_the_real_package(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOOKLAB_LANG", "en")  # the English line
    alias = Target("npm", "d", "npm:d@1.0.2", "npx", ("npx", "-y", "dd@npm:d@1.0.2"))
    tree = npm.resolve(alias, cache=cache)
    assert tree.root is not None and (tree.root.name, tree.version) == ("d", "1.0.2")
    with pytest.raises(HooklabError, match="the alias names"):
        npm.resolve(Target("npm", "d", "npm:other@1.0.0", "npx", ()), cache=cache)


@pytest.mark.parametrize(
    ("target", "says"),
    [
        (Target("npm", "hooklab-no-such-package-zz", "1.0.0", "npx", ()), "no such package"),
        (Target("npm", "d", "9.9.9", "npx", ()), "d@9.9.9"),
    ],
)
def test_unknown_package_or_version_is_one_line(
    target: Target, says: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOOKLAB_LANG", "en")  # the English line
    with pytest.raises(HooklabError, match=says) as caught:
        npm.resolve(target)
    assert "\n" not in str(caught.value) and target.name in str(caught.value)


def test_unreachable_registry_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOOKLAB_LANG", "en")  # the English line
    with pytest.raises(HooklabError, match="could not be reached") as caught:
        npm.resolve(Target("npm", "d", "1.0.2", "npx", ()), registry="http://127.0.0.1:9/")
    assert "\n" not in str(caught.value) and "npm:d" in str(caught.value)


@pytest.mark.parametrize(
    ("name", "requested"),
    [
        ("d", "file:../../etc"),
        ("d", "git+ssh://git@example.com/x.git"),
        ("d", "github:someone/d"),
        ("--registry=http://x", ""),
        ("d\x1b[2J", "1.0.0"),
    ],
)
def test_non_registry_requests_are_refused_before_npm(name: str, requested: str) -> None:
    with pytest.raises(HooklabError) as caught:
        npm.resolve(Target("npm", name, requested, "npx", ()))
    assert str(caught.value).isprintable()
    assert not (vet_cache() / "npm").exists()


def test_resolve_failure_is_one_line() -> None:
    text = (
        "npm error code ERESOLVE\nnpm error ERESOLVE unable to resolve dependency tree\n"
        "npm error Could not resolve dependency:\n"
        'npm error peer react@"^18.2.0" from react-dom@18.2.0\n'
    )
    line = npm._failure("x", "https://registry.npmjs.org/", text)
    assert line["en"] == (
        'npm:x: its dependency tree does not resolve (ERESOLVE: peer react@"^18.2.0" '
        "from react-dom@18.2.0)"
    )
    assert line["ko"] == (
        'npm:x: 의존성 트리를 풀 수 없습니다 (ERESOLVE: peer react@"^18.2.0" from react-dom@18.2.0)'
    )


def _lockfile(tmp_path: Path, packages: Mapping[str, object]) -> Path:
    path = tmp_path / "package-lock.json"
    entry = {"version": "1.0.0", "resolved": "https://registry.npmjs.org/t/-/t-1.0.0.tgz"}
    all_packages = {"": {}, "node_modules/t": entry, **packages}
    path.write_text(json.dumps({"lockfileVersion": 3, "packages": all_packages}))
    return path


@pytest.mark.parametrize(
    "key",
    [
        "node_modules/../../etc",
        "/etc/passwd",
        "node_modules/t/../../x",
        "node_modules/a\x1b[31m",
        "node_modules/@scope",
        "node_modules/a/node_modules",
        "lib/a",
    ],
)
def test_hostile_lockfile_key_is_refused(
    tmp_path: Path, key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOOKLAB_LANG", "en")  # the English line
    path = _lockfile(tmp_path, {key: {"version": "1.0.0"}})
    with pytest.raises(HooklabError, match="refused") as caught:
        npm.read_lockfile(path, "t")
    assert str(caught.value).isprintable()


@pytest.mark.parametrize(
    "entry",
    [{"name": "x\u202ey", "version": "1.0.0"}, {"version": "1.0.0; rm -rf"}, {"name": 7}],
)
def test_hostile_lockfile_name_or_version_is_refused(tmp_path: Path, entry: object) -> None:
    with pytest.raises(HooklabError) as caught:
        npm.read_lockfile(_lockfile(tmp_path, {"node_modules/a": entry}), "t")
    assert str(caught.value).isprintable()


def test_lockfile_alias_link_and_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    packages = {
        "node_modules/alias": {"name": "real", "version": "2.0.0", "hasInstallScript": True},
        "node_modules/@s/a/node_modules/b": {"version": "3.0.0", "optional": True},
        "node_modules/linked": {"link": True, "resolved": "../../elsewhere"},
    }
    nodes, problems = npm.read_lockfile(_lockfile(tmp_path, packages), "t")
    assert [(n.path, n.name, n.surfaces, n.optional) for n in nodes] == [
        ("node_modules/t", "t", (), False),
        ("node_modules/alias", "real", ("install",), False),
        ("node_modules/@s/a/node_modules/b", "b", (), True),
    ]
    assert problems == ["node_modules/linked: linked, not from the registry; not vetted"]
    monkeypatch.setattr(npm, "MAX_NODES", 1)
    nodes, problems = npm.read_lockfile(_lockfile(tmp_path, packages), "alias")
    assert [n.path for n in nodes] == ["node_modules/t", "node_modules/alias"]  # the target too
    assert problems[-1] == "2 packages past the first 1 of the tree: not read"


def _package(folder: Path, manifest: dict[str, object], *files: str) -> None:
    folder.mkdir(parents=True)
    (folder / "package.json").write_text(json.dumps(manifest))
    for name in files:
        (folder / name).write_text("{}")


def test_fetched_manifest_gives_gyp_and_script_surfaces(tmp_path: Path) -> None:
    modules = tmp_path / "node_modules"
    _package(modules / "gyp", {"name": "gyp", "version": "1.0.0"}, "binding.gyp")
    scripts = {"preinstall": "x", "install": "node-gyp rebuild", "test": "y"}
    _package(
        modules / "both", {"name": "both", "version": "1.0.0", "scripts": scripts}, "binding.gyp"
    )
    problems: list[str] = []
    gyp = npm._unpacked(Node("npm", "gyp", "1.0.0", "node_modules/gyp"), tmp_path, problems)
    both = npm._unpacked(Node("npm", "both", "1.0.0", "node_modules/both"), tmp_path, problems)
    assert (gyp.surfaces, both.surfaces, problems) == (
        ("binding.gyp",),
        ("preinstall", "install"),
        [],
    )


def test_fetched_folder_linking_out_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOOKLAB_LANG", "en")  # the English line
    (tmp_path / "node_modules").mkdir()
    (tmp_path / "node_modules" / "evil").symlink_to("/etc")
    with pytest.raises(HooklabError, match="out of the tree folder"):
        npm._unpacked(Node("npm", "evil", "1.0.0", "node_modules/evil"), tmp_path, [])


def test_vet_cache_location(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert vet_cache() == tmp_path / "vet-cache" and vet_cache().is_dir()
    monkeypatch.delenv("HOOKLAB_VET_CACHE")
    monkeypatch.setenv("HOOKLAB_WORK", str(tmp_path / "work"))
    assert vet_cache() == tmp_path / "work" / "vet-cache"
    kit = tmp_path / "kit"
    (kit / "wheels").mkdir(parents=True)
    monkeypatch.setenv("HOOKLAB_KIT", str(kit))
    assert vet_cache() == tmp_path / "work" / "vet-cache"  # a kit without a vet cache
    (kit / "vet-cache").mkdir()
    assert vet_cache() == kit / "vet-cache"


def _cache_document(npm_cache: Path, url: str, doc: dict[str, object]) -> None:
    """Store a registry document in npm's cache layout (cacache: index-v5 + content-v2)."""
    body = json.dumps(doc).encode()
    digest = hashlib.sha512(body).digest()
    content = npm_cache / "_cacache" / "content-v2" / "sha512" / digest.hex()[:2]
    (content / digest.hex()[2:4]).mkdir(parents=True)
    (content / digest.hex()[2:4] / digest.hex()[4:]).write_bytes(body)
    key = f"make-fetch-happen:request-cache:{url}"
    entry = json.dumps({"key": key, "integrity": "sha512-" + base64.b64encode(digest).decode()})
    index = hashlib.sha256(key.encode()).hexdigest()
    folder = npm_cache / "_cacache" / "index-v5" / index[:2] / index[2:4]
    folder.mkdir(parents=True)
    (folder / index[4:]).write_text(f"{hashlib.sha1(entry.encode()).hexdigest()}\t{entry}\n")


def test_registry_documents_give_deprecation_and_gyp(tmp_path: Path) -> None:
    # the registry reachable here serves no `deprecated` field, so the document is written here
    old = {"deprecated": "use \x1b[31mnew\x1b[0m instead", "scripts": {"postinstall": "x"}}
    gyp = {"gypfile": True, "scripts": {"install": "node-gyp rebuild"}}
    _cache_document(tmp_path, "https://r.test/old", {"versions": {"1.0.0": old}})
    _cache_document(tmp_path, "https://r.test/@s%2fgyp", {"versions": {"2.0.0": gyp}})
    nodes = [
        Node("npm", "old", "1.0.0", "node_modules/old", url="https://r.test/old/-/old-1.0.0.tgz"),
        Node("npm", "@s/gyp", "2.0.0", "node_modules/@s/gyp", url="https://r.test/@s/gyp/-/g.tgz"),
        Node("npm", "gone", "1.0.0", "node_modules/gone", surfaces=("install",)),
    ]
    problems: list[str] = []
    old_node, gyp_node, gone = npm._with_registry_docs(nodes, tmp_path, problems)
    assert (old_node.deprecated, old_node.surfaces) == (
        "use \\x1b[31mnew\\x1b[0m instead",
        ("postinstall",),
    )
    assert (gyp_node.deprecated, gyp_node.surfaces) == (None, ("binding.gyp",))
    assert gone == nodes[2]
    assert problems == ["registry document not in the cache for 1 packages: deprecation unknown"]
