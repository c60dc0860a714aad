"""Helpers the rule modules share: making findings from the catalogue and keeping reports short."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace

from hooklab.review import actions as A
from hooklab.review.actions import Action
from hooklab.review.report import Finding, rank
from hooklab.review.rules.catalogue import rule

PER_FILE = 1  # findings of one rule in one file; the rest only add to its count


def make(
    rid: str,
    file: str,
    line: int,
    evidence: str,
    why: str = "",
    level: str = "",
    install_time: bool = False,
) -> Finding:
    """A finding of the catalogue's rule `rid` (its axis; its level and why unless given)."""
    entry = rule(rid)
    return Finding(
        rid, file, line, evidence, why or entry.why, level or entry.level, entry.axis, install_time
    )


def finding(
    rid: str, file: str, act: Action, why: str = "", level: str = "", install_time: bool = False
) -> Finding:
    return make(rid, file, act.line, act.evidence, why, level, install_time)


def capped(findings: Iterable[Finding], per_file: int = PER_FILE) -> list[Finding]:
    """At most `per_file` findings (distinct lines, worst first) of one rule in one file; the last
    one kept counts the rest, so a 5 MB bundle's report stays readable."""
    groups: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for f in findings:
        groups[(f.rule, f.file)].append(f)
    out = []
    for group in groups.values():
        lines: dict[int, Finding] = {}
        for f in sorted(group, key=lambda f: -rank(f.level)):
            lines.setdefault(f.line, f)
        kept = list(lines.values())[:per_file]
        rest = len(group) - len(kept)
        if rest:
            kept[-1] = replace(kept[-1], count=kept[-1].count + rest)
        out.extend(kept)
    return out


def is_secret_read(act: Action) -> bool:
    """Reads a credential: names a credential file, dumps the env, or reads a secret-named var."""
    return act.kind in (A.SECRET_PATH, A.ENV_DUMP) or (
        act.kind == A.ENV_READ and A.is_secret_env(act.detail)
    )
