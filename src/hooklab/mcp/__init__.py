"""MCP: leaky servers in a real client session, an output guard, and a config audit."""

from hooklab.mcp.detect import Span, find_spans, highlight, mask
from hooklab.mcp.session import (
    ContextPart,
    ServerEntry,
    SessionResult,
    Stage,
    fixture_entry,
    run_session,
    serve_http,
)

__all__ = [
    "ContextPart",
    "ServerEntry",
    "SessionResult",
    "Span",
    "Stage",
    "find_spans",
    "fixture_entry",
    "highlight",
    "mask",
    "run_session",
    "serve_http",
]
