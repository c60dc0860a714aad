"""Real MCP sessions: the SDK client against the fixture servers over stdio and streamable HTTP."""

from __future__ import annotations

import json
import logging
import sys

import pytest

from hooklab.cli import main
from hooklab.mcp import ServerEntry, Stage, fixture_entry, run_session, serve_http
from hooklab.mcp.guard import check_stdout
from hooklab.mcp.session import _sdk_notes
from hooklab.watch.home import FAKE_SECRETS

ALL = set(FAKE_SECRETS)


def test_uvx_server_leaks_every_fake_secret_into_the_context():
    result = run_session(fixture_entry("mcp-uvx-leaky"))
    assert (result.server, result.tools) == ("project-helper", ["diagnose_environment"])
    assert set(result.leaked()) == ALL
    assert result.markers == ["mcp-uvx-leaky"]
    kinds = set(result.findings_frame()["kind"])
    assert {"private-key", "github-token", "aws-key-id", "npm-token", "home-path"} <= kinds
    assert "⟦ghp_" in result.excerpt()
    assert result.stray_stdout == []


def test_npx_server_on_the_node_sdk_leaks_env_and_npmrc():
    result = run_session(fixture_entry("mcp-npx-leaky"))
    assert result.server == "workspace-status"
    assert {"github_token", "openai_api_key", "aws_access_key_id", "npm_token"} <= set(
        result.leaked()
    )
    assert result.markers == ["mcp-npx-leaky"]


def test_streamable_http_on_loopback_carries_the_same_leak():
    with Stage() as stage, serve_http(fixture_entry("mcp-uvx-leaky", http=True), stage) as remote:
        assert remote.url is not None and remote.url.startswith("http://127.0.0.1:")
        result = run_session(remote, stage=stage)
    assert set(result.leaked()) == ALL
    assert stage.scratch is not None and not stage.scratch.exists()


def test_servers_leak_nothing_outside_the_lab_stage():
    entry = fixture_entry("mcp-uvx-leaky")
    unstaged = type(entry)(entry.command, entry.args, {"HOOKLAB_CANARY_DIR": ""}, entry.name)
    result = run_session(unstaged)
    assert result.leaked() == ()
    assert "only inside the hooklab lab" in result.context_text()
    assert result.markers == []


def test_debug_prints_on_stdout_show_up_as_non_protocol_lines():
    check = check_stdout(fixture_entry("mcp-stdout-debug"))
    assert not check.ok
    assert check.stray[0].startswith("[debug] project-notes starting")
    assert "프로토콜이 아닌 줄 1개" in str(check)  # said in the kit's language (Korean here)


