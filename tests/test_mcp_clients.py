"""Every common MCP client's config, in its own format and place: found under a fake home or
project, read with the right command, args and env; hostile YAML and TOML refused in one line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hooklab.mcp.audit import audit_configs, no_resolver
from hooklab.mcp.config import (
    MAX_FOLDER_FILES,
    ConfigProblem,
    guess_config,
    load_config,
    usual_configs,
)

from .conftest import run_cli

GH = "ghp_HOOKLABFAKEgithubTOKEN00000000000000"

CODEX_TOML = f"""\
model = "gpt-5-codex"
approval_policy = "on-request"

[mcp_servers.filesystem]
command = "npx"
args = ["-y", "@modelcontextprotocol/server-filesystem@2025.8.21", "/srv/work"]

[mcp_servers.github]
command = "npx"
args = ["-y", "@modelcontextprotocol/server-github"]
startup_timeout_sec = 20

[mcp_servers.github.env]
GITHUB_PERSONAL_ACCESS_TOKEN = "{GH}"

[mcp_servers.figma]
url = "https://mcp.figma.com/mcp"
bearer_token = "figd_HOOKLABFAKEfigmaTOKEN0000000000"
"""

CONTINUE_YAML = """\
name: Local Assistant
version: 1.0.0
schema: v1
models:
  - name: Llama
    provider: ollama
    model: llama3.1:8b
mcpServers:
  - name: SQLite
    command: npx
    args:
      - "-y"
      - "mcp-sqlite"
      - "/home/me/db.sqlite"
  - name: Fetch
    command: uvx
    args: ["mcp-server-fetch==2025.4.7"]
    env:
      USER_AGENT: continue
"""

GOOSE_YAML = f"""\
GOOSE_PROVIDER: anthropic
GOOSE_MODEL: claude-sonnet-4
extensions:
  developer:
    bundled: true
    enabled: true
    name: developer
    timeout: 300
    type: builtin
  github:
    enabled: true
    name: github
    type: stdio
    cmd: npx
    args: ["-y", "@modelcontextprotocol/server-github"]
    envs:
      GITHUB_PERSONAL_ACCESS_TOKEN: {GH}
    timeout: 300
  fetch:
    enabled: false
    name: fetch
    type: stdio
    cmd: uvx
    args:
      - mcp-server-fetch
    envs: {{}}
  remote:
    enabled: true
    name: remote
    type: streamable_http
    uri: https://example.com/mcp
    headers: {{}}
