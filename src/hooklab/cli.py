"""The `hooklab` command: the notebooks' steps from a terminal.

Each module in hooklab.commands adds its subcommands through `register(subparsers)`; a
handler returns the exit code (see `EXIT_CODES`). Expected problems (HooklabError) become one
line on stderr. Nothing here imports pandas: `hooklab --help` starts in a blink.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys

from hooklab import __version__, commands
from hooklab.commands import EXIT_CODES
from hooklab.errors import HooklabError
from hooklab.lang import ENV, as_lang, both, in_lang, shown_lang
from hooklab.safetext import shown
from hooklab.show.terminal import echo


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hooklab",
        description="See what npx/uvx install hooks do, and what stops them.",
        epilog="Every command that prints results takes --json (JSON on stdout); every command "
        "that finds things takes --fail-on.\n\n" + EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"hooklab {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        importlib.import_module(f"hooklab.commands.{info.name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    before = os.environ.get(ENV)
    try:
        if getattr(args, "lang", None) is not None:
            os.environ[ENV] = as_lang(args.lang)  # so every part, and every child, speaks it
        return int(args.handler(args) or 0)
    except HooklabError as exc:
        echo(f"hooklab: {shown(exc)}", err=True)  # one line, even if a name in it holds \n
        return exc.exit_code
    except KeyboardInterrupt:
        interrupted = in_lang(both("중단했습니다", "interrupted"), shown_lang())
        print(f"hooklab: {interrupted}", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `hooklab … | head` closed the pipe: not an error of ours
        sys.stderr.close()
        return 0
    finally:
        if before is None:
            os.environ.pop(ENV, None)
        else:
            os.environ[ENV] = before


if __name__ == "__main__":
    sys.exit(main())
