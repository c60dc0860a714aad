"""The guard corpus placed in every channel an MCP result can carry, and scored.

Shared by `tests/test_guard_corpus.py` (which asserts the figures) and
`benchmarks/bench_guard.py` (which prints them beside a peer detector's).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent


@dataclass(frozen=True)
class Entry:
    format: str
    text: str
    secret: str


def secrets() -> list[Entry]:
    return [Entry(**e) for e in json.loads((HERE / "secrets.json").read_text())]


def honest() -> list[str]:
    return json.loads((HERE / "honest.json").read_text())


def _reply(result: dict[str, Any]) -> dict[str, Any]:
    return {"jsonrpc": "2.0", "id": 7, "result": result}


def _text(text: str) -> dict[str, Any]:
    return {"type": "text", "text": text}


def _split(entry: Entry) -> list[dict[str, Any]]:
    """Two adjacent text items with the cut in the middle of the secret."""
    cut = entry.text.index(entry.secret) + len(entry.secret) // 2
    return [_text(entry.text[:cut]), _text(entry.text[cut:])]


def _blob(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


# channel -> the server's message carrying `entry` there
CHANNELS: dict[str, Callable[[Entry], dict[str, Any]]] = {
    "text": lambda e: _reply({"content": [_text(e.text)]}),
    "split-text": lambda e: _reply({"content": _split(e)}),
    "resource-text": lambda e: _reply(
        {"content": [{"type": "resource", "resource": {"uri": "file:///a.env", "text": e.text}}]}
    ),
    "resource-blob": lambda e: _reply(
        {
            "content": [
                {"type": "resource", "resource": {"uri": "file:///a.bin", "blob": _blob(e.text)}}
            ]
        }
    ),
    "resource-link": lambda e: _reply(
        {
            "content": [
                {"type": "resource_link", "uri": "file:///a", "name": "a", "description": e.text}
            ]
        }
    ),
    "structuredContent": lambda e: _reply(
        {"content": [], "structuredContent": {"report": {"lines": [e.text]}}}
    ),
    "json-key": lambda e: _reply({"content": [], "structuredContent": {e.text: True}}),
    "_meta": lambda e: _reply({"content": [], "_meta": {"debug": e.text}}),
    "item-_meta": lambda e: _reply({"content": [{**_text("ok"), "_meta": {"note": e.text}}]}),
    "error": lambda e: {"jsonrpc": "2.0", "id": 7, "error": {"code": -32000, "message": e.text}},
    "tool-description": lambda e: _reply(
        {"tools": [{"name": "t", "description": e.text, "inputSchema": {"type": "object"}}]}
    ),
}


def _strings(value: Any) -> list[str]:
    """Every string in a JSON value, keys included, with base64 blobs decoded."""
    out, todo = [], [value]
    while todo:
        item = todo.pop()
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, dict):
            todo += list(item)
            todo += item.values()
            if isinstance(item.get("blob"), str):
                out.append(base64.b64decode(item["blob"]).decode("utf-8", "replace"))
        elif isinstance(item, list):
            todo += item
    return out


def leaks(entry: Entry, output: Any) -> bool:
    """Does either half of the secret survive anywhere in the guarded message? (Text items
    are joined first, so a secret the guard masked in only one of two items still counts.)"""
    texts = _strings(output)
    content = (output.get("result") or {}).get("content") or []
    texts.append("".join(c.get("text", "") for c in content if isinstance(c, dict)))
    half = len(entry.secret) // 2
    parts = (entry.secret[:half], entry.secret[half:])
    return any(p in t for p in parts for t in texts)


@dataclass(frozen=True)
class Score:
    masked: int
    placed: int
    altered: int
    honest: int
    missed: tuple[str, ...]  # "format in channel", for the report
    rewritten: tuple[str, ...]

    @property
    def recall(self) -> float:
        return self.masked / self.placed

    @property
    def false_positive_rate(self) -> float:
        return self.altered / self.honest


def score(guard: Callable[[str], str | None]) -> Score:
    """Run every secret in every channel, and every honest string as a text item, through
    `guard` (one stdout line in, the line the client gets out)."""
    missed = []
    placed = 0
    for entry in secrets():
        for channel, make in CHANNELS.items():
            placed += 1
            out = guard(json.dumps(make(entry)))
            if out is None or leaks(entry, json.loads(out)):
                missed.append(f"{entry.format} in {channel}")
    rewritten = []
    for text in honest():
        out = guard(json.dumps(_reply({"content": [_text(text)]})))
        got = json.loads(out)["result"]["content"][0]["text"] if out else None
        if got != text:
            rewritten.append(f"{text!r} -> {got!r}")
    return Score(
        placed - len(missed),
        placed,
        len(rewritten),
        len(honest()),
        tuple(missed),
        tuple(rewritten),
    )
