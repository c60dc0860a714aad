"""GuardDog, a real scanner, run on the same archives as the review (from its own venv).

GuardDog refreshes its popular-package lists from the internet when they look old; the kit
points it at a copy of the lists it ships with, stamped fresh, so every run is offline.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from hooklab.errors import HooklabError, ToolMissingError
from hooklab.lang import both
from hooklab.paths import project_root, work_dir
from hooklab.show.tables import as_table
from hooklab.tools import last_line

# GuardDog rules that mean "code runs at install or build time"
HOOK_RULES = re.compile(
    r"process-hooks|install-script|preinstall|postinstall|setup-|cmd-overwrite"
    r"|code-execution"
)


@dataclass
class GuardDogResult:
    target: str
    seconds: float
    findings: list[dict[str, str]] = field(default_factory=list)  # rule, location, message
    errors: list[str] = field(default_factory=list)
    risk: str = ""  # GuardDog's own overall label: no_risks_detected, low, suspicious, high_risk

    @property
    def rules(self) -> list[str]:
        return sorted({f["rule"] for f in self.findings})

    @property
    def saw_hook(self) -> bool:
        return any(HOOK_RULES.search(r) for r in self.rules)

    def frame(self) -> pd.DataFrame:
        return as_table(pd.DataFrame(self.findings, columns=["rule", "location", "message"]))


def guarddog_path() -> str | None:
    """GuardDog from the kit's isolated venv (or HOOKLAB_GUARDDOG / PATH)."""
    env = os.environ.get("HOOKLAB_GUARDDOG")
    places = [Path(env)] if env else []
    root = project_root()
    if root:
        places.append(root / ".hooklab" / "guarddog-venv" / "bin" / "guarddog")
    places.append(work_dir() / "guarddog-venv" / "bin" / "guarddog")
    for place in places:
        if place.is_file() and os.access(place, os.X_OK):
            return str(place)
    return shutil.which("guarddog")


def _offline_cache(exe: str) -> Path:
    """A copy of GuardDog's bundled package lists with a fresh download stamp."""
    cache = work_dir() / "guarddog-cache"
    site = Path(exe).resolve().parent.parent / "lib"
    bundled = next(site.glob("python3*/site-packages/guarddog/analyzer/metadata/resources"), None)
    if bundled is None:
        return cache
    cache.mkdir(parents=True, exist_ok=True)
    now = int(time.time())
    for src in bundled.iterdir():
        dst = cache / src.name
        if src.suffix != ".json":
            shutil.copyfile(src, dst)
            continue
        try:
            stamp = (
                json.loads(dst.read_text()).get("downloaded_timestamp", 0) if dst.is_file() else 0
            )
        except (ValueError, OSError):
            stamp = 0
        if now - int(stamp) > 86_400:
            data = json.loads(src.read_text())
            data["downloaded_timestamp"] = now
            dst.write_text(json.dumps(data))
    return cache


def _ecosystem(path: Path) -> str:
    name = path.name
    if name.endswith(".tgz"):
        return "npm"
    if (path / "package.json").is_file():
        return "npm"
    return "pypi"


def _parse(results: object) -> list[dict[str, str]]:
    found: list[dict[str, str]] = []
    if not isinstance(results, dict):
        return found
    for rule, hits in results.items():
        if isinstance(hits, list):
            for hit in hits:
                hit = hit if isinstance(hit, dict) else {"message": str(hit)}
                found.append(
                    {
                        "rule": rule,
                        "location": str(hit.get("location", "")),
                        "message": str(hit.get("message", ""))[:120],
                    }
                )
        elif hits:  # metadata rules answer with a message
            found.append({"rule": rule, "location": "", "message": str(hits)[:120]})
    return found


def guarddog_scan(path: str | Path, ecosystem: str | None = None) -> GuardDogResult:
    """`guarddog <npm|pypi> scan PATH --output-format json`, timed."""
    exe = guarddog_path()
    if exe is None:
        raise ToolMissingError(
            both(
                "GuardDog이 설치되어 있지 않습니다. `make setup`을 실행하세요"
                " (.hooklab/guarddog-venv에 설치됩니다)",
                "GuardDog is not installed; run `make setup` (it goes into .hooklab/guarddog-venv)",
            )
        )
    target = Path(path)
    eco = ecosystem or _ecosystem(target)
    env = {
        **os.environ,
        "GUARDDOG_TOP_PACKAGES_CACHE_LOCATION": str(_offline_cache(exe)),
        "GUARDDOG_PARALLELISM": "1",
    }
    start = time.perf_counter()
    try:
        proc = subprocess.run(
            [exe, eco, "scan", str(target), "--output-format", "json"],
            capture_output=True,
            text=True,
            env=env,
            timeout=600,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise HooklabError(
            both(
                f"GuardDog이 {target.name}에 10분 넘게 걸렸습니다",
                f"GuardDog took over 10 minutes on {target.name}",
            )
        ) from None
    seconds = time.perf_counter() - start
    try:
        data = json.loads(proc.stdout)
    except ValueError:
        last = last_line(proc.stderr)
        raise HooklabError(
            both(
                f"GuardDog이 {target.name}에 대해 JSON을 내놓지 않았습니다: {last[:200]}",
                f"GuardDog gave no JSON for {target.name}: {last[:200]}",
            )
        ) from None
    errors = data.get("errors") if isinstance(data, dict) else None
    score = data.get("risk_score") if isinstance(data, dict) else None
    return GuardDogResult(
        str(target),
        seconds,
        _parse(data.get("results") if isinstance(data, dict) else None),
        [f"{k}: {v}"[:160] for k, v in errors.items()] if isinstance(errors, dict) else [],
        str(score.get("label", ""))[:40] if isinstance(score, dict) else "",
    )
