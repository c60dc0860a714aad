"""Volatile values (durations, loopback ports, pids, temp paths) replaced before they reach a table.

A notebook's saved table is compared with a fresh run's. pandas pads every column to its widest
cell, so a value whose width changes from run to run ("in 326ms" / "in 12s") would shift the
whole table even where the sanitize file later masks the value itself: normalise at the source.
"""

from __future__ import annotations

import os
import re
import time

_RULES = (
    (re.compile(r"\b\d+(?:\.\d+)?\s?(?:ms|s|m|초)\b"), "<time>"),
    (re.compile(r"\b(127\.0\.0\.1|localhost):\d+"), r"\1:<port>"),
    (re.compile(r"\bpid[ =:]\s*\d+"), "pid <pid>"),
    (re.compile(r"/tmp/[^\s'\"]+"), "<tmp>"),
)


def steady(text: str) -> str:
    """`text` with every duration, loopback port, pid and temp path replaced by a fixed label."""
    for pattern, label in _RULES:
        text = pattern.sub(label, text)
    return text


def slowdown() -> None:
    """Wait $HOOKLAB_SLOWDOWN seconds (unset: not at all) inside a timed run.

    `make test` sets it for the second notebook round, so every duration the kit measures is
    longer than in the first round: a saved output whose layout follows a duration differs.
    """
    try:
        seconds = float(os.environ.get("HOOKLAB_SLOWDOWN") or 0)
    except ValueError:
        seconds = 0.0
    if 0 < seconds <= 10:
        time.sleep(seconds)
