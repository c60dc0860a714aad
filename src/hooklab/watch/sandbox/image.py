"""The sandbox image, made here with no registry: a tiny root file system imported as an image.

It holds only mount points, /etc/passwd and /etc/group; the host's /usr (node, npm, python,
strace) is bind-mounted read-only at run time.
"""

from __future__ import annotations

import hashlib
import io
import tarfile
from pathlib import Path
from typing import Any

REPOSITORY = "hooklab-sandbox"
USER = "65534:65534"
_DIRS = ("etc", "tmp", "proc", "dev", "sys", "usr", "run", "var/tmp")
_FILES = {
    "etc/passwd": (
        "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/sh\n"
    ),
    "etc/group": "root:x:0:\nnogroup:x:65534:\n",
    "etc/hostname": "sandbox\n",
}
TOP_LEVEL = ("bin", "lib", "lib32", "lib64", "libx32", "sbin")


def usr_links() -> dict[str, str]:
    """Top-level folders that are links into /usr on this host (a merged-/usr system)."""
    return {n: str(Path("/", n).readlink()) for n in TOP_LEVEL if Path("/", n).is_symlink()}


def host_dirs() -> list[Path]:
    """Top-level system folders that are real folders here: the sandbox binds them read-only."""
    found = (Path("/", n) for n in TOP_LEVEL)
    return [p for p in found if p.is_dir() and not p.is_symlink()]


def rootfs() -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        for name in (*_DIRS, *(p.name for p in host_dirs())):
            info = tarfile.TarInfo(name)
            info.type, info.mode = tarfile.DIRTYPE, 0o1777 if "tmp" in name else 0o755
            tar.addfile(info)
        for name, target in usr_links().items():
            info = tarfile.TarInfo(name)
            info.type, info.linkname = tarfile.SYMTYPE, target
            tar.addfile(info)
        for name, text in _FILES.items():
            data = text.encode()
            info = tarfile.TarInfo(name)
            info.size, info.mode = len(data), 0o644
            tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def ensure_image(client: Any) -> str:
    """The image's tag, importing it first when this engine does not have it yet."""
    data = rootfs()
    tag = hashlib.sha256(data).hexdigest()[:12]
    name = f"{REPOSITORY}:{tag}"
    from docker.errors import ImageNotFound

    try:
        client.images.get(name)
    except ImageNotFound:
        client.api.import_image_from_data(data, repository=REPOSITORY, tag=tag)
    return name
