"""MCP session figures with the real SDK client and the fixture servers: start + `initialize` +
`list_tools` over stdio and streamable HTTP on 127.0.0.1, one tool call's round trip on an open
session, the output guard's cost (in-process masking, and as a proxy in the session), and the
server's peak memory.

Warm caches: each server runs once untimed first. `run_session` closes its session after one
call per tool, so the timed sessions open the SDK client the same way (the `Stage`'s env, the
fixture's command, `serve_http`) and keep it open for the repeated calls.
"""

from __future__ import annotations

import json
import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import anyio
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.client.streamable_http import streamable_http_client

from hooklab.mcp import ServerEntry, Stage, fixture_entry, run_session, serve_http
from hooklab.mcp.guard import GuardReport, GuardRules, guard_line, guarded_entry
from hooklab.watch.home import FAKE_ENV, FAKE_SECRETS

ROUNDS = 3
CALLS = 10
MASK_REPEAT = 20
SECRET_ENV = ("GITHUB_TOKEN",)


@dataclass
class Sample:
    """One timed session: seconds to ready, each call's round trip, the last output, peak RSS."""

    ready: float
    calls: list[float]
    output: str
    peak_kb: dict[int, tuple[str, int]]  # pid -> (name, VmHWM in kB) for the server's processes
    home: str = ""  # the fake home the server ran with


def _children() -> list[int]:
    """Every process below this one: the launcher, the server, the guard."""
    parents: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        parents.setdefault(ppid, []).append(int(stat.parent.name))
    found, todo = [], [os.getpid()]
    while todo:
        kids = parents.get(todo.pop(), [])
        found += kids
        todo += kids
    return found


def _peak_rss() -> dict[int, tuple[str, int]]:
    peaks = {}
    for pid in _children():
        try:
            fields = dict(
                line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines()
            )
        except OSError:
            continue
        if "VmHWM" in fields:
            peaks[pid] = (fields["Name"].strip(), int(fields["VmHWM"].split()[0]))
    return peaks


async def _converse(read: Any, write: Any, started: float, tool: str) -> Sample:
    async with ClientSession(read, write) as session:
        await session.initialize()
        await session.list_tools()
        ready = time.perf_counter() - started
        calls = []
        for _ in range(CALLS):
            start = time.perf_counter()
            result = await session.call_tool(tool, {})
            calls.append(time.perf_counter() - start)
        output = "\n".join(getattr(b, "text", "") for b in result.content)
        return Sample(ready, calls, output, _peak_rss())


def _stdio(entry: ServerEntry, tool: str) -> Sample:
    with Stage() as stage:
        assert stage.scratch is not None and stage.home is not None
        params = StdioServerParameters(
            command=entry.command,
            args=list(entry.args),
            env=stage.env(entry.env),
            cwd=str(stage.scratch),
        )

        async def go() -> Sample:
            started = time.perf_counter()
            with (stage.scratch / "server.stderr").open("w") as errlog:
                async with stdio_client(params, errlog=errlog) as (read, write):
                    return await _converse(read, write, started, tool)

        sample = anyio.run(go)
        sample.home = str(stage.home.path)
        return sample


def _http(entry: ServerEntry, tool: str) -> Sample:
    with Stage() as stage:
        assert stage.home is not None
        started = time.perf_counter()
        with serve_http(entry, stage) as remote:
            assert remote.url is not None

            async def go() -> Sample:
                async with streamable_http_client(remote.url) as (read, write):
                    return await _converse(read, write, started, tool)

            sample = anyio.run(go)
        sample.home = str(stage.home.path)
        return sample


