"""How fast the CLI starts: `hooklab --help` and `hooklab review <fixture tgz>` (median of 10
runs each, wall clock, the installed console script as a user types it), beside GuardDog's time
for the same package, and whether either command loaded pandas or matplotlib.

The target (issue 14) is 0.3 s for both: nothing imports pandas or matplotlib until a command
needs them. GuardDog runs from its own venv the way `hooklab.review.guarddog` runs it.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

from hooklab.fixtures import build, get_fixture
from hooklab.paths import work_dir
from hooklab.review import guarddog_path, guarddog_scan

ROUNDS = 10
GUARDDOG_ROUNDS = 3  # GuardDog takes seconds a run; three give a stable median
HOOKLAB = Path(sys.executable).with_name("hooklab")


def _median_run(argv: list[str]) -> float:
    times = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        subprocess.run(argv, capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _heavy_modules(args: list[str]) -> str:
    """Which of pandas/matplotlib/numpy the command imported (from -X importtime)."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "hooklab.cli", *args],
        capture_output=True,
        text=True,
        check=False,
    )
    names = {line.rsplit("|", 1)[-1].strip() for line in proc.stderr.splitlines()}
    return ", ".join(m for m in ("pandas", "matplotlib", "numpy") if m in names) or "none"


def main() -> None:
    out = work_dir() / "bench-cli"
    out.mkdir(parents=True, exist_ok=True)
    tgz = build(get_fixture("npm-postinstall"), out)["tgz"]
    cases = {
        "hooklab --help": ["--help"],
        f"hooklab review {tgz.name}": ["review", str(tgz)],
    }
    print(f"CLI start-up, median of {ROUNDS} runs (target 0.3 s)")
    print(f"{'command':<52} {'seconds':>8}  heavy modules loaded")
    for label, args in cases.items():
        seconds = _median_run([str(HOOKLAB), *args])
        print(f"{label:<52} {seconds:>8.3f}  {_heavy_modules(args)}")
    if guarddog_path() is None:
        print("GuardDog: not installed (make setup puts it in .hooklab/guarddog-venv)")
        return
    runs = [guarddog_scan(tgz).seconds for _ in range(GUARDDOG_ROUNDS)]
    label = f"guarddog npm scan {tgz.name} (median of {GUARDDOG_ROUNDS})"
    print(f"{label:<52} {statistics.median(runs):>8.3f}")


if __name__ == "__main__":
    main()
