"""Reading MCP client configs: where each client keeps them, JSONC, the server entries inside."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# (client, folder it lives under: "home" or "project", path inside it, where the servers are)
_LOCATIONS: tuple[tuple[str, str, str, str], ...] = (
    ("Claude Desktop", "home", ".config/Claude/claude_desktop_config.json", "mcpServers"),
    (
        "Claude Desktop",
        "home",
        "Library/Application Support/Claude/claude_desktop_config.json",
        "mcpServers",
    ),
    ("Claude Desktop", "home", "AppData/Roaming/Claude/claude_desktop_config.json", "mcpServers"),
    ("Claude Code", "home", ".claude.json", "mcpServers"),
    ("Claude Code", "project", ".mcp.json", "mcpServers"),
    ("VS Code", "home", ".config/Code/User/mcp.json", "servers"),
    ("VS Code", "home", ".config/Code/User/settings.json", "mcp.servers"),
    ("VS Code", "project", ".vscode/mcp.json", "servers"),
    ("Cursor", "home", ".cursor/mcp.json", "mcpServers"),
    ("Cursor", "project", ".cursor/mcp.json", "mcpServers"),
)

SERVER_KEYS = frozenset(
    {
        "command",
        "args",
        "env",
        "envFile",
        "cwd",
        "type",
        "url",
        "headers",
        "disabled",
        "autoApprove",
        "alwaysAllow",
        "timeout",
        "transport",
        "description",
        "name",
        "trust",
    }
)
_TOP_KEYS = frozenset({"mcpServers", "servers", "inputs", "$schema"})


@dataclass(frozen=True)
class ConfigFile:
    path: Path
    client: str
    key: str  # "mcpServers", "servers" or "mcp.servers"


def usual_configs(home: Path, project: Path) -> list[ConfigFile]:
    """The config files the common MCP clients read, under `home` and the `project` folder."""
    roots = {"home": home, "project": project}
    seen: set[Path] = set()
    found = []
    for client, root, rel, key in _LOCATIONS:
        path = roots[root] / rel
        if (path.exists() or path.is_symlink()) and path not in seen:
            seen.add(path)
            found.append(ConfigFile(path, client, key))
    return found


def guess_config(path: Path) -> ConfigFile:
    """Which client a config given by path belongs to, from its name and folder."""
    parts = path.parts
    if path.name == "claude_desktop_config.json":
        return ConfigFile(path, "Claude Desktop", "mcpServers")
    if path.name in (".claude.json", ".mcp.json"):
        return ConfigFile(path, "Claude Code", "mcpServers")
    if ".vscode" in parts or "Code" in parts:
        return ConfigFile(
            path, "VS Code", "mcp.servers" if path.name == "settings.json" else "servers"
        )
    if ".cursor" in parts:
        return ConfigFile(path, "Cursor", "mcpServers")
    return ConfigFile(path, "unknown client", "")


def strip_jsonc(text: str) -> tuple[str, bool]:
    """`text` without // and /* */ comments and trailing commas; and whether it had comments."""
    out: list[str] = []
    i, n, had = 0, len(text), False
    in_string = False
    while i < n:
        ch = text[i]
        if in_string:
            out.append(ch)
            if ch == "\\" and i + 1 < n:
                out.append(text[i + 1])
                i += 1
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
            out.append(ch)
        elif text.startswith("//", i):
            had = True
            while i < n and text[i] != "\n":
                i += 1
            continue
        elif text.startswith("/*", i):
            had = True
            end = text.find("*/", i + 2)
            i = n if end < 0 else end + 2
            continue
        elif ch in "}]":
            # drop a trailing comma before a closing bracket
            j = len(out) - 1
            while j >= 0 and out[j].isspace():
                j -= 1
            if j >= 0 and out[j] == ",":
                del out[j]
            out.append(ch)
        else:
            out.append(ch)
        i += 1
    return "".join(out), had


@dataclass
class LoadedConfig:
    file: ConfigFile
    data: dict[str, Any]
    servers: dict[str, dict[str, Any]]  # name -> entry, with Claude Code project scopes prefixed
    notes: list[str] = field(default_factory=list)
    had_comments: bool = False


class ConfigProblem(Exception):
    """A config that cannot be read at all; the message is one line."""


def _servers_in(data: dict[str, Any], key: str) -> Iterator[tuple[str, Any]]:
    if key == "mcp.servers":
        block = data.get("mcp", {}).get("servers") if isinstance(data.get("mcp"), dict) else None
        block = block if block is not None else data.get("mcp.servers")
    elif key:
        block = data.get(key)
    else:  # unknown client: take whichever block is there
        block = data.get("mcpServers", data.get("servers"))
    if isinstance(block, dict):
        yield from block.items()
    projects = data.get("projects") if key == "mcpServers" else None
    for project, conf in projects.items() if isinstance(projects, dict) else ():
        if isinstance(conf, dict) and isinstance(conf.get("mcpServers"), dict):
            for name, entry in conf["mcpServers"].items():
                yield f"{project}:{name}", entry


def _malformed(entry: dict[str, Any]) -> str | None:
    """What is wrong with a server entry's shape, if anything (not its content)."""
    for key, kind, name in (("command", str, "a string"), ("url", str, "a string")):
        if key in entry and not isinstance(entry[key], kind):
            return f"{key} is not {name}"
    args = entry.get("args", [])
    if not isinstance(args, list) or not all(isinstance(a, str) for a in args):
        return "args is not a list of strings"
    env = entry.get("env", {})
    if not isinstance(env, dict) or not all(isinstance(v, str) for v in env.values()):
        return "env is not an object of strings"
    return None


def load_config(file: ConfigFile) -> LoadedConfig:
    """Read one config; raise ConfigProblem when it cannot be read, note anything odd."""
    path = file.path
    notes = []
    if path.is_symlink():
        target = path.resolve()
        if not target.exists():
            raise ConfigProblem(f"symlink to {target}, which does not exist")
        notes.append(f"is a symlink to {target}; reading the target")
    if not path.exists():
        raise ConfigProblem("no such file")
    if path.is_dir():
        raise ConfigProblem("is a folder, not a config file")
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigProblem(f"cannot read it ({exc.__class__.__name__})") from None
    text, had_comments = strip_jsonc(raw)
    if had_comments:
        notes.append("has comments (JSONC); read without them")
    try:
        data = json.loads(text) if text.strip() else {}
    except json.JSONDecodeError as exc:
        raise ConfigProblem(
            f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from None
    except RecursionError:
        raise ConfigProblem("nested too deeply to read (a hostile or broken file)") from None
    if not isinstance(data, dict):
        raise ConfigProblem("the top level is not a JSON object")
    if path.name in ("mcp.json", ".mcp.json"):
        notes += [f"unknown top-level key {k!r}" for k in data if k not in _TOP_KEYS]
    servers: dict[str, dict[str, Any]] = {}
    for name, entry in _servers_in(data, file.key):
        if not isinstance(entry, dict):
            notes.append(f"server {name!r} is not an object; skipped")
            continue
        if why := _malformed(entry):
            notes.append(f"server {name!r}: {why}; skipped")
            continue
        notes += [f"server {name!r}: unknown key {k!r}" for k in entry if k not in SERVER_KEYS]
        servers[name] = entry
    if not servers:
        notes.append("no MCP servers in it")
    return LoadedConfig(file, data, servers, notes, had_comments)
