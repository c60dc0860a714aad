"""Writing the pinned launch lines back into a config: a .bak copy first, a fresh file that
replaces the config, never through a link, never over a file that changed meanwhile."""

from __future__ import annotations

import json
import os
import secrets
import stat
from pathlib import Path
from typing import Any

from hooklab.lang import Catalogue, Text, both, in_both
from hooklab.mcp.config import ConfigProblem, LoadedConfig
from hooklab.mcp.report import ServerAudit

_MAX_BACKUPS = 100
NOT_WRITTEN: Catalogue = {  # why --fix left a config as it was
    "backups": both(
        "{name}.bak부터 .bak{last}까지 모두 있습니다. 먼저 몇 개를 지우세요",
        "{name}.bak to .bak{last} all exist; clear some first",
    ),
    "symlink": both(
        "심볼릭 링크입니다. 링크를 거쳐 쓰지 않습니다 (대신 {target}을(를) 고치세요)",
        "is a symlink; not writing through it (fix {target} instead)",
    ),
    "not-regular": both(
        "일반 파일이 아닙니다. 쓰지 않습니다", "is not a regular file; not writing it"
    ),
    "read-only": both(
        "읽기 전용입니다 (mode {mode}). 바꾸지 않았습니다",
        "is read-only (mode {mode}); not changed",
    ),
    "folder-link": both(
        "폴더가 심볼릭 링크입니다. 링크를 거쳐 쓰지 않습니다",
        "its folder is a symlink; not writing through it",
    ),
    "changed": both(
        "감사하는 동안 바뀌었습니다. 쓰지 않았습니다", "changed while it was audited; not written"
    ),
}


def _create(folder: int, name: str, data: bytes, like: os.stat_result) -> None:
    """Write a new file `name` in the open `folder`: never an existing name, never through a
    link; with the mode (and, as root, the owner) of `like`."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    fd = os.open(name, flags, 0o600, dir_fd=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fchmod(f.fileno(), stat.S_IMODE(like.st_mode))
            if os.geteuid() == 0:
                os.fchown(f.fileno(), like.st_uid, like.st_gid)
            os.fsync(f.fileno())
    except BaseException:
        os.unlink(name, dir_fd=folder)
        raise


def _backup(folder: int, name: str, data: bytes, like: os.stat_result) -> str:
    """Keep `data` in a fresh `name.bak`, `name.bak1`, ...: whatever holds a name (a file, a
    planted link, dangling or not) is passed over, never written through."""
    for n in range(_MAX_BACKUPS):
        backup = f"{name}.bak{n or ''}"
        try:
            _create(folder, backup, data, like)
        except FileExistsError:
            continue
        return backup
    raise ConfigProblem(in_both(NOT_WRITTEN, "backups", name=name, last=_MAX_BACKUPS - 1))


def _writable(path: Path, st: os.stat_result) -> Text | None:
    """Why the kit will not rewrite this config, if it will not."""
    if stat.S_ISLNK(st.st_mode):
        return in_both(NOT_WRITTEN, "symlink", target=os.path.realpath(path))
    if not stat.S_ISREG(st.st_mode):
        return in_both(NOT_WRITTEN, "not-regular")
    # Root may write anything: the mode bits are the owner's word that it stays as it is.
    if not st.st_mode & stat.S_IWUSR or not os.access(path, os.W_OK, follow_symlinks=False):
        return in_both(NOT_WRITTEN, "read-only", mode=f"{stat.S_IMODE(st.st_mode):o}")
    return None


def write_fixed(loaded: LoadedConfig, audits: list[ServerAudit]) -> tuple[Path, str] | None:
    """Write the pinned form into the config, keeping the original bytes in a .bak file.

    The new text goes to a fresh file in the same folder that then replaces the config, so a
    link planted at the config or backup name is never followed and a reader never sees half a
    file."""
    fixes = {a.server: a.fixed_args for a in audits if a.fixed_args is not None}
    if not fixes:
        return None
    if loaded.fix_blocked:
        raise ConfigProblem(loaded.fix_blocked)
    path = loaded.file.path
    if path.parent.is_symlink():
        raise ConfigProblem(in_both(NOT_WRITTEN, "folder-link"))
    data = json.loads(json.dumps(loaded.data))
    for name, args in fixes.items():
        if ":" in name and name not in loaded.servers:
            continue
        for entry in _entries_named(data, loaded.file.key, name):
            entry["args"] = args
    try:
        text = (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate, escaped in the original: keep it escaped
        text = (json.dumps(data, indent=2) + "\n").encode("ascii")
    folder = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
    try:
        before = os.stat(path.name, dir_fd=folder, follow_symlinks=False)
        if why := _writable(path, before):
            raise ConfigProblem(why)
        backup = _backup(folder, path.name, loaded.raw, before)
        temp = f".{path.name}.hooklab-{secrets.token_hex(6)}"
        _create(folder, temp, text, before)
        now = os.stat(path.name, dir_fd=folder, follow_symlinks=False)
        if (now.st_dev, now.st_ino, now.st_mtime_ns) != (
            before.st_dev,
            before.st_ino,
            before.st_mtime_ns,
        ):
            os.unlink(temp, dir_fd=folder)
            raise ConfigProblem(in_both(NOT_WRITTEN, "changed"))
        os.replace(temp, path.name, src_dir_fd=folder, dst_dir_fd=folder)
    finally:
        os.close(folder)
    return path, backup


def _entries_named(data: dict[str, Any], key: str, name: str) -> list[dict[str, Any]]:
    if ":" in name and isinstance(data.get("projects"), dict):
        project, _, server = name.rpartition(":")
        block = (data["projects"].get(project) or {}).get("mcpServers") or {}
        return [block[server]] if isinstance(block.get(server), dict) else []
    if key == "mcp.servers":
        block = data.get("mcp", {}).get("servers") if isinstance(data.get("mcp"), dict) else None
        block = block if block is not None else data.get("mcp.servers", {})
    else:
        block = data.get(key or ("mcpServers" if "mcpServers" in data else "servers"), {})
    return [block[name]] if isinstance(block, dict) and isinstance(block.get(name), dict) else []
