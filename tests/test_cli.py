"""The hooklab command from a terminal: summaries, JSON, and one-line errors."""

import json
import os
import socket

import pytest

from tests.conftest import ROOT, run_cli


def assert_one_line_error(proc, text):
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("hooklab: ") and text in lines[0], proc.stderr


def test_watch_prints_the_order_and_writes_json(artefacts, tmp_path):
    out = tmp_path / "run.json"
    tgz = os.path.relpath(artefacts["npm-postinstall"]["tgz"], ROOT)  # as a trainer types it
    proc = run_cli(
        "watch",
        "--lang",
        "en",
        "--json",
        str(out),
        "--",
        "npx",
        "--yes",
        "--package",
        tgz,
        "hooklab-postinstall-hello",
    )
    assert proc.returncode == 0, proc.stderr
    hook_line = proc.stdout.index("[hook    ]")
    assert hook_line < proc.stdout.index("[program ]")
    assert "verdict:   install-time code RAN" in proc.stdout
    # The same summary in Korean: the labels and the verdict change, not the story's ids.
    run = ["npx", "--yes", "--package", tgz, "hooklab-postinstall-hello"]
    korean = run_cli("watch", "--lang", "ko", "--", *run)
    assert "판정:" in korean.stdout and "설치 중에 코드가 실행됨" in korean.stdout
    assert "[hook    ]" in korean.stdout and "verdict:" not in korean.stdout
    data = json.loads(out.read_text())
    assert data["hook_ran"] is True and data["markers"]
    assert {e["kind"] for e in data["events"]} >= {"exec", "secret_read", "connect"}


def test_doctor_names_npm_and_its_script_policy():
    proc = run_cli("doctor", "--json")
    data = json.loads(proc.stdout)
    assert {t["tool"] for t in data["tools"]} >= {"npm", "uv", "strace", "bwrap"}
    assert data["npm_scripts"].startswith("npm ")


def test_fixtures_list_and_build():
    listed = json.loads(run_cli("fixtures", "list", "--json").stdout)
    assert "npm-postinstall" in {f["fixture"] for f in listed}
    proc = run_cli("fixtures", "build", "pypi-setup-py")
    assert proc.returncode == 0 and "sdist" in proc.stdout and "wheel" in proc.stdout


def test_unknown_fixture():
    assert_one_line_error(
        run_cli("fixtures", "build", "nope", "--lang", "en"), "unknown fixture 'nope'"
    )


def test_real_home_refused():
    refused = run_cli("watch", "--home", "~", "--", "true", env={"HOOKLAB_LANG": "en"})
    assert_one_line_error(refused, "refusing to run")


def test_command_not_found():
    assert_one_line_error(
        run_cli("watch", "--lang", "en", "--", "no-such-command"), "command not found"
    )


def test_missing_npm_strace_and_uv(tmp_path, monkeypatch):
    empty = {"PATH": str(tmp_path)}
    proc = run_cli("watch", "--lang", "en", "--", "/bin/true", env=empty)
    assert_one_line_error(proc, "strace is not installed")
    korean = run_cli("watch", "--lang", "ko", "--", "/bin/true", env=empty)
    assert_one_line_error(korean, "strace이(가) 설치되어 있지 않습니다. `make setup`이나")
    # npx and uv sit in .venv/bin (the pinned runtime), so check their hints directly
    import hooklab.tools as tools

    monkeypatch.setattr(tools, "find_tool", lambda name: None)
    monkeypatch.setenv("HOOKLAB_LANG", "en")
    for name in ("npx", "uv"):
        hint = f"{name} is not installed; run `make setup`"
        with pytest.raises(tools.ToolMissingError, match=hint):
            tools.require_tool(name)


def test_port_in_use():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        proc = run_cli(
            "watch", "--lang", "en", "--canary-port", str(s.getsockname()[1]), "--", "true"
        )
    assert_one_line_error(proc, "is in use")


def test_nothing_to_watch():
    assert_one_line_error(run_cli("watch", "--lang", "en"), "nothing to watch")
