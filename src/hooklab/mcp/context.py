"""What an MCP session hands to the model: a tool's description and every channel of a tool's
result (text, embedded resources as text or blob, `structuredContent`, `_meta`, resource links,
error messages), with the secret-shaped parts located.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from mcp import types
from mcp.shared.exceptions import MCPError

from hooklab.mcp.detect import Span, highlight, mask_label
from hooklab.mcp.secrets import HOME_KIND, find_spans, split_spans
from hooklab.watch.home import find_secrets

if TYPE_CHECKING:
    import pandas as pd


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

        from hooklab.show.tables import as_table

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
        return as_table(pd.DataFrame(rows, columns=cols).drop_duplicates(ignore_index=True))

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


def error_part(tool: str, exc: MCPError, homes: tuple[str, ...]) -> ContextPart:
    """A JSON-RPC error answer to a tool call: its message and data reach the model too."""
    text = exc.message if exc.data is None else f"{exc.message}\n{_flat(exc.data)}"
    return ContextPart(
        "tools/call", tool, text, tuple(find_spans(text, homes=homes)), True, "error"
    )
