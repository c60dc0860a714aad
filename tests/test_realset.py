"""The pinned real set: the list is well-formed, its archives are fetched with their registry
digests checked (a changed archive is refused), and a hostile entry is one line."""

from __future__ import annotations

import collections
import shutil
from pathlib import Path

import pytest

from hooklab import realset
from hooklab.errors import HooklabError
from hooklab.lang import untranslated
from hooklab.mcp.specs import npm_version, pypi_version
from hooklab.offline import kit

SMALL = {("npm", "@modelcontextprotocol/server-postgres"), ("pypi", "blender-mcp")}


def _one_line(exc: pytest.ExceptionInfo[HooklabError]) -> str:
    """The error's English line (the tests check its words), after checking that it and the
    Korean line the kit shows by default are each one printable line."""
    for lang in ("ko", "en"):
        text = exc.value.text(lang)
        assert "\n" not in text and "Traceback" not in text and text.isprintable()
    assert exc.value.text("ko") != exc.value.text("en")
    return exc.value.text("en")


def test_the_list_is_pinned_unique_and_large_enough():
    packages = realset.load()
    assert len(packages) >= 40
    keys = [(p.ecosystem, p.name.lower()) for p in packages]
    assert len(set(keys)) == len(keys)
    for p in packages:
        exact = npm_version if p.ecosystem == "npm" else pypi_version
        assert exact(p.version) == p.version, p.spec
        assert p.kind in realset.KINDS
        assert not p.launch or p.name in p.launch, p.spec  # a README line is about its package
    kinds = collections.Counter((p.ecosystem, p.kind) for p in packages)
    for eco in ("npm", "pypi"):
        assert kinds[eco, "mcp-server"] >= 10 and kinds[eco, "mcp-sdk"] >= 1
    assert kinds["npm", "legit-hook"] + kinds["npm", "c-extension"] >= 5
    assert kinds["pypi", "c-extension"] >= 3


def _small() -> list[realset.RealPackage]:
    return [p for p in realset.load() if (p.ecosystem, p.name) in SMALL]


def _seed_from_kit(cache: Path, packages: list[realset.RealPackage]) -> None:
    """Offline (the kit's round): start from the kit's copy, which fetch then re-checks."""
    where = kit()
    if where is None:
        return
    for p in packages:
        src = where / realset.REAL_SET / p.ecosystem
        dst = cache / p.ecosystem
        dst.mkdir(parents=True, exist_ok=True)
        fetched = realset.verify(where / realset.REAL_SET, p)
        assert fetched is not None, f"the offline kit lacks {p.spec}"
        for path in [*fetched.archives, src / f"{p.stem}.json"]:
            shutil.copyfile(path, dst / path.name)


def test_fetch_checks_digests_reuses_the_cache_and_refuses_a_changed_archive(tmp_path):
    """Reaches the npm registry and PyPI (or, offline, starts from the kit's copy)."""
    packages = _small()
    assert len(packages) == 2
    _seed_from_kit(tmp_path, packages)
    first = realset.fetch(tmp_path, packages, quiet=True)
    by_eco = {f.package.ecosystem: f for f in first}
    tgz = by_eco["npm"].archives
    assert [p.name for p in tgz] == ["@modelcontextprotocol+server-postgres-0.6.2.tgz"]
    pypi = by_eco["pypi"]
    assert pypi.sdist is not None and pypi.sdist.name == "blender_mcp-2.0.0.tar.gz"
    assert pypi.wheel is not None and pypi.wheel.name == "blender_mcp-2.0.0-py3-none-any.whl"
    for f in first:
        for path in f.archives:
            assert path.parent == tmp_path / f.package.ecosystem and path.stat().st_size > 0
    assert not list(tmp_path.rglob("*.part"))

    # A second call takes everything from the cache: nothing is downloaded.
    again = realset.fetch(tmp_path, packages, quiet=True)
    assert [f.downloaded for f in again] == [False, False]
    assert [f.archives for f in again] == [f.archives for f in first]

    # One changed byte, and the archive is refused, by fetch and by verify.
    archive = tgz[0]
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0xFF
    archive.write_bytes(bytes(data))
    npm_entry = by_eco["npm"].package
    with pytest.raises(HooklabError) as exc:
        realset.fetch(tmp_path, packages, quiet=True)
    assert "does not match the registry's sha512" in _one_line(exc)
    with pytest.raises(HooklabError) as exc:
        realset.verify(tmp_path, npm_entry)
    assert "refused" in _one_line(exc)
    assert realset.verify(tmp_path, pypi.package) is not None

    # A wheel swapped for other bytes is refused the same way (sha256 from the index).
    assert pypi.wheel is not None
    pypi.wheel.write_bytes(b"PK\x05\x06" + b"\0" * 18)
    with pytest.raises(HooklabError) as exc:
        realset.verify(tmp_path, pypi.package)
    assert "sha256" in _one_line(exc)


