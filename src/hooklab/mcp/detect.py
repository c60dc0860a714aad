"""Find secret-shaped text: key/token patterns, private-key blocks, marked values, home paths."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

# Ordered from most to least specific: when two matches overlap, the earlier pattern wins.
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "private-key",
        re.compile(
            r"-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----.*?-----END [A-Z0-9 ]*PRIVATE KEY-----",
            re.S,
        ),
    ),
    ("aws-key-id", re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b")),
    ("github-token", re.compile(r"\b(?:gh[pousr]_|github_pat_)[A-Za-z0-9_]{20,}")),
    ("npm-token", re.compile(r"\bnpm_[A-Za-z0-9]{20,}")),
    ("api-key", re.compile(r"\bsk-[A-Za-z0-9_-]{20,}")),
    ("slack-token", re.compile(r"\bxox[abposr]-[A-Za-z0-9-]{10,}")),
    ("bearer", re.compile(r"(?i)\bbearer\s+([A-Za-z0-9._~+/-]{16,}=*)")),
    # NAME=value / "name": "value" where the name says it holds a secret. Only the value is kept,
    # so the match starts at the telling word, and the rest of the name is bounded: an unbounded
    # [\w.-]* would rescan a long blob (a base64 image, say) from each character, in square time.
    (
        "secret-assignment",
        re.compile(
            r"(?i)(?:token|secret|passw(?:or)?d|api[_-]?key|access[_-]?key|private[_-]?key|auth[_-]?token|authorization|credential)"
            r"[\w.-]{0,64}[\"']?\s*[:=]\s*[\"']?([^\s\"',;]{8,})"
        ),
    ),
)
_HOME_PATTERN = re.compile(r"(?:/home|/Users)/[^/\s\"':,]+")


@dataclass(frozen=True)
class Span:
    """One secret-shaped stretch of a text: [start, end) and what kind of thing it looks like."""

    start: int
    end: int
    kind: str
    text: str


def _candidates(text: str, secret_values: Iterable[str], homes: Iterable[str]) -> list[Span]:
    found: list[Span] = []
    for value in sorted({v for v in secret_values if len(v) >= 4}, key=len, reverse=True):
        found += [
            Span(m.start(), m.end(), "marked-secret", value)
            for m in re.finditer(re.escape(value), text)
        ]
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            start, end = m.span(1) if pattern.groups else m.span()
            found.append(Span(start, end, kind, text[start:end]))
    for home in sorted(
        {h.rstrip("/") for h in homes if len(h.rstrip("/")) > 1}, key=len, reverse=True
    ):
        pattern = re.compile(re.escape(home) + r"(?![\w.-])")
        found += [Span(m.start(), m.end(), "home-path", home) for m in pattern.finditer(text)]
    found += [
        Span(m.start(), m.end(), "home-path", m.group()) for m in _HOME_PATTERN.finditer(text)
    ]
    return found


def find_spans(
    text: str, *, secret_values: Iterable[str] = (), homes: Iterable[str] = ()
) -> list[Span]:
    """Non-overlapping secret-shaped spans of `text`, in order.

    `secret_values` are literal values the user marked secret (e.g. the values of chosen env
    vars); `homes` are home folders whose paths should not reach a model.
    """
    order = {kind: i for i, (kind, _) in enumerate(_PATTERNS)}
    order |= {"marked-secret": -1, "home-path": len(order)}
    spans: list[Span] = []
    for span in sorted(
        _candidates(text, secret_values, homes),
        key=lambda s: (order[s.kind], s.start, -(s.end - s.start)),
    ):
        if all(span.end <= kept.start or span.start >= kept.end for kept in spans):
            spans.append(span)
    return sorted(spans, key=lambda s: s.start)


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
