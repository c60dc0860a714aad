"""The output guard: a stdio proxy between a real client and a real server."""

from __future__ import annotations

import json

from hooklab.cli import main
from hooklab.mcp import fixture_entry, run_session
from hooklab.mcp.guard import (
    GuardReport,
    GuardRules,
    before_after,
    guard_line,
    guarded_entry,
    load_report,
)
from hooklab.watch.home import FAKE_SECRETS


def test_guard_line_masks_strings_in_server_messages_and_drops_other_lines():
    rules = GuardRules(secret_values=("s3cr3t-value",), homes=("/tmp/fakehome-x",))
    report = GuardReport()
    message = {
        "jsonrpc": "2.0",
        "id": 3,
        "result": {
            "content": [
                {
                    "type": "text",
                    "text": (
                        "GITHUB_TOKEN="
                        + FAKE_SECRETS["github_token"]
                        + " v=s3cr3t-value at /tmp/fakehome-x/.npmrc"
                    ),
                }
            ]
        },
    }
    out = json.loads(guard_line(json.dumps(message), rules, report) or "null")
    text = out["result"]["content"][0]["text"]
    assert out["id"] == 3
    assert text == "GITHUB_TOKEN=[MASKED:github-token] v=[MASKED:marked-secret] at ~/.npmrc"
    assert guard_line("DEBUG hello /tmp/fakehome-x\n", rules, report) is None
    assert report.dropped == ["DEBUG hello ~"]


def test_a_key_named_private_key_is_masked_even_outside_a_pem_block():
    line = json.dumps(
        {"jsonrpc": "2.0", "id": 1, "result": {"text": "SSH_PRIVATE_KEY=b3BlbnNzaC1rZXk"}}
    )
    out = json.loads(guard_line(line, GuardRules(), GuardReport()) or "null")
    assert out["result"]["text"] == "SSH_PRIVATE_KEY=[MASKED:secret-assignment]"


def test_masked_output_has_none_of_the_fake_secrets_and_unmasked_has_all(tmp_path):
    entry = fixture_entry("mcp-uvx-leaky")
    plain = run_session(entry)
    report_path = tmp_path / "guard.json"
    guarded = run_session(guarded_entry(entry, secret_env=["GITHUB_TOKEN"], report=report_path))
    assert all(value in plain.context_text() for value in FAKE_SECRETS.values())
    assert not any(value in guarded.context_text() for value in FAKE_SECRETS.values())
    assert "[MASKED:private-key]" in guarded.context_text()
    frame = before_after(plain, guarded)
    assert frame["without guard"].all() and not frame["with guard"].any()
    report = load_report(report_path)
    assert report.masked["private-key"] >= 1 and report.masked["home-path"] >= 1


def test_guard_protects_the_node_server_too():
    guarded = run_session(guarded_entry(fixture_entry("mcp-npx-leaky")))
    assert guarded.leaked() == ()
    assert "[MASKED:npm-token]" in guarded.context_text()


def test_guard_drops_stdout_debug_lines(tmp_path):
    report_path = tmp_path / "guard.json"
    result = run_session(guarded_entry(fixture_entry("mcp-stdout-debug"), report=report_path))
    assert result.stray_stdout == []
    dropped = load_report(report_path).dropped
    assert len(dropped) == 1 and dropped[0].startswith("[debug] project-notes starting")


def test_cli_guard_without_a_command_is_one_line(capsys):
    assert main(["mcp", "guard"]) == 2
    err = capsys.readouterr().err.strip()
    assert err == "hooklab: nothing to guard: give the server command after --"


def test_a_long_blob_with_a_token_in_it_is_masked_not_rescanned():
    # A tool may return an image as base64: one long run of word characters.
    blob = "A" * 100_000 + " GITHUB_TOKEN=" + FAKE_SECRETS["github_token"] + " " + "B" * 100_000
    line = json.dumps({"jsonrpc": "2.0", "id": 2, "result": {"text": blob}})
    out = json.loads(guard_line(line, GuardRules(), GuardReport()) or "null")
    assert FAKE_SECRETS["github_token"] not in out["result"]["text"]
    assert "GITHUB_TOKEN=[MASKED:github-token]" in out["result"]["text"]
