"""The MCP config audit, always on a temporary fake home and project (never the real home)."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from hooklab.cli import main
from hooklab.lang import in_lang
from hooklab.mcp.audit import audit_configs, no_resolver, registry_resolver
from hooklab.mcp.config import strip_jsonc
from hooklab.mcp.resolve import MAX_NOTICE, NO_LOOKUP, recorded_resolver
from hooklab.offline import kit

SAMPLE = (
    Path(__file__).resolve().parent.parent / "src/hooklab/mcp/samples/claude_desktop_config.json"
)


def fixed_resolver(ecosystem: str, name: str) -> tuple[str | None, str]:
    return {"npm": "9.9.9", "pypi": "2.0.0"}.get(ecosystem), "no such ecosystem here"


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


@pytest.fixture
def scene(tmp_path: Path) -> tuple[Path, Path]:
    """A fake home and project holding one config of each client, some of them broken."""
    home, project = tmp_path / "home", tmp_path / "project"
    _write(home / ".config/Claude/claude_desktop_config.json", SAMPLE.read_text())
    _write(
        home / ".claude.json",
        json.dumps(
            {
                "numStartups": 3,
                "mcpServers": {"fs": {"command": "npx", "args": ["-y", "pkg-fs@1.2.3", str(home)]}},
                "projects": {"/p": {"mcpServers": {"py": {"command": "uvx", "args": ["tool>=1"]}}}},
            }
        ),
    )
    _write(project / ".mcp.json", '{"mcpServers": {"broken": {"command": "npx",}')  # malformed
    _write(
        project / ".vscode/mcp.json",
        """{
      // VS Code lets you comment
      "servers": {
        "gh": {"type": "stdio", "command": "npx", "args": ["@scope/gh-mcp@^2.0.0"],
               "env": {"GITHUB_TOKEN": "${input:github_token}"}, "colour": "blue"},
        /* a remote one */
        "remote": {"type": "http", "url": "http://127.0.0.1:9/mcp",
                   "headers": {"Authorization": "Bearer abcdefghijklmnopqrstuvwxyz0123"}},
      },
      "inputs": []
    }""",
    )
    real = _write(
        tmp_path / "elsewhere/cursor.json",
        json.dumps(
            {
                "mcpServers": {
                    "k": {
                        "command": "docker",
                        "args": ["run", "-i", "--rm", "-v", "/:/host", "img@sha256:" + "a" * 64],
                    }
                }
            }
        ),
    )
    (project / ".cursor").mkdir()
    (project / ".cursor/mcp.json").symlink_to(real)
    return home, project


def _by_server(report):
    return {s.server: s for s in report.servers}


def test_finds_every_client_config_and_keeps_going_past_broken_ones(scene, monkeypatch):
    monkeypatch.setenv("HOOKLAB_LANG", "en")
    home, project = scene
    report = audit_configs(home=home, project=project, resolve=no_resolver)
    servers = _by_server(report)
    clients = {s.client for s in report.servers}
    assert clients == {"Claude Desktop", "Claude Code", "VS Code", "Cursor"}
    assert {"filesystem", "github", "fs", "/p:py", "gh", "remote", "k"} <= set(servers)
    messages = "\n".join(report.messages)
    assert all("\n" not in m for m in report.messages)
    assert ".mcp.json: not valid JSON" in messages
    assert "has comments (JSONC)" in messages
    assert "server 'gh': unknown key 'colour'" in messages
    assert "is a symlink to" in messages


def test_sample_from_readmes_gets_every_kind_of_finding(scene):
    home, project = scene
    servers = _by_server(audit_configs(home=home, project=project, resolve=no_resolver))
    checks = {name: {f.check for f in s.findings} for name, s in servers.items()}
    assert servers["filesystem"].launcher == "npx" and servers["filesystem"].pin == "floating"
    assert checks["filesystem"] == {"floating", "broad-root"}
    assert checks["github"] == {"floating", "inline-secret"}
    assert (servers["fetch"].launcher, servers["fetch"].pin) == ("uvx", "floating")
    assert servers["kubernetes"].pin == "pinned" and not servers["kubernetes"].findings
    assert servers["time"].pin == "pinned" and not servers["time"].findings
    assert servers["notes"].launcher == "shell" and checks["notes"] == {"shell", "floating"}
    assert servers["grafana"].launcher == "docker"
    assert checks["grafana"] == {"floating", "inline-secret", "broad-root"}
    assert checks["fs"] == {"broad-root"}  # the whole (fake) home
    assert servers["/p:py"].pin == "floating"
    assert servers["gh"].pin == "floating" and "inline-secret" not in checks["gh"]  # ${input:..}
    assert servers["remote"].launcher == "remote" and checks["remote"] == {"inline-secret"}
    assert servers["k"].pin == "pinned" and checks["k"] == {"broad-root"}


def test_proposes_pinned_forms_and_says_when_it_cannot(scene, monkeypatch):
    monkeypatch.setenv("HOOKLAB_LANG", "en")  # the proposals in English
    home, project = scene
    servers = _by_server(audit_configs(home=home, project=project, resolve=fixed_resolver))
    assert servers["filesystem"].fixed_args == [
        "-y",
        "@modelcontextprotocol/server-filesystem@9.9.9",
        "/",
    ]
    assert servers["github"].fixed_args == ["-y", "@modelcontextprotocol/server-github@9.9.9"]
    assert servers["fetch"].fixed_args == ["mcp-server-fetch@2.0.0"]
    assert servers["/p:py"].fixed_args == ["tool@2.0.0"]
    assert "docker inspect RepoDigests" in servers["grafana"].proposal
    assert "not through a shell" in servers["notes"].proposal
    off = _by_server(audit_configs(home=home, project=project, resolve=no_resolver))
    assert "registry lookups are off" in off["fetch"].proposal and off["fetch"].fixed_args is None


def test_resolves_from_the_real_registry_and_reports_an_unreachable_one(monkeypatch):
    version, why = registry_resolver()("npm", "@modelcontextprotocol/sdk")
    if kit() is not None:  # the offline test: there is no public registry to ask
        assert version is None and "offline kit" in why
    else:
        assert version and version[0].isdigit() and why == ""
    monkeypatch.setenv("npm_config_registry", "http://127.0.0.1:9/")
    version, why = registry_resolver(timeout=60)("npm", "@modelcontextprotocol/sdk")
    assert version is None and "not reachable" in why


def test_fix_writes_a_pinned_copy_and_keeps_a_backup(scene):
    home, project = scene
    config = home / ".config/Claude/claude_desktop_config.json"
    before = config.read_text()
    report = audit_configs(
        [config, project / ".cursor/mcp.json"], home=home, resolve=fixed_resolver, fix=True
    )
    assert (home / ".config/Claude/claude_desktop_config.json.bak").read_text() == before
    fixed = json.loads(config.read_text())["mcpServers"]
    assert fixed["fetch"]["args"] == ["mcp-server-fetch@2.0.0"]
    assert fixed["kubernetes"]["args"] == ["mcp-server-kubernetes@2.9.6"]
    assert len(report.written) == 1
    again = audit_configs([config], home=home, resolve=no_resolver)
    assert _by_server(again)["fetch"].pin == "pinned"


def test_fix_refuses_to_write_through_a_symlink(tmp_path, monkeypatch):
    monkeypatch.setenv("HOOKLAB_LANG", "en")
    real = _write(
        tmp_path / "real.json", '{"mcpServers": {"a": {"command": "uvx", "args": ["x"]}}}'
    )
    link = tmp_path / ".cursor" / "mcp.json"
    link.parent.mkdir()
    link.symlink_to(real)
    report = audit_configs([link], home=tmp_path, resolve=fixed_resolver, fix=True)
    assert any("not writing through it" in m for m in report.messages)
    assert json.loads(real.read_text())["mcpServers"]["a"]["args"] == ["x"]


def test_strip_jsonc_keeps_slashes_inside_strings():
    text, had = strip_jsonc('{"url": "http://x//y", /* c */ "a": [1,2,],} // end')
    assert had and json.loads(text) == {"url": "http://x//y", "a": [1, 2]}


def test_cli_table_json_fail_on_and_missing_files(scene, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("HOOKLAB_LANG", "en")
    home, project = scene
    sample = home / ".config/Claude/claude_desktop_config.json"
    missing = tmp_path / "nope.json"
    assert main(["audit-config", "--no-resolve", str(missing), str(sample)]) == 2
    captured = capsys.readouterr()
    assert f"hooklab audit-config: {missing}: no such file" in captured.err
    assert "filesystem" in captured.out and "broad-root" in captured.out
    assert main(["audit-config", "--no-resolve", "--fail-on", "high", "--json", str(sample)]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["findings"] >= 9 and {s["server"] for s in data["servers"]} >= {"github"}
    clean = _write(
        tmp_path / ".mcp.json", '{"mcpServers": {"t": {"command": "uvx", "args": ["t==1.0"]}}}'
    )
    assert main(["audit-config", "--no-resolve", "--fail-on", "low", str(clean)]) == 0


def test_a_config_nested_too_deeply_is_one_line_and_a_non_zero_exit(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("HOOKLAB_LANG", "en")
    deep = _write(tmp_path / ".mcp.json", '{"mcpServers": ' + "[" * 100_000 + "]" * 100_000 + "}")
    assert main(["audit-config", "--no-resolve", str(deep)]) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"hooklab audit-config: {deep}: nested too deeply to read (a hostile or broken file)",
    ]


def test_audit_never_needs_the_real_home(scene, monkeypatch):
    home, project = scene
    monkeypatch.setenv("HOME", os.devnull)
    report = audit_configs(home=home, project=project, resolve=no_resolver)
    assert all(str(home) in s.file or str(project) in s.file for s in report.servers)


@pytest.mark.parametrize(
    ("entry", "why"),
    [
        ({"command": 5}, "command is not a string"),
        ({"command": "npx", "args": "pkg"}, "args is not a list of strings"),
        ({"command": "npx", "args": ["pkg", None]}, "args is not a list of strings"),
        ({"command": "npx", "args": ["pkg@1.0.0"], "env": [1]}, "env is not an object of strings"),
    ],
)
def test_a_server_entry_of_the_wrong_shape_is_noted_and_skipped(
    tmp_path, capsys, entry, why, monkeypatch
):
    monkeypatch.setenv("HOOKLAB_LANG", "en")
    config = _write(tmp_path / ".mcp.json", json.dumps({"mcpServers": {"bad": entry}}))
    assert main(["audit-config", "--no-resolve", str(config)]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"hooklab audit-config: {config}: server 'bad': {why}; skipped",
        f"hooklab audit-config: {config}: no MCP servers in it",
    ]


OLD = "hooklab-test-retired"
NOTICE = "Use hooklab-test-new\x1b[2J instead.\n" + "x" * 2000


@pytest.fixture
def npm_registry(monkeypatch) -> Iterator[list[str]]:
    """A loopback npm registry (named the way a user's environment names one) serving one
    package whose 1.0.0 (also its latest) is deprecated; it writes down every path asked for."""
    asked: list[str] = []
    version = {"name": OLD, "dist": {"tarball": "http://127.0.0.1:9/x.tgz", "shasum": "0" * 40}}
    packument = {
        "name": OLD,
        "dist-tags": {"latest": "1.0.0"},
        "versions": {
            "1.0.0": version | {"version": "1.0.0", "deprecated": NOTICE},
            "2.0.0-rc.1": version | {"version": "2.0.0-rc.1"},
        },
    }

    class Registry(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            asked.append(self.path)
            body = json.dumps(packument).encode() if self.path == f"/{OLD}" else b"{}"
            self.send_response(200 if self.path == f"/{OLD}" else 404)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Registry)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("npm_config_registry", f"http://127.0.0.1:{server.server_address[1]}/")
    try:
        yield asked
    finally:
        server.shutdown()
        server.server_close()


def test_a_deprecated_npm_package_is_flagged_with_the_registrys_message(tmp_path, npm_registry):
    config = _write(
        tmp_path / ".mcp.json",
        json.dumps(
            {
                "mcpServers": {
                    "pinned": {"command": "npx", "args": ["-y", f"{OLD}@1.0.0"]},
                    "again": {"command": "npx", "args": ["-y", f"{OLD}@v1.0.0"]},
                    "alias": {"command": "npx", "args": ["-y", f"x@npm:{OLD}@=1.0.0"]},
                    "newer": {"command": "npx", "args": ["-y", f"{OLD}@2.0.0-rc.1"]},
                    "floating": {"command": "npx", "args": ["-y", OLD]},
                }
            }
        ),
    )
    servers = _by_server(audit_configs([config], home=tmp_path))
    for name in ("pinned", "again", "alias", "floating"):
        (finding,) = [f for f in servers[name].findings if f.check == "deprecated"]
        assert finding.severity == "medium"
        assert finding.detail.startswith(f"{OLD}@1.0.0 is deprecated on its registry: Use ")
        assert "\x1b" not in finding.detail and "\n" not in finding.detail  # escaped
        assert finding.detail.endswith("…") and len(finding.detail) < MAX_NOTICE + 80  # bounded
    assert servers["alias"].package == OLD
    assert not [f for f in servers["newer"].findings if f.check == "deprecated"]
    assert servers["floating"].fixed_args == ["-y", f"{OLD}@1.0.0"]
    assert len(npm_registry) == 3  # one look-up per package and version: 1.0.0, 2.0.0-rc.1, latest


def test_no_resolve_asks_no_registry_and_says_so(tmp_path, npm_registry, capsys):
    config = _write(
        tmp_path / ".mcp.json",
        json.dumps({"mcpServers": {"p": {"command": "npx", "args": [f"{OLD}@1.0.0"]}}}),
    )
    assert main(["audit-config", "--no-resolve", "--fail-on", "low", str(config)]) == 0
    assert capsys.readouterr().err == f"hooklab audit-config: {in_lang(NO_LOOKUP)}\n"
    assert npm_registry == []


def test_a_yanked_pypi_release_is_flagged_from_the_real_index(tmp_path):
    # requests 2.32.0 was yanked on PyPI (a real, pinned release with a reason).
    config = _write(
        tmp_path / ".mcp.json",
        json.dumps({"mcpServers": {"y": {"command": "uvx", "args": ["requests==2.32.0"]}}}),
    )
    report = audit_configs([config], home=tmp_path)
    checks = [f for f in report.servers[0].findings if f.check == "deprecated"]
    if kit() is not None:  # offline: nothing is asked, so nothing is claimed
        assert checks == []
        return
    (finding,) = checks
    assert finding.detail.startswith("requests==2.32.0 is yanked on its index: Yanked due to")


def test_the_recorded_answer_flags_the_archived_github_server_without_network(scene):
    home, project = scene
    report = audit_configs(home=home, project=project, resolve=recorded_resolver())
    deprecated = {
        s.server: f.detail for s in report.servers for f in s.findings if f.check == "deprecated"
    }
    assert deprecated == {
        "github": "@modelcontextprotocol/server-github@2025.4.8 is deprecated on its registry: "
        "Package no longer supported. Contact Support at https://www.npmjs.com/support "
        "for more info."
    }
    assert _by_server(report)["github"].fixed_args == [
        "-y",
        "@modelcontextprotocol/server-github@2025.4.8",
    ]


@pytest.mark.parametrize(
    ("command", "args", "fixed"),
    [
        ("npx", ["-y", "x@npm:other@^1"], ["-y", "x@npm:other@9.9.9"]),
        ("uvx", ["tool[cli]"], ["tool[cli]@2.0.0"]),
        ("uvx", ["tool[cli]@latest"], ["tool[cli]@2.0.0"]),
        (
            "uvx",
            ["--from", 'tool>=1 ; python_version>"3.8"', "t"],
            ["--from", 'tool==2.0.0 ; python_version > "3.8"', "t"],
        ),
        ("uvx", ["--from", "tool[a,b]~=1.0", "t"], ["--from", "tool[a,b]==2.0.0", "t"]),
        ("uvx", ["torch@2.1.0+cpu"], None),  # exact already: nothing to rewrite
    ],
)
def test_pinned_forms_keep_aliases_extras_and_markers(tmp_path, command, args, fixed):
    config = _write(
        tmp_path / ".mcp.json",
        json.dumps({"mcpServers": {"s": {"command": command, "args": args}}}),
    )
    (server,) = audit_configs([config], home=tmp_path, resolve=fixed_resolver).servers
    assert server.fixed_args == fixed
