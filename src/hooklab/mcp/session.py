"""A real MCP client session: start a server the way MCP clients do, list and call its tools,
and show the text that would enter the model's context, with the secret-shaped parts located.

A tool result reaches the model through more than its text items: embedded resources (text or
blob), `structuredContent`, `_meta`, resource links and error messages are all part of the view.
"""

from __future__ import annotations

import base64
import binascii
import concurrent.futures
import contextlib
import json
import logging
import shutil
import subprocess
import tempfile
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import anyio
from mcp import ClientSession, StdioServerParameters, types
from mcp.client.stdio import stdio_client
from mcp.client.streamable_http import streamable_http_client
from mcp.shared.exceptions import MCPError
from pydantic import ValidationError

from hooklab import paths
from hooklab.errors import HooklabError
from hooklab.mcp.detect import Span, highlight, mask_label
from hooklab.mcp.secrets import HOME_KIND, find_spans, split_spans
from hooklab.offline import point_at_kit
from hooklab.paths import work_dir
from hooklab.procs import HOST, free_port, listening, stop_group, wait_ready
from hooklab.safetext import shown
from hooklab.tools import last_line
from hooklab.watch.canary import Canary
from hooklab.watch.home import FakeHome, find_secrets
from hooklab.watch.runner import base_env

if TYPE_CHECKING:
    import pandas as pd

T = TypeVar("T")


@dataclass(frozen=True)
class ServerEntry:
    """One server as an MCP client config names it: a command with args and env, or a URL."""

    command: str = ""
    args: tuple[str, ...] = ()
    env: Mapping[str, str] = field(default_factory=dict)
    name: str = "server"
    url: str | None = None

    def to_config(self, *, portable: bool = False) -> dict[str, Any]:
        """The entry as a client's config holds it; `portable` writes the kit's paths as
        `<work>/…` (for showing, not for a config a client reads)."""
        if self.url:
            return {"type": "http", "url": self.url}
        show = paths.portable if portable else str
        out: dict[str, Any] = {"command": show(self.command), "args": [show(a) for a in self.args]}
        if self.env:
            out["env"] = dict(self.env)
        return out


def fixture_entry(name: str, *, http: bool = False) -> ServerEntry:
    """The config entry a user would write for an MCP fixture, pointing at its built artefact.

    With `http`, the entry's args end with `--http-port {port}` for `serve_http` to fill in.
    """
    from hooklab.fixtures import build, get_fixture

    fx = get_fixture(name)
    if fx.mechanism not in ("mcp-tool-output", "mcp-stdout"):
        raise HooklabError(f"fixture {name} is not an MCP server")
    artefacts = build(fx)
    if fx.ecosystem == "npm":
        entry = ServerEntry(
            "npx", ("-y", "--package", str(artefacts["tgz"]), fx.command), name=name
        )
    else:
        entry = ServerEntry("uvx", ("--from", str(artefacts["sdist"]), fx.command), name=name)
    if http:
        entry = ServerEntry(entry.command, (*entry.args, "--http-port", "{port}"), name=name)
    return entry


class Stage:
    """The scene for one server run: a fake home, the canary, shared package caches.

    `with Stage() as stage:` makes them and removes the scratch folder afterwards.
    """

    def __init__(self, home: FakeHome | Path | str | None = None) -> None:
        self._given = FakeHome.verify(home) if home is not None else None
        self.scratch: Path | None = None
        self.home: FakeHome | None = None
        self._canary = Canary()

    def __enter__(self) -> Stage:
        self.scratch = Path(tempfile.mkdtemp(prefix="mcp-", dir=work_dir()))
        try:
            self.home = self._given or FakeHome.create(self.scratch)
            self._canary.start()
        except BaseException:
            shutil.rmtree(self.scratch, ignore_errors=True)
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self._canary.stop()
        if self.scratch is not None:
            shutil.rmtree(self.scratch, ignore_errors=True)

    def env(self, extra: Mapping[str, str] = {}) -> dict[str, str]:
        """What the server gets: fake home and tokens, canary, caches, then the entry's env."""
        assert self.home is not None and self.scratch is not None, "use Stage in a with block"
        env = base_env(self.home, self.scratch, self._canary.port)
        cache = work_dir() / "mcp-cache"
        npmrc = (
            self.scratch / "launcher-npmrc"
        )  # the launcher's own settings, not the fake ~/.npmrc
        npmrc.touch()
        env.update(
            {
                "npm_config_cache": str(cache / "npm"),
                "NPM_CONFIG_USERCONFIG": str(npmrc),
                "UV_CACHE_DIR": str(cache / "uv"),
                "UV_NATIVE_TLS": "1",
            }
        )
        if "HOME" in extra:
            FakeHome.verify(extra["HOME"])
        env.update(extra)
        return point_at_kit(env)

    def markers(self) -> list[str]:
        folder = (self.scratch or Path("/nonexistent")) / "canary"
        return sorted(p.name.split(".")[0] for p in folder.glob("*.marker"))


