"""CLI subcommands: every module here has `register(subparsers)`; cli.py finds them all.

The grammar every command shares lives here too: `--lang` (the language the kit speaks),
`--json` (JSON on stdout, nothing else there), `--out FILE` (the same JSON written to a file),
`--fail-on` (exit 1 on findings at or above a threshold) and the exit codes. Command modules
import their heavy parts inside the handlers, so `hooklab --help` loads no pandas.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from hooklab.lang import ENV, LANGS
from hooklab.model import VERDICTS
from hooklab.show.terminal import echo, json_text

LEVELS = ("low", "medium", "high")

EXIT_CODES = """exit codes:
  0  done; nothing found at or above the --fail-on threshold
  1  findings at or above the --fail-on threshold
  2  usage: a wrong option, or an input that cannot be used (one line on stderr)
  3  the kit could not do its job: a tool, sandbox or service missing or failing"""


def command(sub: argparse._SubParsersAction, name: str, help: str, **kw: Any) -> Any:
    """A subcommand that takes --lang and whose --help ends with the exit codes."""
    epilog = "\n\n".join(filter(None, [kw.pop("epilog", None), EXIT_CODES]))
    p = sub.add_parser(
        name,
        help=help,
        description=kw.pop("description", help),
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        **kw,
    )
    p.add_argument(
        "--lang",
        metavar="|".join(LANGS),
        default=argparse.SUPPRESS,  # absent: a nested command does not undo its parent's
        help=f"the language of what the kit prints (default: ${ENV}, else a {ENV} file in the "
        "current folder or the one above it, else ko)",
    )
    return p


class _Deprecated(argparse.Action):
    """An old flag kept for notes and scripts that use it: sets `dest` and says what to use."""

    def __init__(self, option_strings: list[str], dest: str, instead: str, **kw: Any) -> None:
        kw.setdefault("nargs", 0)
        super().__init__(option_strings, dest, **kw)
        self.instead = instead

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        echo(f"hooklab: {option_string} is deprecated; use {self.instead}", err=True)
        setattr(namespace, self.dest, self.const)


class _JsonFlag(argparse.Action):
    """`--json` prints JSON on stdout; the old `--json FILE` still works, as `--out FILE`."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        if not isinstance(values, str):  # nargs="?": None when given alone
            namespace.json = True
            return
        echo(f"hooklab: --json FILE is deprecated; use --out {values}", err=True)
        namespace.json_out = Path(values)


def add_json(p: argparse.ArgumentParser, what: str = "the result", out: bool = False) -> None:
    """`--json`, and with `out`, `--out FILE` (the deprecated `--json FILE` is read as it)."""
    if not out:
        p.add_argument("--json", action="store_true", help=f"print {what} as JSON on stdout")
        return
    p.add_argument(
        "--json",
        nargs="?",
        action=_JsonFlag,
        default=False,
        metavar="",
        help=f"print {what} as JSON on stdout (--json FILE: deprecated, use --out FILE)",
    )
    p.add_argument(
        "--out",
        dest="json_out",
        type=Path,
        metavar="FILE",
        help=f"also write {what} as JSON to FILE",
    )


def add_fail_on(
    p: argparse.ArgumentParser,
    choices: Sequence[str] = LEVELS,
    what: str = "a finding is LEVEL or worse",
    strict: str | None = None,
    default: str | None = None,
) -> None:
    """The shared `--fail-on`; `strict` keeps the old `--strict` as an alias for that value."""
    metavar = "LEVEL" if tuple(choices) == LEVELS else "VERDICT"
    said = f"; default {default}" if default else ""
    p.add_argument(
        "--fail-on",
        choices=choices,
        default=default,
        metavar=metavar,
        help=f"exit 1 when {what} ({'|'.join(choices)}{said})",
    )
    if strict is not None:
        p.add_argument(
            "--strict",
            dest="fail_on",
            action=_Deprecated,
            const=strict,
            instead=f"--fail-on {strict}",
            help=f"deprecated: the same as --fail-on {strict}",
        )


def fails(level: str | None, threshold: str | None) -> bool:
    """Whether a result at `level` (None: nothing found) meets the --fail-on `threshold`.

    The threshold is a level (low < medium < high) or a verdict (`hooklab.model.VERDICTS`,
    clean < ... < malicious); `level` is compared on the threshold's scale.
    """
    if threshold is None or level is None:
        return False
    scale: tuple[str, ...] = LEVELS if threshold in LEVELS else VERDICTS
    return level in scale and scale.index(level) >= scale.index(threshold)


def emit_json(args: argparse.Namespace, data: Any, indent: int | None = 2) -> None:
    """Write `data` to --out FILE when given, and print it when --json asks for it."""
    text = json_text(data, indent=indent)
    if getattr(args, "json_out", None):
        args.json_out.write_text(text + "\n", encoding="utf-8")
    if args.json:
        print(text)
