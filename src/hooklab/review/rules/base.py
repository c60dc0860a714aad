"""Helpers the rule modules share: making findings and keeping reports short."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from hooklab.review import actions as A
from hooklab.review.actions import Action
from hooklab.review.report import Finding

PER_FILE = 3  # findings of one rule in one file; the rest would repeat the same story


def finding(rule: str, file: str, act: Action, why: str, level: str) -> Finding:
    return Finding(rule, file, act.line, act.evidence, why, level)


def capped(findings: Iterable[Finding], per_file: int = PER_FILE) -> list[Finding]:
    seen: Counter[tuple[str, str]] = Counter()
    seen_lines: set[tuple[str, str, int]] = set()
    out = []
    for f in findings:
        key = (f.rule, f.file)
        if (f.rule, f.file, f.line) in seen_lines or seen[key] >= per_file:
            continue
        seen[key] += 1
        seen_lines.add((f.rule, f.file, f.line))
        out.append(f)
    return out


def is_secret_read(act: Action) -> bool:
    """Reads a credential: names a credential file, dumps the env, or reads a secret-named var."""
    return act.kind in (A.SECRET_PATH, A.ENV_DUMP) or (
        act.kind == A.ENV_READ and A.is_secret_env(act.detail)
    )