def _median_ms(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def _report(label: str, samples: list[Sample]) -> float:
    """Print one transport's figures; return its median call round trip in ms."""
    ready = statistics.median(s.ready for s in samples)
    call_ms = statistics.median(t for s in samples for t in s.calls) * 1000
    print(f"{label}: start + initialize + list_tools {ready:.2f} s (median of {len(samples)})")
    print(
        f"{label}: one tools/call round trip {call_ms:.1f} ms "
        f"(median of {CALLS} calls x {len(samples)} sessions)"
    )
    peaks = samples[-1].peak_kb.values()  # parents before children: launcher first
    if peaks:
        chain = " -> ".join(f"{name} {kb / 1024:.0f} MB" for name, kb in peaks)
        print(f"{label}: peak RSS (VmHWM) per process, launcher first: {chain}")
    return call_ms


def _big_text(size: int = 1_000_000) -> tuple[str, int]:
    """`size` characters of log-like lines with each fake secret planted once, as it appears
    in the fake home (the ssh key in its PEM block, the others as NAME=value)."""
    filler = "".join(
        f"step {i:06d}: compiled src/module_{i % 97}.py in {i % 13} ms, cache hit\n"
        for i in range(size // 50)
    )[:size]
    planted = [
        f"-----BEGIN OPENSSH PRIVATE KEY-----\n{value}\n-----END OPENSSH PRIVATE KEY-----\n"
        if name == "ssh_private_key"
        else f"{name.upper()}={value}\n"
        for name, value in FAKE_SECRETS.items()
    ]
    chunk = len(filler) // (len(planted) + 1)
    parts = [filler[i * chunk : (i + 1) * chunk] + planted[i] for i in range(len(planted))]
    return "".join(parts) + filler[len(planted) * chunk :], len(planted)


def _message(text: str) -> str:
    """A tools/call result as the server writes it on stdout: one JSON-RPC line."""
    result = {"content": [{"type": "text", "text": text}], "isError": False}
    return json.dumps({"jsonrpc": "2.0", "id": 7, "result": result})


def _guard_cost(sample: Sample, call_ms: float) -> None:
    """The guard's masking on its own, with the rules the proxy would use for that session."""
    rules = GuardRules.from_env({"HOME": sample.home, **FAKE_ENV}, SECRET_ENV)
    output = sample.output
    line = _message(output)
    one_ms = _median_ms(lambda: guard_line(line, rules, GuardReport()), MASK_REPEAT)
    print(
        f"guard: masking one tool output ({len(output) / 1024:.1f} KB) {one_ms:.2f} ms "
        f"(median of {MASK_REPEAT}) = {one_ms / call_ms:.1%} of the stdio call round trip"
    )
    big, planted = _big_text()
    big_line = _message(big)
    big_ms = _median_ms(lambda: guard_line(big_line, rules, GuardReport()), ROUNDS)
    report = GuardReport()
    masked = json.loads(guard_line(big_line, rules, report) or "null")["result"]
    left = sum(v in masked["content"][0]["text"] for v in FAKE_SECRETS.values())
    print(
        f"guard: masking {len(big) / 1e6:.1f} MB of text {big_ms:.0f} ms (median of {ROUNDS}); "
        f"{sum(report.masked.values())} values masked, {planted - left} of {planted} "
        f"planted fake secrets gone"
    )


def main() -> None:
    uvx = fixture_entry("mcp-uvx-leaky")
    npx = fixture_entry("mcp-npx-leaky")
    http = fixture_entry("mcp-uvx-leaky", http=True)
    tools = {}
    for entry in (uvx, npx):  # warm the launchers' caches; learn each server's tool
        tools[entry.name] = run_session(entry, calls={}).tools[0]

    runs = (
        ("uvx stdio", lambda: _stdio(uvx, tools[uvx.name])),
        ("uvx streamable HTTP", lambda: _http(http, tools[uvx.name])),
        ("uvx stdio behind the guard", lambda: _stdio(guarded_entry(uvx), tools[uvx.name])),
        ("npx stdio (Node SDK)", lambda: _stdio(npx, tools[npx.name])),
    )
    results = {}
    for label, run in runs:
        samples = [run() for _ in range(ROUNDS)]
        results[label] = (_report(label, samples), samples[-1])

    plain_ms, plain = results["uvx stdio"]
    guarded_ms = results["uvx stdio behind the guard"][0]
    print(
        f"guard: the proxy adds {guarded_ms - plain_ms:.1f} ms per tools/call round trip "
        f"({guarded_ms / plain_ms:.1f}x the plain stdio call)"
    )
    _guard_cost(plain, plain_ms)


if __name__ == "__main__":
    main()
