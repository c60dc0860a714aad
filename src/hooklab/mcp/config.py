"""Reading MCP client configs: where each client keeps them, JSONC, the server entries inside."""

from __future__ import annotations

import errno
import json
import os
import stat
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

# Bounds on what one config may hold. A real ~/.claude.json carries project history and can
# reach a few MB; nothing legitimate needs more servers, args or env entries than these.
MAX_CONFIG_BYTES = 16 * 1024 * 1024
MAX_SERVERS = 500
MAX_ITEMS = 500  # args, env entries or headers of one server
MAX_NOTES = 50  # one-line notes on one file


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
    raw: bytes = b""  # the file as read, for the backup --fix keeps


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
    for key in ("env", "headers"):
        value = entry.get(key, {})
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            return f"{key} is not an object of strings"
    for key in ("args", "env", "headers"):
        if len(entry.get(key) or ()) > MAX_ITEMS:
            return f"{key} has more than {MAX_ITEMS} entries"
    return None


def _read_regular(path: Path) -> tuple[bytes, list[str]]:
    """The bytes of a config file, opened the way that cannot hang or read without end: only a
    regular file (never a FIFO or a device), at most MAX_CONFIG_BYTES. Links are followed for
    reading, and said."""
    notes = []
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | os.O_NOCTTY)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise ConfigProblem("a symlink loop; not read") from None
        if exc.errno == errno.ENOENT:
            if path.is_symlink():
                target = os.path.realpath(path)
                raise ConfigProblem(f"symlink to {target}, which does not exist") from None
            raise ConfigProblem("no such file") from None
        if exc.errno == errno.EISDIR:
            raise ConfigProblem("is a folder, not a config file") from None
        raise ConfigProblem(f"cannot open it ({exc.strerror})") from None
    with os.fdopen(fd, "rb") as f:
        st = os.fstat(f.fileno())
        if stat.S_ISDIR(st.st_mode):
            raise ConfigProblem("is a folder, not a config file")
        if not stat.S_ISREG(st.st_mode):
            raise ConfigProblem("is not a regular file (a FIFO, socket or device); not read")
        if st.st_size > MAX_CONFIG_BYTES:
            raise ConfigProblem(
                f"is {st.st_size} bytes, over the {MAX_CONFIG_BYTES} a config may have; not read"
            )
        raw = f.read(MAX_CONFIG_BYTES + 1)
    if len(raw) > MAX_CONFIG_BYTES:  # it grew while we read it
        raise ConfigProblem(f"is over the {MAX_CONFIG_BYTES} bytes a config may have; not read")
    if path.is_symlink():
        notes.append(f"is a symlink to {os.path.realpath(path)}; reading the target")
    return raw, notes


def _parse(raw: str) -> tuple[Any, bool]:
    """The data, and whether it had comments: plain JSON first, JSONC only when that fails
    (stripping comments char by char is the slow path, and plain JSON has none)."""
    try:
        return (json.loads(raw) if raw.strip() else {}), False
    except json.JSONDecodeError:
        text, had_comments = strip_jsonc(raw)
        return (json.loads(text) if text.strip() else {}), had_comments


def load_config(file: ConfigFile) -> LoadedConfig:
    """Read one config; raise ConfigProblem when it cannot be read, note anything odd."""
    path = file.path
    raw_bytes, notes = _read_regular(path)
    try:
        raw = raw_bytes.decode("utf-8")
    except UnicodeDecodeError:
        raise ConfigProblem("cannot read it (not UTF-8 text)") from None
    try:
        data, had_comments = _parse(raw)
    except json.JSONDecodeError as exc:
        raise ConfigProblem(
            f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from None
    except RecursionError:
        raise ConfigProblem("nested too deeply to read (a hostile or broken file)") from None
    if not isinstance(data, dict):
        raise ConfigProblem("the top level is not a JSON object")
    if had_comments:
        notes.append("has comments (JSONC); read without them")
    if path.name in ("mcp.json", ".mcp.json"):
        notes += [f"unknown top-level key {k!r}" for k in data if k not in _TOP_KEYS]
    servers: dict[str, dict[str, Any]] = {}
    for count, (name, entry) in enumerate(_servers_in(data, file.key)):
        if count == MAX_SERVERS:
            notes.append(f"more than {MAX_SERVERS} servers; only the first {MAX_SERVERS} audited")
            break
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
    if len(notes) > MAX_NOTES:
        notes[MAX_NOTES:] = [f"... and {len(notes) - MAX_NOTES} more notes on this file"]
    return LoadedConfig(file, data, servers, notes, had_comments, raw_bytes)
