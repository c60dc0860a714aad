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
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from hooklab.lang import LANGS, Catalogue, Lang, Text, both, current_lang, in_both, say
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
UNKNOWN_CLIENT = "unknown client"  # the client of a config no location or content names

# Why a config is not read, and notes on one that is: each one line, in both languages (the
# audit's --json gives the English).
SAID: Catalogue = {
    "unknown-client": both("알 수 없는 클라이언트", UNKNOWN_CLIENT),
    "too-many-files": both(
        "설정 파일이 {n}개를 넘습니다. 처음 {n}개만 읽었습니다",
        "more than {n} config files; the first {n} read",
    ),
    "loop": both("심볼릭 링크가 고리를 이룹니다. 읽지 않았습니다", "a symlink loop; not read"),
    "dangling": both(
        "없는 {target}을(를) 가리키는 심볼릭 링크입니다",
        "symlink to {target}, which does not exist",
    ),
    "no-file": both("그런 파일이 없습니다", "no such file"),
    "folder": both("설정 파일이 아니라 폴더입니다", "is a folder, not a config file"),
    "cannot-open": both("열 수 없습니다 ({why})", "cannot open it ({why})"),
    "not-regular": both(
        "일반 파일이 아닙니다 (FIFO, 소켓 또는 장치). 읽지 않았습니다",
        "is not a regular file (a FIFO, socket or device); not read",
    ),
    "too-big": both(
        "{size}바이트로, 설정 파일에 허용되는 {max}바이트를 넘습니다. 읽지 않았습니다",
        "is {size} bytes, over the {max} a config may have; not read",
    ),
    "grew": both(
        "설정 파일에 허용되는 {max}바이트를 넘습니다. 읽지 않았습니다",
        "is over the {max} bytes a config may have; not read",
    ),
    "symlink": both(
        "{target}을(를) 가리키는 심볼릭 링크입니다. 그 대상을 읽습니다",
        "is a symlink to {target}; reading the target",
    ),
    "alias-bomb": both(
        "YAML 별칭(alias)을 펼치면 노드가 {n}개 넘게 늘어납니다 (alias bomb?). 읽지 않았습니다",
        "its YAML aliases expand it past {n} extra nodes (an alias bomb?); not read",
    ),
    "alias-loop": both(
        "YAML 별칭(alias)이 자기 자신을 담고 있습니다. 읽지 않았습니다",
        "a YAML alias contains itself; not read",
    ),
    "too-deep": both(
        "{n}단계보다 깊이 중첩되어 있습니다. 읽지 않았습니다",
        "nested deeper than {n} levels; not read",
    ),
    "not-valid": both("올바른 {fmt}이(가) 아닙니다: {why}", "not valid {fmt}: {why}"),
    "not-valid-at": both(
        "올바른 {fmt}이(가) 아닙니다: {why} ({line}번째 줄 {column}번째 열)",
        "not valid {fmt}: {why} at line {line} column {column}",
    ),
    "unreadable": both("읽을 수 없습니다", "cannot be read"),
    "long-number": both("읽기에는 너무 긴 숫자가 있습니다", "a number too long to read"),
    "recursion": both(
        "너무 깊이 중첩되어 읽을 수 없습니다 (악의적이거나 망가진 파일)",
        "nested too deeply to read (a hostile or broken file)",
    ),
    "top-table": both("최상위가 {fmt} 테이블이 아닙니다", "the top level is not a {fmt} table"),
    "top-object": both("최상위가 {fmt} 객체가 아닙니다", "the top level is not a {fmt} object"),
    "not-utf8": both(
        "읽을 수 없습니다 (UTF-8 텍스트가 아닙니다)", "cannot read it (not UTF-8 text)"
    ),
    "comments": both(
        "주석이 있습니다 (JSONC). 주석을 빼고 읽었습니다",
        "has comments (JSONC); read without them",
    ),
    "top-key": both("알 수 없는 최상위 키 {key}", "unknown top-level key {key}"),
    "many-servers": both(
        "서버가 {n}개를 넘습니다. 처음 {n}개만 감사했습니다",
        "more than {n} servers; only the first {n} audited",
    ),
    "not-object": both(
        "서버 {name}은(는) 객체가 아닙니다. 건너뛰었습니다",
        "server {name} is not an object; skipped",
    ),
    "skipped": both("서버 {name}: {why}. 건너뛰었습니다", "server {name}: {why}; skipped"),
    "server-key": both("서버 {name}: 알 수 없는 키 {key}", "server {name}: unknown key {key}"),
    "twice": both(
        "서버 {name}이(가) 두 번 나옵니다. 마지막 것을 감사했습니다",
        "server {name} appears twice; the last one is audited",
    ),
    "no-servers": both("MCP 서버가 하나도 없습니다", "no MCP servers in it"),
    "more-notes": both(
        "... 이 파일에 대한 메모가 {n}개 더 있습니다", "... and {n} more notes on this file"
    ),
    "fix-json-only": both(
        "--fix는 mcpServers 모양의 JSON 설정만 고쳐 씁니다. 이 {client} 설정은 직접 고정하세요",
        "--fix rewrites only JSON configs in the mcpServers shape; "
        "pin this {client} config by hand",
    ),
    "goose-builtin": both(
        "Goose {kind} 확장입니다: 설정에서 실행하는 것이 없습니다",
        "a Goose {kind} extension: nothing is launched from the config",
    ),
    "goose-type": both(
        "Goose 확장 형식 {kind}은(는) 키트가 모릅니다",
        "Goose extension type {kind} is not known to the kit",
    ),
    "zed": both(
        "Zed 확장의 서버입니다: 명령은 확장에서 옵니다",
        "a Zed extension's server: its command comes from the extension",
    ),
    "not-string": both("{key}이(가) 문자열이 아닙니다", "{key} is not a string"),
    "not-strings": both("args가 문자열 목록이 아닙니다", "args is not a list of strings"),
    "not-string-map": both(
        "{key}이(가) 값이 모두 문자열인 객체가 아닙니다", "{key} is not an object of strings"
    ),
    "many-items": both("{key}의 항목이 {n}개를 넘습니다", "{key} has more than {n} entries"),
}


