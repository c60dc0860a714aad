"""Review time per package next to GuardDog's on the same archives, in the same run, and
whether each one sees the install-time code of every fixture."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import pandas as pd

from hooklab.fixtures import all_fixtures, build
from hooklab.paths import work_dir
from hooklab.review import LEVELS, case_study_archive, guarddog_path, guarddog_scan, review

REPEAT = 5


def _packages() -> list[tuple[str, Path]]:
    out = work_dir() / "bench-review"
    out.mkdir(parents=True, exist_ok=True)
    pkgs = []
    for fx in all_fixtures():
        made = build(fx, out)
        pkgs.append((fx.name, made.get("tgz") or made.get("sdist") or made["wheel"]))
    pkgs += [(f"k8s-{v}", case_study_archive(v)) for v in ("2.9.6", "4.1.7")]
    return pkgs


def _time_review(path: Path) -> tuple[float, str]:
    """Median seconds in-process, and the worse of the install and output levels."""
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        report = review(path)
        times.append(time.perf_counter() - start)
    level = max(report.level("install"), report.level("output_llm"), key=LEVELS.index)
    return statistics.median(times), level


def main() -> None:
    has_gd = guarddog_path() is not None
    rows = []
    for name, path in _packages():
        seconds, install = _time_review(path)
        row = {"package": name, "review s": round(seconds, 3), "review install/output": install}
        if has_gd:
            gd = guarddog_scan(path)
            row |= {
                "guarddog s": round(gd.seconds, 2),
                "guarddog hook": gd.saw_hook,
                "guarddog rules": len(gd.rules),
            }
        rows.append(row)
    frame = pd.DataFrame(rows)
    print(frame.to_string(index=False))
    fixtures = frame[~frame["package"].str.startswith("k8s-")]
    print(
        f"\nfixtures with install/output high (review): "
        f"{(fixtures['review install/output'] == 'high').sum()} of {len(fixtures)}"
    )
    if has_gd:
        ratio = frame["guarddog s"].sum() / max(frame["review s"].sum(), 1e-9)
        print(
            f"fixtures where GuardDog flags an install hook: {fixtures['guarddog hook'].sum()} "
            f"of {len(fixtures)}"
        )
        total_r, total_g = frame["review s"].sum(), frame["guarddog s"].sum()
        print(
            f"total: review {total_r:.2f} s (in-process), GuardDog {total_g:.1f} s (a process "
            f"each) -> review is {ratio:.0f}x faster (target: >= 5x)"
        )
    else:
        print("GuardDog is not installed (run `make setup`); review times only")


if __name__ == "__main__":
    main()
