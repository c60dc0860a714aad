"""The `hooklab` command: the notebooks' steps from a terminal.

Each module in hooklab.commands adds its subcommands through `register(subparsers)`; a
handler returns the exit code. Expected problems (HooklabError) become one line on stderr.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

from hooklab import commands
from hooklab.errors import HooklabError
from hooklab.safetext import shown
from hooklab.show.terminal import echo


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hooklab", description="See what npx/uvx install hooks do, and what stops them."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        importlib.import_module(f"hooklab.commands.{info.name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except HooklabError as exc:
        echo(f"hooklab: {shown(exc)}", err=True)  # one line, even if a name in it holds \n
        return exc.exit_code
    except KeyboardInterrupt:
        print("hooklab: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `hooklab … | head` closed the pipe: not an error of ours
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
