"""What a run did, as yes/no behaviours, so that backends can be compared side by side."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

import pandas as pd

from hooklab.lang import Catalogue, Lang, current_lang, say
from hooklab.model import RunResult
from hooklab.show.tables import as_table
from hooklab.watch.home import SECRET_FILES

BACKGROUND_MARKER = "escape-background.marker"
# Each behaviour, in the row order of the behaviour table, with its label in both languages
# (hooklab.lang); the English label is the behaviour's own name.
TEXT: Catalogue = {
    "hook ran": {"ko": "설치 훅 실행", "en": "hook ran"},
    "fake secret read": {"ko": "가짜 비밀 읽기", "en": "fake secret read"},
    "real home read": {"ko": "진짜 홈 읽기", "en": "real home read"},
    "wrote outside": {"ko": "폴더 밖에 쓰기", "en": "wrote outside"},
    "canary reached": {"ko": "카나리 도달", "en": "canary reached"},
    "connect blocked": {"ko": "차단된 접속 기록", "en": "connect blocked"},
    "outlived install": {"ko": "설치 뒤까지 생존", "en": "outlived install"},
}


def labels(lang: Lang) -> dict[str, str]:
    """Each behaviour's label in `lang`, in row order."""
    return {name: say(TEXT, name, lang) for name in TEXT}


class _Labels(Mapping[str, str]):
    """Each behaviour's label in the kit's language at the moment it is read, so that
    `table.rename(index=BEHAVIOURS, level="behaviour")` is one line for both editions."""

    def __getitem__(self, name: str) -> str:
        return say(TEXT, name, current_lang())

    def __iter__(self) -> Iterator[str]:
        return iter(TEXT)

    def __len__(self) -> int:
        return len(TEXT)


BEHAVIOURS: Mapping[str, str] = _Labels()

# Folders that exist only inside an isolated sandbox, so writing there leaves nothing behind.
PRIVATE_TMP = ("/tmp/", "/var/tmp/", "/dev/")


def writes_outside(result: RunResult, isolated: bool) -> list[str]:
    """Files the run wrote (successfully) outside its own folder.

    Relative paths are left out: the tracer cannot say which folder they were relative to.
    """
    inside = result.places.get("<scratch>", "\0").rstrip("/") + "/"
    skip = (inside, *PRIVATE_TMP) if isolated else (inside, "/dev/")
    return sorted(
        {
            e.detail
            for e in result.events
            if e.kind == "file_write"
            and e.ok
            and e.detail.startswith("/")
            and not e.detail.startswith(skip)
        }
    )


def behaviours(result: RunResult, decoy: Path | None = None) -> dict[str, bool]:
    """Each behaviour in BEHAVIOURS: did this run show it?"""
    home = result.places.get("~", "\0")
    fake = {f"{home}/{rel}" for rel in SECRET_FILES}
    reads = [e for e in result.events if e.kind == "secret_read" and e.ok]
    return {
        "hook ran": any(m != BACKGROUND_MARKER for m in result.markers)
        or any(e.kind == "exec" and e.role == "hook" for e in result.events),
        "fake secret read": any(e.detail in fake for e in reads),
        "real home read": decoy is not None and any(e.detail == str(decoy) for e in reads),
        "wrote outside": bool(writes_outside(result, result.sandbox != "host")),
        "canary reached": bool(result.canary_hits),
        "connect blocked": any(e.kind == "connect" and not e.ok for e in result.events),
        "outlived install": BACKGROUND_MARKER in result.markers,
    }


def behaviour_frame(results: dict[tuple[str, str], RunResult], decoy: Path | None = None):
    """Rows: (fixture, behaviour); columns: backends; cells: True/False."""
    rows = []
    for (fixture, backend), result in results.items():
        for name, seen in behaviours(result, decoy).items():
            rows.append({"fixture": fixture, "behaviour": name, "backend": backend, "seen": seen})
    frame = pd.DataFrame(rows)
    table = frame.pivot_table(
        index=["fixture", "behaviour"], columns="backend", values="seen", aggfunc="any", sort=False
    )
    table.columns.name = None
    return as_table(table.astype(bool))
