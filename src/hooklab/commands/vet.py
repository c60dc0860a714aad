"""`hooklab vet`: a registry package, a launch line or a config's servers, checked end to end."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hooklab.commands import add_fail_on, add_json, command, fails
from hooklab.lang import Catalogue, both, current_lang, say
from hooklab.model import VERDICTS
from hooklab.safetext import shown
from hooklab.show.terminal import echo, json_text, padded, plain_table
from hooklab.vet.problems import said

if TYPE_CHECKING:
    from collections.abc import Callable

    from hooklab.show.terminal import Ticker
    from hooklab.vet.model import Step, Target, Unvetted, VetReport

SANDBOXES = ("bwrap", "docker", "gvisor")

# The terminal report's words; --json keeps the field names.
WORDS: Catalogue = {
    "server": both("(서버 {server})", "(server {server})"),
    "floating": both(
        "  (떠 있는 버전: 오늘 해석한 값입니다. 고정하세요)",
        "  (floating: resolved today; pin it)",
    ),
    "version": both("버전", "version"),
    "tree": both("트리", "tree"),
    "packages": both("패키지 {count}개", "{count} package{s}"),
    "yes": both("예", "yes"),
    "stopped": both("시간이 다 되어 멈춤", "stopped after its time"),
    "exit": both("종료 코드 {code}", "exit {code}"),
    "rehearsal": both(
        "리허설 {sandbox}, 오프라인: {how}, 실행된 훅 {hooks}개",
        "rehearsal {sandbox}, offline: {how}, {hooks} hooks ran",
    ),
    "last-line": both("마지막 줄: {line}", "last line: {line}"),
    "beyond": both("루프백 밖으로: {connect}", "beyond loopback: {connect}"),
    "not-run": both("선언했지만 실행 안 됨: {hook}", "declared, not run: {hook}"),
    "not-declared": both("선언 없이 실행됨: {hook}", "run, not declared: {hook}"),
    "verdict": both("판정", "verdict"),
    "safe-line": both("안전한 줄", "safe line"),
    "problem": both("문제", "problem"),
}
LABEL = 10  # terminal columns of the report's left-hand labels
TARGETS = """TARGET is one of:
  npm:NAME[@VERSION]            an npm package (no version: the newest, flagged as floating)
  pypi:NAME[==VERSION]          a PyPI package
  "npx -y pkg@1.2.3 --flag"     a launch line as it stands in a config, as ONE argument
                                (npx, pnpm dlx, bunx, yarn dlx, uvx, uv tool run, pipx run)

