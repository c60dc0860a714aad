"""Read a package to review into memory: a folder, a tarball (.tgz, sdist), a wheel or a zip.

Nothing is extracted to disk and nothing is run. Entries that try to leave the package (absolute
names, `..`), links, devices, oversized files and files past the count limit are skipped with a
note; an archive that inflates past the total limit is refused.
"""

from __future__ import annotations

import bz2
import gzip
import io
import stat
import tarfile
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from hooklab.errors import HooklabError

MAX_FILES = 5_000  # entries looked at in one package
MAX_FILE_BYTES = 4 * 1024 * 1024  # one file's content kept for review
MAX_TOTAL_BYTES = 64 * 1024 * 1024  # bytes inflated from one archive, all entries together
MAX_RATIO = 200  # a zip entry that inflates more than this is treated as a bomb


class ArchiveError(HooklabError):
    """The target cannot be read safely."""


@dataclass
class Tree:
    """The files of one package, by path relative to the package root, with what was skipped."""

    target: str
    kind: str  # folder | tar | zip
    files: dict[str, bytes] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def text(self, name: str) -> str | None:
        """A file's text, or None when it is missing or binary (a NUL byte in its head)."""
        data = self.files.get(name)
        if data is None or b"\0" in data[:8192]:
            return None
        return data.decode("utf-8", errors="replace")


class _Counted(io.RawIOBase):
    """A reader that refuses to inflate more than MAX_TOTAL_BYTES in all."""

    def __init__(self, inner: BinaryIO, target: str) -> None:
        self.inner, self.target, self.seen = inner, target, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buf: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self.inner.read(len(buf))
        self.seen += len(data)
        if self.seen > MAX_TOTAL_BYTES:
            raise ArchiveError(
                f"{self.target}: inflates past {MAX_TOTAL_BYTES // 2**20} MB; refused as a bomb"
            )
        buf[: len(data)] = data
        return len(data)


def safe_name(name: str) -> str | None:
    """The entry's path inside the package, or None when it is absolute or climbs out."""
    cleaned = name.replace("\\", "/")
    if cleaned.startswith("/") or (len(cleaned) > 1 and cleaned[1] == ":"):
        return None
    parts = [p for p in PurePosixPath(cleaned).parts if p not in ("", ".")]
    if not parts or ".." in parts:
        return None
    return "/".join(parts)


def _strip_top(files: dict[str, bytes]) -> dict[str, bytes]:
    """Drop the one folder every entry sits in (npm's `package/`, an sdist's `name-1.0/`)."""
    tops = {name.split("/", 1)[0] for name in files}
    if len(tops) == 1 and all("/" in name for name in files):
        return {name.split("/", 1)[1]: data for name, data in files.items()}
    return files


class _Collector:
    def __init__(self, tree: Tree) -> None:
        self.tree, self.count = tree, 0

    def admit(self, raw_name: str, size: int) -> str | None:
        """The safe name if this entry may be read, else None (with a note)."""
        self.count += 1
        if self.count > MAX_FILES:
            if self.count == MAX_FILES + 1:
                self.tree.notes.append(f"more than {MAX_FILES} entries; the rest were not read")
            return None
        name = safe_name(raw_name)
        if name is None:
            self.tree.notes.append(f"skipped {raw_name!r}: absolute or outside the package")
        elif size > MAX_FILE_BYTES:
            self.tree.notes.append(f"skipped {name}: {size} bytes, over the per-file limit")
            name = None
        return name

    def keep(self, name: str, data: bytes) -> None:
        if len(data) > MAX_FILE_BYTES:
            self.tree.notes.append(f"skipped {name}: over the per-file limit")
        else:
            self.tree.files[name] = data


def _read_folder(root: Path, tree: Tree) -> None:
    col = _Collector(tree)
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            entries = sorted(folder.iterdir())
        except OSError as exc:
            tree.notes.append(f"could not list {folder.relative_to(root)}: {exc.strerror}")
            continue
        for path in entries:
            rel = path.relative_to(root).as_posix()
            if path.name in {".git", "node_modules", "__pycache__"}:
                continue
            mode = path.lstat().st_mode
            if stat.S_ISLNK(mode):
                tree.notes.append(f"skipped {rel}: a symbolic link (not followed)")
            elif stat.S_ISDIR(mode):
                stack.append(path)
            elif not stat.S_ISREG(mode):
                tree.notes.append(f"skipped {rel}: not a regular file")
            elif (name := col.admit(rel, path.lstat().st_size)) is not None:
                with path.open("rb") as fh:
                    col.keep(name, fh.read(MAX_FILE_BYTES + 1))


