"""An MCP server's launch line wrapped in srt, the way a Claude Code user writes it in a config:
`"command": "srt", "args": ["--settings", FILE, "--", COMMAND, ARGS...]`."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from pathlib import Path

from hooklab.mcp.session import ServerEntry
from hooklab.watch.sandbox.srt import settings_file, srt_command


@contextlib.contextmanager
def in_srt(
    entry: ServerEntry, *, writable: Sequence[Path] = (), deny_read: Sequence[Path] = ()
) -> Iterator[ServerEntry]:
    """`entry` started through srt: no network domain, writes only under `writable` (give the
    session's Stage scratch, where the canary's marker folder is), reads denied only under
    `deny_read`. The settings file lasts as long as the block."""
    if entry.url:
        raise ValueError("a remote server has no launch line to wrap")
    with settings_file(writable, deny_read) as path:
        argv = srt_command(path, [entry.command, *entry.args])
        yield ServerEntry(argv[0], tuple(argv[1:]), entry.env, f"{entry.name} (srt)")
