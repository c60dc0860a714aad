"""A real MCP client session: start a server the way MCP clients do (with a fake home and the
canary, on a Stage of its own), list and call its tools, and stop it. What the session hands to
the model, channel by channel, is hooklab.mcp.context."""

from __future__ import annotations

import concurrent.futures
import contextlib
import logging
import shutil
import subprocess
import tempfile
from collections.abc import Awaitable, Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import anyio
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.client.streamable_http import streamable_http_client
from mcp.shared.exceptions import MCPError
from pydantic import ValidationError

from hooklab import paths
from hooklab.errors import HooklabError
from hooklab.lang import both
from hooklab.mcp.context import ContextPart, SessionResult, error_part, result_parts
from hooklab.mcp.guard import cannot_start
from hooklab.mcp.secrets import find_spans
from hooklab.offline import point_at_kit
from hooklab.paths import work_dir
from hooklab.procs import HOST, free_port, listening, stop_group, wait_ready
from hooklab.safetext import shown
from hooklab.tools import last_line
from hooklab.watch.canary import Canary
from hooklab.watch.home import FakeHome
from hooklab.watch.runner import base_env
from hooklab.watch.sandbox.srt import STARTS, pause_before, startup_race

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
        raise HooklabError(
            both(f"픽스처 {name}은(는) MCP 서버가 아닙니다", f"fixture {name} is not an MCP server")
        )
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

    The server's TMPDIR is a short folder of its own under the system's temp folder, not one
    inside the scratch: a program may make unix sockets there (srt makes its proxy bridges'),
    and a socket's path may not pass 107 bytes, which a work folder a few levels deep exceeds.
    """

    def __init__(self, home: FakeHome | Path | str | None = None) -> None:
        self._given = FakeHome.verify(home) if home is not None else None
        self.scratch: Path | None = None
        self.tmp: Path | None = None
        self.home: FakeHome | None = None
        self._canary = Canary()

    def __enter__(self) -> Stage:
        self.scratch = Path(tempfile.mkdtemp(prefix="mcp-", dir=work_dir()))
        self.tmp = Path(tempfile.mkdtemp(prefix="hooklab-mcp-"))
        try:
            self.home = self._given or FakeHome.create(self.scratch)
            self._canary.start()
        except BaseException:
            self._remove()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self._canary.stop()
        self._remove()

    def _remove(self) -> None:
        for folder in (self.scratch, self.tmp):
            if folder is not None:
                shutil.rmtree(folder, ignore_errors=True)

    def env(self, extra: Mapping[str, str] = {}) -> dict[str, str]:
        """What the server gets: fake home and tokens, canary, caches, then the entry's env."""
        home, scratch, tmp = self.home, self.scratch, self.tmp
        assert home is not None and scratch is not None and tmp is not None, "use Stage in with"
        env = base_env(home, scratch, self._canary.port)
        env["TMPDIR"] = str(tmp)
        cache = work_dir() / "mcp-cache"
        npmrc = scratch / "launcher-npmrc"  # the launcher's own settings, not the fake ~/.npmrc
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
                parts.append(error_part(name, exc, homes))
                continue
            parts += result_parts(name, result, homes)
        info = init.server_info
        return SessionResult(info.name, info.version or "", [t.name for t in listed], parts, stray)


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

        result: SessionResult | None = None
        for start in range(1, STARTS + 1):
            try:
                with _sdk_notes(notes):
                    result = _run_sync(go)
                break
            except BaseException as exc:  # noqa: BLE001 - turned into one line below
                leaf = _first_leaf(exc)
                if isinstance(leaf, KeyboardInterrupt):
                    raise leaf from None
                stderr = errlog_path.read_text(errors="replace") if errlog_path.exists() else ""
                if start < STARTS and startup_race(stderr):
                    notes.append(f"{last_line(stderr)}: srt started again (start {start + 1})")
                    pause_before(start + 1)
                    continue
                leaf_said = str(leaf) or repr(leaf)
                timed_out = isinstance(leaf, TimeoutError)
                what = both("시간 초과", "timed out") if timed_out else both(leaf_said, leaf_said)
                where = entry.url or " ".join([entry.command, *entry.args])
                said = last_line(stderr)
                raise HooklabError(
                    both(
                        f"{where}와(과)의 MCP 세션이 실패했습니다: {what['ko']}"
                        f" (서버 stderr: {said})",
                        f"MCP session with {where} failed: {what['en']} (server stderr: {said})",
                    )
                ) from None
        assert result is not None
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
        raise cannot_start(entry.command, exc) from None
    try:
        state = wait_ready(lambda: listening(port), timeout, proc)
        if state == "exited":
            text = Path(errlog.name).read_text(errors="replace")
            said = last_line(text)
            raise HooklabError(
                both(
                    f"HTTP 서버가 일찍 끝났습니다: {said}", f"the HTTP server exited early: {said}"
                )
            )
        if state == "timed out":
            raise HooklabError(
                both(
                    f"HTTP 서버가 제때 {HOST}:{port}에서 연결을 받지 않았습니다",
                    f"the HTTP server did not listen on {HOST}:{port} in time",
                )
            )
        yield ServerEntry(name=entry.name, url=f"http://{HOST}:{port}/mcp")
    finally:
        stop_group(proc.pid)
        proc.wait()
        errlog.close()
