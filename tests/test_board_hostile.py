"""Issue 11: `hooklab labs board` over a folder of learners' files, some of them hostile.

A bad file is one row (and one stderr line), never the end of the board; only regular files are
opened; no file can take another learner's row; and without a workshop key no flag counts.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hooklab.labs import all_labs, board_frame, flag_for
from hooklab.labs.progress import FORMAT
from tests.conftest import ROOT

LAB = all_labs()[0]


@pytest.fixture(autouse=True)
def no_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HOOKLAB_WORKSHOP_KEY", raising=False)


def solved(learner: str, key: str | None) -> dict:
    """A progress file with the first lab solved and its flag made with `key`."""
    lab = {"misses": {}, "solved": [t.key for t in LAB.tasks], "flag": flag_for(LAB.id, key)}
    return {"format": FORMAT, "learner": learner, "labs": {LAB.id: lab}}


def write(folder: Path, name: str, data: object) -> None:
    (folder / name).write_text(json.dumps(data), "utf-8")


def board_cli(folder: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "HOOKLAB_WORKSHOP_KEY"}
    return subprocess.run(
        [sys.executable, "-m", "hooklab.cli", "labs", "board", str(folder), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=300,  # a board that blocks on a FIFO fails here instead of hanging the run
        check=False,
    )


MALFORMED: dict[str, object] = {
    "top-list.json": [FORMAT, "ada"],
    "labs-list.json": {"format": FORMAT, "learner": "x", "labs": [1, 2]},
    "lab-null.json": {"format": FORMAT, "learner": "x", "labs": {LAB.id: None}},
    "misses-text.json": {"format": FORMAT, "learner": "x", "labs": {LAB.id: {"misses": "lots"}}},
    "solved-text.json": {"format": FORMAT, "learner": "x", "labs": {LAB.id: {"solved": 7}}},
    "learner-list.json": {"format": FORMAT, "learner": ["a"], "labs": {}},
    "no-learner.json": {"format": FORMAT, "labs": {}},
    "flag-number.json": {"format": FORMAT, "learner": "x", "labs": {LAB.id: {"flag": 12}}},
}
RAW: dict[str, bytes] = {
    "inf-misses.json": f'{{"format": "{FORMAT}", "learner": "x", '
    f'"labs": {{"{LAB.id}": {{"misses": {{"a": 1e999}}}}}}}}'.encode(),
    "huge-int.json": f'{{"format": "{FORMAT}", "learner": "x", '
    f'"labs": {{"{LAB.id}": {{"misses": {{"a": {"9" * 5000}}}}}}}}}'.encode(),
    "latin1.json": f'{{"format": "{FORMAT}", "learner": "Jos\xe9"}}'.encode("latin-1"),
    "deep.json": b'{"format": "' + FORMAT.encode() + b'", "labs": ' + b"[" * 50_000 + b"]" * 50_000,
    "big.json": b'{"format": "' + FORMAT.encode() + b'", "pad": "' + b"x" * 400_000 + b'"}',
}


def test_each_malformed_file_is_one_row_and_the_rest_are_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOOKLAB_LANG", "en")  # the notes and stderr lines checked are English
    write(tmp_path, "progress-ada.json", solved("ada", "k"))
    for name, data in MALFORMED.items():
        write(tmp_path, name, data)
    for name, raw in RAW.items():
        (tmp_path / name).write_bytes(raw)

    frame = board_frame(tmp_path, key="k").set_index("file")
    assert frame.loc["progress-ada.json", LAB.id] == "done"
    bad = frame.drop(index="progress-ada.json")
    assert sorted(bad.index) == sorted([*MALFORMED, *RAW])
    assert (bad["done"] == "-").all() and (bad["note"] != "").all()
    assert "larger than" in bad.loc["big.json", "note"]

    proc = board_cli(tmp_path, "--key", "k")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert len(proc.stderr.splitlines()) == len(bad)
    assert "ada" in proc.stdout and "done" in proc.stdout


def test_a_fifo_or_a_link_is_not_opened(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOOKLAB_LANG", "en")  # the notes and stderr lines checked are English
    write(tmp_path, "progress-ada.json", solved("ada", "k"))
    os.mkfifo(tmp_path / "pipe.json")
    outside = tmp_path.parent / f"{tmp_path.name}-outside.json"
    write(outside.parent, outside.name, solved("bob", "k"))
    (tmp_path / "link.json").symlink_to(outside)

    proc = board_cli(tmp_path, "--key", "k", "--json")
    assert proc.returncode == 2, proc.stderr
    rows = {r["file"]: r for r in json.loads(proc.stdout)}
    assert rows["progress-ada.json"][LAB.id] == "done"
    assert "not a regular file" in rows["pipe.json"]["note"]
    assert "symbolic link" in rows["link.json"]["note"] and rows["link.json"]["learner"] == "?"


def test_a_newer_file_cannot_take_another_learners_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOOKLAB_LANG", "en")  # the notes and stderr lines checked are English
    write(tmp_path, "progress-ada.json", {"format": FORMAT, "learner": "ada", "labs": {}})
    write(tmp_path, "zz-mallory.json", solved("ada", "k"))  # newer, claims to be ada
    write(tmp_path, "zz-lookalike.json", solved("ＡＤＡ", "k"))  # full-width capitals
    os.utime(tmp_path / "progress-ada.json", (1, 1))

    frame = board_frame(tmp_path, key="k").set_index("file")
    assert len(frame) == 3
    assert frame.loc["progress-ada.json", LAB.id] == "not started"
    assert frame.loc["zz-mallory.json", LAB.id] == "done"
    for file, others in (
        ("progress-ada.json", ("zz-mallory.json", "zz-lookalike.json")),
        ("zz-mallory.json", ("progress-ada.json",)),
    ):
        note = frame.loc[file, "note"]
        assert note.startswith("same learner name as") and all(o in note for o in others)


def test_without_a_key_no_flag_counts_as_done(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOOKLAB_LANG", "en")  # the notes and stderr lines checked are English
    write(tmp_path, "progress-eve.json", solved("eve", None))  # made with the public key

    frame = board_frame(tmp_path).set_index("learner")
    assert frame.loc["eve", LAB.id] == "unverified" and frame.loc["eve", "done"].startswith("0/")
    proc = board_cli(tmp_path)
    assert proc.returncode == 0 and "unverified" in proc.stdout
    assert "flags NOT verified" in proc.stderr

    frame = board_frame(tmp_path, key="class-key").set_index("learner")
    assert frame.loc["eve", LAB.id] == "bad flag"
