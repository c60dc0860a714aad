"""`hooklab review PATH`: the six-category review of a package, offline rules or an LLM."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from hooklab.commands import LEVELS, add_fail_on, add_json, command, fails
from hooklab.model import VERDICTS
from hooklab.safetext import shown
from hooklab.show.terminal import echo, plain_table

if TYPE_CHECKING:
    from hooklab.review import Report


def register(sub: argparse._SubParsersAction) -> None:
    p = command(sub, "review", "review a package's source in six categories (never runs it)")
    p.add_argument("path", help="a folder, an npm .tgz, an sdist, a wheel or a zip")
    add_json(p, "the report")
    add_fail_on(
        p,
        (*LEVELS, *VERDICTS),
        what="the overall level or the verdict is this one or worse",
    )
    p.add_argument(
        "--llm",
        metavar="BACKEND",
        help="ask a model instead: anthropic, claude, auto, or an OpenAI-compatible URL",
    )
    p.add_argument("--lang", choices=("en", "ko"), default="en", help="summary language")
    p.set_defaults(handler=_review)


def _text(report: Report, lang: str) -> str:
    from hooklab.review.report import FINDING_COLUMNS

    lines = [f"review of {shown(report.target)} ({shown(report.method)})", ""]
    lines.append(plain_table(report.levels_rows(), ("category", "topic", "level", "findings")))
    findings = report.findings_rows(limit=20)
    if findings:
        lines += ["", plain_table(findings, FINDING_COLUMNS)]
    lines += ["", report.summary(lang), report.verdict_line(lang)]
    lines += [f"note: {shown(n)}" for n in report.notes[:10]]
    return "\n".join(lines)


def _review(args: argparse.Namespace) -> int:
    if args.llm:
        from hooklab.review.llm import llm_review

        report = llm_review(args.path, args.llm)
    else:
        from hooklab.review.engine import review

        report = review(args.path)
    echo(report.to_json(indent=2) if args.json else _text(report, args.lang))
    worst = report.overall if args.fail_on in LEVELS else report.verdict
    return 1 if fails(worst, args.fail_on) else 0
