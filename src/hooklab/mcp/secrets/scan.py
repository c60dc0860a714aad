"""Find secret-shaped spans: one bounded regex pass per rule, then one sort-and-sweep merge.

The masking and highlighting of spans (and the `Span` record) are shared with the config audit
in `hooklab.mcp.detect`; this module only decides where the spans are.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from hooklab.mcp.detect import Span
from hooklab.mcp.secrets.rules import ASSIGNMENT, PEM, RULES, SECRET_WORDS, Rule

HOME_KIND = "home-path"
MARKED_KIND = "marked-secret"
HINT_REACH = 512  # a hinted rule's match lies within this many characters of its hint
MAX_PEM = 64_000  # how far after BEGIN an END is looked for; without one, the key-like text

_HOME_PATTERN = re.compile(r"(?:/home|/Users)/[^/\s\"':,]+")
_SECRET_NAME = re.compile(
    "(?i:" + "|".join(sorted(map(re.escape, SECRET_WORDS), key=len, reverse=True)) + ")(?![a-z])"
)
_PEM_END = re.compile(r"-----END[A-Z0-9 ]{0,40} PRIVATE KEY(?: BLOCK)?-----")
# What a cut-short key block is made of: base64, header lines, escaped or real line breaks.
_PEM_BODY = re.compile(rf"(?:[A-Za-z0-9+/=:, \t\r\n-]|\\[nr]){{0,{MAX_PEM}}}")
_MASK_LABEL = re.compile(r"\[MASKED:[a-z0-9-]{1,40}\]")  # what the guard left: not a secret
_SEPARATORS = re.compile(r"[-_.]")
_CODE_LIKE = re.compile(
    r"[(){}\[\]$%]"  # a call, a template or an env reference
    r"|^[A-Za-z_][\w$]*(?:\.[A-Za-z_][\w$]*)+$"  # a dotted name: process.env.X, self.token
    r"|^(?:~|\.{1,2})?/[\w.\-/]*/[\w.\-]*$"  # a path
)


@dataclass(frozen=True)
class _Compiled:
    rule: Rule
    regex: re.Pattern[str]
    priority: int


def _compile(rules: Sequence[Rule]) -> tuple[_Compiled, ...]:
    return tuple(
        _Compiled(rule, re.compile(pattern), i + 1)
        for i, rule in enumerate(rules)
        for pattern in ((rule.pattern,) if isinstance(rule.pattern, str) else rule.pattern)
    )


_RULES = _compile((PEM, *RULES, ASSIGNMENT))
_PRIORITY = {c.rule.id: c.priority for c in reversed(_RULES)} | {
    MARKED_KIND: 0,
    HOME_KIND: len(_RULES) + 1,
}


def entropy(value: str) -> float:
    """Shannon entropy of `value` in bits per character."""
    n = len(value)
    return -sum(c / n * math.log2(c / n) for c in Counter(value).values()) if n else 0.0


def looks_random(value: str) -> bool:
    """A credential-like literal: long enough, mixed, high entropy, and not code or a path."""
    if len(value) < 8 or len(value) > 4096 or _CODE_LIKE.search(value):
        return False
    if not any(c.isdigit() or c in "+/=~" for c in value):
        return False  # words and identifiers (tokenizer_class, YOUR_API_KEY)
    if max(map(len, _SEPARATORS.split(value))) < 8:
        return False  # short words joined (db-creds-v2, 1.4.2-beta.3)
    return entropy(value) >= 3.0


def is_secret_name(name: str) -> bool:
    """Does a key or variable name say it holds a secret (GITHUB_TOKEN yes, tokenizer no)?"""
    return bool(_SECRET_NAME.search(name[:256]))


def _jwt_header_ok(token: str) -> bool:
    head = token.split(".", 1)[0]
    try:
        data = json.loads(base64.urlsafe_b64decode(head + "=" * (-len(head) % 4)))
    except (ValueError, binascii.Error):
        return False
    return isinstance(data, dict) and "alg" in data


def _passes(rule: Rule, value: str) -> bool:
    if rule.check == "jwt":
        return _jwt_header_ok(value)
    if rule.check == "entropy":
        return looks_random(value)
    return True


def _pem_spans(regex: re.Pattern[str], text: str) -> Iterable[tuple[int, int]]:
    """Key blocks from BEGIN to END, or to the end of the key-like text when END is missing.
    A BEGIN inside a block already found is part of it, so each character is read once."""
    end_at = -1  # the next END marker at or after the current block, found once and reused
    covered = 0
    for m in regex.finditer(text):
        if m.start() < covered:
            continue
        if end_at < m.end():
            found = _PEM_END.search(text, m.end())
            end_at = found.end() if found else len(text) + 1
        if end_at <= min(m.end() + MAX_PEM, len(text)):
            covered = end_at
            yield m.start(), end_at
            continue
        end = m.end()
        while (body := _PEM_BODY.match(text, end)) and body.end() == end + MAX_PEM:
            end = body.end()  # key-like text goes on: read it in bounded steps
        end = body.end() if body else end
        if sum(c.isalnum() for c in text[m.end() : min(end, m.end() + 200)]) >= 16:
            covered = end
            yield m.start(), end  # a header alone hides nothing; some key material does


def _find_all(low: str, needle: str) -> Iterator[int]:
    at = low.find(needle)
    while at >= 0:
        yield at
        at = low.find(needle, at + 1)


def _near_hints(low: str, hints: Sequence[str]) -> list[tuple[int, int]]:
    """The stretches of text within HINT_REACH of a hint, overlapping ones joined (so each
    character is searched once however many hints there are)."""
    ranges: list[tuple[int, int]] = []
    for at in sorted(at for hint in hints for at in _find_all(low, hint)):
        lo, hi = max(0, at - HINT_REACH), at + HINT_REACH
        if ranges and lo <= ranges[-1][1]:
            ranges[-1] = (ranges[-1][0], hi)
        else:
            ranges.append((lo, hi))
    return ranges


def _matches(rule: Rule, regex: re.Pattern[str], text: str, low: str) -> Iterable[re.Match[str]]:
    """The rule's matches: a regex pass (near its hints only, if it has hints), or the pattern
    tried right after each of its words."""
    if rule.hints:
        for lo, hi in _near_hints(low, rule.hints):
            yield from regex.finditer(text, lo, hi)
        return
    if not rule.words:
        yield from regex.finditer(text)
        return
    for word in rule.words:
        at = low.find(word)
        while at >= 0:
            after = at + len(word)
            # GITHUB_TOKEN and authToken name a secret; tokenizer and author do not
            m = None
            if not (after < len(text) and "a" <= text[after] <= "z"):
                m = regex.match(text, after)
                if m:
                    yield m
            at = low.find(word, m.end() if m else after)  # a word inside a value names nothing


def _rule_spans(compiled: _Compiled, text: str, low: str) -> Iterable[tuple[int, int]]:
    rule, regex = compiled.rule, compiled.regex
    if rule is PEM:
        yield from _pem_spans(regex, text)
        return
    group = "secret" if "secret" in regex.groupindex else 0
    for m in _matches(rule, regex, text, low):
        start = m.start()
        if rule.bounded and start and text[start - 1].isalnum():
            continue
        a, b = m.span(group)
        if _passes(rule, text[a:b]) and not _MASK_LABEL.fullmatch(text, a, b):
            yield a, b


def _candidates(
    text: str, secret_values: Iterable[str], homes: Iterable[str], name: str | None
) -> list[tuple[int, int, int]]:
    found: list[tuple[int, int, int]] = []
    values = sorted({v for v in secret_values if len(v) >= 4}, key=len, reverse=True)
    if values:
        marked = re.compile("|".join(map(re.escape, values)))
        found += [(m.start(), m.end(), 0) for m in marked.finditer(text)]
    # ASCII-lowercased, same length as `text` (anything else becomes "?"), for words and hints
    low = text.encode("ascii", "replace").lower().decode("ascii")
    for compiled in _RULES:
        found += [(a, b, compiled.priority) for a, b in _rule_spans(compiled, text, low)]
    if name is not None and is_secret_name(name) and looks_random(text.strip()):
        found.append((0, len(text), _PRIORITY[ASSIGNMENT.id]))
    home_kind = _PRIORITY[HOME_KIND]
    dirs = sorted({h.rstrip("/") for h in homes if len(h.rstrip("/")) > 1}, key=len, reverse=True)
    if dirs:
        given = re.compile("(?:" + "|".join(map(re.escape, dirs)) + r")(?![\w.-])")
        found += [(m.start(), m.end(), home_kind) for m in given.finditer(text)]
    found += [(m.start(), m.end(), home_kind) for m in _HOME_PATTERN.finditer(text)]
    return found


_KIND_OF = {c.priority: c.rule.id for c in _RULES} | {0: MARKED_KIND, len(_RULES) + 1: HOME_KIND}


def find_spans(
    text: str,
    *,
    secret_values: Iterable[str] = (),
    homes: Iterable[str] = (),
    name: str | None = None,
) -> list[Span]:
    """Non-overlapping secret-shaped spans of `text`, in order.

    Overlapping matches are merged into one span (one sort, one sweep) named after the most
    specific rule among them. `secret_values` are literal values the user marked secret,
    `homes` are home folders whose paths should not reach a model, and `name` is the key or
    variable the whole text is stored under (a random-looking value under `password` is one).
    """
    merged: list[list[int]] = []
    for start, end, priority in sorted(_candidates(text, secret_values, homes, name)):
        if start == end:
            continue
        if merged and start < merged[-1][1]:
            last = merged[-1]
            last[1] = max(last[1], end)
            last[2] = min(last[2], priority)
        else:
            merged.append([start, end, priority])
    return [Span(a, b, _KIND_OF[p], text[a:b]) for a, b, p in merged]


def split_spans(texts: Sequence[str], spans: Sequence[Span]) -> list[list[Span]]:
    """Each text's share of `spans`, found in `"".join(texts)`: the text items of one tool
    result are read one after another, so a secret split between two is one span there."""
    out: list[list[Span]] = [[] for _ in texts]
    offset, first = 0, 0
    for index, text in enumerate(texts):
        end = offset + len(text)
        while first < len(spans) and spans[first].end <= offset:
            first += 1
        at = first
        while at < len(spans) and spans[at].start < end:
            a, b = max(spans[at].start, offset) - offset, min(spans[at].end, end) - offset
            out[index].append(Span(a, b, spans[at].kind, text[a:b]))
            at += 1
        offset = end
    return out
