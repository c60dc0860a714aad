"""Each learner's progress: a small JSON file in the work folder, exported for the trainer."""

from __future__ import annotations

import errno
import getpass
import json
import os
import re
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hooklab.errors import HooklabError
from hooklab.lang import both
from hooklab.paths import work_dir

FORMAT = "hooklab-lab-progress/1"
# Bounds on a file a learner hands in: far above any real one, small enough to read at once.
MAX_BYTES = 256_000
MAX_ITEMS = 200  # labs in a file, tasks in a lab
MAX_TEXT = 200  # characters in a name, a task key or a flag
MAX_COUNT = 1_000_000  # wrong answers to one task


def learner_name() -> str:
    """HOOKLAB_LEARNER, else the account name (on JupyterHub the hub's user name)."""
    name = os.environ.get("HOOKLAB_LEARNER") or os.environ.get("JUPYTERHUB_USER")
    return name or getpass.getuser()


def progress_path() -> Path:
    return work_dir() / "labs" / "progress.json"


@dataclass
class LabProgress:
    misses: dict[str, int] = field(default_factory=dict)  # task -> wrong answers so far
    solved: list[str] = field(default_factory=list)  # tasks answered right, in order
    flag: str = ""


@dataclass
class Progress:
    learner: str
    labs: dict[str, LabProgress] = field(default_factory=dict)

    def lab(self, lab_id: str) -> LabProgress:
        return self.labs.setdefault(lab_id, LabProgress())

    def to_dict(self) -> dict[str, Any]:
        labs = {k: vars(v) for k, v in sorted(self.labs.items())}
        return {"format": FORMAT, "learner": self.learner, "labs": labs}

    @classmethod
    def from_dict(cls, data: object, source: str) -> Progress:
        """Read an exported file's shape, refusing (one line) anything but the shape we write."""

        def bad(ko: str, en: str) -> HooklabError:
            return HooklabError(
                both(
                    f"{source}: 올바른 진행 파일이 아닙니다 ({ko})",
                    f"{source}: not a valid progress file ({en})",
                )
            )

        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise HooklabError(
                both(
                    f"{source}: hooklab 진행 파일이 아닙니다 (형식 {FORMAT})",
                    f"{source}: not a hooklab progress file (format {FORMAT})",
                )
            )
        learner = data.get("learner")
        if not isinstance(learner, str) or not learner.strip():
            raise bad("학습자 이름이 없습니다", "no learner name")
        if len(learner) > MAX_TEXT:
            raise bad(
                f"학습자 이름이 {MAX_TEXT}자보다 깁니다",
                f"learner name longer than {MAX_TEXT} characters",
            )
        raw_labs = data.get("labs", {})
        if not isinstance(raw_labs, dict) or len(raw_labs) > MAX_ITEMS:
            raise bad(
                f"'labs'가 랩 {MAX_ITEMS}개 이하의 매핑이 아닙니다",
                f"'labs' is not a mapping of at most {MAX_ITEMS} labs",
            )
        labs = {}
        for lab_id, raw in raw_labs.items():
            lab = repr(lab_id[:40])
            if not isinstance(raw, dict):
                raise bad(f"랩 {lab}이(가) 매핑이 아닙니다", f"lab {lab} is not a mapping")
            misses, solved, flag = raw.get("misses", {}), raw.get("solved", []), raw.get("flag", "")
            if not isinstance(misses, dict) or len(misses) > MAX_ITEMS:
                raise bad(
                    f"랩 {lab}: 'misses'가 작은 매핑이 아닙니다",
                    f"lab {lab}: 'misses' is not a small mapping",
                )
            if not all(_is_count(v) for v in misses.values()):
                raise bad(
                    f"랩 {lab}: 오답 횟수가 0..{MAX_COUNT} 사이의 정수가 아닙니다",
                    f"lab {lab}: a miss count is not a whole number 0..{MAX_COUNT}",
                )
            if not isinstance(solved, list) or len(solved) > MAX_ITEMS:
                raise bad(
                    f"랩 {lab}: 'solved'가 짧은 목록이 아닙니다",
                    f"lab {lab}: 'solved' is not a short list",
                )
            if not all(isinstance(t, str) and len(t) <= MAX_TEXT for t in solved):
                raise bad(
                    f"랩 {lab}: 푼 과제 가운데 짧은 텍스트가 아닌 것이 있습니다",
                    f"lab {lab}: a solved task is not a short text",
                )
            # a flag is HOOKLAB{...} in ASCII; the board compares it in constant time, which
            # refuses non-ASCII text with a TypeError
            if not isinstance(flag, str) or len(flag) > MAX_TEXT or not _is_plain(flag):
                raise bad(
                    f"랩 {lab}: 'flag'가 짧은 ASCII 텍스트가 아닙니다",
                    f"lab {lab}: 'flag' is not a short ASCII text",
                )
            labs[lab_id] = LabProgress(misses=dict(misses), solved=list(solved), flag=flag)
        return cls(learner, labs)


