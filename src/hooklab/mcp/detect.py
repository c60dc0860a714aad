"""Secret-shaped spans of a text and how they are shown: masked for a model, highlighted for a
reader. Finding them is `hooklab.mcp.secrets`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    """One secret-shaped stretch of a text: [start, end) and what kind of thing it looks like."""

    start: int
    end: int
    kind: str
    text: str


def _replace(text: str, spans: list[Span], render) -> str:
    out, pos = [], 0
    for span in spans:
        out += [text[pos : span.start], render(span)]
        pos = span.end
    out.append(text[pos:])
    return "".join(out)


def mask_label(span: Span) -> str:
    return "~" if span.kind == "home-path" else f"[MASKED:{span.kind}]"


def mask(text: str, spans: list[Span]) -> str:
    """`text` with each span replaced: home paths by `~`, everything else by `[MASKED:kind]`."""
    return _replace(text, spans, mask_label)


def highlight(text: str, spans: list[Span], left: str = "⟦", right: str = "⟧") -> str:
    """`text` with each span wrapped in markers, so a reader sees what a model would see."""
    return _replace(text, spans, lambda s: f"{left}{s.text}{right}")
