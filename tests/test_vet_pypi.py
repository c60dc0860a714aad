"""vet's PyPI resolve + fetch on the real index: the tree, its files and hashes, the install
surface (sdists, .pth files), yanks, the cache, and the refusals.

Pinned: `python-dateutil==2.9.0.post0` (pure wheel, depends on `six`), `termcolor==1.1.0` (only
an sdist on PyPI), `setuptools==70.0.0` (its wheel ships `distutils-precedence.pth`),
`requests==2.32.0` (yanked)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import threading
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from hooklab.errors import HooklabError
from hooklab.vet import pypi
from hooklab.vet.model import Node, Target, Tree

DATEUTIL = Target("pypi", "python-dateutil", "==2.9.0.post0", "uvx", ("uvx", "python-dateutil"))
SIX_WHEEL = "six-1.17.0-py2.py3-none-any.whl"
SIX_SHA = "4721f391ed90541fddacab5acf947aa0d3dc7d27b2e1e8eda2be8970586c3274"
SIX_URL = (
    "https://files.pythonhosted.org/packages/b7/ce/"
    "149a00dd41f10bc29e5921b496af8b574d8413afcd5e30dfa0ed46c2cc5e/" + SIX_WHEEL
)


def _target(name: str, requested: str) -> Target:
    return Target("pypi", name, requested, "uvx", ("uvx", "--from", f"{name}{requested}", name))


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _one_line(exc: pytest.ExceptionInfo[HooklabError]) -> str:
    """The error's English line (what the tests look for), each language checked one line."""
    for text in (str(exc.value), exc.value.text("en")):
        assert text and "\n" not in text and "Traceback" not in text
    return exc.value.text("en")


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOOKLAB_VET_CACHE", str(tmp_path / "vet-cache"))


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("vet-cache")


@pytest.fixture(scope="module")
def fetched(cache: Path) -> tuple[Tree, Tree]:
    tree = pypi.resolve(DATEUTIL, cache=cache)
    return tree, pypi.fetch(tree)


# --- the target as a requirement (no network) -----------------------------------------------


@pytest.mark.parametrize(
    ("requested", "line", "exact"),
    [
        ("2.0", "demo==2.0", "2.0"),
        ("==2.0", "demo==2.0", "2.0"),
        ("1!2.0", "demo==1!2.0", "1!2.0"),
        ("2.1.0+cpu", "demo==2.1.0+cpu", "2.1.0+cpu"),
        ("===2.0-odd", "demo===2.0-odd", "2.0-odd"),
        ('[cli]==2.0 ; python_version > "3.8"', 'demo[cli]==2.0; python_version > "3.8"', "2.0"),
        ("", "demo", None),
        (">=1,<3", "demo<3,>=1", None),
        ("==2.*", "demo==2.*", None),
    ],
)
def test_requested_versions_become_checked_requirements(
    requested: str, line: str, exact: str | None
) -> None:
    req = pypi.requirement(_target("demo", requested))
    assert str(req) == line
    assert pypi._exact(req) == exact


@pytest.mark.parametrize(
    "requested",
    ["-r /etc/passwd", " @ https://example.com/x.whl", "==1.0\n--index-url=http://x", "==1\x1b[2J"],
)
def test_hostile_requests_are_refused_in_one_line(requested: str) -> None:
    with pytest.raises(HooklabError) as exc:
        pypi.requirement(_target("demo", requested))
    assert "\x1b" not in _one_line(exc)


def test_option_shaped_name_and_foreign_marker_are_refused() -> None:
    with pytest.raises(HooklabError):
        pypi.requirement(_target("--index-url=http://evil", ""))
    with pytest.raises(HooklabError) as exc:
        pypi.requirement(_target("demo", '==1.0 ; sys_platform == "no-such-os"'))
    assert "marker" in _one_line(exc)


def test_lock_lines_that_are_not_pins_are_refused() -> None:
    good = f"six==1.17.0 \\\n    --hash=sha256:{SIX_SHA}\n"
    assert pypi.parse_lock(good) == [("six", "1.17.0", [SIX_SHA])]
    for bad in ("-r /etc/passwd\n", "six==not-a-version\n", "--index-url http://x\n"):
        with pytest.raises(HooklabError):
            pypi.parse_lock(bad)


# --- choosing and downloading (crafted index answers) ---------------------------------------


def _file(name: str, sha: str = SIX_SHA, yanked: str | None = None) -> pypi.IndexFile:
    return pypi.IndexFile(name, f"https://files.example/{name}", sha, yanked)


