"""Read a package to review into memory: a folder, a tarball (.tgz, sdist), a wheel or a zip.

Nothing is extracted to disk and nothing is run. Names are laid out the way the installer lays
them out: npm strips the first path component of every tarball entry, pip and uv strip the one
top folder of an sdist or zip only when every entry sits in it; a later duplicate overwrites an
earlier one. Links and devices are skipped with a note. A file whose content is not read (over
the per-file limit, past the entry limit, encrypted, corrupt) keeps its name in `Tree.unread`
with the reason, so the rules can report the limit; an archive that inflates past the total
limit is refused.
"""

from __future__ import annotations

import bz2
import gzip
import io
import json
import lzma
import stat
import tarfile
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path, PurePosixPath
from typing import IO, BinaryIO, Literal

from hooklab.errors import HooklabError
from hooklab.lang import Catalogue, both, in_both

MAX_FILES = 5_000  # entries whose content is read in one package
MAX_NAMES = 200_000  # entries whose name is kept (names are cheap; a manifest may hide late)
MAX_FILE_BYTES = 4 * 1024 * 1024  # one file's content kept for review
MAX_MANIFEST_BYTES = 16 * 1024 * 1024  # the installer reads a manifest whole, so read more of it
MAX_LATE_MANIFESTS = 100  # manifests still read past MAX_FILES
MAX_TOTAL_BYTES = 64 * 1024 * 1024  # bytes inflated from one archive, all entries together

REFUSALS: Catalogue = {
    "bomb": both(
        "{target}: 풀면 {mb} MB를 넘습니다. 압축 폭탄(bomb)으로 보고 거부합니다",
        "{target}: inflates past {mb} MB; refused as a bomb",
    ),
    "total": both(
        "{target}: 풀면 전체 한도를 넘습니다. 거부합니다",
        "{target}: inflates past the total limit; refused",
    ),
    "not-tar": both(
        "{target}: 읽을 수 있는 tarball이 아닙니다 ({why})",
        "{target}: not a readable tarball ({why})",
    ),
    "zip-name": both(
        "{target}: zip 항목의 이름이 올바른 UTF-8이 아닙니다",
        "{target}: a zip entry name is not valid UTF-8",
    ),
    "not-zip": both(
        "{target}: 읽을 수 있는 zip이 아닙니다 ({why})", "{target}: not a readable zip ({why})"
    ),
    "missing": both("{target}: 그런 파일이나 폴더가 없습니다", "{target}: no such file or folder"),
    "not-regular": both(
        "{target}: 일반 파일도 폴더도 아닙니다", "{target}: not a regular file or folder"
    ),
    "kind": both(
        "{target}: 폴더, tarball, 휠, zip 중 어느 것도 아닙니다",
        "{target}: not a folder, tarball, wheel or zip",
    ),
}
MANIFESTS = frozenset(
    {"package.json", "setup.py", "pyproject.toml", "setup.cfg", "binding.gyp", "entry_points.txt"}
)
_CORRUPT = (zipfile.BadZipFile, EOFError, OSError, zlib.error, lzma.LZMAError, ValueError)


class ArchiveError(HooklabError):
    """The target cannot be read safely."""


def is_manifest(name: str) -> bool:
    """A file an installer reads to decide what runs (package.json, setup.py, a .pth, ...)."""
    base = name.rsplit("/", 1)[-1]
    return base in MANIFESTS or base.endswith(".pth")


def file_limit(name: str) -> int:
    return MAX_MANIFEST_BYTES if is_manifest(name) else MAX_FILE_BYTES


@dataclass
class Tree:
    """The files of one package, by path relative to the package root, with what was skipped."""

    target: str
    kind: Literal["folder", "tar", "zip"]
    files: dict[str, bytes] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    unread: dict[str, str] = field(default_factory=dict)  # path -> why its content is missing
    limits: list[str] = field(default_factory=list)  # archive-wide limits hit, odd layouts

    def has(self, name: str) -> bool:
        """The package holds this file, whether or not its content was read."""
        return name in self.files or name in self.unread

    def source(self, name: str) -> str | None:
        """A file's text as an interpreter reads it (a leading BOM dropped), binary or not."""
        data = self.files.get(name)
        return None if data is None else data.decode("utf-8-sig", errors="replace")

    def text(self, name: str) -> str | None:
        """A file's text, or None when it is missing or binary (a NUL byte in its head)."""
        data = self.files.get(name)
        if data is None or b"\0" in data[:8192]:
            return None
        return self.source(name)