def _is_count(value: object) -> bool:
    return type(value) is int and 0 <= value <= MAX_COUNT


def _is_plain(text: str) -> bool:
    return text.isascii() and text.isprintable()


def read_progress(path: Path) -> Progress:
    """Read one progress file: a regular file only (no link, FIFO or device), at most MAX_BYTES."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except FileNotFoundError:
        raise HooklabError(
            both(f"{path}: 그런 진행 파일이 없습니다", f"{path}: no such progress file")
        ) from None
    except OSError as exc:
        link = exc.errno == errno.ELOOP  # else the OS's words, as they come
        ko = "심볼릭 링크입니다 (따라가지 않음)" if link else exc.strerror
        en = "a symbolic link (not followed)" if link else exc.strerror
        raise HooklabError(
            both(f"{path}: 열 수 없습니다: {ko}", f"{path}: cannot open it: {en}")
        ) from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):  # before os.fdopen, which raises on a folder
        os.close(fd)
        raise HooklabError(
            both(f"{path}: 일반 파일이 아니어서 건너뜁니다", f"{path}: not a regular file; skipped")
        )
    with os.fdopen(fd, "rb") as handle:
        raw = handle.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise HooklabError(
            both(
                f"{path}: {MAX_BYTES // 1000} kB보다 커서 진행 파일이 아닙니다",
                f"{path}: larger than {MAX_BYTES // 1000} kB; not a progress file",
            )
        )
    try:
        data = json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError) as exc:  # bad UTF-8 and huge ints are ValueErrors too
        raise HooklabError(
            both(
                f"{path}: JSON으로 읽을 수 없습니다 ({str(exc)[:120]})",
                f"{path}: cannot read it as JSON ({str(exc)[:120]})",
            )
        ) from None
    return Progress.from_dict(data, str(path))


def load() -> Progress:
    """This learner's progress (empty when nothing was checked yet)."""
    path = progress_path()
    if not path.exists():
        return Progress(learner_name())
    progress = read_progress(path)
    progress.learner = learner_name()
    return progress


def save(progress: Progress) -> None:
    """Write atomically, so a kernel killed mid-write never leaves half a file."""
    path = progress_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".progress-", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(progress.to_dict(), out, ensure_ascii=False, indent=1)
    os.replace(tmp, path)


def export(dest: Path | None = None) -> Path:
    """Copy this learner's progress to `dest` (a file, or a folder for progress-NAME.json)."""
    progress = load()
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", progress.learner) or "learner"
    if dest is None:
        dest = work_dir() / "labs"
    if dest.is_dir() or not dest.suffix:
        dest.mkdir(parents=True, exist_ok=True)
        dest = dest / f"progress-{safe}.json"
    dest.write_text(json.dumps(progress.to_dict(), ensure_ascii=False, indent=1), "utf-8")
    return dest