def test_chooser_takes_the_locked_wheel_for_this_python() -> None:
    other = "b" * 64
    files = [
        _file("six-1.17.0.tar.gz", "c" * 64),
        _file("six-1.17.0-cp27-cp27m-win32.whl", other),  # locked, but not for this machine
        _file(SIX_WHEEL),
        _file("six-1.16.0-py2.py3-none-any.whl", other),  # another version
    ]
    chosen = pypi.choose_file(files, "six", "1.17.0", {SIX_SHA, other, "c" * 64})
    assert chosen.filename == SIX_WHEEL
    # with the wheel not in the lock, the sdist is what gets fetched
    sdist = pypi.choose_file(files, "six", "1.17.0", {other, "c" * 64})
    assert sdist.filename == "six-1.17.0.tar.gz"


@pytest.mark.parametrize(
    "name", ["../" + SIX_WHEEL, "/tmp/" + SIX_WHEEL, "sub\\" + SIX_WHEEL, "six\x1b-1.17.0.tar.gz"]
)
def test_chooser_refuses_a_locked_file_with_path_parts(name: str) -> None:
    with pytest.raises(HooklabError) as exc:
        pypi.choose_file([_file(name)], "six", "1.17.0", {SIX_SHA})
    assert "refused" in _one_line(exc) and "\x1b" not in str(exc.value)


def test_chooser_ignores_files_the_lock_does_not_name() -> None:
    with pytest.raises(HooklabError) as exc:
        pypi.choose_file([_file(SIX_WHEEL, "d" * 64)], "six", "1.17.0", {SIX_SHA})
    assert "six==1.17.0" in _one_line(exc)


def test_download_refuses_a_wrong_hash_and_leaves_nothing(tmp_path: Path) -> None:
    wrong = pypi.IndexFile(SIX_WHEEL, SIX_URL, "e" * 64)
    with pypi._client() as client, pytest.raises(HooklabError) as exc:
        pypi.download(client, wrong, tmp_path)
    assert "refused" in _one_line(exc)
    assert list(tmp_path.iterdir()) == []
    with pypi._client() as client:
        got = pypi.download(client, pypi.IndexFile(SIX_WHEEL, SIX_URL, SIX_SHA), tmp_path)
    assert got == tmp_path / SIX_WHEEL and _sha256(got) == SIX_SHA


def test_download_refuses_an_unsafe_name_before_asking(tmp_path: Path) -> None:
    (tmp_path / "dest").mkdir()
    unsafe = pypi.IndexFile("../" + SIX_WHEEL, "http://127.0.0.1:9/never", SIX_SHA)
    with pypi._client() as client, pytest.raises(HooklabError):
        pypi.download(client, unsafe, tmp_path / "dest")
    assert list(tmp_path.rglob("*")) == [tmp_path / "dest"]


@pytest.fixture
def hostile_index() -> Iterator[tuple[str, dict[str, object]]]:
    """A loopback index whose answers the test writes (project -> PEP 691 document)."""
    pages: dict[str, object] = {}

    class Index(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the http.server name)
            body = json.dumps(pages.get(self.path.strip("/").split("/")[-1], {})).encode()
            self.send_response(200)
            self.send_header("Content-Type", pypi.SIMPLE_JSON)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Index)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/simple/", pages
    finally:
        server.shutdown()
        server.server_close()


def test_fetch_refuses_a_hostile_index_answer(
    tmp_path: Path, hostile_index: tuple[str, dict[str, object]]
) -> None:
    index, pages = hostile_index
    folder = tmp_path / "vet-cache" / "pypi" / "trees" / "six-x"
    node = Node("pypi", "six", "1.17.0", "six==1.17.0", True, url=f"{index}six/")
    tree = Tree(_target("six", "==1.17.0"), "1.17.0", False, [node], cache=str(folder))
    entry = {"filename": "../../" + SIX_WHEEL, "url": SIX_URL, "hashes": {"sha256": SIX_SHA}}
    pages["six"] = {"meta": {"api-version": "1.1"}, "files": [entry]}
    with pytest.raises(HooklabError) as exc:
        pypi.fetch(replace_integrity(tree, SIX_SHA))
    assert "refused" in _one_line(exc)
    pages["six"] = "not a simple page"
    with pytest.raises(HooklabError):
        pypi.fetch(replace_integrity(tree, SIX_SHA))
    assert not any(p.is_file() for p in tmp_path.rglob("*"))