@dataclass
class _Entry:
    raw: str  # the name as stored in the archive
    data: bytes | None
    why: str = ""  # when data is None


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
                in_both(REFUSALS, "bomb", target=self.target, mb=MAX_TOTAL_BYTES // 2**20)
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


def npm_name(raw: str) -> str | None:
    """Where npm puts a tarball entry: the first component dropped, whatever it is called, and
    a leading `/` of the rest dropped too (so `x/../a` is refused but `../a` lands as `a`)."""
    parts = raw.split("/", 1)
    return safe_name(parts[1].lstrip("/")) if len(parts) == 2 else None


def _top(name: str) -> str:
    return name.split("/", 1)[0]


class _Collector:
    """Entries in archive order: which to read, and the tree they make once laid out."""

    def __init__(self, tree: Tree) -> None:
        self.tree = tree
        self.entries: list[_Entry] = []
        self.tops: set[str] = set()  # first components of every entry, folders and links too
        self.flat = False  # a file at the top (then pip and uv keep the top folder)
        self.read_count = 0
        self.late = 0

    @property
    def full(self) -> bool:
        return len(self.entries) >= MAX_NAMES

    def seen(self, raw: str, is_file: bool) -> None:
        """Any entry (file, folder, link) shapes where pip puts the rest."""
        name = safe_name(raw)
        if name:
            self.tops.add(_top(name))
            self.flat |= is_file and "/" not in name

    def budget(self, raw: str, size: int) -> tuple[int, str]:
        """How many bytes of this file to read (limit + 1, to see it overflow), or 0 and why."""
        if size > file_limit(raw):
            return 0, f"{size} bytes > the {file_limit(raw)}-byte limit"
        self.read_count += 1
        if self.read_count > MAX_FILES:
            if not is_manifest(raw) or self.late >= MAX_LATE_MANIFESTS:
                return 0, f"past the {MAX_FILES}-entry limit"
            self.late += 1
        return file_limit(raw) + 1, ""

    def add(self, raw: str, data: bytes | None, why: str = "") -> None:
        self.seen(raw, True)
        if data is not None and len(data) > file_limit(raw):
            data, why = None, f"more than the {file_limit(raw)}-byte limit"
        self.entries.append(_Entry(raw, data, why))

    def read(self, raw: str, size: int, opener: Callable[[], IO[bytes] | None]) -> None:
        """Read one file entry within its budget; a member that cannot be read is unread.

        `opener` is only called when the entry is within its budget; the member is closed after.
        """
        want, why = self.budget(raw, size)
        if not want:
            self.add(raw, None, why)
            return
        try:
            self.add(raw, _head(opener(), want))
        except (RuntimeError, NotImplementedError) as exc:  # zipfile: encrypted, odd method
            self.add(raw, None, f"could not be read ({exc})")

    def lay_out(self, place: Callable[[str], str | None]) -> None:
        """Put every entry where `place` says (None: the installer drops it); later wins."""
        files, unread = self.tree.files, self.tree.unread
        for entry in self.entries:
            name = place(entry.raw)
            if name is None:
                self.tree.notes.append(f"skipped {entry.raw!r}: outside the package as installed")
                continue
            files.pop(name, None)
            unread.pop(name, None)
            if entry.data is None:
                unread[name] = entry.why
            else:
                files[name] = entry.data
        if self.read_count > MAX_FILES:
            self.tree.limits.append(
                f"{self.read_count} files, more than the {MAX_FILES}-file limit: "
                f"past it only names and manifests were read"
            )
        if self.full:
            self.tree.limits.append(f"more than {MAX_NAMES} entries: the rest were not listed")

    def pip_place(self) -> Callable[[str], str | None]:
        """pip and uv drop the top folder only when every entry sits in that one folder."""
        strip = len(self.tops) == 1 and not self.flat

        def place(raw: str) -> str | None:
            name = safe_name(raw)
            return name.split("/", 1)[1] if strip and name else name

        return place


def _open_binary(path: Path) -> BinaryIO:
    return path.open("rb")


def _head(fh: IO[bytes] | None, size: int) -> bytes:
    """Up to `size` bytes of an opened member, closing it."""
    if fh is None:
        return b""
    with fh:
        return fh.read(size)


def _read_folder(root: Path, tree: Tree) -> None:
    col = _Collector(tree)
    stack = [root]
    while stack and not col.full:
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
            elif not col.full:
                col.read(rel, path.lstat().st_size, partial(_open_binary, path))
    col.lay_out(safe_name)
    _note_bundled(tree)


def _note_bundled(tree: Tree) -> None:
    """A folder's node_modules is what was installed there, not what ships, so it is not read;
    when the manifest bundles dependencies (npm packs and installs them, hooks included), the
    review says what it did not see."""
    try:
        data = json.loads(tree.files.get("package.json") or b"null")
    except (ValueError, RecursionError):
        return
    if isinstance(data, dict) and (
        data.get("bundleDependencies") or data.get("bundledDependencies")
    ):
        tree.limits.append(
            "package.json bundles dependencies; a folder's node_modules is not read: "
            "review the packed .tgz (npm pack) to see them"
        )


def _inflate(fh: BinaryIO) -> BinaryIO:
    head = fh.read(6)
    fh.seek(0)
    if head.startswith(b"\x1f\x8b"):
        return gzip.GzipFile(fileobj=fh)  # type: ignore[return-value]
    if head.startswith(b"BZh"):
        return bz2.BZ2File(fh)  # type: ignore[return-value]
    if head.startswith(b"\xfd7zXZ\x00"):
        return lzma.LZMAFile(fh)  # type: ignore[return-value]
    return fh


def _read_tar(fh: BinaryIO, tree: Tree) -> None:
    col = _Collector(tree)
    counted = io.BufferedReader(_Counted(_inflate(fh), tree.target))  # counts inflated bytes
    try:
        with tarfile.open(fileobj=counted, mode="r|") as tar:
            for member in tar:
                if col.full:
                    break
                col.seen(member.name, False)
                if member.isdir():
                    continue
                if member.issym() or member.islnk():
                    tree.notes.append(f"skipped {member.name}: a link (not followed)")
                elif not member.isfile():
                    tree.notes.append(f"skipped {member.name}: not a regular file")
                else:
                    col.read(member.name, member.size, partial(tar.extractfile, member))
            while counted.read(2**16):  # to the end, so gzip checks its CRC as npm does
                pass
    except (tarfile.TarError, *_CORRUPT) as exc:
        raise ArchiveError(in_both(REFUSALS, "not-tar", target=tree.target, why=exc)) from None
    # an npm tarball (a package.json at the top or one folder down) is laid out as npm does
    npm_view = any("package.json" in (npm_name(e.raw), safe_name(e.raw)) for e in col.entries)
    if npm_view and len(col.tops) > 1:
        tree.limits.append(
            f"{len(col.tops)} top-level entries: npm drops the first component of every entry, "
            "so files from all of them land in one package"
        )
    col.lay_out(npm_name if npm_view else col.pip_place())


def _read_zip(fh: BinaryIO, tree: Tree) -> None:
    col = _Collector(tree)
    total = 0
    try:
        with zipfile.ZipFile(fh) as zf:
            for info in zf.infolist():
                if col.full:
                    break
                col.seen(info.filename, False)
                if info.is_dir():
                    continue
                if stat.S_ISLNK(info.external_attr >> 16):
                    tree.notes.append(f"skipped {info.filename}: a link (not followed)")
                    continue
                if info.flag_bits & 0x1:
                    col.add(info.filename, None, "encrypted; its content cannot be read")
                    continue
                try:
                    col.read(info.filename, info.file_size, partial(zf.open, info))
                except _CORRUPT as exc:
                    col.add(info.filename, None, f"corrupt data ({type(exc).__name__})")
                total += len(col.entries[-1].data or b"")
                if total > MAX_TOTAL_BYTES:
                    raise ArchiveError(in_both(REFUSALS, "total", target=tree.target))
    except UnicodeDecodeError:
        raise ArchiveError(in_both(REFUSALS, "zip-name", target=tree.target)) from None
    except (zipfile.LargeZipFile, *_CORRUPT) as exc:
        raise ArchiveError(in_both(REFUSALS, "not-zip", target=tree.target, why=exc)) from None
    # a wheel has no common top folder; an npm or GitHub zip does
    col.lay_out(col.pip_place())


def read_tree(path: str | Path) -> Tree:
    """Load a package for review, whatever form it comes in."""
    target = Path(path)
    if not target.exists() and not target.is_symlink():
        raise ArchiveError(in_both(REFUSALS, "missing", target=target))
    if target.is_dir():
        tree = Tree(str(target), "folder")
        _read_folder(target, tree)
        return tree
    if not target.is_file():
        raise ArchiveError(in_both(REFUSALS, "not-regular", target=target))
    with target.open("rb") as fh:
        head = fh.read(512)
        fh.seek(0)
        if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
            tree = Tree(str(target), "zip")
            _read_zip(fh, tree)
        elif head.startswith((b"\x1f\x8b", b"BZh", b"\xfd7zXZ\x00")) or _is_plain_tar(fh):
            tree = Tree(str(target), "tar")
            _read_tar(fh, tree)
        else:
            raise ArchiveError(in_both(REFUSALS, "kind", target=target))
    return tree


def _is_plain_tar(fh: BinaryIO) -> bool:
    fh.seek(257)
    magic = fh.read(5)
    fh.seek(0)
    return magic == b"ustar"
