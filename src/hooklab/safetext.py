"""Untrusted text made safe to show: no control character reaches a terminal or a JSON reader.

File names, symlink targets, evidence lines, server names and learner names come from packages,
configs, servers and learners. `shown()` escapes every control or format character (ANSI
escapes, carriage returns, bidi overrides, NUL) and every undecodable byte as a visible `\\xNN`
or `\\uNNNN`, so a hostile string can neither move the cursor nor hide itself. `json_safe()` does
the same to lone surrogates, so `json.dumps` always yields valid UTF-8.
"""

from __future__ import annotations

import unicodedata
from typing import Any

# Unicode categories never printed raw: controls, format (bidi, zero-width), surrogates,
# private use, unassigned, and line/paragraph separators.
_HIDDEN = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def _escape(ch: str) -> str:
    code = ord(ch)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def shown(value: object, keep_newlines: bool = False) -> str:
    """`value` as text with every control/format character escaped (tabs kept; newlines too if
    `keep_newlines`). Bytes are decoded as UTF-8 with undecodable bytes escaped."""
    if isinstance(value, bytes):
        text = value.decode("utf-8", "surrogateescape")
    else:
        text = value if isinstance(value, str) else str(value)
    if text.isprintable():
        return text
    out: list[str] = []
    for ch in text:
        if ch == "\t" or (keep_newlines and ch == "\n"):
            out.append(ch)
        elif 0xDC80 <= ord(ch) <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
            out.append(f"\\x{ord(ch) - 0xDC00:02x}")
        elif ch == " " or unicodedata.category(ch) not in _HIDDEN:
            out.append(ch)
        else:
            out.append(_escape(ch))
    return "".join(out)


def json_safe(data: Any) -> Any:
    """A copy of `data` (dicts, lists, strings) in which every string is `shown()`: valid UTF-8,
    no control characters. Keys are escaped too."""
    if isinstance(data, str):
        return shown(data)
    if isinstance(data, bytes):
        return shown(data)
    if isinstance(data, dict):
        return {json_safe(k) if isinstance(k, str) else k: json_safe(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [json_safe(v) for v in data]
    return data