def test_fetch_bounds_an_index_answer(
    tmp_path: Path, hostile_index: tuple[str, dict[str, object]], monkeypatch: pytest.MonkeyPatch
) -> None:
    index, pages = hostile_index
    entry = {"filename": SIX_WHEEL, "url": SIX_URL, "hashes": {"sha256": SIX_SHA}}
    pages["six"] = {"files": [entry] * 50}
    monkeypatch.setattr(pypi, "MAX_PAGE_BYTES", 1000)
    node = Node("pypi", "six", "1.17.0", "six==1.17.0", True, url=f"{index}six/")
    folder = tmp_path / "vet-cache" / "pypi" / "trees" / "six-x"
    tree = Tree(_target("six", "==1.17.0"), "1.17.0", False, [node], cache=str(folder))
    with pytest.raises(HooklabError) as exc:
        pypi.fetch(tree)
    assert "larger than 1000 bytes" in _one_line(exc)


def replace_integrity(tree: Tree, sha: str) -> Tree:
    return replace(tree, nodes=[replace(n, integrity=f"sha256:{sha}") for n in tree.nodes])


def test_newest_version_skips_yanked_foreign_and_too_new_python() -> None:
    def entry(name: str, yanked: str | None = None, python: str | None = None) -> pypi.IndexFile:
        return pypi.IndexFile(name, "https://x/" + name, SIX_SHA, yanked, None, python)

    files = [
        entry("demo-1.0-py3-none-any.whl"),
        entry("demo-1.1.tar.gz"),
        entry("demo-1.2-py3-none-any.whl", yanked=""),
        entry("demo-1.3-cp27-cp27m-win32.whl"),  # nothing this Python can install
        entry("demo-1.4-py3-none-any.whl", python=">=99"),
        entry("demo-2.0a1-py3-none-any.whl"),
    ]
    assert str(pypi.newest_version(files, Requirement("demo"))) == "1.1"
    assert str(pypi.newest_version(files, Requirement("demo>=2.0a1"))) == "2.0a1"
    assert pypi.newest_version(files, Requirement("demo>5")) is None


# --- the real index -------------------------------------------------------------------------


def test_pure_wheel_tree_is_fetched_with_its_hashes(fetched: tuple[Tree, Tree]) -> None:
    resolved, tree = fetched
    assert not resolved.floating and resolved.version == "2.9.0.post0"
    assert {n.name for n in resolved.nodes} == {"python-dateutil", "six"}
    assert tree.root is not None and tree.root.name == "python-dateutil" and tree.root.direct
    assert tree.problems == []
    folder = Path(tree.cache or "")
    for node in tree.nodes:
        archive = Path(node.archive or "")
        assert archive.name.endswith("-none-any.whl") and archive.parent.name == "files"
        assert node.integrity == f"sha256:{_sha256(archive)}"
        assert node.url.startswith("https://") and node.url.endswith(archive.name)
        assert node.surfaces == () and node.deprecated is None
        assert (folder / archive.name).samefile(archive)  # the rehearsal's --find-links
    assert len(list(folder.iterdir())) == 2
    assert tree.root.license


