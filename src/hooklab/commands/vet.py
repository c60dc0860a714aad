"""`hooklab vet`: a registry package, a launch line or a config's servers, checked end to end."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hooklab.commands import add_fail_on, add_json, command, fails
from hooklab.model import VERDICTS
from hooklab.safetext import shown
from hooklab.show.terminal import echo, json_text, plain_table

if TYPE_CHECKING:
    from collections.abc import Callable

    from hooklab.show.terminal import Ticker
    from hooklab.vet.model import Step, Target, Unvetted, VetReport

SANDBOXES = ("bwrap", "docker", "gvisor")
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
        raise HooklabError("--server needs --config")
    if not args.targets and not args.config:
        raise HooklabError("nothing to vet: give a TARGET or --config PATH")
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
                echo(f"{shown(item.server)} ({shown(item.config)}): {shown(item.problem)}\n")
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
    t, tree = report.target, report.tree
    head = f"{t.ecosystem}:{t.name}" + (f" (server {t.server})" if t.server else "")
    out = [head]
    if tree is not None:
        flag = "  (floating: resolved today; pin it)" if tree.floating else ""
        out.append(f"  version   {shown(tree.version)}{flag}")
        count = len(tree.nodes)
        out.append(f"  tree      {count} package{'' if count == 1 else 's'}")
    rows: list[dict[str, Any]] = [
        {
            "package": p.name,
            "version": p.version,
            "surfaces": ", ".join(p.surfaces) or "-",
            "ran": ", ".join(p.ran) or "-",
            "verdict": p.verdict,
            "deprecated": "yes" if p.deprecated else "",
        }
        for p in report.packages
        if p.surfaces or p.ran or p.deprecated or p.verdict != "clean"
    ]
    if rows:
        cols = ["package", "version", "surfaces", "ran", "verdict", "deprecated"]
        out += ["  " + line for line in plain_table(rows, cols).splitlines()]
    r = report.rehearsal
    if r is not None:
        how = "stopped after its time" if r.stopped else f"exit {r.exit_code}"
        out.append(f"  rehearsal {r.sandbox}, offline: {how}, {len(r.hooks)} hooks ran")
        if r.exit_code not in (0, None) and r.last_line:
            out.append(f"    last line: {r.last_line}")
        out += [f"    beyond loopback: {c}" for c in r.connects]
    out += [f"  declared, not run: {d}" for d in report.declared_not_run]
    out += [f"  run, not declared: {d}" for d in report.run_not_declared]
    out.append(f"  verdict   {report.verdict}")
    # Capabilities alone are in the table; the lines behind them are in --json.
    for p in report.packages:
        if VERDICTS.index(p.verdict) >= VERDICTS.index("runs-code-at-install"):
            out += [f"    {p.name}@{p.version}: {e}" for e in p.evidence]
    if report.safe_line:
        out.append(f"  safe line {_quoted(report.safe_line)}")
        out.append(f"            {report.safe_note}")
    out += [f"  problem   {p}" for p in report.problems]
    return "\n".join(shown(line) for line in out)


def _quoted(argv: list[str]) -> str:
    import shlex

    return shlex.join(argv)
