"""Foundation figures: warm set-up time, each notebook's run time, and the watch overhead."""

import statistics
import subprocess
import sys
import time
from pathlib import Path

from hooklab import build, get_fixture, watch

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_TARGET_S = 30
OVERHEAD_TARGET = 1.5


def timed(argv: list[str], **kwargs) -> float:
    start = time.perf_counter()
    subprocess.run(argv, cwd=ROOT, check=True, capture_output=True, **kwargs)
    return time.perf_counter() - start


def overhead(argv: list[str], rounds: int = 5) -> tuple[float, float]:
    """Median traced and untraced run time of the same command, interleaved so drift cancels."""
    traced, plain = [], []
    for _ in range(rounds):
        traced.append(watch(argv).duration)
        plain.append(watch(argv, trace=False).duration)
    return statistics.median(traced), statistics.median(plain)


def main() -> None:
    print(f"set-up (warm): {timed(['bash', 'scripts/setup.sh']):.2f} s")

    npm = build(get_fixture("npm-postinstall"))["tgz"]
    sdist = build(get_fixture("pypi-setup-py"))["sdist"]
    for label, argv in (
        ("npx postinstall", ["npx", "--yes", "--package", str(npm), "hooklab-postinstall-hello"]),
        ("uvx setup.py", ["uvx", "--from", str(sdist), "hooklab-setuppy-hello"]),
    ):
        traced, plain = overhead(argv)
        ratio = traced / plain
        mark = "ok" if ratio <= OVERHEAD_TARGET else f"over the {OVERHEAD_TARGET}x target"
        print(
            f"watch overhead, {label}: traced {traced:.2f} s / untraced {plain:.2f} s "
            f"= {ratio:.2f}x ({mark})"
        )

    jupyter = str(Path(sys.executable).parent / "jupyter")
    for nb in sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb")):
        seconds = timed(
            [jupyter, "nbconvert", "--to", "notebook", "--execute", "--stdout", str(nb)]
        )
        mark = "ok" if seconds <= NOTEBOOK_TARGET_S else f"over the {NOTEBOOK_TARGET_S} s target"
        print(f"notebook {nb.name}: {seconds:.1f} s ({mark})")


if __name__ == "__main__":
    main()
