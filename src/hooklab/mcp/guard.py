"""An output guard: a stdio MCP proxy that masks secret-shaped values on their way to the client.

The guard starts the real server as its child, passes the client's messages through untouched,
and for every message the server sends back masks each string, keys included (the rules of
`hooklab.mcp.secrets`, the values of env vars marked secret, home paths); the text items of one
result are searched as one text, so a secret split between two is masked in both. Lines on the
server's stdout that are not protocol messages are dropped and reported, masked, on stderr. A
message the guard cannot inspect (nested too deep, too long) is never passed on: the client gets
a one-line JSON-RPC error for it instead.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import re
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from hooklab.errors import HooklabError
from hooklab.lang import Catalogue, both, say
from hooklab.mcp.detect import Span, mask
from hooklab.mcp.secrets import find_spans, split_spans
from hooklab.safetext import shown
from hooklab.volatile import steady
from hooklab.watch.home import FAKE_SECRETS

if TYPE_CHECKING:  # the proxy itself needs neither: it starts without pandas or the MCP SDK
    import pandas as pd

    from hooklab.mcp.context import SessionResult
    from hooklab.mcp.session import ServerEntry

MAX_DEPTH = 64  # MCP results nest a few levels; deeper is refused, not recursed into
MAX_LINE = 32 * 1024 * 1024  # bytes in one stdout line; a longer message is withheld
ID_REACH = 4096  # characters at the start of an unreadable message searched for its id
_WITHHELD = -32603  # JSON-RPC "internal error": what the client gets for a withheld message


class Uninspectable(Exception):
    """A server message the guard cannot look into, so it must not pass on."""


@dataclass
class GuardRules:
    """What the guard masks beyond the built-in patterns."""

    secret_values: tuple[str, ...] = ()
    homes: tuple[str, ...] = ()

    @classmethod
    def from_env(cls, env: Mapping[str, str], secret_env: Sequence[str] = ()) -> GuardRules:
        values = tuple(env[name] for name in secret_env if env.get(name))
        return cls(values, (env["HOME"],) if env.get("HOME") else ())

    def spans(self, text: str, name: str | None = None) -> list[Span]:
        return find_spans(text, secret_values=self.secret_values, homes=self.homes, name=name)

    def mask_text(
        self, text: str, counts: Counter[str] | None = None, name: str | None = None
    ) -> str:
        """`text` masked; `name` is the key it is stored under, if any."""
        spans = self.spans(text, name)
        if counts is not None:
            counts.update(s.kind for s in spans)
        return mask(text, spans)

    def mask_texts(self, texts: Sequence[str], counts: Counter[str]) -> list[str]:
        """Texts read one after another: searched as one text, so a secret split between two is
        found, and each on its own too, since in the joined text a pattern can run on from one
        secret into the next and hide where the next one starts."""
        spans = self.spans("".join(texts))
        counts.update(s.kind for s in spans)
        out = []
        for text, shared in zip(texts, split_spans(texts, spans), strict=True):
            own = self.spans(text)
            counts.update(s.kind for s in _apart(own, shared))
            out.append(mask(text, _union(text, [*shared, *own])))
        return out


def _apart(spans: list[Span], others: list[Span]) -> list[Span]:
    """The spans that overlap none of `others` (both sorted by start, `others` disjoint)."""
    kept, at = [], 0
    for span in spans:
        while at < len(others) and others[at].end <= span.start:
            at += 1
        if at == len(others) or others[at].start >= span.end:
            kept.append(span)
    return kept


def _union(text: str, spans: list[Span]) -> list[Span]:
    """Overlapping spans merged into one (the first one's kind), in order: one sort, one sweep."""
    merged: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if merged and span.start < merged[-1].end:
            last = merged[-1]
            if span.end > last.end:
                merged[-1] = Span(last.start, span.end, last.kind, text[last.start : span.end])
        else:
            merged.append(span)
    return merged


@dataclass
class GuardReport:
    masked: Counter[str] = field(default_factory=Counter)  # kind -> how many values were masked
    dropped: list[str] = field(default_factory=list)  # non-protocol stdout lines, masked
    withheld: list[str] = field(default_factory=list)  # why a protocol message was not passed on

    def to_dict(self) -> dict[str, Any]:
        return {
            "masked": dict(sorted(self.masked.items())),
            "dropped": self.dropped,
            "withheld": self.withheld,
        }


def _is_text_item(item: Any) -> bool:
    return (
        isinstance(item, dict) and item.get("type") == "text" and isinstance(item.get("text"), str)
    )


def _mask_list(items: list[Any], rules: GuardRules, counts: Counter[str], depth: int) -> list[Any]:
    """Each item masked; two or more text items (one result's content) are masked as one text."""
    texts = [i for i, item in enumerate(items) if _is_text_item(item)]
    if len(texts) < 2:
        return [_mask_value(v, rules, counts, depth + 1) for v in items]
    masked = rules.mask_texts([items[i]["text"] for i in texts], counts)
    joined = dict(zip(texts, masked, strict=True))
    out = []
    for i, item in enumerate(items):
        if i not in joined:
            out.append(_mask_value(item, rules, counts, depth + 1))
            continue
        rest = {k: v for k, v in item.items() if k != "text"}
        out.append({**_mask_value(rest, rules, counts, depth + 1), "text": joined[i]})
    return out


def _mask_blob(blob: str, rules: GuardRules, counts: Counter[str]) -> str:
    """A base64 blob (an embedded resource) that decodes to text is masked as text."""
    try:
        text = base64.b64decode(blob, validate=True).decode("utf-8")
    except (ValueError, binascii.Error):
        return blob  # binary: images, archives; nothing a model reads as text
    masked = rules.mask_text(text, counts)
    return blob if masked == text else base64.b64encode(masked.encode()).decode()


def _mask_value(
    value: Any, rules: GuardRules, counts: Counter[str], depth: int = 0, name: str | None = None
) -> Any:
    if depth > MAX_DEPTH:
        raise Uninspectable(f"nested deeper than {MAX_DEPTH} levels")
    if isinstance(value, str):
        return rules.mask_text(value, counts, name)
    if isinstance(value, list):
        return _mask_list(value, rules, counts, depth)
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            masked_key = rules.mask_text(key, counts)
            while masked_key in out:  # two keys masked alike both stay
                masked_key += "'"
            if key == "blob" and isinstance(item, str):
                out[masked_key] = _mask_blob(item, rules, counts)
            else:
                out[masked_key] = _mask_value(item, rules, counts, depth + 1, key)
        return out
    return value


def is_protocol_message(obj: Any) -> bool:
    """True for a JSON-RPC 2.0 message (or a batch of them), which is all stdio may carry."""
    batch = obj if isinstance(obj, list) else [obj]
    return bool(batch) and all(isinstance(m, dict) and m.get("jsonrpc") == "2.0" for m in batch)


_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')
_ID_VALUE = re.compile(r'\s*:\s*(-?\d{1,18}(?![\d.eE])|"(?:[^"\\\x00-\x1f]|\\.){0,256}")')


def _top_level_id(line: str) -> int | str | None:
    """The "id" of the outermost object of a JSON line that could not be parsed as a whole,
    looked for in the line's head (SDKs write it first) by its tokens: strings and brackets."""
    head, depth = line[:ID_REACH], 0
    for token in _JSON_TOKEN.finditer(head):
        text = token.group()
        if text in "[{":
            depth += 1
        elif text in "]}":
            depth -= 1
        elif depth == 1 and text == '"id"':
            value = _ID_VALUE.match(head, token.end())
            try:
                return json.loads(value.group(1)) if value else None
            except ValueError:
                return None
    return None


def withhold(line: str, reason: str, report: GuardReport) -> str | None:
    """What the client gets for a message the guard could not inspect: an error for its id."""
    report.withheld.append(reason)
    msg_id = _top_level_id(line.lstrip()) if line.lstrip().startswith("{") else None
    if msg_id is None:
        return None
    error = {"code": _WITHHELD, "message": f"hooklab guard withheld the server's answer: {reason}"}
    return json.dumps({"jsonrpc": "2.0", "id": msg_id, "error": error})


def guard_line(line: str, rules: GuardRules, report: GuardReport) -> str | None:
    """The masked form of one server stdout line; None when it is not a protocol message (or
    one without an id that could not be inspected); a JSON-RPC error when it is one the guard
    could not inspect."""
    try:
        obj = json.loads(line)
    except RecursionError:
        return withhold(line, "nested too deep to read", report)
    except ValueError:
        obj = None
    if not is_protocol_message(obj):
        if line.strip():
            report.dropped.append(rules.mask_text(line.rstrip("\n")))
        return None
    messages = obj if isinstance(obj, list) else [obj]
    try:
        masked = [
            {
                k: v if k in ("jsonrpc", "id", "method") else _mask_value(v, rules, report.masked)
                for k, v in m.items()
            }
            for m in messages
        ]
    except Uninspectable as exc:
        return withhold(line, str(exc), report)
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
    for raw in iter(lambda: src.readline(MAX_LINE), b""):
        dst.write(shown(rules.mask_text(raw.decode("utf-8", "replace")), keep_newlines=True))
        dst.flush()


def _lines(src: IO[bytes]) -> Iterator[tuple[bytes, bool]]:
    """The server's stdout lines, each with whether it was cut at MAX_LINE (the rest of a cut
    line is read and thrown away, so memory stays bounded)."""
    for raw in iter(lambda: src.readline(MAX_LINE), b""):
        if len(raw) < MAX_LINE or raw.endswith(b"\n"):
            yield raw, False
            continue
        while (rest := src.readline(MAX_LINE)) and not rest.endswith(b"\n"):
            pass
        yield raw, True


SAID: Catalogue = {  # the guard's own lines on stderr; a reason it records stays English
    "not-set": both(
        "설정되어 있지 않아 가릴 것이 없습니다: {names}", "not set, nothing to mask: {names}"
    ),
    "withheld": both(
        "서버 메시지 하나를 보내지 않았습니다: {reason}", "withheld a server message: {reason}"
    ),
    "dropped": both(
        "프로토콜이 아닌 stdout 줄 하나를 버렸습니다: {line}",
        "dropped a non-protocol stdout line: {line}",
    ),
}


def _say(text: str) -> None:
    print(f"hooklab guard: {shown(text)}", file=sys.stderr, flush=True)


def cannot_start(command: str, exc: OSError) -> HooklabError:
    """The one line for a server command that could not be started."""
    return HooklabError(
        both(
            f"{command}을(를) 시작할 수 없습니다: {exc.strerror}",
            f"cannot start {command}: {exc.strerror}",
        )
    )


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
        raise HooklabError(
            both(
                "가드할 것이 없습니다. -- 뒤에 서버 명령을 주세요",
                "nothing to guard: give the server command after --",
            )
        )
    rules = GuardRules.from_env(os.environ, secret_env)
    missing = [name for name in secret_env if name not in os.environ]
    if missing:
        _say(say(SAID, "not-set", names=", ".join(missing)))
    client_in = client_in or sys.stdin.buffer
    client_out = client_out or sys.stdout.buffer
    try:
        proc = subprocess.Popen(
            list(argv), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
    except OSError as exc:
        raise cannot_start(argv[0], exc) from None
    report = GuardReport()
    assert proc.stdin and proc.stdout and proc.stderr
    threads = [
        threading.Thread(target=_pump, args=(client_in, proc.stdin), daemon=True),
        threading.Thread(target=_pump_stderr, args=(proc.stderr, sys.stderr, rules), daemon=True),
    ]
    for t in threads:
        t.start()
    try:
        for raw, cut in _lines(proc.stdout):
            line = raw.decode("utf-8", "replace")
            seen = len(report.dropped), len(report.withheld)
            if cut:
                out = withhold(line, f"a message longer than {MAX_LINE} bytes", report)
            else:
                out = guard_line(line, rules, report)
            if len(report.withheld) > seen[1]:
                _say(say(SAID, "withheld", reason=report.withheld[-1]))
            elif len(report.dropped) > seen[0]:
                _say(say(SAID, "dropped", line=report.dropped[-1]))
            if out is None:
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
    from hooklab.mcp.session import ServerEntry

    return ServerEntry(
        args[0], (*args[1:], "--", entry.command, *entry.args), entry.env, entry.name
    )


def load_report(path: Path) -> GuardReport:
    data = json.loads(path.read_text())
    return GuardReport(
        Counter(data.get("masked", {})),
        list(data.get("dropped", [])),
        list(data.get("withheld", [])),
    )


def before_after(before: SessionResult, after: SessionResult) -> pd.DataFrame:
    """For each fake secret: did it reach the model's context without the guard, and with it?"""
    import pandas as pd

    from hooklab.show.tables import as_table

    plain, guarded = set(before.leaked()), set(after.leaked())
    rows = [
        {"fake secret": name, "without guard": name in plain, "with guard": name in guarded}
        for name in FAKE_SECRETS
    ]
    return as_table(pd.DataFrame(rows))


STDOUT: Catalogue = {
    "clean": {
        "en": "{server}: stdout carried only MCP protocol messages",
        "ko": "{server}: stdout에는 MCP 프로토콜 메시지만 있었습니다",
    },
    "stray": {
        "en": "{server}: {count} non-protocol line(s) on stdout, first: {first}",
        "ko": "{server}: stdout에 프로토콜이 아닌 줄 {count}개, 첫 줄: {first}",
    },
}


@dataclass(frozen=True)
class StdoutCheck:
    """Whether a server's stdout carried only protocol messages during one session."""

    server: str
    ok: bool
    stray: tuple[str, ...]

    def __str__(self) -> str:
        """What the check found, in the kit's language."""
        if self.ok:
            return say(STDOUT, "clean", server=self.server)
        return say(STDOUT, "stray", server=self.server, count=len(self.stray), first=self.stray[0])


def _replace_all(text: str, olds: set[str], new: str) -> str:
    for old in olds:
        text = text.replace(old, new)
    return text


def check_stdout(entry: ServerEntry, **session_kwargs: Any) -> StdoutCheck:
    """Run one real session and report any stdout line that was not a protocol message."""
    from hooklab.mcp.session import run_session

    result = run_session(entry, **session_kwargs)
    rules = GuardRules(homes=result.homes)
    # the server ran in the session's scratch folder, the fake home's parent: a name made
    # fresh each run, like the server's pid
    scratch = {str(Path(home).parent) for home in result.homes}
    stray = tuple(
        steady(_replace_all(rules.mask_text(line), scratch, "<session>"))
        for line in result.stray_stdout
    )
    return StdoutCheck(entry.name, not stray, stray)