"""

ZED_JSONC = """\
// Zed settings
{
  "theme": "One Dark",
  "context_servers": {
    // an older Zed: the command is an object
    "old-style": {
      "command": {"path": "npx", "args": ["-y", "old-mcp@1.0.0"], "env": {"A": "1"}},
      "settings": {}
    },
    "new-style": {"source": "custom", "command": "uvx", "args": ["new-mcp"], "env": {}},
    "mcp-server-github": {"source": "extension", "enabled": true, "settings": {}},
  },
}
"""


def _standard(name: str, command: str, args: list[str], env: dict[str, str] | None = None):
    entry: dict = {"command": command, "args": args}
    if env is not None:
        entry["env"] = env
    return json.dumps({"mcpServers": {name: entry}}, indent=2)


# client -> (root, path, text, {server: (command, args, env)})
CASES: dict[str, tuple[str, str, str, dict[str, tuple[str, list[str], dict[str, str]]]]] = {
    "Codex CLI": (
        "home",
        ".codex/config.toml",
        CODEX_TOML,
        {
            "filesystem": (
                "npx",
                ["-y", "@modelcontextprotocol/server-filesystem@2025.8.21", "/srv/work"],
                {},
            ),
            "github": (
                "npx",
                ["-y", "@modelcontextprotocol/server-github"],
                {"GITHUB_PERSONAL_ACCESS_TOKEN": GH},
            ),
        },
    ),
    "Gemini CLI": (
        "project",
        ".gemini/settings.json",
        json.dumps(
            {
                "theme": "GitHub",
                "mcpServers": {
                    "pythonTools": {
                        "command": "uvx",
                        "args": ["mcp-python-tools"],
                        "env": {"API_KEY": "$MY_API_TOKEN"},
                        "cwd": "./mcp-servers/python",
                        "timeout": 15000,
                        "trust": False,
                    },
                    "httpServer": {"httpUrl": "http://localhost:3000/mcp", "timeout": 5000},
                },
            }
        ),
        {"pythonTools": ("uvx", ["mcp-python-tools"], {"API_KEY": "$MY_API_TOKEN"})},
    ),
    "Windsurf": (
        "home",
        ".codeium/windsurf/mcp_config.json",
        json.dumps(
            {
                "mcpServers": {
                    "github": {
                        "command": "npx",
                        "args": ["-y", "@modelcontextprotocol/server-github"],
                        "env": {"GITHUB_PERSONAL_ACCESS_TOKEN": "<YOUR_TOKEN>"},
                    },
                    "figma": {"serverUrl": "https://figma.example/mcp"},
                }
            }
        ),
        {
            "github": (
                "npx",
                ["-y", "@modelcontextprotocol/server-github"],
                {"GITHUB_PERSONAL_ACCESS_TOKEN": "<YOUR_TOKEN>"},
            )
        },
    ),
    "Zed": (
        "home",
        ".config/zed/settings.json",
        ZED_JSONC,
        {
            "old-style": ("npx", ["-y", "old-mcp@1.0.0"], {"A": "1"}),
            "new-style": ("uvx", ["new-mcp"], {}),
        },
    ),
    "Cline": (
        "home",
        ".config/Code/User/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json",
        json.dumps(
            {
                "mcpServers": {
                    "weather": {
                        "command": "node",
                        "args": ["/home/me/weather/build/index.js"],
                        "env": {"OPENWEATHER_API_KEY": "placeholder"},
                        "disabled": False,
                        "autoApprove": [],
                    }
                }
            }
        ),
        {
            "weather": (
                "node",
                ["/home/me/weather/build/index.js"],
                {"OPENWEATHER_API_KEY": "placeholder"},
            )
        },
    ),
    "Roo Code": (
        "project",
        ".roo/mcp.json",
        json.dumps(
            {
                "mcpServers": {
                    "puppeteer": {
                        "command": "npx",
                        "args": ["-y", "@modelcontextprotocol/server-puppeteer"],
                        "alwaysAllow": [],
                        "disabled": False,
                    }
                }
            }
        ),
        {"puppeteer": ("npx", ["-y", "@modelcontextprotocol/server-puppeteer"], {})},
    ),
    "Continue": (
        "home",
        ".continue/config.yaml",
        CONTINUE_YAML,
        {
            "SQLite": ("npx", ["-y", "mcp-sqlite", "/home/me/db.sqlite"], {}),
            "Fetch": ("uvx", ["mcp-server-fetch==2025.4.7"], {"USER_AGENT": "continue"}),
        },
    ),
    "Goose": (
        "home",
        ".config/goose/config.yaml",
        GOOSE_YAML,
        {
            "github": (
                "npx",
                ["-y", "@modelcontextprotocol/server-github"],
                {"GITHUB_PERSONAL_ACCESS_TOKEN": GH},
            ),
            "fetch": ("uvx", ["mcp-server-fetch"], {}),
        },
    ),
    "LM Studio": (
        "home",
        ".lmstudio/mcp.json",
        _standard("hf-mcp", "npx", ["-y", "@llmindset/hf-mcp-server@0.2.4"]),
        {"hf-mcp": ("npx", ["-y", "@llmindset/hf-mcp-server@0.2.4"], {})},
    ),
}


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def _launches(servers: dict[str, dict]) -> dict[str, tuple[str, list[str], dict[str, str]]]:
    return {
        name: (e["command"], e.get("args", []), e.get("env", {}))
        for name, e in servers.items()
        if e.get("command")
    }


@pytest.mark.parametrize("client", sorted(CASES))
def test_each_client_is_found_in_its_usual_place_and_read(tmp_path: Path, client: str):
    home, project = tmp_path / "home", tmp_path / "project"
    root, rel, text, expected = CASES[client]
    path = _write((home if root == "home" else project) / rel, text)
    project.mkdir(exist_ok=True)
    found = usual_configs(home, project)
    assert [(f.path, f.client) for f in found] == [(path, client)]
    assert guess_config(path).client == client  # the same file named on the command line
    loaded = load_config(found[0])
    assert _launches(loaded.servers) == expected
    assert all("\n" not in n for n in loaded.notes)


def test_remote_entries_in_each_clients_words_are_audited_as_remote(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("HOOKLAB_LANG", "en")
    home, project = tmp_path / "home", tmp_path / "project"
    project.mkdir()
    for client in ("Codex CLI", "Gemini CLI", "Windsurf", "Goose"):
        root, rel, text, _ = CASES[client]
        _write((home if root == "home" else project) / rel, text)
    report = audit_configs(home=home, project=project, resolve=no_resolver)
    remote = {(s.client, s.server): s for s in report.servers if s.launcher == "remote"}
    assert set(remote) == {
        ("Codex CLI", "figma"),
        ("Gemini CLI", "httpServer"),
        ("Windsurf", "figma"),
        ("Goose", "remote"),
    }
    assert remote["Codex CLI", "figma"].package == "https://mcp.figma.com/mcp"
    # Codex's bearer_token is a header in the end: a literal one is a finding
    assert {f.check for f in remote["Codex CLI", "figma"].findings} == {"inline-secret"}
    messages = "\n".join(report.messages)
    assert "server 'developer': a Goose builtin extension" in messages


def test_zed_extension_servers_and_continue_blocks_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("HOOKLAB_LANG", "en")
    home, project = tmp_path / "home", tmp_path / "project"
    _write(project / ".zed/settings.json", ZED_JSONC)
    _write(
        project / ".continue/mcpServers/playwright.yaml",
        "name: Playwright\nversion: 0.0.1\nschema: v1\nmcpServers:\n"
        "  - name: Browser search\n    command: npx\n    args: ['@playwright/mcp@latest']\n",
    )
    _write(project / ".continue/mcpServers/notes.txt", "not a block")
    report = audit_configs(home=home, project=project, resolve=no_resolver)
    servers = {(s.client, s.server): s for s in report.servers}
    assert set(servers) == {
        ("Zed", "old-style"),
        ("Zed", "new-style"),
        ("Continue", "Browser search"),
    }
    assert servers["Continue", "Browser search"].pin == "floating"
    assert any("'mcp-server-github': a Zed extension's server" in m for m in report.messages)


def test_a_folder_of_too_many_blocks_is_read_up_to_the_limit_and_said(tmp_path: Path):
    project = tmp_path / "project"
    for i in range(MAX_FOLDER_FILES + 5):
        _write(project / f".continue/mcpServers/b{i:04}.yaml", "mcpServers: []\n")
    found = usual_configs(tmp_path / "home", project)
    assert len([f for f in found if not f.problem]) == MAX_FOLDER_FILES
    [over] = [f for f in found if f.problem]
    assert over.problem and f"more than {MAX_FOLDER_FILES} config files" in over.problem["en"]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("codex.toml", CODEX_TOML),
        ("continue.yaml", CONTINUE_YAML),
        ("goose.yaml", GOOSE_YAML),
    ],
)
def test_audit_config_on_a_named_toml_or_yaml_file_gives_a_row_per_server(
    tmp_path: Path, name: str, text: str
):
    path = _write(tmp_path / name, text)  # a name no client uses: the content decides
    result = run_cli("audit-config", "--no-resolve", "--json", str(path))
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)["servers"]
    expected = {
        "codex.toml": {"filesystem", "github", "figma"},
        "continue.yaml": {"SQLite", "Fetch"},
        "goose.yaml": {"github", "fetch", "remote"},
    }[name]
    assert sorted(r["server"] for r in rows) == sorted(expected)
    assert "Traceback" not in result.stderr


def test_fix_leaves_toml_and_yaml_configs_as_they_are(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("HOOKLAB_LANG", "en")
    path = _write(tmp_path / ".codex/config.toml", CODEX_TOML)
    report = audit_configs([path], home=tmp_path, resolve=lambda eco, name: ("9.9.9", ""), fix=True)
    assert any(s.fixed_args for s in report.servers)  # there was something to pin
    assert path.read_text() == CODEX_TOML
    assert not list(path.parent.glob("*.bak*")) and not report.written
    assert any("not fixed: --fix rewrites only JSON" in m for m in report.messages)


ALIAS_BOMB = "a: &a ['x','x','x','x','x','x','x','x','x','x']\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(8)
)


@pytest.mark.parametrize(
    ("name", "text", "said"),
    [
        ("config.yaml", ALIAS_BOMB, "YAML aliases expand it past"),
        ("config.yaml", "extensions: &x\n  loop: *x\n", "a YAML alias contains itself"),
        ("config.yaml", "extensions: !!python/object:os.system {}\n", "not valid YAML"),
        ("config.yaml", "extensions: [unclosed\n", "not valid YAML"),
        ("config.yaml", "- just\n- a list\n", "not a YAML object"),
        ("config.toml", "[mcp_servers.x\ncommand = 1\n", "not valid TOML"),
        ("config.yaml", "a: " + "[" * 2_000_000 + "]" * 2_000_000, "nested deeper than 64"),
        ("config.yaml", "a:\n" + "".join(f"{' ' * i}k:\n" for i in range(1, 200)), "nested deeper"),
    ],
)
def test_hostile_yaml_and_toml_are_one_line_refusals(
    tmp_path: Path, name, text, said, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("HOOKLAB_LANG", "en")
    path = _write(tmp_path / ".config/goose" / name, text)
    with pytest.raises(ConfigProblem, match=said) as caught:
        load_config(guess_config(path))
    assert "\n" not in str(caught.value)


def test_shapes_that_are_wrong_are_notes_not_tracebacks(tmp_path: Path):
    path = _write(
        tmp_path / ".config/goose/config.yaml",
        "extensions:\n"
        "  a: just a string\n"
        "  b: {type: stdio, cmd: [npx], args: []}\n"
        "  c: {type: telepathy}\n"
        "  d: {type: stdio, cmd: npx, args: [-y, 12], envs: {K: 1}}\n"
        "  5: {type: stdio, cmd: uvx, args: [tool]}\n",
    )
    loaded = load_config(guess_config(path))
    assert set(loaded.servers) == {"5"}
    notes = "\n".join(note["en"] for note in loaded.notes)  # notes are said in both languages
    assert "server 'a' is not an object" in notes
    assert "server 'b': command is not a string" in notes
    assert "type 'telepathy' is not known" in notes
    assert "server 'd': args is not a list of strings" in notes