def test_second_run_needs_no_network(
    cache: Path, fetched: tuple[Tree, Tree], tmp_path: Path
) -> None:
    _, first = fetched
    again = pypi.fetch(pypi.resolve(DATEUTIL, cache=cache))
    assert again.nodes == first.nodes and again.cache == first.cache
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        pytest.skip("cutting the network needs root and unshare")
    moved = tmp_path / "kit" / "vet-cache"  # the offline kit carries a copy of the cache
    shutil.copytree(cache, moved)
    script = (
        "import json, sys\nfrom pathlib import Path\nfrom hooklab.vet import pypi\n"
        "from hooklab.vet.model import Target\n"
        "t = Target('pypi', 'python-dateutil', '2.9.0.post0', 'uvx', ())\n"
        "tree = pypi.fetch(pypi.resolve(t, cache=Path(sys.argv[1])))\n"
        "print(json.dumps([tree.cache, [[n.archive, n.integrity] for n in tree.nodes]]))"
    )
    proc = subprocess.run(
        ["unshare", "-n", sys.executable, "-c", script, str(moved)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    folder, nodes = json.loads(proc.stdout)
    assert Path(folder).is_relative_to(moved)
    expected = [
        [str(moved / "pypi" / "files" / Path(n.archive or "").name), n.integrity]
        for n in first.nodes
    ]
    assert nodes == expected


def test_sdist_only_package_is_a_finding_and_never_built(tmp_path: Path) -> None:
    if shutil.which("strace") is None:
        pytest.skip("strace is needed to see what ran")
    cache, log = tmp_path / "cache", tmp_path / "execve.log"
    script = (
        "import sys\nfrom pathlib import Path\nfrom hooklab.vet import pypi\n"
        "from hooklab.vet.model import Target\n"
        "t = Target('pypi', 'termcolor', '==1.1.0', 'uvx', ())\n"
        "tree = pypi.fetch(pypi.resolve(t, cache=Path(sys.argv[1])))\n"
        "n = tree.root\n"
        "print(n.version, n.surfaces, n.archive, n.integrity, tree.problems[0], sep='\\n')"
    )
    argv = ["strace", "-f", "-qq", "-e", "trace=execve", "-s", "400", "-o", str(log)]
    proc = subprocess.run(
        [*argv, sys.executable, "-c", script, str(cache)],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=tmp_path,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    version, surfaces, archive, integrity, problem = proc.stdout.splitlines()
    assert (version, surfaces) == ("1.1.0", "('sdist-build',)")
    assert archive.endswith("termcolor-1.1.0.tar.gz")
    assert integrity == f"sha256:{_sha256(Path(archive))}"
    assert "source distribution" in problem and "sandbox" in problem
    execs = [ln for ln in log.read_text().splitlines() if "execve(" in ln and "= -1" not in ln]
    assert any("--no-build" in ln and '"compile"' in ln for ln in execs)
    ran = "\n".join(execs)
    for build in ("setup.py", "egg_info", "bdist_wheel", "build_meta", "_in_process"):
        assert build not in ran
    left = [p.name for p in tmp_path.rglob("*")]
    assert not [n for n in left if n.endswith(".egg-info") or n in ("build", "dist")]


def test_floating_request_is_resolved_and_flagged() -> None:
    tree = pypi.resolve(_target("six", ""))
    assert tree.floating and tree.root is not None and tree.root.name == "six"
    assert tree.version == tree.root.version and tree.version[0].isdigit()
    # a floating range whose only fitting version is an sdist: the finding, version from the index
    old = pypi.resolve(_target("termcolor", "<1.1.1"))
    assert old.floating and old.version == "1.1.0"
    assert old.root is not None and old.root.surfaces == ("sdist-build",)


def test_pth_file_in_a_wheel_is_an_install_surface(cache: Path) -> None:
    tree = pypi.fetch(pypi.resolve(_target("setuptools", "==70.0.0"), cache=cache))
    root = tree.root
    assert root is not None and root.surfaces == ("pth-file",)
    with zipfile.ZipFile(root.archive or "") as zf:
        assert "distutils-precedence.pth" in zf.namelist()


def test_pth_files_that_land_in_site_packages_are_found(tmp_path: Path) -> None:
    wheel = tmp_path / "demo-1.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as zf:
        zf.writestr("demo-1.0.data/purelib/hook.pth", "import os\n")
        zf.writestr("demo/not-site.pth", "")  # inside the package: never read at start-up
        zf.writestr("demo-1.0.dist-info/METADATA", "Name: demo\nLicense-Expression: MIT\n\n")
    assert pypi._wheel_facts(wheel) == (["demo-1.0.data/purelib/hook.pth"], "MIT", None)
    (tmp_path / "broken-1.0-py3-none-any.whl").write_bytes(b"PK not a zip")
    pth, license, problem = pypi._wheel_facts(tmp_path / "broken-1.0-py3-none-any.whl")
    assert (pth, license) == ([], None) and "not a readable wheel" in (problem or "")


def test_yanked_release_is_marked(cache: Path) -> None:
    tree = pypi.fetch(pypi.resolve(_target("requests", "==2.32.0"), cache=cache))
    assert tree.root is not None
    assert (tree.root.deprecated or "").startswith("yanked: ")
    assert all(n.deprecated is None for n in tree.nodes if not n.direct)


@pytest.mark.parametrize(
    ("name", "requested", "says"),
    [
        ("hooklab-no-such-package-0x7f", "==1.0", "no package named"),
        ("six", "==99.0.0", "has no version 99.0.0"),
        ("six", ">=99", "does not resolve"),
    ],
)
def test_unknown_package_or_version_is_one_line(name: str, requested: str, says: str) -> None:
    with pytest.raises(HooklabError) as exc:
        pypi.resolve(_target(name, requested))
    assert says in _one_line(exc)


def test_unreachable_index_fails_fast_in_one_line() -> None:
    with pytest.raises(HooklabError) as exc:
        pypi.resolve(_target("six", "==1.17.0"), index="http://127.0.0.1:9/simple")
    assert "could not be reached" in _one_line(exc)