def _read_tar(fh: BinaryIO, tree: Tree) -> None:
    col = _Collector(tree)
    head = fh.read(3)
    fh.seek(0)
    inflated: BinaryIO = fh
    if head.startswith(b"\x1f\x8b"):
        inflated = gzip.GzipFile(fileobj=fh)  # type: ignore[assignment]
    elif head.startswith(b"BZh"):
        inflated = bz2.BZ2File(fh)  # type: ignore[assignment]
    counted = io.BufferedReader(_Counted(inflated, tree.target))  # counts inflated bytes
    files: dict[str, bytes] = {}
    try:
        with tarfile.open(fileobj=counted, mode="r|") as tar:
            for member in tar:
                if member.isdir():
                    continue
                if member.issym() or member.islnk():
                    tree.notes.append(f"skipped {member.name}: a link (not followed)")
                    continue
                if not member.isfile():
                    tree.notes.append(f"skipped {member.name}: not a regular file")
                    continue
                name = col.admit(member.name, member.size)
                extracted = tar.extractfile(member) if name else None
                if name and extracted is not None:
                    files[name] = extracted.read(MAX_FILE_BYTES + 1)
    except (tarfile.TarError, EOFError, OSError, zlib.error, ValueError) as exc:
        raise ArchiveError(f"{tree.target}: not a readable tarball ({exc})") from None
    for name, data in _strip_top(files).items():
        col.keep(name, data)


def _read_zip(fh: BinaryIO, tree: Tree) -> None:
    col = _Collector(tree)
    files: dict[str, bytes] = {}
    total = 0
    try:
        with zipfile.ZipFile(fh) as zf:
            for info in zf.infolist():
                if info.is_dir():
                    continue
                if stat.S_ISLNK(info.external_attr >> 16):
                    tree.notes.append(f"skipped {info.filename}: a link (not followed)")
                    continue
                name = col.admit(info.filename, info.file_size)
                if name is None:
                    continue
                if info.compress_size and info.file_size / info.compress_size > MAX_RATIO:
                    raise ArchiveError(f"{tree.target}: {name} inflates {MAX_RATIO}x+; a zip bomb")
                with zf.open(info) as member:
                    data = member.read(MAX_FILE_BYTES + 1)
                total += len(data)
                if total > MAX_TOTAL_BYTES:
                    raise ArchiveError(f"{tree.target}: inflates past the total limit; refused")
                files[name] = data
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, zlib.error) as exc:
        raise ArchiveError(f"{tree.target}: not a readable zip ({exc})") from None
    except NotImplementedError as exc:
        raise ArchiveError(f"{tree.target}: unsupported zip ({exc})") from None
    # a wheel has no common top folder; an npm or GitHub zip does
    for name, data in _strip_top(files).items():
        col.keep(name, data)


def read_tree(path: str | Path) -> Tree:
    """Load a package for review, whatever form it comes in."""
    target = Path(path)
    if not target.exists() and not target.is_symlink():
        raise ArchiveError(f"{target}: no such file or folder")
    if target.is_dir():
        tree = Tree(str(target), "folder")
        _read_folder(target, tree)
        return tree
    if not target.is_file():
        raise ArchiveError(f"{target}: not a regular file or folder")
    with target.open("rb") as fh:
        head = fh.read(512)
        fh.seek(0)
        if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
            tree = Tree(str(target), "zip")
            _read_zip(fh, tree)
        elif head.startswith(b"\x1f\x8b") or head.startswith(b"BZh") or _is_plain_tar(fh):
            tree = Tree(str(target), "tar")
            _read_tar(fh, tree)
        else:
            raise ArchiveError(f"{target}: not a folder, tarball, wheel or zip")
    return tree


def _is_plain_tar(fh: BinaryIO) -> bool:
    fh.seek(257)
    magic = fh.read(5)
    fh.seek(0)
    return magic == b"ustar"
