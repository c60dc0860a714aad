"""A generated corpus of hostile inputs: each gives a report or a one-line error, never a
traceback, and nothing is written outside the test's temporary folder."""

from __future__ import annotations

import gzip
import io
import os
import tarfile
import uuid
import zipfile
from pathlib import Path

import pytest

from hooklab.errors import HooklabError
from hooklab.review import ArchiveError, review
from hooklab.review.archive import MAX_FILE_BYTES, MAX_FILES, safe_name
from tests.conftest import run_cli

ESCAPE = f"hooklab-escape-{uuid.uuid4().hex[:8]}"


def _tar(
    path: Path, members: list[tuple[tarfile.TarInfo, bytes | None]], mode: str = "w:gz"
) -> Path:
    with tarfile.open(path, mode) as tar:
        for info, data in members:
            if data is not None:
                info.size = len(data)
            tar.addfile(info, io.BytesIO(data) if data is not None else None)
    return path


def _file(name: str, data: bytes) -> tuple[tarfile.TarInfo, bytes]:
    return tarfile.TarInfo(name), data


def _link(name: str, target: str, kind: bytes) -> tuple[tarfile.TarInfo, None]:
    info = tarfile.TarInfo(name)
    info.type, info.linkname = kind, target
    return info, None


def _zip(path: Path, entries: dict[str, bytes], symlink: str | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
        if symlink:
            info = zipfile.ZipInfo(symlink)
            info.external_attr = 0o120777 << 16
            zf.writestr(info, "/etc/passwd")
    return path


def _bomb(path: Path) -> Path:
    """A gzip of a tar holding 80 MB of zeros in one member: small on disk, big when inflated."""
    with gzip.open(path, "wb", compresslevel=9) as gz:
        with tarfile.open(fileobj=gz, mode="w|") as tar:
            info = tarfile.TarInfo("package/zeros.bin")
            info.size = 80 * 2**20
            tar.addfile(info, io.BytesIO(bytes(info.size)))
    return path


CASES = {
    "traversal": lambda d: _tar(
        d / "t.tgz", [_file(f"package/../../{ESCAPE}", b"x"), _file("package/index.js", b"1")]
    ),
    "absolute": lambda d: _tar(d / "a.tgz", [_file(f"/tmp/{ESCAPE}", b"x")]),
    "symlink": lambda d: _tar(
        d / "s.tgz", [_link("package/passwd", "/etc/passwd", tarfile.SYMTYPE)]
    ),
    "hardlink": lambda d: _tar(
        d / "h.tgz", [_link("package/shadow", "/etc/shadow", tarfile.LNKTYPE)]
    ),
    "gzip-bomb": lambda d: _bomb(d / "bomb.tgz"),
    "huge-file": lambda d: _tar(
        d / "big.tgz", [_file("package/big.js", b"a" * (MAX_FILE_BYTES + 10))]
    ),
    "many-files": lambda d: _tar(
        d / "many.tar", [_file(f"package/f{i}.txt", b"") for i in range(MAX_FILES + 5)], "w"
    ),
    "binary-and-bad-utf8": lambda d: _tar(
        d / "bin.tgz",
        [
            _file("package/blob.js", b"\x00\x01\x02" * 100),
            _file("package/bad.py", b"x = '\xff\xfe'\nimport os\n"),
        ],
    ),
    "bad-package-json": lambda d: _tar(d / "pj.tgz", [_file("package/package.json", b"{not json")]),
    "package-json-array": lambda d: _tar(d / "pa.tgz", [_file("package/package.json", b"[1, 2]")]),
    "bad-pyproject": lambda d: _tar(
        d / "pp.tgz", [_file("p-1/pyproject.toml", b"[build-system\nx=")]
    ),
    "bad-setup-cfg": lambda d: _tar(d / "sc.tgz", [_file("p-1/setup.cfg", b"no section\n[[[")]),
    "deep-python": lambda d: _tar(
        d / "deep.tgz", [_file("p-1/setup.py", b"x = " + b"(" * 5000 + b")" * 5000)]
    ),
    "deep-package-json": lambda d: _tar(
        d / "dj.tgz", [_file("package/package.json", b"[" * 100_000 + b"]" * 100_000)]
    ),
    # lines that a regex tried at every quote or comment would rescan once per quote (hours)
    "rescan-lines": lambda d: _tar(
        d / "rl.tgz",
        [_file("package/min.js", b"'\\" * 300_000 + b"\n" + b"/**/" * 250_000 + b"\n")],
    ),
    "zip-traversal": lambda d: _zip(d / "z.zip", {f"../{ESCAPE}": b"x", "ok.py": b"print(1)"}),
    "zip-symlink": lambda d: _zip(d / "zl.whl", {"a.py": b""}, symlink="link"),
    "zip-bomb": lambda d: _zip(d / "zb.zip", {"zeros.txt": bytes(30 * 2**20)}),
    "truncated-gzip": lambda d: (
        (d / "cut.tgz").write_bytes(
            (_tar(d / "full.tgz", [_file("package/a.js", os.urandom(5000))])).read_bytes()[:300]
        )
        and d / "cut.tgz"
    ),
    "not-an-archive": lambda d: (d / "x.txt").write_text("hello") and d / "x.txt",
    "folder-symlink-out": lambda d: (
        (d / "pkg").mkdir() or (d / "pkg" / "l").symlink_to("/etc") or d / "pkg"
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_input_gives_a_report_or_one_line_error(case: str, tmp_path: Path) -> None:
    """In-process: only HooklabError may escape (the CLI prints it as one line), nothing else."""
    work = tmp_path / "in"
    work.mkdir()
    target = CASES[case](work)
    before = set(tmp_path.rglob("*"))
    try:
        report = review(target)
    except HooklabError as exc:
        assert len(str(exc).splitlines()) == 1, str(exc)
    else:
        assert len(report.categories) == 6
        report.to_json()
    assert set(tmp_path.rglob("*")) == before, "review wrote files"
    for place in (Path("/tmp"), tmp_path, tmp_path.parent, Path.cwd(), Path.cwd().parent):
        assert not (place / ESCAPE).exists()


@pytest.mark.parametrize("case", ["gzip-bomb", "traversal", "bad-pyproject"])
def test_hostile_input_through_the_cli(case: str, tmp_path: Path) -> None:
    proc = run_cli("review", str(CASES[case](tmp_path)), "--json")
    assert "Traceback" not in proc.stderr, proc.stderr
    if proc.returncode:
        assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    else:
        assert '"categories"' in proc.stdout


def test_bombs_are_refused_and_oddities_noted(tmp_path: Path) -> None:
    with pytest.raises(ArchiveError, match="bomb"):
        review(_bomb(tmp_path / "b.tgz"))
    notes = " ".join(review(CASES["traversal"](tmp_path)).notes)
    assert "outside the package" in notes
    assert "link" in " ".join(review(CASES["symlink"](tmp_path)).notes)
    big = review(CASES["huge-file"](tmp_path))
    assert big.level("install") == "medium"
    assert "big.js" in big.category("install").findings[0].evidence
    assert "not valid JSON" in " ".join(review(CASES["bad-package-json"](tmp_path)).notes)


@pytest.mark.parametrize("name", ["/etc/passwd", "../x", "a/../../x", "C:/x", "..", ""])
def test_unsafe_names_are_rejected(name: str) -> None:
    assert safe_name(name) is None


def test_safe_names_are_normalised() -> None:
    assert safe_name("./package//a/./b.js") == "package/a/b.js"
