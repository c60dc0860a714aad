"""Offline kit figures: its size, the cost of starting a run's npm cache from it, and a first
`npx cowsay` / `uvx httpie` from the kit against one from the registries.

Uses $HOOKLAB_KIT, else .hooklab/offline-kit; says how to make one when neither exists.
"""

import os
import statistics
import tempfile
import time
from pathlib import Path

from hooklab import watch
from hooklab.offline import NPM_CACHE, seed_npm_cache

ROOT = Path(__file__).resolve().parent.parent
RUNS = (
    ("npx cowsay@1.5.0", ["npx", "--yes", "cowsay@1.5.0", "hi"]),
    ("uvx httpie==3.2.2", ["uvx", "--from", "httpie==3.2.2", "http", "--version"]),
)


def size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def first_run(argv: list[str], kit: Path | None) -> float:
    """A cold first run (fresh caches, untraced), from the kit or from the registries."""
    saved = os.environ.pop("HOOKLAB_KIT", None)
    if kit:
        os.environ["HOOKLAB_KIT"] = str(kit)
    try:
        result = watch(argv, trace=False)
    finally:
        os.environ.pop("HOOKLAB_KIT", None)
        if saved:
            os.environ["HOOKLAB_KIT"] = saved
    if result.exit_code != 0:
        raise SystemExit(f"{' '.join(argv)} failed: {result.stderr.strip()[-200:]}")
    return result.duration


def main() -> None:
    kit = Path(os.environ.get("HOOKLAB_KIT") or ROOT / ".hooklab" / "offline-kit")
    if not (kit / "wheels").is_dir():
        print(f"no offline kit at {kit}; make one with `make offline-bundle KIT={kit}`")
        return
    run_cache = size_mb(kit / NPM_CACHE)
    print(f"kit {kit}: {size_mb(kit):.0f} MB ({run_cache:.0f} MB of it the run-time npm cache)")

    seeds = []
    for _ in range(5):
        with tempfile.TemporaryDirectory() as tmp:
            start = time.perf_counter()
            seed_npm_cache(Path(tmp) / "npm-cache", kit / NPM_CACHE)
            seeds.append(time.perf_counter() - start)
    print(f"starting a run's npm cache from the kit: {statistics.median(seeds) * 1000:.0f} ms")

    for label, argv in RUNS:
        offline = statistics.median(first_run(argv, kit) for _ in range(3))
        online = statistics.median(first_run(argv, None) for _ in range(3))
        print(f"first {label}: from the kit {offline:.2f} s, from the registry {online:.2f} s")


if __name__ == "__main__":
    main()
