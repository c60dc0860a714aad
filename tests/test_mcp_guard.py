"""The output guard: a stdio proxy between a real client and a real server."""

from __future__ import annotations

import io
import json
import sys

import pytest

from hooklab.cli import main
from hooklab.mcp import fixture_entry, run_session
from hooklab.mcp.guard import (
    GuardReport,
    GuardRules,
    before_after,
    guard_line,
    guarded_entry,
    load_report,
    run_guard,
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


def test_cli_guard_without_a_command_is_one_line(capsys, monkeypatch):
    monkeypatch.setenv("HOOKLAB_LANG", "en")
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


def _masked_text(result: dict, rules: GuardRules | None = None, report=None) -> dict:
    line = json.dumps({"jsonrpc": "2.0", "id": 9, "result": result})
    out = guard_line(line, rules or GuardRules(), report or GuardReport())
    return json.loads(out or "null")["result"]


# Fake, well-formed, not the kit's own: the old guard let each of these through unnamed.
GHP = "ghp_" + "Q7wErT9yUiOp1AsDfGhJkLzXcVbNm2Qw3Er4"
PG_URL = "postgres://app:Zx8vQ2mN4kR7tY1w@db.internal:5432/app"


@pytest.mark.parametrize(
    "text, gone",
    [
        (f"see {GHP} here", GHP),
        (PG_URL, "Zx8vQ2mN4kR7tY1w"),
        ("https://deploy:Qq8vW2mN4kR7tY1wZ@git.example.com/repo.git", "Qq8vW2mN4kR7tY1wZ"),
        ("xoxb-2048573910-4096817263541-QfZr8LmV2pXk9TyWc3Hn6bJd", "QfZr8LmV2pXk9TyWc3Hn6bJd"),
        (
            "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBx8vQ2mN4kR7tY1wB5cDq8ZtR2wLp9\n",
            "MHcCAQEEIBx8",
        ),
        (
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0In0.Zx8vQ2mN4kR7tY1wB5cDq8ZtR2w",
            "Zx8vQ2mN4kR7tY1wB5cDq8ZtR2w",
        ),
    ],
)
def test_vendor_tokens_credential_urls_jwts_and_cut_keys_are_masked_without_a_telling_name(
    text, gone
):
    masked = _masked_text({"content": [{"type": "text", "text": text}]})
    assert gone not in masked["content"][0]["text"]


@pytest.mark.parametrize(
    "text",
    [
        "const secret = process.env.APP_SECRET;",
        '"tokenizer_class": "PreTrainedTokenizerFast"',
        "password = getpass.getpass()",
        "see https://example.com:8443/docs",
    ],
)
def test_honest_code_that_mentions_secrets_is_left_exactly_as_it_was(text):
    masked = _masked_text({"content": [{"type": "text", "text": text}]})
    assert masked["content"][0]["text"] == text


def test_a_secret_split_across_two_text_items_is_masked_in_both():
    half = len(GHP) // 2
    items = [{"type": "text", "text": "token: " + GHP[:half]}, {"type": "text", "text": GHP[half:]}]
    report = GuardReport()
    masked = _masked_text({"content": items}, report=report)
    joined = "".join(item["text"] for item in masked["content"])
    assert GHP[:half] not in joined and GHP[half:] not in joined
    assert report.masked["github-token"] == 1


def test_json_keys_and_values_under_secret_names_are_masked():
    masked = _masked_text({"structuredContent": {GHP: 1, "db": {"password": "q8ZtR2wLp9XmV4cN"}}})
    assert GHP not in json.dumps(masked)
    assert masked["structuredContent"]["db"]["password"] == "[MASKED:secret-assignment]"


def test_a_deeply_nested_message_is_answered_with_an_error_not_passed_on_or_crashed():
    report = GuardReport()
    deep = '{"jsonrpc": "2.0", "id": 41, "result": {"x": ' + "[" * 100_000 + "]" * 100_000 + "}}"
    out = json.loads(guard_line(deep, GuardRules(), report) or "null")
    assert out["id"] == 41 and out["error"]["code"] == -32603
    assert "withheld" in out["error"]["message"]
    nested = {"jsonrpc": "2.0", "id": "a", "result": {}}
    inner = nested["result"]
    for _ in range(200):  # parses, but deeper than the guard walks
        inner["x"] = {}
        inner = inner["x"]
    inner["x"] = GHP
    out = json.loads(guard_line(json.dumps(nested), GuardRules(), report) or "null")
    assert out == {
        "jsonrpc": "2.0",
        "id": "a",
        "error": {"code": -32603, "message": out["error"]["message"]},
    }
    assert GHP not in json.dumps(out)
    # a notification has no id to answer: it is dropped and reported
    note = '{"jsonrpc": "2.0", "method": "notifications/message", "params": ' + "[" * 5000
    assert guard_line(note + "]" * 5000 + "}", GuardRules(), report) is None
    assert len(report.withheld) == 3


def test_merging_many_spans_is_one_sweep():
    # 32k home paths, each a span: the old pairwise merge took half a minute here.
    text = "\n".join(f"/home/user{i}/project/file.py:{i}" for i in range(32_000))
    masked = GuardRules().mask_text(text)
    assert masked.count("~/project/file.py") == 32_000


SERVER = r"""
import json, sys
deep = '{"jsonrpc": "2.0", "id": 1, "result": ' + "[" * 50000 + "]" * 50000 + "}"
sys.stdout.write(deep + "\n")
sys.stdout.write(json.dumps({"jsonrpc": "2.0", "id": 2, "result": {"text": "%s"}}) + "\n")
sys.stderr.write("\x1b[2Jcleared " + "%s" + "\n")
"""


def test_the_proxy_survives_a_hostile_server_and_escapes_its_stderr(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("HOOKLAB_LANG", "en")
    script = tmp_path / "server.py"
    script.write_text(SERVER % (GHP, GHP))
    out = io.BytesIO()
    code = run_guard([sys.executable, str(script)], client_in=io.BytesIO(b""), client_out=out)
    assert code == 0
    first, second = (json.loads(line) for line in out.getvalue().splitlines())
    assert first["id"] == 1 and "error" in first
    assert second == {"jsonrpc": "2.0", "id": 2, "result": {"text": "[MASKED:github-token]"}}
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\\x1b[2Jcleared [MASKED:github-token]" in err
    assert "withheld a server message" in err


def test_masking_is_idempotent_the_guard_does_not_flag_its_own_labels():
    rules = GuardRules()
    once = rules.mask_text(f"{PG_URL} {GHP} password={GHP}")
    assert rules.mask_text(once) == once and not rules.spans(once)


def test_a_run_of_key_headers_without_an_end_is_one_masked_block():
    # Each BEGIN used to rescan everything after it; now a BEGIN inside a block is part of it.
    text = "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEAzx8vQ2mN4kR7\n" * 20_000
    assert GuardRules().mask_text(text + ".") == "[MASKED:private-key]."