def test_cli_session_reports_a_missing_command_in_one_line(capsys, monkeypatch):
    monkeypatch.setenv("HOOKLAB_LANG", "en")
    code = main(["mcp", "session", "--", "hooklab-no-such-server"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("hooklab: MCP session with hooklab-no-such-server failed")
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


@pytest.mark.parametrize(
    "argv", [["mcp", "session"], ["mcp", "session", "--call", "x=[1]", "--", "true"]]
)
def test_cli_session_bad_input_is_one_line(argv, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and err.startswith("hooklab: ")


def test_cli_session_json_with_the_guard(capsys):
    code = main(["mcp", "session", "--fixture", "mcp-uvx-leaky", "--guard", "--json", "--strict"])
    out = capsys.readouterr().out
    assert code == 0
    assert '"leaked": []' in out
    assert not any(value in out for value in FAKE_SECRETS.values())


# A hand-written stdio server whose one tool answers through every channel an MCP result has,
# each carrying a different well-formed FAKE secret (none of them the kit's own fakes).
CHANNEL_SECRETS = {
    "text": "ghp_Q7wErT9yUiOp1AsDfGhJkLzXcVbNm2Qw3Er4",
    "resource": "postgres://app:Zx8vQ2mN4kR7tY1w@db.internal/app",
    "resource-blob": "glpat-Zx8vQ2mN4kR7tY1wB5cD",
    "resource_link": "xoxb-2048573910-4096817263541-QfZr8LmV2pXk9TyWc3Hn6bJd",
    "structuredContent": "q8ZtR2wLp9XmV4cNb7Yh",
    "_meta": "sk_live_51Hq8ZtR2wLp9XmV4cNb7Yh3JsQfKd6",
    "error": "AIzaSyD8kQ2mN4vR7tY1wB5cX9zL3pJ6hF0gT2e",
}
CHANNEL_SERVER = r"""
import base64, json, sys
S = json.loads(sys.argv[1])
blob = base64.b64encode(("token " + S["resource-blob"]).encode()).decode()
result = {
    "content": [
        {"type": "text", "text": "report: " + S["text"]},
        {"type": "resource", "resource": {"uri": "file:///app.env", "text": S["resource"]}},
        {"type": "resource", "resource": {"uri": "file:///cfg.bin", "blob": blob}},
        {"type": "resource_link", "uri": "file:///notes", "name": "notes",
         "description": "paste " + S["resource_link"]},
    ],
    "structuredContent": {"db": {"password": S["structuredContent"]}},
    "_meta": {"debug": S["_meta"]},
}
for line in sys.stdin:
    msg = json.loads(line)
    if "id" not in msg:
        continue
    method, reply = msg["method"], {"jsonrpc": "2.0", "id": msg["id"]}
    if method == "initialize":
        reply["result"] = {"protocolVersion": msg["params"]["protocolVersion"],
                           "capabilities": {"tools": {}},
                           "serverInfo": {"name": "channels", "version": "1.0"}}
    elif method == "tools/list":
        reply["result"] = {"tools": [{"name": n, "description": n,
                                      "inputSchema": {"type": "object"}}
                                     for n in ("report", "fail")]}
    elif msg["params"]["name"] == "report":
        reply["result"] = result
    else:
        reply["error"] = {"code": -32000, "message": "upstream refused key " + S["error"]}
    print(json.dumps(reply), flush=True)
"""


def _channel_server(tmp_path) -> ServerEntry:
    script = tmp_path / "channels.py"
    script.write_text(CHANNEL_SERVER)
    return ServerEntry(sys.executable, (str(script), json.dumps(CHANNEL_SECRETS)), name="channels")


def test_the_view_covers_every_channel_and_strict_counts_real_looking_secrets(tmp_path):
    result = run_session(_channel_server(tmp_path))
    by_channel = {p.channel: p for p in result.parts if p.source == "tools/call"}
    assert set(by_channel) == set(CHANNEL_SECRETS)
    for channel, secret in CHANNEL_SECRETS.items():
        part = by_channel[channel]
        assert secret in part.text, channel
        assert part.spans, f"nothing secret-shaped found in {channel}"
    assert by_channel["error"].is_error
    assert result.leaked() == ()  # none of the kit's own fakes...
    problems = result.strict_problems()
    assert len(problems) == 1 and problems[0].startswith("other secret-shaped values")


def test_cli_strict_fails_on_a_real_looking_token_and_the_guard_fixes_it(tmp_path, capsys):
    entry = _channel_server(tmp_path)
    argv = ["mcp", "session", "--json", "--strict", "--", entry.command, *entry.args]
    assert main(argv) == 1
    assert main([*argv[:4], "--guard", *argv[4:]]) == 0
    out = capsys.readouterr().out.split("\n}\n", 1)[1]
    assert not any(secret in out for secret in CHANNEL_SECRETS.values())


def test_the_sdk_s_warnings_become_notes_in_the_report_not_lines_on_stderr(capfd):
    # What the SDK logs when it gives up stopping a server (seen under load) went to stderr,
    # where a notebook shows it as an extra output; a session keeps it as a note instead.
    notes: list[str] = []
    with _sdk_notes(notes):
        logging.getLogger("mcp.client.stdio").warning(
            "MCP server process %d is still alive after the kill escalation; abandoning it", 4242
        )
        logging.getLogger("mcp.client.stdio").exception("Failed to parse JSONRPC message")
    assert notes == [
        "MCP server process 4242 is still alive after the kill escalation; abandoning it"
    ]
    assert capfd.readouterr().err == ""
    result = run_session(fixture_entry("mcp-stdout-debug"))
    assert result.stray_stdout and result.sdk_notes == []  # parse errors are stray lines only
    assert result.to_dict()["sdk_notes"] == []
