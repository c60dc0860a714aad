"""MCP: leaky servers in a real client session, an output guard, and a config audit."""

from pathlib import Path
from typing import TYPE_CHECKING

from hooklab.lazy import lazy_exports

if TYPE_CHECKING:  # imported on first use: see hooklab.lazy
    from hooklab.mcp.audit import AuditReport, audit_configs, no_resolver, registry_resolver
    from hooklab.mcp.context import ContextPart, SessionResult
    from hooklab.mcp.detect import Span, highlight, mask
    from hooklab.mcp.guard import before_after, check_stdout, guarded_entry, load_report
    from hooklab.mcp.resolve import recorded_resolver
    from hooklab.mcp.secrets import find_spans
    from hooklab.mcp.session import ServerEntry, Stage, fixture_entry, run_session, serve_http

lazy_exports(__name__)

# A config shaped like the snippets readers copy from MCP servers' READMEs.
SAMPLE_CONFIG = Path(__file__).parent / "samples" / "claude_desktop_config.json"

__all__ = [
    "SAMPLE_CONFIG",
    "AuditReport",
    "ContextPart",
    "ServerEntry",
    "SessionResult",
    "Span",
    "Stage",
    "audit_configs",
    "before_after",
    "check_stdout",
    "find_spans",
    "fixture_entry",
    "guarded_entry",
    "highlight",
    "load_report",
    "mask",
    "no_resolver",
    "recorded_resolver",
    "registry_resolver",
    "run_session",
    "serve_http",
]
