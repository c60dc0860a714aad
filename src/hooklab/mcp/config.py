"""Reading MCP client configs: where each client keeps them, JSONC, the server entries inside."""

from __future__ import annotations

import dataclasses
import errno
import fnmatch
import itertools
import json
import os
import stat
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from hooklab.mcp.clients import CLIENTS, SNIFF, Client, Format, Shape, client

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
MAX_FOLDER_FILES = 100  # config files read from one folder of them (Continue's blocks)
# YAML aliases expand on reading: a few lines can stand for billions of nodes. A real config
# repeats a block a few times at most.
MAX_ALIAS_NODES = 100_000
# The YAML parser slows with the square of the nesting depth and composes by recursion in C
# (a deep enough file overflows the stack): depth is checked first, on the parser's events.
MAX_YAML_DEPTH = 64
_FORMATS: dict[str, Format] = {".toml": "toml", ".yaml": "yaml", ".yml": "yaml", ".json": "json"}


@dataclass(frozen=True)
class ConfigFile:
    path: Path
    client: str
    key: str  # where the servers are: "mcpServers", "mcp.servers", "mcp_servers", ...
    format: Format = "json"
    shape: Shape = "map"
    problem: str = ""  # why it is not read at all, found before reading (one line)


def _file(path: Path, owner: Client, key: str) -> ConfigFile:
    return ConfigFile(
        path, owner.name, key, _FORMATS.get(path.suffix.lower(), owner.format), owner.shape
    )


def _expand(root: Path, rel: str) -> list[Path]:
    """The files at `rel` under `root`; a glob in the last part lists at most
    MAX_FOLDER_FILES + 1 of the folder's files (the caller reports the excess)."""
    path = root / rel
    if not any(ch in path.name for ch in "*?["):
        return [path] if path.exists() or path.is_symlink() else []
    if not path.parent.is_dir():
        return []
    try:
        found = itertools.islice(path.parent.glob(path.name), MAX_FOLDER_FILES + 1)
        return sorted(found)
    except OSError:
        return []


def usual_configs(home: Path, project: Path) -> list[ConfigFile]:
    """The config files the common MCP clients read, under `home` and the `project` folder."""
    roots = {"home": home, "project": project}
    seen: set[Path] = set()
    found = []
    for owner in CLIENTS:
        for loc in owner.locations:
            paths = _expand(roots[loc.root], loc.path)
            if len(paths) > MAX_FOLDER_FILES:
                folder = roots[loc.root] / PurePosixPath(loc.path).parent
                why = (
                    f"more than {MAX_FOLDER_FILES} config files; the first {MAX_FOLDER_FILES} read"
                )
                found.append(dataclasses.replace(_file(folder, owner, loc.key), problem=why))
                paths = paths[:MAX_FOLDER_FILES]
            for path in paths:
                if path not in seen:
                    seen.add(path)
                    found.append(_file(path, owner, loc.key))
    return found


def guess_config(path: Path) -> ConfigFile:
    """Which client a config given by path belongs to: the usual location whose trailing
    parts match most of the path's. A path no location or several claim equally is read as
    an unknown client's, and its content decides (see `_sniff`)."""
    best: list[tuple[Client, str]] = []
    best_len = 0
    for owner in CLIENTS:
        for loc in owner.locations:
            rel = PurePosixPath(loc.path).parts
            matched = 0
            for part, pattern in zip(reversed(path.parts), reversed(rel), strict=False):
                if not fnmatch.fnmatchcase(part, pattern):
                    break
                matched += 1
            if matched == 0 or (matched == 1 and rel[-1] != path.name):
                continue  # a glob alone ("*.yaml") says nothing of the client
            if matched > best_len:
                best, best_len = [], matched
            if matched == best_len and owner not in [b[0] for b in best]:
                best.append((owner, loc.key))
    if len(best) == 1:
        return _file(path, *best[0])
    return ConfigFile(path, "unknown client", "", _FORMATS.get(path.suffix.lower(), "json"))


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
    fix_blocked: str = ""  # why --fix must leave this file as it is, if it must


class ConfigProblem(Exception):
    """A config that cannot be read at all; the message is one line."""


