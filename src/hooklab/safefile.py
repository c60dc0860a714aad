"""Reading a file that something untrusted may have put there: a regular file only, never
through a link, never more than asked for."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

from hooklab.errors import HooklabError
from hooklab.lang import both
from hooklab.safetext import shown


def read_regular(path: Path, limit: int) -> bytes | None:
    """Up to `limit` + 1 bytes of the regular file at `path` (more than `limit` means it is too
    big); None when it is missing, a link, a FIFO, a device or a folder."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        with os.fdopen(fd, "rb") as handle:
            fd = -1
            return handle.read(limit + 1)
    finally:
        if fd >= 0:
            os.close(fd)


def read_json(path: Path, limit: int) -> Any:
    """The JSON in the regular file at `path`, at most `limit` bytes of it; anything else (missing,
    a link, too big, not UTF-8 JSON, nested too deep) is a one-line HooklabError."""
    raw = read_regular(path, limit)
    if raw is None:
        raise HooklabError(
            both(
                f"{shown(path)}: 없거나, 링크이거나, 일반 파일이 아닙니다",
                f"{shown(path)}: missing, a link or not a regular file",
            )
        )
    if len(raw) > limit:
        raise HooklabError(
            both(
                f"{shown(path)}: {limit // 1024} kB보다 커서 읽지 않았습니다",
                f"{shown(path)}: larger than {limit // 1024} kB; not read",
            )
        )
    try:
        return json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError) as exc:
        raise HooklabError(
            both(
                f"{shown(path)}: 올바른 JSON이 아닙니다 ({shown(str(exc))[:120]})",
                f"{shown(path)}: not valid JSON ({shown(str(exc))[:120]})",
            )
        ) from None