Steps: resolve the tree without running it, fetch it into the kit's cache, review every
package, rehearse the real launcher once in a sandbox with the network cut, then a verdict
and a pinned launch line to paste back."""


def register(sub: argparse._SubParsersAction) -> None:
    p = command(
        sub,
        "vet",
        "vet a package, launch line or config before you run it",
        epilog=TARGETS,
    )
    p.add_argument("targets", nargs="*", metavar="TARGET", help="what to vet (see below)")
    p.add_argument("--config", type=Path, metavar="PATH", help="vet every server of this config")
    p.add_argument("--server", metavar="NAME", help="with --config: only this server")
    p.add_argument("--sandbox", choices=SANDBOXES, default="bwrap", help="where the rehearsal runs")
    p.add_argument("--no-rehearse", action="store_true", help="static only: run nothing")
    # Not add_json(out=True): its old `--json FILE` form would swallow the TARGET after --json.
    add_json(p, "the reports (one JSON document per target, one a line)")
    p.add_argument(
        "--out", dest="json_out", type=Path, metavar="FILE", help="also write them to FILE"
    )
    add_fail_on(p, VERDICTS, what="a target's verdict is VERDICT or worse")
    p.set_defaults(handler=_vet)


def collect(args: argparse.Namespace) -> list[Target | Unvetted]:
    """The targets the command line names, in order; a hostile one is a one-line error."""
    from hooklab.errors import HooklabError
    from hooklab.vet.target import config_targets, parse_target

    if args.server and not args.config:
        raise HooklabError(both("--server에는 --config가 필요합니다", "--server needs --config"))
    if not args.targets and not args.config:
        raise HooklabError(
            both(
                "검사할 것이 없습니다: TARGET이나 --config PATH를 주세요",
                "nothing to vet: give a TARGET or --config PATH",
            )
        )
    found: list[Target | Unvetted] = [parse_target(t) for t in args.targets]
    if args.config:
        found += config_targets(args.config, args.server)
    return found


def _vet(args: argparse.Namespace) -> int:
    from hooklab.errors import HooklabError
    from hooklab.show.terminal import Ticker
    from hooklab.vet.model import STEPS, Unvetted
    from hooklab.vet.run import vet

    lines: list[str] = []
    verdicts: list[str] = []
    failed = False
    for item in collect(args):
        if isinstance(item, Unvetted):
            doc = item.to_dict()
            if not args.json:
                echo(f"{shown(item.server)} ({shown(item.config)}): {shown(said(item.problem))}\n")
        else:
            ticker = Ticker(len(STEPS), f"vet {shown(item.name)}", quiet=args.json)
            try:
                report = vet(
                    item,
                    sandbox=args.sandbox,
                    rehearse=not args.no_rehearse,
                    on_step=_ticks(ticker),
                )
            except HooklabError as exc:
                if exc.exit_code != 2:
                    raise  # the kit cannot do its job here (no sandbox, no npm): exit 3
                echo(f"hooklab vet: {shown(exc)}", err=True)
                failed = True
                continue
            finally:
                ticker.close()
            doc = report.to_dict()
            verdicts.append(report.verdict)
            if not args.json:
                echo(text_report(report) + "\n")
        lines.append(json_text(doc))
    if args.json:
        for line in lines:
            print(line)
    if args.json_out:
        args.json_out.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    if failed:
        return 2
    worst = max(verdicts, key=VERDICTS.index, default=None)
    return 1 if fails(worst, args.fail_on) else 0


def _ticks(ticker: Ticker) -> Callable[[Step], None]:
    return lambda _step: ticker.tick()


def text_report(report: VetReport) -> str:
    """The report for a terminal: the target, its tree, the packages worth a look, the verdict."""
    lang = current_lang()

    def label(key: str) -> str:
        return "  " + padded(say(WORDS, key, lang), LABEL)

    t, tree = report.target, report.tree
    head = f"{t.ecosystem}:{t.name}"
    out = [head + (" " + say(WORDS, "server", lang, server=t.server) if t.server else "")]
    if tree is not None:
        flag = say(WORDS, "floating", lang) if tree.floating else ""
        out.append(f"{label('version')}{shown(tree.version)}{flag}")
        count = len(tree.nodes)
        packages = say(WORDS, "packages", lang, count=count, s="" if count == 1 else "s")
        out.append(f"{label('tree')}{packages}")
    yes = say(WORDS, "yes", lang)
    rows: list[dict[str, Any]] = [
        {
            "package": p.name,
            "version": p.version,
            "surfaces": ", ".join(p.surfaces) or "-",
            "ran": ", ".join(p.ran) or "-",
            "verdict": p.verdict,
            "deprecated": yes if p.deprecated else "",
        }
        for p in report.packages
        if p.surfaces or p.ran or p.deprecated or p.verdict != "clean"
    ]
    if rows:
        cols = ["package", "version", "surfaces", "ran", "verdict", "deprecated"]
        out += ["  " + line for line in plain_table(rows, cols).splitlines()]
    r = report.rehearsal
    if r is not None:
        how = (
            say(WORDS, "stopped", lang) if r.stopped else say(WORDS, "exit", lang, code=r.exit_code)
        )
        out.append(
            "  " + say(WORDS, "rehearsal", lang, sandbox=r.sandbox, how=how, hooks=len(r.hooks))
        )
        if r.exit_code not in (0, None) and r.last_line:
            out.append("    " + say(WORDS, "last-line", lang, line=r.last_line))
        out += ["    " + say(WORDS, "beyond", lang, connect=c) for c in r.connects]
    out += ["  " + say(WORDS, "not-run", lang, hook=d) for d in report.declared_not_run]
    out += ["  " + say(WORDS, "not-declared", lang, hook=d) for d in report.run_not_declared]
    out.append(f"{label('verdict')}{report.verdict}")
    # Capabilities alone are in the table; the lines behind them are in --json.
    for p in report.packages:
        if VERDICTS.index(p.verdict) >= VERDICTS.index("runs-code-at-install"):
            out += [f"    {p.name}@{p.version}: {e}" for e in p.evidence]
    if report.safe_line:
        out.append(f"{label('safe-line')}{_quoted(report.safe_line)}")
        out.append(" " * (LABEL + 2) + report.safe_note)
    out += [f"{label('problem')}{said(p, lang)}" for p in report.problems]
    return "\n".join(shown(line) for line in out)


def _quoted(argv: list[str]) -> str:
    import shlex

    return shlex.join(argv)