def _block(data: dict[str, Any], key: str) -> Any:
    """The value at `key`; a dotted key ("mcp.servers") nested first, then as written."""
    head, dot, rest = key.partition(".")
    if dot and isinstance(data.get(head), dict) and rest in data[head]:
        return data[head][rest]
    return data.get(key)


def _sniff(data: dict[str, Any]) -> tuple[str, str, Shape]:
    """Client, servers key and entry shape of a config whose path did not say."""
    for key, name in SNIFF:
        if isinstance(data.get(key), dict):
            return name, key, client(name).shape
    if isinstance(data.get("mcpServers"), list):
        return "Continue", "mcpServers", "list"
    return "unknown client", "mcpServers" if "mcpServers" in data else "servers", "map"


def _servers_in(data: dict[str, Any], file: ConfigFile) -> Iterator[tuple[str, Any]]:
    block = _block(data, file.key)
    if isinstance(block, list):  # Continue's list of {name, ...}; any other list is no block
        for i, item in enumerate(block):
            name = item.get("name") if isinstance(item, dict) else None
            yield (name if isinstance(name, str) and name else f"#{i + 1}"), item
    elif isinstance(block, dict):
        for name, entry in block.items():
            yield str(name), entry
    projects = data.get("projects") if file.key == "mcpServers" else None
    for project, conf in projects.items() if isinstance(projects, dict) else ():
        if isinstance(conf, dict) and isinstance(conf.get("mcpServers"), dict):
            for name, entry in conf["mcpServers"].items():
                yield f"{project}:{name}", entry


def _launch_entry(shape: Shape, raw: dict[str, Any]) -> tuple[dict[str, Any] | None, str]:
    """The entry in the kit's common shape (command, args, env, url, headers), or why there is
    nothing to launch. Keys are only moved, never checked here (`_malformed` checks them)."""
    entry = dict(raw)
    if shape == "goose":
        kind = raw.get("type", "stdio")
        if kind in ("builtin", "platform", "frontend", "inline_python"):
            return None, f"a Goose {kind} extension: nothing is launched from the config"
        if kind not in ("stdio", "sse", "streamable_http"):
            return None, f"Goose extension type {str(kind)[:40]!r} is not known to the kit"
        entry.pop("type")
        for theirs, ours in (("cmd", "command"), ("envs", "env"), ("uri", "url")):
            if theirs in entry:
                entry[ours] = entry.pop(theirs)
    elif shape == "zed":
        if isinstance(raw.get("command"), dict):  # older Zed: {"command": {path, args, env}}
            inner = raw["command"]
            entry["command"] = inner.get("path")
            entry["args"] = inner.get("args", [])
            entry["env"] = inner.get("env", {})
        elif "command" not in raw and "url" not in raw:
            return None, "a Zed extension's server: its command comes from the extension"
    elif shape == "codex":
        headers = entry.pop("http_headers", {})
        if isinstance(headers, dict) and isinstance(raw.get("bearer_token"), str):
            headers = {**headers, "Authorization": f"Bearer {raw['bearer_token']}"}
        if headers:
            entry["headers"] = headers
    elif "url" not in raw:  # Gemini's httpUrl, Windsurf's serverUrl
        for key in ("httpUrl", "serverUrl"):
            if key in raw:
                entry["url"] = raw[key]
    return entry, ""


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


def read_config_bytes(path: Path) -> tuple[bytes, list[str]]:
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
    st = os.fstat(fd)
    if stat.S_ISDIR(st.st_mode):  # checked before os.fdopen, which raises on a folder
        os.close(fd)
        raise ConfigProblem("is a folder, not a config file")
    with os.fdopen(fd, "rb") as f:
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


def _node_children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return []


def _check_aliases(root: yaml.Node) -> None:
    """Refuse a YAML document whose aliases expand it far beyond what is written, or refer to
    themselves. Walks each distinct node once (no recursion: depth is the document's)."""
    sizes: dict[int, int] = {}  # id(node) -> nodes it expands to
    entered: set[int] = set()  # the nodes on the path from the root
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            entered.discard(key)
            sizes[key] = 1 + sum(sizes[id(c)] for c in _node_children(node))
            if sizes[key] > len(sizes) + MAX_ALIAS_NODES:
                raise ConfigProblem(
                    f"its YAML aliases expand it past {MAX_ALIAS_NODES} extra nodes "
                    "(an alias bomb?); not read"
                )
            continue
        if key in sizes:
            continue
        if key in entered:
            raise ConfigProblem("a YAML alias contains itself; not read")
        entered.add(key)
        stack.append((node, True))
        stack += [(c, False) for c in _node_children(node) if id(c) not in sizes]