def client_text(name: str) -> Text:
    """A client's name in every language (only the kit's "unknown client" differs)."""
    return in_both(SAID, "unknown-client") if name == UNKNOWN_CLIENT else both(name, name)


def said(key: str, /, **fields: object) -> Text:
    """The line `key` of SAID in every language; a field given as a Text (a reason said in
    both languages) is filled in in the same language."""
    return {
        g: say(
            SAID, key, g, **{k: v[g] if isinstance(v, Mapping) else v for k, v in fields.items()}
        )
        for g in LANGS
    }


@dataclass(frozen=True)
class ConfigFile:
    path: Path
    client: str
    key: str  # where the servers are: "mcpServers", "mcp.servers", "mcp_servers", ...
    format: Format = "json"
    shape: Shape = "map"
    problem: Text | None = None  # why it is not read at all, found before reading (one line)


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
                why = in_both(SAID, "too-many-files", n=MAX_FOLDER_FILES)
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
    return ConfigFile(path, UNKNOWN_CLIENT, "", _FORMATS.get(path.suffix.lower(), "json"))


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
    notes: list[Text] = field(default_factory=list)
    had_comments: bool = False
    raw: bytes = b""  # the file as read, for the backup --fix keeps
    fix_blocked: Text | None = None  # why --fix must leave this file as it is, if it must


class ConfigProblem(Exception):
    """A config that cannot be read at all; the message is one line, in both languages."""

    def __init__(self, message: Text) -> None:
        super().__init__(message)

    def said(self) -> Text:
        """The message in every language."""
        message: Text = self.args[0]
        return message

    def text(self, lang: Lang | None = None) -> str:
        """The message in `lang`, by default the kit's current language."""
        return self.said()[lang or current_lang()]

    def __str__(self) -> str:
        return self.text()


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
    return UNKNOWN_CLIENT, "mcpServers" if "mcpServers" in data else "servers", "map"


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


def _launch_entry(shape: Shape, raw: dict[str, Any]) -> tuple[dict[str, Any] | None, Text | None]:
    """The entry in the kit's common shape (command, args, env, url, headers), or why there is
    nothing to launch. Keys are only moved, never checked here (`_malformed` checks them)."""
    entry = dict(raw)
    if shape == "goose":
        kind = raw.get("type", "stdio")
        if kind in ("builtin", "platform", "frontend", "inline_python"):
            return None, in_both(SAID, "goose-builtin", kind=kind)
        if kind not in ("stdio", "sse", "streamable_http"):
            return None, in_both(SAID, "goose-type", kind=repr(str(kind)[:40]))
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
            return None, in_both(SAID, "zed")
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
    return entry, None


def _malformed(entry: dict[str, Any]) -> Text | None:
    """What is wrong with a server entry's shape, if anything (not its content)."""
    for key in ("command", "url"):
        if key in entry and not isinstance(entry[key], str):
            return in_both(SAID, "not-string", key=key)
    args = entry.get("args", [])
    if not isinstance(args, list) or not all(isinstance(a, str) for a in args):
        return in_both(SAID, "not-strings")
    for key in ("env", "headers"):
        value = entry.get(key, {})
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            return in_both(SAID, "not-string-map", key=key)
    for key in ("args", "env", "headers"):
        if len(entry.get(key) or ()) > MAX_ITEMS:
            return in_both(SAID, "many-items", key=key, n=MAX_ITEMS)
    return None


