"""Where the common MCP clients keep their server list, in which format, and how one server
entry is written: a table as data, read by `hooklab.mcp.config`.

Each client names the source its paths and shapes were checked against. Paths are relative to
the home folder (one per operating system where they differ) or to the project folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Format = Literal["json", "toml", "yaml"]
# How one server entry is written:
#   map    name -> {command, args, env, url, headers, ...} (Claude's shape, and most clients')
#   codex  name -> TOML table {command, args, env, url, http_headers, bearer_token, ...}
#   zed    name -> {command: {path, args, env}} (older) or {command, args, env} (newer), or a
#          Zed extension's {source: "extension", settings} that carries no command at all
#   list   a list of {name, command, args, env, url, ...} (Continue)
#   goose  name -> {type: stdio|sse|streamable_http|builtin, cmd, args, envs, uri, enabled}
Shape = Literal["map", "codex", "zed", "list", "goose"]
Root = Literal["home", "project"]

# VS Code's user folder on Linux, macOS and Windows; Cline and Roo live in its globalStorage.
_VSCODE_USER = (
    ".config/Code/User",
    "Library/Application Support/Code/User",
    "AppData/Roaming/Code/User",
)


@dataclass(frozen=True)
class Location:
    root: Root
    path: str  # the last part may be a glob (a folder of config files)
    key: str  # where the servers are; a dotted key is tried nested, then as written


@dataclass(frozen=True)
class Client:
    name: str
    format: Format
    shape: Shape
    locations: tuple[Location, ...]
    keys: frozenset[str]  # entry keys this client documents, beyond the common ones
    source: str


def _home(key: str, *paths: str) -> tuple[Location, ...]:
    return tuple(Location("home", p, key) for p in paths)


def _project(key: str, *paths: str) -> tuple[Location, ...]:
    return tuple(Location("project", p, key) for p in paths)


CLIENTS: tuple[Client, ...] = (
    Client(
        "Claude Desktop",
        "json",
        "map",
        _home(
            "mcpServers",
            ".config/Claude/claude_desktop_config.json",
            "Library/Application Support/Claude/claude_desktop_config.json",
            "AppData/Roaming/Claude/claude_desktop_config.json",
        ),
        frozenset(),
        "modelcontextprotocol.io quickstart (user guide)",
    ),
    Client(
        "Claude Code",
        "json",
        "map",
        _home("mcpServers", ".claude.json") + _project("mcpServers", ".mcp.json"),
        frozenset({"oauth"}),
        "docs.anthropic.com Claude Code MCP (scopes: user/local in ~/.claude.json, project)",
    ),
    Client(
        "VS Code",
        "json",
        "map",
        _home("servers", *(f"{u}/mcp.json" for u in _VSCODE_USER))
        + _home("mcp.servers", *(f"{u}/settings.json" for u in _VSCODE_USER))
        + _project("servers", ".vscode/mcp.json"),
        frozenset({"envFile", "dev"}),
        "code.visualstudio.com docs, MCP servers (mcp.json `servers`, settings `mcp.servers`)",
    ),
    Client(
        "Cursor",
        "json",
        "map",
        _home("mcpServers", ".cursor/mcp.json") + _project("mcpServers", ".cursor/mcp.json"),
        frozenset({"envFile"}),
        "docs.cursor.com context/model-context-protocol",
    ),
    Client(
        "Codex CLI",
        "toml",
        "codex",
        _home("mcp_servers", ".codex/config.toml") + _project("mcp_servers", ".codex/config.toml"),
        frozenset(
            {
                "enabled",
                "startup_timeout_sec",
                "startup_timeout_ms",
                "tool_timeout_sec",
                "enabled_tools",
                "disabled_tools",
                "env_vars",
                "bearer_token_env_var",
                "bearer_token",
                "http_headers",
                "env_http_headers",
                "oauth",
                "required",
            }
        ),
        "github.com/openai/codex docs/config.md, [mcp_servers.<name>] (project file when trusted)",
    ),
    Client(
        "Gemini CLI",
        "json",
        "map",
        _home("mcpServers", ".gemini/settings.json")
        + _project("mcpServers", ".gemini/settings.json"),
        frozenset({"httpUrl", "includeTools", "excludeTools", "oauth", "authProviderType"}),
        "github.com/google-gemini/gemini-cli docs/tools/mcp-server.md (url = SSE, httpUrl)",
    ),
    Client(
        "Windsurf",
        "json",
        "map",
        _home("mcpServers", ".codeium/windsurf/mcp_config.json"),
        frozenset({"serverUrl", "disabledTools"}),
        "docs.windsurf.com cascade/mcp (~/.codeium/windsurf/mcp_config.json, serverUrl)",
    ),
    Client(
        "Zed",
        "json",
        "zed",
        _home(
            "context_servers",
            ".config/zed/settings.json",
            "Library/Application Support/Zed/settings.json",
            "AppData/Roaming/Zed/settings.json",
        )
        + _project("context_servers", ".zed/settings.json"),
        frozenset({"source", "enabled", "settings"}),
        "zed.dev/docs/ai/mcp (context_servers; JSONC; command object in older releases)",
    ),
    Client(
        "Cline",
        "json",
        "map",
        _home(
            "mcpServers",
            *(
                f"{u}/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json"
                for u in _VSCODE_USER
            ),
        ),
        frozenset({"disabledTools"}),
        "docs.cline.bot mcp/configuring-mcp-servers (cline_mcp_settings.json in globalStorage)",
    ),
    Client(
        "Roo Code",
        "json",
        "map",
        _home(
            "mcpServers",
            *(
                f"{u}/globalStorage/rooveterinaryinc.roo-cline/settings/mcp_settings.json"
                for u in _VSCODE_USER
            ),
        )
        + _project("mcpServers", ".roo/mcp.json"),
        frozenset({"watchPaths", "disabledTools"}),
        "docs.roocode.com features/mcp/using-mcp-in-roo (mcp_settings.json, .roo/mcp.json)",
    ),
    Client(
        "Continue",
        "yaml",
        "list",
        _home("mcpServers", ".continue/config.yaml")
        + _project("mcpServers", ".continue/mcpServers/*.yaml", ".continue/mcpServers/*.yml"),
        frozenset({"connectionTimeout", "requestOptions", "apiKey"}),
        "docs.continue.dev customize/deep-dives/mcp (mcpServers: a list; blocks folder)",
    ),
    Client(
        "Goose",
        "yaml",
        "goose",
        _home(
            "extensions",
            ".config/goose/config.yaml",
            "AppData/Roaming/Block/goose/config/config.yaml",
        ),
        frozenset(
            {
                "enabled",
                "cmd",
                "envs",
                "env_keys",
                "uri",
                "bundled",
                "display_name",
                "available_tools",
            }
        ),
        "block.github.io/goose docs/guides/config-files (extensions: type, cmd, args, envs)",
    ),
    Client(
        "LM Studio",
        "json",
        "map",
        _home("mcpServers", ".lmstudio/mcp.json"),
        frozenset(),
        "lmstudio.ai/docs/app/mcp (~/.lmstudio/mcp.json, Cursor's notation)",
    ),
)

# Keys that mark a data block as a given client's, for a file whose path says nothing: the
# first key the data holds wins.
SNIFF: tuple[tuple[str, str], ...] = (
    ("mcp_servers", "Codex CLI"),
    ("context_servers", "Zed"),
    ("extensions", "Goose"),
)


def client(name: str) -> Client:
    return next(c for c in CLIENTS if c.name == name)