ENTRY = """[[package]]
ecosystem = "{eco}"
name = "{name}"
version = "{version}"
kind = "{kind}"
launch = "{launch}"
readme_pinned = false
"""


@pytest.mark.parametrize(
    ("fields", "said"),
    [
        ({"name": "--registry=x"}, "is not a npm package name"),
        ({"name": "../../etc/passwd"}, "is not a npm package name"),
        ({"name": "@scope/../x"}, "is not a npm package name"),
        ({"eco": "pypi", "name": "../x"}, "is not a pypi package name"),
        ({"eco": "pypi", "name": "--index-url=http://evil"}, "is not a pypi package name"),
        ({"version": "^1.0.0"}, "not an exact version"),
        ({"version": "latest"}, "not an exact version"),
        ({"eco": "pypi", "version": ">=1.0"}, "not an exact version"),
        ({"kind": "rootkit"}, "kind"),
        ({"eco": "cargo"}, "not npm or pypi"),
        ({"launch": "npx x\\u001b[2J"}, "unprintable"),
    ],
)
def test_a_hostile_entry_is_refused_with_one_line(tmp_path, fields, said):
    values = {"eco": "npm", "name": "x", "version": "1.0.0", "kind": "mcp-server", "launch": ""}
    listing = tmp_path / "list.toml"
    listing.write_text(ENTRY.format(**(values | fields)))
    with pytest.raises(HooklabError) as exc:
        realset.load(listing)
    assert said in _one_line(exc)
    assert not (tmp_path / "etc").exists()


def test_a_twice_listed_package_and_a_broken_file_are_one_line(tmp_path):
    listing = tmp_path / "list.toml"
    one = ENTRY.format(eco="npm", name="X", version="1.0.0", kind="mcp-server", launch="")
    listing.write_text(one + "\n" + one.replace('"X"', '"x"'))
    with pytest.raises(HooklabError) as exc:
        realset.load(listing)
    assert "listed twice" in _one_line(exc)
    listing.write_bytes(b"[[package]\n\xff")
    with pytest.raises(HooklabError) as exc:
        realset.load(listing)
    assert "not valid TOML" in _one_line(exc)


def test_every_message_is_said_in_both_languages():
    assert not untranslated(realset.SAID)


def test_a_registry_answer_cannot_name_a_file_outside_the_cache():
    entry = realset.RealPackage("npm", "x", "1.0.0", "mcp-server", "", readme_pinned=False)
    for bad in ("../x.tgz", "a/b.tgz", ".hidden", "..", "x\n.tgz", ""):
        with pytest.raises(HooklabError) as exc:
            realset._safe_file(bad, entry)
        assert "refused the file name" in _one_line(exc)
    with pytest.raises(HooklabError) as exc:
        realset._integrity("sha1-AAAA md5-zzz", entry)
    assert "no sha256/384/512 integrity" in _one_line(exc)


def test_the_default_cache_is_in_the_kit_when_runs_use_one(tmp_path, monkeypatch):
    monkeypatch.delenv("HOOKLAB_KIT", raising=False)
    monkeypatch.setenv("HOOKLAB_WORK", str(tmp_path / "work"))
    assert realset.default_cache() == tmp_path / "work" / "real-set"
    (tmp_path / "kit" / "wheels").mkdir(parents=True)
    monkeypatch.setenv("HOOKLAB_KIT", str(tmp_path / "kit"))
    assert realset.default_cache() == (tmp_path / "kit").resolve() / "real-set"


def test_with_an_offline_kit_a_missing_archive_is_one_line_not_a_download(tmp_path, monkeypatch):
    (tmp_path / "kit" / "wheels").mkdir(parents=True)
    monkeypatch.setenv("HOOKLAB_KIT", str(tmp_path / "kit"))
    entry = realset.RealPackage("npm", "x", "1.0.0", "mcp-server", "", readme_pinned=False)
    with pytest.raises(HooklabError) as exc:
        realset.fetch(packages=[entry], quiet=True)
    assert "no network (offline kit)" in _one_line(exc)
    assert not (tmp_path / "kit" / "real-set" / "npm" / "x@1.0.0.json").exists()
