"""Real MCP sessions: the SDK client against the fixture servers over stdio and streamable HTTP."""

from __future__ import annotations

import pytest

from hooklab.cli import main
from hooklab.mcp import Stage, fixture_entry, run_session, serve_http
from hooklab.mcp.guard import check_stdout
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
    assert "non-protocol" in str(check)


def test_cli_session_reports_a_missing_command_in_one_line(capsys):
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