Channel = Literal[
    "text", "resource", "resource-blob", "resource_link", "structuredContent", "_meta", "error"
]
MAX_BLOB = 1024 * 1024  # bytes of an embedded blob decoded for the view
MAX_WALK = 100_000  # values looked at in one structuredContent, to see if it repeats the text


@dataclass(frozen=True)
class ContextPart:
    """One piece of text a client hands to the model: a tool's description or a tool's result."""

    source: str  # "tools/list" or "tools/call"
    tool: str
    text: str
    spans: tuple[Span, ...] = ()
    is_error: bool = False
    channel: Channel = "text"


@dataclass
class SessionResult:
    """What one session saw: the server, its tools, and the text bound for the model."""

    server: str
    version: str
    tools: list[str]
    parts: list[ContextPart]
    stray_stdout: list[str] = field(default_factory=list)
    sdk_notes: list[str] = field(default_factory=list)  # the MCP SDK's warnings, one line each
    stderr: str = ""
    markers: list[str] = field(default_factory=list)
    homes: tuple[str, ...] = ()

    def context_text(self) -> str:
        return "\n".join(p.text for p in self.parts)

    def leaked(self) -> tuple[str, ...]:
        """Names of the fake secrets that reached the model's context."""
        return find_secrets(self.context_text())

    def secret_spans(self) -> list[tuple[ContextPart, Span]]:
        """Every secret-shaped value in the context (home paths aside), the kit's fakes included."""
        return [(p, s) for p in self.parts for s in p.spans if s.kind != HOME_KIND]

    def strict_problems(self) -> list[str]:
        """Why `--strict` fails, one line each: the kit's fake secrets, any other
        secret-shaped value (a real token counts), and stray stdout lines."""
        fakes = self.leaked()
        others = Counter(s.kind for _, s in self.secret_spans() if not find_secrets(s.text))
        problems = []
        if fakes:
            problems.append(f"the kit's fake secrets in the context: {', '.join(fakes)}")
        if others:
            kinds = ", ".join(f"{kind} ×{n}" for kind, n in sorted(others.items()))
            problems.append(f"other secret-shaped values in the context: {kinds}")
        if self.stray_stdout:
            problems.append(f"{len(self.stray_stdout)} non-protocol stdout line(s)")
        return problems

    def highlighted(self) -> str:
        return "\n".join(highlight(p.text, list(p.spans)) for p in self.parts)

    def excerpt(self, *, with_home: bool = False) -> str:
        """Only the lines that carry a secret-shaped part, highlighted (stable across machines)."""
        lines = []
        for part in self.parts:
            for line in part.text.splitlines():
                spans = find_spans(line, homes=self.homes)
                if not with_home:
                    spans = [s for s in spans if s.kind != "home-path"]
                if spans:
                    lines.append(f"{part.tool}: {highlight(line, spans).strip()}")
        return "\n".join(dict.fromkeys(lines))

    def findings_frame(self) -> pd.DataFrame:
        """Every secret-shaped part: where, what kind, which fake secret it is, how it is masked."""
        import pandas as pd

        rows = []
        for part in self.parts:
            for span in part.spans:
                names = find_secrets(span.text)
                rows.append(
                    {
                        "source": part.source,
                        "tool": part.tool,
                        "kind": span.kind,
                        "fake secret": ", ".join(names),
                        "masked as": mask_label(span),
                    }
                )
        cols = ["source", "tool", "kind", "fake secret", "masked as"]
        return pd.DataFrame(rows, columns=cols).drop_duplicates(ignore_index=True)

    def to_dict(self) -> dict[str, Any]:
        return {
            "server": self.server,
            "version": self.version,
            "tools": self.tools,
            "context": [
                {
                    "source": p.source,
                    "tool": p.tool,
                    "text": p.text,
                    "is_error": p.is_error,
                    "channel": p.channel,
                    "spans": [{"kind": s.kind, "start": s.start, "end": s.end} for s in p.spans],
                }
                for p in self.parts
            ],
            "leaked": list(self.leaked()),
            "secret_shaped": dict(Counter(s.kind for _, s in self.secret_spans())),
            "stray_stdout": self.stray_stdout,
            "sdk_notes": self.sdk_notes,
            "markers": self.markers,
        }


