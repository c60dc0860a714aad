"""`hooklab review PATH`: the six-category review of a package, offline rules or an LLM."""

from __future__ import annotations

import argparse

from hooklab.review import LEVELS, Report, at_least, review
from hooklab.review.llm import llm_review
from hooklab.safetext import shown
from hooklab.show.terminal import echo


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("review", help="review a package's source in six categories (never runs it)")
    p.add_argument("path", help="a folder, an npm .tgz, an sdist, a wheel or a zip")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument(
        "--fail-on",
        choices=LEVELS,
        metavar="LEVEL",
        help="exit 1 when the overall level is LEVEL or worse (low|medium|high)",
    )
    p.add_argument(
        "--llm",
        metavar="BACKEND",
        help="ask a model instead: anthropic, claude, auto, or an OpenAI-compatible URL",
    )
    p.add_argument("--lang", choices=("en", "ko"), default="en", help="summary language")
    p.set_defaults(handler=_review)


def _text(report: Report, lang: str) -> str:
    lines = [f"review of {shown(report.target)} ({shown(report.method)})", ""]
    lines.append(report.levels_frame().to_string(index=False))
    frame = report.findings_frame(limit=20)
    if not frame.empty:
        lines += ["", frame.to_string(index=False)]
    lines += ["", report.summary(lang)]
    lines += [f"note: {shown(n)}" for n in report.notes[:10]]
    return "\n".join(lines)


def _review(args: argparse.Namespace) -> int:
    if args.llm:
        report = llm_review(args.path, args.llm)
    else:
        report = review(args.path)
    echo(report.to_json(indent=2) if args.json else _text(report, args.lang))
    if args.fail_on and at_least(report.overall, args.fail_on):
        return 1
    return 0
