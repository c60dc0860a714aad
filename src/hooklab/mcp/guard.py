"""An output guard: a stdio MCP proxy that masks secret-shaped values on their way to the client.

The guard starts the real server as its child, passes the client's messages through untouched,
and for every message the server sends back masks each string value (key and token patterns,
private-key blocks, the values of env vars marked secret, home paths). Lines on the server's
stdout that are not protocol messages are dropped and reported, masked, on stderr.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import pandas as pd

from hooklab.errors import HooklabError
from hooklab.mcp.detect import find_spans, mask
from hooklab.mcp.session import ServerEntry, SessionResult, run_session
from hooklab.watch.home import FAKE_SECRETS


@dataclass
class GuardRules:
    """What the guard masks beyond the built-in patterns."""

    secret_values: tuple[str, ...] = ()
    homes: tuple[str, ...] = ()

    @classmethod
    def from_env(cls, env: Mapping[str, str], secret_env: Sequence[str] = ()) -> GuardRules:
        values = tuple(env[name] for name in secret_env if env.get(name))
        return cls(values, (env["HOME"],) if env.get("HOME") else ())

    def mask_text(self, text: str, counts: Counter[str] | None = None) -> str:
        spans = find_spans(text, secret_values=self.secret_values, homes=self.homes)
        if counts is not None:
            counts.update(s.kind for s in spans)
        return mask(text, spans)


@dataclass
class GuardReport:
    masked: Counter[str] = field(default_factory=Counter)  # kind -> how many values were masked
    dropped: list[str] = field(default_factory=list)  # non-protocol stdout lines, masked

    def to_dict(self) -> dict[str, Any]:
        return {"masked": dict(sorted(self.masked.items())), "dropped": self.dropped}


def _mask_value(value: Any, rules: GuardRules, counts: Counter[str]) -> Any:
    if isinstance(value, str):
        return rules.mask_text(value, counts)
    if isinstance(value, list):
        return [_mask_value(v, rules, counts) for v in value]
    if isinstance(value, dict):
        return {k: _mask_value(v, rules, counts) for k, v in value.items()}
    return value


def is_protocol_message(obj: Any) -> bool:
    """True for a JSON-RPC 2.0 message (or a batch of them), which is all stdio may carry."""
    if isinstance(obj, list):
        return bool(obj) and all(is_protocol_message(o) for o in obj)
    return isinstance(obj, dict) and obj.get("jsonrpc") == "2.0"


def guard_line(line: str, rules: GuardRules, report: GuardReport) -> str | None:
    """The masked form of one server stdout line, or None when it is not a protocol message."""
    try:
        obj = json.loads(line)
    except ValueError:
        obj = None
    if not is_protocol_message(obj):
        if line.strip():
            report.dropped.append(rules.mask_text(line.rstrip("\n")))
        return None
    messages = obj if isinstance(obj, list) else [obj]
    masked = [
        {
            k: v if k in ("jsonrpc", "id", "method") else _mask_value(v, rules, report.masked)
            for k, v in m.items()
        }
        for m in messages
    ]
    return json.dumps(masked if isinstance(obj, list) else masked[0], ensure_ascii=False)


def _pump(src: IO[bytes], dst: IO[bytes]) -> None:
    """Copy the client's lines to the server unchanged; close the server's stdin at the end."""
    try:
        for line in iter(src.readline, b""):
            dst.write(line)
            dst.flush()
    except (OSError, ValueError):
        pass
    finally:
        try:
            dst.close()
        except OSError:
            pass


def _pump_stderr(src: IO[bytes], dst: IO[str], rules: GuardRules) -> None:
    for raw in iter(src.readline, b""):
        dst.write(rules.mask_text(raw.decode("utf-8", "replace")))
        dst.flush()


def run_guard(
    argv: Sequence[str],
    *,
    secret_env: Sequence[str] = (),
    report_path: Path | None = None,
    client_in: IO[bytes] | None = None,
    client_out: IO[bytes] | None = None,
) -> int:
    """Run `argv` as the upstream server and proxy stdio between it and our client."""
    if not argv:
        raise HooklabError("nothing to guard: give the server command after --")
    rules = GuardRules.from_env(os.environ, secret_env)
    missing = [name for name in secret_env if name not in os.environ]
    if missing:
        print(f"hooklab guard: not set, nothing to mask: {', '.join(missing)}", file=sys.stderr)
    client_in = client_in or sys.stdin.buffer
    client_out = client_out or sys.stdout.buffer
    try:
        proc = subprocess.Popen(
            list(argv), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
    except OSError as exc:
        raise HooklabError(f"cannot start {argv[0]}: {exc.strerror}") from None
    report = GuardReport()
    assert proc.stdin and proc.stdout and proc.stderr
    threads = [
        threading.Thread(target=_pump, args=(client_in, proc.stdin), daemon=True),
        threading.Thread(target=_pump_stderr, args=(proc.stderr, sys.stderr, rules), daemon=True),
    ]
    for t in threads:
        t.start()
    try:
        for raw in iter(proc.stdout.readline, b""):
            out = guard_line(raw.decode("utf-8", "replace"), rules, report)
            if out is None:
                print(
                    f"hooklab guard: dropped a non-protocol stdout line: {report.dropped[-1]}",
                    file=sys.stderr,
                    flush=True,
                )
                continue
            client_out.write(out.encode() + b"\n")
            client_out.flush()
    except (BrokenPipeError, KeyboardInterrupt):
        pass
    finally:
        if proc.poll() is None:
            proc.terminate()
        code = proc.wait()
        threads[1].join(timeout=2)
        if report_path is not None:
            report_path.write_text(json.dumps(report.to_dict(), ensure_ascii=False, indent=1))
    return code


def guarded_entry(
    entry: ServerEntry, *, secret_env: Sequence[str] = (), report: Path | None = None
) -> ServerEntry:
    """The same server behind the guard: what you would put in a client's config instead."""
    args = [sys.executable, "-m", "hooklab.cli", "mcp", "guard"]
    for name in secret_env:
        args += ["--secret-env", name]
    if report is not None:
        args += ["--report", str(report)]
    return ServerEntry(
        args[0], (*args[1:], "--", entry.command, *entry.args), entry.env, entry.name
    )


def load_report(path: Path) -> GuardReport:
    data = json.loads(path.read_text())
    return GuardReport(Counter(data.get("masked", {})), list(data.get("dropped", [])))


def before_after(before: SessionResult, after: SessionResult) -> pd.DataFrame:
    """For each fake secret: did it reach the model's context without the guard, and with it?"""
    plain, guarded = set(before.leaked()), set(after.leaked())
    rows = [
        {"fake secret": name, "without guard": name in plain, "with guard": name in guarded}
        for name in FAKE_SECRETS
    ]
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class StdoutCheck:
    """Whether a server's stdout carried only protocol messages during one session."""

    server: str
    ok: bool
    stray: tuple[str, ...]

    def __str__(self) -> str:
        if self.ok:
            return f"{self.server}: stdout carried only MCP protocol messages"
        count = len(self.stray)
        return f"{self.server}: {count} non-protocol line(s) on stdout, first: {self.stray[0]}"


def check_stdout(entry: ServerEntry, **session_kwargs: Any) -> StdoutCheck:
    """Run one real session and report any stdout line that was not a protocol message."""
    result = run_session(entry, **session_kwargs)
    rules = GuardRules(homes=result.homes)
    stray = tuple(rules.mask_text(line) for line in result.stray_stdout)
    return StdoutCheck(entry.name, not stray, stray)