def _default_arguments(schema: Mapping[str, Any] | None) -> dict[str, Any]:
    """Plain values for a tool's required arguments, so every tool can be called once."""
    samples = {
        "string": "setup",
        "integer": 1,
        "number": 1,
        "boolean": False,
        "array": [],
        "object": {},
    }
    props = (schema or {}).get("properties", {})
    return {
        name: samples.get(props.get(name, {}).get("type", "string"), "setup")
        for name in (schema or {}).get("required", [])
    }


def _stray_line(exc: Exception) -> str:
    """The raw stdout line behind a parse error the SDK hands to the message handler."""
    if isinstance(exc, ValidationError):
        for err in exc.errors():
            if isinstance(err.get("input"), str):
                return err["input"]
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


class _SdkNotes(logging.Handler):
    """Warnings logged during a session, one line each, kept for the report."""

    def __init__(self, into: list[str]) -> None:
        super().__init__(logging.WARNING)
        self.into = into

    def emit(self, record: logging.LogRecord) -> None:
        if record.getMessage().startswith("Failed to parse JSONRPC message"):
            return  # each such line is reported as stray stdout already
        self.into.append(shown(record.getMessage().splitlines()[0])[:300])


@contextlib.contextmanager
def _sdk_notes(into: list[str]) -> Iterator[None]:
    """Route the SDK's and asyncio's log records during a session (the SDK logs parse errors with
    a traceback, and a server it gives up stopping) into `into` instead of stderr: the kit
    reports them itself."""
    handler = _SdkNotes(into)
    loggers = [logging.getLogger(name) for name in ("mcp", "asyncio")]
    before = [logger.propagate for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.propagate = False
    try:
        yield
    finally:
        for logger, propagate in zip(loggers, before, strict=True):
            logger.removeHandler(handler)
            logger.propagate = propagate


async def _converse(
    read: Any, write: Any, calls: Mapping[str, Mapping[str, Any]] | None, homes: tuple[str, ...]
) -> SessionResult:
    stray: list[str] = []

    async def on_message(message: Any) -> None:
        if isinstance(message, Exception):
            stray.append(_stray_line(message))

    async with ClientSession(read, write, message_handler=on_message) as session:
        init = await session.initialize()
        listed = (await session.list_tools()).tools
        parts = [
            ContextPart("tools/list", t.name, text, tuple(find_spans(text, homes=homes)))
            for t in listed
            for text in [f"{t.name}: {t.description or ''}"]
        ]
        wanted = (
            calls
            if calls is not None
            else {t.name: _default_arguments(t.input_schema) for t in listed}
        )
        for name, arguments in wanted.items():
            try:
                result = await session.call_tool(name, dict(arguments))
            except MCPError as exc:
                parts.append(_error_part(name, exc, homes))
                continue
            parts += result_parts(name, result, homes)
        info = init.server_info
        return SessionResult(info.name, info.version or "", [t.name for t in listed], parts, stray)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _leaves(value: Any) -> list[tuple[str, Any]] | None:
    """A JSON value's leaves with their paths (`items[0].name`), in order; None when it holds
    more than MAX_WALK values."""
    out: list[tuple[str, Any]] = []
    todo: list[tuple[str, Any]] = [("", value)]
    while todo:
        if len(out) + len(todo) > MAX_WALK:
            return None
        path, item = todo.pop()
        if isinstance(item, dict):
            todo += reversed([(f"{path}.{k}" if path else str(k), v) for k, v in item.items()])
        elif isinstance(item, list):
            todo += reversed([(f"{path}[{i}]", v) for i, v in enumerate(item)])
        else:
            out.append((path, item))
    return out


def _flat(value: Any) -> str:
    """A JSON value as `path: value` lines, strings unescaped, so a secret inside reads as it
    would in a file (and a key like `password` gives its value away)."""
    leaves = _leaves(value)
    if leaves is None:
        return _json(value)
    return "\n".join(f"{p}: {v if isinstance(v, str) else _json(v)}" for p, v in leaves)


def _repeats(value: Any, text: str) -> bool:
    """Does a structuredContent only repeat the text items (FastMCP wraps them in {"result"})?"""
    leaves = _leaves(value)
    return (
        leaves is not None
        and all(not isinstance(v, str) or v in text for _, v in leaves)
        and not any(find_spans(p) for p, _ in leaves)
    )


def _blob_text(blob: str) -> str:
    try:
        data = base64.b64decode(blob[: MAX_BLOB * 4 // 3 + 4], validate=False)
    except (ValueError, binascii.Error):
        return blob
    return data.decode("utf-8", "replace")


def _item_parts(item: Any) -> list[tuple[Channel, str]]:
    """What one content item puts before the model, channel by channel (text items aside)."""
    out: list[tuple[Channel, str]] = []
    if isinstance(item, types.EmbeddedResource):
        res = item.resource
        if isinstance(res, types.TextResourceContents):
            out.append(("resource", f"{res.uri}\n{res.text}"))
        elif isinstance(res, types.BlobResourceContents):
            out.append(("resource-blob", f"{res.uri}\n{_blob_text(res.blob)}"))
        if res.meta:
            out.append(("_meta", _flat(res.meta)))
    elif isinstance(item, types.ResourceLink):
        fields = (item.name, item.title, str(item.uri), item.description)
        out.append(("resource_link", " ".join(f for f in fields if f)))
    if getattr(item, "meta", None):
        out.append(("_meta", _flat(item.meta)))
    return out


def result_parts(
    tool: str, result: types.CallToolResult, homes: tuple[str, ...] = ()
) -> list[ContextPart]:
    """Every channel of one tool result as context parts, with its secret-shaped spans. The
    text items are searched as one text (a secret split between two is found); the
    `structuredContent` is left out when it only repeats them."""
    texts = [b.text for b in result.content if isinstance(b, types.TextContent)]
    spans = split_spans(texts, find_spans("".join(texts), homes=homes))
    error = bool(result.is_error)
    parts = [
        ContextPart("tools/call", tool, text, tuple(found), error)
        for text, found in zip(texts, spans, strict=True)
    ]
    extra = [pair for item in result.content for pair in _item_parts(item)]
    structured = result.structured_content
    if structured is not None and not _repeats(structured, "".join(texts)):
        extra.append(("structuredContent", _flat(structured)))
    if result.meta:
        extra.append(("_meta", _flat(result.meta)))
    parts += [
        ContextPart("tools/call", tool, text, tuple(find_spans(text, homes=homes)), error, channel)
        for channel, text in extra
    ]
    return parts


def _error_part(tool: str, exc: MCPError, homes: tuple[str, ...]) -> ContextPart:
    """A JSON-RPC error answer to a tool call: its message and data reach the model too."""
    text = exc.message if exc.data is None else f"{exc.message}\n{_flat(exc.data)}"
    return ContextPart(
        "tools/call", tool, text, tuple(find_spans(text, homes=homes)), True, "error"
    )


def _first_leaf(exc: BaseException) -> BaseException:
    while isinstance(exc, BaseExceptionGroup) and exc.exceptions:
        exc = exc.exceptions[0]
    return exc


def _run_sync(fn: Callable[[], Awaitable[T]]) -> T:
    """Run an async function to the end from sync code, also inside Jupyter's running loop."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(anyio.run, fn).result()


def run_session(
    entry: ServerEntry,
    *,
    calls: Mapping[str, Mapping[str, Any]] | None = None,
    home: FakeHome | Path | str | None = None,
    stage: Stage | None = None,
    timeout: float = 300,
) -> SessionResult:
    """Start `entry` (or connect to its URL), initialize, list tools, call them, and stop it.

    `calls` maps tool names to arguments; by default every tool is called once with plain
    values for its required arguments. The server always runs with a fake home and the canary;
    it is stopped when the session ends, also on error.
    """
    with contextlib.ExitStack() as stack:
        stage = stage or stack.enter_context(Stage(home))
        assert stage.home is not None and stage.scratch is not None
        homes = (str(stage.home.path),)
        errlog_path = stage.scratch / f"{entry.name}.stderr"
        notes: list[str] = []

        async def go() -> SessionResult:
            with anyio.fail_after(timeout):
                if entry.url:
                    async with streamable_http_client(entry.url) as (read, write):
                        return await _converse(read, write, calls, homes)
                params = StdioServerParameters(
                    command=entry.command,
                    args=list(entry.args),
                    env=stage.env(entry.env),
                    cwd=str(stage.scratch),
                )
                with errlog_path.open("w") as errlog:
                    async with stdio_client(params, errlog=errlog) as (read, write):
                        return await _converse(read, write, calls, homes)

        try:
            with _sdk_notes(notes):
                result = _run_sync(go)
        except BaseException as exc:  # noqa: BLE001 - turned into one line below
            leaf = _first_leaf(exc)
            if isinstance(leaf, KeyboardInterrupt):
                raise leaf from None
            stderr = errlog_path.read_text(errors="replace") if errlog_path.exists() else ""
            what = (
                "timed out" if isinstance(leaf, TimeoutError) else str(leaf) or type(leaf).__name__
            )
            where = entry.url or " ".join([entry.command, *entry.args])
            raise HooklabError(
                f"MCP session with {where} failed: {what} (server stderr: {last_line(stderr)})"
            ) from None
        result.stderr = errlog_path.read_text(errors="replace") if errlog_path.exists() else ""
        result.sdk_notes = notes
        result.markers = stage.markers()
        result.homes = homes
        return result


@contextlib.contextmanager
def serve_http(entry: ServerEntry, stage: Stage, *, timeout: float = 300) -> Iterator[ServerEntry]:
    """Start `entry` as a streamable-HTTP server on 127.0.0.1 and yield an entry with its URL.

    Every `{port}` in the args becomes a free loopback port. The server (its whole process
    group) is stopped when the block ends, also on error.
    """
    port = free_port()
    args = [a.replace("{port}", str(port)) for a in entry.args]
    assert stage.scratch is not None, "use Stage in a with block"
    errlog = (stage.scratch / f"{entry.name}-http.stderr").open("w")
    try:
        proc = subprocess.Popen(
            [entry.command, *args],
            env=stage.env(entry.env),
            cwd=stage.scratch,
            stdin=subprocess.DEVNULL,
            stdout=errlog,
            stderr=errlog,
            start_new_session=True,
        )
    except OSError as exc:
        errlog.close()
        raise HooklabError(f"cannot start {entry.command}: {exc.strerror}") from None
    try:
        state = wait_ready(lambda: listening(port), timeout, proc)
        if state == "exited":
            text = Path(errlog.name).read_text(errors="replace")
            raise HooklabError(f"the HTTP server exited early: {last_line(text)}")
        if state == "timed out":
            raise HooklabError(f"the HTTP server did not listen on {HOST}:{port} in time")
        yield ServerEntry(name=entry.name, url=f"http://{HOST}:{port}/mcp")
    finally:
        stop_group(proc.pid)
        proc.wait()
        errlog.close()
