"""The test suite's time per phase, from the last `make test` (scripts/test.sh keeps it)."""

from __future__ import annotations

import csv
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_S = 15 * 60  # issue 14: `make test` after set-up, on a 2-core machine


def main() -> None:
    work = Path(os.environ.get("HOOKLAB_WORK", ROOT / ".hooklab"))
    phases = work / "test-phases.tsv"
    if not phases.is_file():
        print("no record of a `make test` run yet (scripts/test.sh writes", phases, ")")
        return
    with phases.open() as f:  # name, wall s, exit code[, CPU s of the phase's processes]
        rows = [(row[0], int(row[1]), row[2], row[3:4]) for row in csv.reader(f, delimiter="\t")]
    total = sum(seconds for _, seconds, _, _ in rows)
    print(f"{'phase':<14} {'wall':>7} {'CPU':>7} {'cores busy':>10}")
    for name, seconds, rc, cpu in rows:
        busy = f"{int(cpu[0]) / seconds:10.2f}" if cpu and seconds else f"{'':>10}"
        used = f"{cpu[0]:>5} s" if cpu else f"{'':>7}"
        print(f"{name:<14} {seconds:>5} s {used} {busy}{'' if rc == '0' else '  (failed)'}")
    print(f"{'total':<14} {total:>5} s  ({total / TARGET_S:.2f} of the 15-minute target)")


if __name__ == "__main__":
    main()
