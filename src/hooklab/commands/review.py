"""`hooklab review PATH...`: the six-category review of packages, offline rules or an LLM, with a
verdict; `--list-rules` prints the rule catalogue."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from hooklab.commands import LEVELS, add_fail_on, add_json, command, fails
from hooklab.errors import HooklabError
from hooklab.lang import Lang, both, current_lang, in_lang
from hooklab.model import VERDICTS
from hooklab.safetext import shown
from hooklab.show.terminal import echo, echo_json, plain_table

if TYPE_CHECKING:
    from hooklab.review import Report


def register(sub: argparse._SubParsersAction) -> None:
    p = command(
        sub,
        "review",
        "review a package's source in six categories, with a verdict (never runs it)",
        epilog="With several paths and --json, one JSON document a line (a path that cannot be "
        'read gives {"target": ..., "error": ...}).',
    )
    p.add_argument("path", nargs="*", help="a folder, an npm .tgz, an sdist, a wheel or a zip")
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
    p.add_argument("--list-rules", action="store_true", help="print the rule catalogue and exit")
    p.set_defaults(handler=_review)


def _text(report: Report, lang: Lang) -> str:
    from hooklab.review.report import FINDING_COLUMNS

    target, method = shown(report.target), shown(report.method)
    lines = [in_lang(both(f"{target} 리뷰 ({method})", f"review of {target} ({method})"), lang), ""]
    lines.append(plain_table(report.levels_rows(), ("category", "topic", "level", "findings")))
    findings = report.findings_rows(limit=20)
    if findings:
        lines += ["", plain_table(findings, FINDING_COLUMNS)]
    if report.aside:
        aside = len(report.aside)
        lines.append(
            "\n"
            + in_lang(
                both(
                    f"테스트, 문서, 예제 안의 발견 {aside}건 (평가하지 않음)",
                    f"{aside} findings in tests, docs or examples (not rated)",
                ),
                lang,
            )
        )
    lines += ["", report.summary(lang), report.verdict_line(lang)]
    note = in_lang(both("메모", "note"), lang)
    lines += [f"{note}: {shown(n)}" for n in report.notes[:10]]
    return "\n".join(lines)


def _list_rules(args: argparse.Namespace) -> int:
    from hooklab.review.rules.catalogue import RULES

    if args.json:
        echo_json([r.to_dict() for r in RULES], indent=2)
        return 0
    ko = current_lang() == "ko"
    rows = [
        {
            "rule": r.id,
            "category": r.category,
            "axis": r.axis,
            "level": r.level,
            "scope": r.scope,
            "title": r.title_ko if ko else r.title,
        }
        for r in RULES
    ]
    echo(plain_table(rows, ("rule", "category", "axis", "level", "scope", "title")))
    return 0


def _one(path: str, args: argparse.Namespace) -> Report:
    if args.llm:
        from hooklab.review.llm import llm_review

        return llm_review(path, args.llm)
    from hooklab.review.engine import review

    return review(path)


def _review(args: argparse.Namespace) -> int:
    if args.list_rules:
        return _list_rules(args)
    if not args.path:
        raise HooklabError(
            both(
                "리뷰할 경로를 하나 이상 주거나 --list-rules를 쓰세요",
                "give one or more paths to review, or --list-rules",
            )
        )
    many = len(args.path) > 1
    code = 0
    for path in args.path:
        try:
            report = _one(path, args)
        except HooklabError as exc:
            if not many:
                raise
            if args.json:
                echo_json({"target": path, "error": exc.text("en")})
            else:
                echo(f"hooklab: {shown(path)}: {shown(exc)}", err=True)
            code = max(code, exc.exit_code)
            continue
        if args.json:
            echo(report.to_json() if many else report.to_json(indent=2))
        else:
            echo(_text(report, current_lang()) + ("\n" if many else ""))
        worst = report.overall if args.fail_on in LEVELS else report.verdict
        if fails(worst, args.fail_on):
            code = max(code, 1)
    return code
