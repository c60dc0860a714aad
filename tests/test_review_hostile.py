"""Packages built to look harmless to the reviewer while the installer still runs their hooks.

Each case was first checked against the installer (npm 11 runs the postinstall; pip and uv build
the sdist): the review must read the package the same way, or report the limit it hit as an
install finding. Never a silent "low", never a traceback.
"""

from __future__ import annotations

import io
import json
import lzma
import tarfile
import zipfile
from pathlib import Path

import pytest

from hooklab.errors import HooklabError
from hooklab.review import review
from hooklab.review.archive import MAX_FILE_BYTES, MAX_FILES, MAX_MANIFEST_BYTES
from hooklab.review.pyscan import MAX_AST_WORDS
from hooklab.review.report import Report
from tests.conftest import run_cli
from tests.hostile import corpus

HOOK = "node -e \"require('fs').writeFileSync('marker', 'x')\""
NET_JS = b"const https = require('https');\nhttps.get('https://collect.example/x');\n"
NET_PY = b"import urllib.request\nurllib.request.urlopen('https://collect.example/x')\n"


def _manifest(**scripts: str) -> bytes:
    return json.dumps({"name": "h", "version": "1.0.0", "scripts": scripts}).encode()


def _tar(path: Path, members: list[tuple[str, bytes]], mode: str = "w:gz") -> Path:
    with tarfile.open(path, mode) as tar:
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def _zip(path: Path, entries: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", method) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return path


def _rules(report: Report) -> dict[str, str]:
    """install rule -> the file of its first finding."""
    out: dict[str, str] = {}
    for f in report.category("install").findings:
        out.setdefault(f.rule, f.file)
    return out


def _install_not_low(report: Report, rule: str, file: str | None = None) -> None:
    assert report.level("install") != "low", report.findings_frame().to_string()
    rules = _rules(report)
    assert rule in rules, rules
    if file is not None:
        assert rules[rule] == file, rules


# 1. past the per-file limit ---------------------------------------------------------------
def test_padded_package_json_is_read_whole_like_npm(tmp_path: Path) -> None:
    padded = _manifest(postinstall=HOOK)[:-1] + b" " * (MAX_FILE_BYTES + 10) + b"}"
    report = review(_tar(tmp_path / "p.tgz", [("package/package.json", padded)]))
    _install_not_low(report, "install.postinstall", "package.json")


def test_package_json_past_the_manifest_limit_is_a_high_finding(tmp_path: Path) -> None:
    padded = _manifest(postinstall=HOOK)[:-1] + b" " * (MAX_MANIFEST_BYTES + 10) + b"}"
    report = review(_tar(tmp_path / "p.tgz", [("package/package.json", padded)]))
    _install_not_low(report, "install.unread", "package.json")
    assert report.level("install") == "high"
    unread = report.category("install").findings[0]
    assert "could not read package.json fully" in unread.evidence
    assert str(len(padded)) in unread.evidence


def test_padded_setup_py_is_scanned(tmp_path: Path) -> None:
    setup = b"#" + b" " * (MAX_FILE_BYTES + 10) + b"\n" + NET_PY
    report = review(_tar(tmp_path / "s.tar.gz", [("h-1.0/setup.py", setup)]))
    _install_not_low(report, "install.network", "setup.py")


def test_setup_py_too_big_to_parse_is_read_line_by_line_and_reported(tmp_path: Path) -> None:
    """A syntax tree of millions of statements takes gigabytes; the pattern scan and a finding
    take its place."""
    setup = b"x = 1\n" * (MAX_AST_WORDS // 2 + 10) + NET_PY
    report = review(_tar(tmp_path / "s.tar.gz", [("h-1.0/setup.py", setup)]))
    _install_not_low(report, "install.network", "setup.py")
    oversize = [f for f in report.category("install").findings if f.rule == "install.oversize"]
    assert [(f.file, f.install_time) for f in oversize] == [("setup.py", True)], oversize
    assert "too big to parse" in oversize[0].evidence
    assert report.verdict == "malicious"  # padded past the parser's limit, and it calls out


def test_hook_target_past_the_limit_is_a_high_finding(tmp_path: Path) -> None:
    big = NET_JS + b"//" + b"x" * (MAX_FILE_BYTES + 10)
    members = [
        ("package/package.json", _manifest(postinstall="node setup.js")),
        ("package/setup.js", big),
    ]
    report = review(_tar(tmp_path / "b.tgz", members))
    assert report.level("install") == "high"
    _install_not_low(report, "install.unread", "setup.js")


def test_big_file_no_hook_reaches_is_still_a_finding(tmp_path: Path) -> None:
    members = [
        ("package/package.json", _manifest()),
        ("package/dist/bundle.js", b"x" * (MAX_FILE_BYTES + 10)),
    ]
    report = review(_tar(tmp_path / "d.tgz", members))
    assert report.level("install") == "medium"
    _install_not_low(report, "install.unread-other", "dist/bundle.js")


# 2. a UTF-8 BOM ---------------------------------------------------------------------------
def test_package_json_with_a_bom_is_read_like_npm(tmp_path: Path) -> None:
    bom = b"\xef\xbb\xbf" + _manifest(postinstall=HOOK)
    report = review(_tar(tmp_path / "bom.tgz", [("package/package.json", bom)]))
    _install_not_low(report, "install.postinstall", "package.json")
    assert not report.notes, report.notes


# 3. the tarball's top folders -------------------------------------------------------------
@pytest.mark.parametrize(
    "members",
    [
        [("package/index.js", b"1"), ("zzz/package.json", _manifest(postinstall=HOOK))],
        [("anything/package.json", _manifest(postinstall=HOOK))],
        [("../package.json", _manifest(postinstall=HOOK))],
        [("/package.json", _manifest(postinstall=HOOK))],
        [("package/package.json", _manifest()), ("x/package.json", _manifest(postinstall=HOOK))],
    ],
    ids=["second-top", "other-name", "dotdot-top", "absolute", "later-duplicate-wins"],
)
def test_npm_strips_the_first_component_of_every_entry(
    members: list[tuple[str, bytes]], tmp_path: Path
) -> None:
    report = review(_tar(tmp_path / "t.tgz", members))
    _install_not_low(report, "install.postinstall", "package.json")


def test_several_top_folders_are_a_finding(tmp_path: Path) -> None:
    members = [("package/package.json", _manifest()), ("other/index.js", b"1")]
    report = review(_tar(tmp_path / "t.tgz", members))
    _install_not_low(report, "install.limit")
    assert "2 top-level entries" in report.category("install").findings[0].evidence


def test_an_entry_at_the_top_is_dropped_as_npm_does(tmp_path: Path) -> None:
    """npm 11 ignores `package.json` with no folder (the install fails: no manifest)."""
    members = [("package/index.js", b"1"), ("package.json", _manifest(postinstall=HOOK))]
    report = review(_tar(tmp_path / "t.tgz", members))
    assert "install.postinstall" not in _rules(report)


def test_sdist_with_a_second_top_entry_is_not_stripped_like_pip(tmp_path: Path) -> None:
    """pip and uv keep both tops, find no setup.py at the root and build nothing."""
    members = [("h-1.0/setup.py", NET_PY), ("other.txt", b"hi")]
    report = review(_tar(tmp_path / "h-1.0.tar.gz", members))
    assert "install.setup.py" not in _rules(report)
    flat = review(_tar(tmp_path / "f.tar.gz", [("setup.py", NET_PY), ("README", b"x")]))
    _install_not_low(flat, "install.network", "setup.py")


# 4. past the entry limit ------------------------------------------------------------------
def test_package_json_after_the_entry_limit_is_still_read(tmp_path: Path) -> None:
    members = [(f"package/f{i}.txt", b"") for i in range(MAX_FILES + 5)]
    members.append(("package/package.json", _manifest(postinstall=HOOK)))
    report = review(_tar(tmp_path / "many.tar", members, "w"))
    _install_not_low(report, "install.postinstall", "package.json")
    _install_not_low(report, "install.limit")


def test_hook_target_after_the_entry_limit_is_a_finding(tmp_path: Path) -> None:
    members = [("package/package.json", _manifest(postinstall="node late.js"))]
    members += [(f"package/f{i}.txt", b"") for i in range(MAX_FILES + 5)]
    members.append(("package/late.js", NET_JS))
    report = review(_tar(tmp_path / "late.tar", members, "w"))
    assert report.level("install") == "high"
    _install_not_low(report, "install.unread", "late.js")


# 5. what the hook runs is read as text ----------------------------------------------------
@pytest.mark.parametrize(
    ("command", "file"),
    [("node setup.js", "setup.js"), ("node payload.dat", "payload.dat")],
    ids=["nul-byte", "no-js-extension"],
)
def test_hook_file_is_scanned_whatever_it_looks_like(
    command: str, file: str, tmp_path: Path
) -> None:
    members = [
        ("package/package.json", _manifest(postinstall=command)),
        (f"package/{file}", b"/* \x00\x01 */\n" + NET_JS),
    ]
    report = review(_tar(tmp_path / "n.tgz", members))
    _install_not_low(report, "install.network", file)


def test_pth_past_the_file_limit_is_read(tmp_path: Path) -> None:
    pth = b"#" + b" " * (MAX_FILE_BYTES + 10) + b"\nimport os; os.system('id')\n"
    report = review(_zip(tmp_path / "h-1.0-py3-none-any.whl", {"h.pth": pth, "h/__init__.py": b""}))
    _install_not_low(report, "install.pth", "h.pth")


# 6. damaged archives: a finding or one line, never a traceback ----------------------------
def _encrypted(path: Path) -> Path:
    """setup.py flagged encrypted (zipfile will not write the flag, so set it in both headers)."""
    data = bytearray(_zip(path, {"setup.py": NET_PY}).read_bytes())
    data[6] |= 0x1  # local header flags
    data[data.rindex(b"PK\x01\x02") + 8] |= 0x1  # central directory flags
    path.write_bytes(bytes(data))
    return path


def _bad_utf8_name(path: Path) -> Path:
    _zip(path, {"caf\u00e9.py": b"1", "setup.py": NET_PY})
    path.write_bytes(path.read_bytes().replace("\u00e9".encode(), b"\xff\xfe"))
    return path


def _corrupt_lzma(path: Path) -> Path:
    _zip(path, {"setup.py": NET_PY * 50}, zipfile.ZIP_LZMA)
    data = bytearray(path.read_bytes())
    for i in range(60, 120):
        data[i] ^= 0x5A
    path.write_bytes(bytes(data))
    return path


def _corrupt_stream(path: Path, mode: str) -> Path:
    _tar(path, [("package/package.json", _manifest(postinstall=HOOK) * 200)], mode)
    data = bytearray(path.read_bytes())
    for i in range(len(data) // 2, len(data) // 2 + 40):
        data[i] ^= 0x5A
    path.write_bytes(bytes(data))
    return path


DAMAGED = {
    "zip-encrypted": lambda d: _encrypted(d / "e.zip"),
    "zip-bad-utf8-name": lambda d: _bad_utf8_name(d / "u.zip"),
    "zip-corrupt-lzma": lambda d: _corrupt_lzma(d / "l.zip"),
    "corrupt-gzip": lambda d: _corrupt_stream(d / "c.tgz", "w:gz"),
    "corrupt-bz2": lambda d: _corrupt_stream(d / "c.tar.bz2", "w:bz2"),
    "corrupt-xz": lambda d: _corrupt_stream(d / "c.tar.xz", "w:xz"),
    "corrupt-xz-header": lambda d: (
        (d / "h.tar.xz").write_bytes(lzma.compress(b"x")[:12] + b"\0" * 100) and d / "h.tar.xz"
    ),
}


@pytest.mark.parametrize("case", sorted(DAMAGED))
def test_damaged_archive_is_a_finding_or_one_line(case: str, tmp_path: Path) -> None:
    target = DAMAGED[case](tmp_path)
    try:
        report = review(target)
    except HooklabError as exc:
        assert len(str(exc).splitlines()) == 1, str(exc)
        assert str(target) in str(exc)
    else:
        assert report.level("install") != "low", report.findings_frame().to_string()


@pytest.mark.parametrize("case", ["zip-encrypted", "zip-corrupt-lzma"])
def test_an_unreadable_zip_member_is_a_finding_in_install(case: str, tmp_path: Path) -> None:
    report = review(DAMAGED[case](tmp_path))
    _install_not_low(report, "install.unread", "setup.py")
    assert report.level("install") == "high"


@pytest.mark.parametrize("case", ["zip-bad-utf8-name", "corrupt-xz"])
def test_damaged_archive_through_the_cli(case: str, tmp_path: Path) -> None:
    proc = run_cli("review", str(DAMAGED[case](tmp_path)), "--json")
    assert "Traceback" not in proc.stderr, proc.stderr
    if proc.returncode:
        assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    else:
        assert json.loads(proc.stdout)["categories"]


def test_tar_xz_sdist_is_read(tmp_path: Path) -> None:
    report = review(_tar(tmp_path / "h-1.0.tar.xz", [("h-1.0/setup.py", NET_PY)], "w:xz"))
    _install_not_low(report, "install.network", "setup.py")


def test_padded_hook_past_the_limit_is_malicious_not_silent(tmp_path: Path) -> None:
    members = [(info.name, data or b"") for info, data in corpus.padded_hook()]
    report = review(_tar(tmp_path / "p.tgz", members))
    unread = [f for f in report.category("install").findings if f.rule == "install.unread"]
    assert [(f.file, f.axis, f.install_time) for f in unread] == [("x.js", "indicator", True)]
    assert report.verdict == "malicious", report.verdict_line()


def test_alias_obfuscated_exec_is_found(tmp_path: Path) -> None:
    members = [(info.name, data or b"") for info, data in corpus.aliased_sdist()]
    report = review(_tar(tmp_path / "a.tar.gz", members))
    hits = {(f.rule, f.file): (f.line, f.count) for _, f in report.findings}
    assert hits[("exec.alias", "setup.py")] == (2, 2)  # getattr(builtins, ...), then x = exec
    assert hits[("exec.encoded-command", "setup.py")] == (3, 2)  # base64, then chr codes
    assert hits[("exec.alias", "lib.js")] == (1, 1)
    assert hits[("exec.encoded-command", "lib.js")] == (2, 1)
    assert report.verdict == "malicious", report.verdict_line()