def read_config_bytes(path: Path) -> tuple[bytes, list[Text]]:
    """The bytes of a config file, opened the way that cannot hang or read without end: only a
    regular file (never a FIFO or a device), at most MAX_CONFIG_BYTES. Links are followed for
    reading, and said."""
    notes: list[Text] = []
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | os.O_NOCTTY)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise ConfigProblem(in_both(SAID, "loop")) from None
        if exc.errno == errno.ENOENT:
            if path.is_symlink():
                target = os.path.realpath(path)
                raise ConfigProblem(in_both(SAID, "dangling", target=target)) from None
            raise ConfigProblem(in_both(SAID, "no-file")) from None
        if exc.errno == errno.EISDIR:
            raise ConfigProblem(in_both(SAID, "folder")) from None
        raise ConfigProblem(in_both(SAID, "cannot-open", why=exc.strerror)) from None
    st = os.fstat(fd)
    if stat.S_ISDIR(st.st_mode):  # checked before os.fdopen, which raises on a folder
        os.close(fd)
        raise ConfigProblem(in_both(SAID, "folder"))
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(st.st_mode):
            raise ConfigProblem(in_both(SAID, "not-regular"))
        if st.st_size > MAX_CONFIG_BYTES:
            raise ConfigProblem(in_both(SAID, "too-big", size=st.st_size, max=MAX_CONFIG_BYTES))
        raw = f.read(MAX_CONFIG_BYTES + 1)
    if len(raw) > MAX_CONFIG_BYTES:  # it grew while we read it
        raise ConfigProblem(in_both(SAID, "grew", max=MAX_CONFIG_BYTES))
    if path.is_symlink():
        notes.append(in_both(SAID, "symlink", target=os.path.realpath(path)))
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
                raise ConfigProblem(in_both(SAID, "alias-bomb", n=MAX_ALIAS_NODES))
            continue
        if key in sizes:
            continue
        if key in entered:
            raise ConfigProblem(in_both(SAID, "alias-loop"))
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
                raise ConfigProblem(in_both(SAID, "too-deep", n=MAX_YAML_DEPTH))
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
    try:
        if fmt == "toml":
            data, had = tomllib.loads(raw), False
        elif fmt == "yaml":
            data, had = _parse_yaml(raw), False
        else:
            data, had = _parse(raw)
    except json.JSONDecodeError as exc:
        where = {"line": exc.lineno, "column": exc.colno}
        raise ConfigProblem(said("not-valid-at", fmt="JSON", why=exc.msg, **where)) from None
    except tomllib.TOMLDecodeError as exc:
        why = str(exc).splitlines()[0]
        raise ConfigProblem(said("not-valid", fmt="TOML", why=why)) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or in_both(SAID, "unreadable")
        if mark:
            where = {"line": mark.line + 1, "column": mark.column + 1}
            raise ConfigProblem(said("not-valid-at", fmt="YAML", why=problem, **where)) from None
        raise ConfigProblem(said("not-valid", fmt="YAML", why=problem)) from None
    except RecursionError:
        raise ConfigProblem(in_both(SAID, "recursion")) from None
    except ValueError:  # past the parsers' own errors: an integer longer than Python converts
        long = in_both(SAID, "long-number")
        raise ConfigProblem(said("not-valid", fmt=fmt.upper(), why=long)) from None
    if not isinstance(data, dict):
        top = "top-table" if fmt == "toml" else "top-object"
        raise ConfigProblem(in_both(SAID, top, fmt=fmt.upper()))
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
        raise ConfigProblem(in_both(SAID, "not-utf8")) from None
    data, had_comments = _parse_any(raw, file.format)
    if not file.key:
        name, key, shape = _sniff(data)
        file = dataclasses.replace(file, client=name, key=key, shape=shape)
    if had_comments:
        notes.append(in_both(SAID, "comments"))
    if path.name in ("mcp.json", ".mcp.json"):
        notes += [in_both(SAID, "top-key", key=repr(k)) for k in data if k not in _TOP_KEYS]
    known = SERVER_KEYS | next((c.keys for c in CLIENTS if c.name == file.client), frozenset())
    servers: dict[str, dict[str, Any]] = {}
    for count, (name, raw_entry) in enumerate(_servers_in(data, file)):
        if count == MAX_SERVERS:
            notes.append(in_both(SAID, "many-servers", n=MAX_SERVERS))
            break
        shown_name = repr(name)
        if not isinstance(raw_entry, dict):
            notes.append(in_both(SAID, "not-object", name=shown_name))
            continue
        entry, why = _launch_entry(file.shape, raw_entry)
        if entry is not None:
            why = _malformed(entry)
        if entry is None or why is not None:
            notes.append(said("skipped", name=shown_name, why=why))
            continue
        notes += [
            in_both(SAID, "server-key", name=shown_name, key=repr(k))
            for k in raw_entry
            if k not in known
        ]
        if name in servers:
            notes.append(in_both(SAID, "twice", name=shown_name))
        servers[name] = entry
    if not servers:
        notes.append(in_both(SAID, "no-servers"))
    if len(notes) > MAX_NOTES:
        notes[MAX_NOTES:] = [in_both(SAID, "more-notes", n=len(notes) - MAX_NOTES)]
    blocked = None
    if file.format != "json" or file.shape != "map":
        blocked = said("fix-json-only", client=client_text(file.client))
    return LoadedConfig(file, data, servers, notes, had_comments, raw_bytes, blocked)
