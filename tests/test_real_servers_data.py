"""The committed data of notebook 11 (notebooks/data/real-servers.json, written by
scripts/collect-real-servers.py) is well-formed, matches the pinned real set, and carries no
machine path, temp name, pid or control character. Offline."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hooklab.errors import HooklabError
from hooklab.paths import work_dir
from hooklab.realset import load
from hooklab.show.realservers import (
    SERVER_KINDS,
    load_servers,
    pinning_frame,
    scrub,
    servers_frame,
)

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "notebooks" / "data" / "real-servers.json"
VERDICTS = {"clean", "capabilities-only", "runs-code-at-install", "suspicious", "malicious"}
HANGUL = re.compile("[\uac00-\ud7a3]")
MACHINE = re.compile(r"/tmp/|/proc/|/root/|\.hooklab/|\b(pid|process) \d+|(fakehome|watch)-\w{6}")


@pytest.fixture(scope="module")
def data() -> dict[str, Any]:
    return load_servers(DATA)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield str(k)
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def test_the_date_commit_and_tools_are_recorded(data: dict[str, Any]) -> None:
    assert re.fullmatch(r"20\d\d-\d\d-\d\d", data["collected"])
    assert re.fullmatch(r"[0-9a-f]{7,40}", data["commit"])
    assert set(data["tools"]) >= {"npm", "uv"}


def test_every_server_of_the_real_set_is_there_at_its_pinned_version(
    data: dict[str, Any],
) -> None:
    expected = {(p.ecosystem, p.name): p for p in load() if p.kind in SERVER_KINDS}
    got = {(s["ecosystem"], s["name"]): s for s in data["servers"]}
    assert len(got) == len(data["servers"]) >= 40
    assert set(got) == set(expected)
    for key, package in expected.items():
        row = got[key]
        assert row["version"] == package.version
        assert row["kind"] == package.kind
        assert row["readme_launch"] == package.launch
        assert row["readme_pinned"] is package.readme_pinned


def test_each_server_has_a_verdict_or_its_one_line_problem(data: dict[str, Any]) -> None:
    for s in data["servers"]:
        if s["error"]:
            assert s["verdict"] is None and "\n" not in s["error"]
            continue
        assert s["verdict"] in VERDICTS and s["static_verdict"] in VERDICTS
        assert s["version_vetted"] == s["version"]
        assert s["tree_size"] >= 1
        assert s["version"] in s["safe_line"]
        assert set(s["seconds"]) >= {"resolve", "fetch", "static", "dynamic", "total"}
        for hook in s["hooks"]:
            assert isinstance(hook["ran"], bool) and hook["event"]


def test_no_machine_path_pid_temp_name_or_control_character(data: dict[str, Any]) -> None:
    own = [str(ROOT), str(work_dir()), tempfile.gettempdir(), str(Path.home())]
    for text in _strings(data):
        assert text.isprintable(), text
        assert not MACHINE.search(text), text
        assert not any(folder in text for folder in own if len(folder) > 1), text


def test_the_notebook_table_reads_it(data: dict[str, Any]) -> None:
    frame = servers_frame(data)
    assert len(frame) == len(data["servers"])
    assert set(frame["verdict"]) <= VERDICTS | {"error"}
    assert all(frame.problem[frame.verdict == "error"])


def test_the_tables_speak_the_kits_language(
    data: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = [s for s in data["servers"] if not s["readme_launch"]]
    assert missing  # some READMEs give no launch line: the table says so in words
    monkeypatch.setenv("HOOKLAB_LANG", "ko")
    assert "(README에 없음)" in set(pinning_frame(data)["README"])
    monkeypatch.setenv("HOOKLAB_LANG", "en")
    for frame in (servers_frame(data), pinning_frame(data)):
        assert not HANGUL.search(frame.to_string())
    assert "(not in README)" in set(pinning_frame(data)["README"])


def test_scrub_hides_machine_folders_temp_names_and_pids() -> None:
    line = f"cannot read {work_dir()}/watch-8hnu2wwb/x (pid 4242)\x1b[31m in /var/cache/a"
    out = scrub(line, {str(work_dir()): "<work>"})
    assert out == "cannot read <work>/watch-X/x (pid N)\\x1b[31m in <path>"
    assert scrub("see https://registry.npmjs.org/a/-/a-1.0.0.tgz") == (
        "see https://registry.npmjs.org/a/-/a-1.0.0.tgz"
    )


def test_it_is_found_from_any_folder(data: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT / "notebooks" / "en")  # where the English edition's kernel starts
    assert load_servers() == data


def test_a_broken_data_file_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOOKLAB_LANG", "en")  # the English line
    bad = tmp_path / "real-servers.json"
    bad.write_text("{not json")
    with pytest.raises(HooklabError, match="not valid JSON"):
        load_servers(bad)
    bad.write_text('{"servers": 3}')
    with pytest.raises(HooklabError, match="no list of servers"):
        load_servers(bad)