def _parse_yaml(text: str) -> Any:
    """Safe YAML (no tags that build objects), its depth checked before it is composed and its
    aliases before they expand."""
    safe_loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    depth = 0
    for event in yaml.parse(text, Loader=safe_loader):  # events are made lazily, one a time
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_YAML_DEPTH:
                raise ConfigProblem(f"nested deeper than {MAX_YAML_DEPTH} levels; not read")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    loader = safe_loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return {}
        _check_aliases(node)
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _parse_any(raw: str, fmt: Format) -> tuple[Any, bool]:
    """The data of a config in `fmt`, and whether it had comments (JSONC); a one-line
    ConfigProblem when it is not valid."""
    where = (
        "the top level is not a {} table" if fmt == "toml" else "the top level is not a {} object"
    )
    try:
        if fmt == "toml":
            data, had = tomllib.loads(raw), False
        elif fmt == "yaml":
            data, had = _parse_yaml(raw), False
        else:
            data, had = _parse(raw)
    except json.JSONDecodeError as exc:
        raise ConfigProblem(
            f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigProblem(f"not valid TOML: {str(exc).splitlines()[0]}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" at line {mark.line + 1} column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or "cannot be read"
        raise ConfigProblem(f"not valid YAML: {problem}{at}") from None
    except RecursionError:
        raise ConfigProblem("nested too deeply to read (a hostile or broken file)") from None
    except ValueError:  # past the parsers' own errors: an integer longer than Python converts
        raise ConfigProblem(f"not valid {fmt.upper()}: a number too long to read") from None
    if not isinstance(data, dict):
        raise ConfigProblem(where.format(fmt.upper()))
    return data, had


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
    if file.problem:
        raise ConfigProblem(file.problem)
    path = file.path
    raw_bytes, notes = read_config_bytes(path)
    try:
        raw = raw_bytes.decode("utf-8")
    except UnicodeDecodeError:
        raise ConfigProblem("cannot read it (not UTF-8 text)") from None
    data, had_comments = _parse_any(raw, file.format)
    if not file.key:
        name, key, shape = _sniff(data)
        file = dataclasses.replace(file, client=name, key=key, shape=shape)
    if had_comments:
        notes.append("has comments (JSONC); read without them")
    if path.name in ("mcp.json", ".mcp.json"):
        notes += [f"unknown top-level key {k!r}" for k in data if k not in _TOP_KEYS]
    known = SERVER_KEYS | next((c.keys for c in CLIENTS if c.name == file.client), frozenset())
    servers: dict[str, dict[str, Any]] = {}
    for count, (name, raw_entry) in enumerate(_servers_in(data, file)):
        if count == MAX_SERVERS:
            notes.append(f"more than {MAX_SERVERS} servers; only the first {MAX_SERVERS} audited")
            break
        if not isinstance(raw_entry, dict):
            notes.append(f"server {name!r} is not an object; skipped")
            continue
        entry, nothing = _launch_entry(file.shape, raw_entry)
        if entry is None:
            notes.append(f"server {name!r}: {nothing}; skipped")
            continue
        if why := _malformed(entry):
            notes.append(f"server {name!r}: {why}; skipped")
            continue
        notes += [f"server {name!r}: unknown key {k!r}" for k in raw_entry if k not in known]
        if name in servers:
            notes.append(f"server {name!r} appears twice; the last one is audited")
        servers[name] = entry
    if not servers:
        notes.append("no MCP servers in it")
    if len(notes) > MAX_NOTES:
        notes[MAX_NOTES:] = [f"... and {len(notes) - MAX_NOTES} more notes on this file"]
    blocked = ""
    if file.format != "json" or file.shape != "map":
        blocked = (
            f"--fix rewrites only JSON configs in the mcpServers shape; "
            f"pin this {file.client} config by hand"
        )
    return LoadedConfig(file, data, servers, notes, had_comments, raw_bytes, blocked)
