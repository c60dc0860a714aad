"""`make bench`: run every benchmarks/bench_*.py in order; each prints its own figures."""

import runpy
import sys
from pathlib import Path

root = Path(__file__).resolve().parent.parent
for script in sorted((root / "benchmarks").glob("bench_*.py")):
    print(f"\n## {script.stem.removeprefix('bench_')}", flush=True)
    try:
        runpy.run_path(str(script), run_name="__main__")
    except SystemExit as exc:
        if exc.code:
            print(f"{script.name} failed (exit {exc.code})", file=sys.stderr)
