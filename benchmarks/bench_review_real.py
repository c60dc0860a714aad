"""`hooklab review` beside GuardDog, in the same run, on the pinned real set (benign packages from
the registries: benchmarks/real-packages.toml, fetched once into the cache, offline after) and on
the kit's fixtures: how often each calls a benign package high (and, for the review, malicious or
suspicious), whether each finds the install-time code of every fixture that has some, and the
median seconds of one CLI call each (the console script as a user types it, one package a call).

A PyPI entry is reviewed as its sdist (where its build code is), or its wheel when there is none.
GuardDog's "high" is its own overall label `high_risk`; its `suspicious` sits beside the review's
malicious/suspicious verdicts. GuardDog runs two scans at a time (one per core, each
single-threaded), after the reviews; the review runs one call at a time.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from hooklab.errors import HooklabError
from hooklab.fixtures import all_fixtures, build
from hooklab.paths import work_dir
from hooklab.procs import run
from hooklab.realset import fetch
from hooklab.review import guarddog_path, guarddog_scan
from hooklab.safetext import shown
from hooklab.show.terminal import plain_table

HOOKLAB = Path(sys.executable).with_name("hooklab")
GUARDDOG_WORKERS = 2
INSTALL_STAGES = {"preinstall", "install", "postinstall", "build", "python-start"}
HOOK_VERDICTS = {"malicious", "runs-code-at-install"}
ALARM_VERDICTS = {"malicious", "suspicious"}
GUARDDOG_ALARMS = {"high_risk", "suspicious"}


@dataclass
class Target:
    label: str
    group: str  # "real" or "fixture"
    kind: str  # the real set's kind, or "install-time" / "runtime" for a fixture
    archive: Path
    ecosystem: str


@dataclass
class Row:
    target: Target
    review_s: float = 0.0
    level: str = "?"
    verdict: str = ""
    install: str = "?"
    guard_s: float = 0.0
    risk: str = ""
    guard_hook: bool = False
    error: str = ""  # a one-line error or a limit either tool hit, said under the table


def _targets() -> list[Target]:
    targets = []
    for f in fetch():
        p = f.package  # archives[0]: the npm tarball, or the sdist (the wheel when none)
        targets.append(Target(p.spec, "real", p.kind, f.archives[0], p.ecosystem))
    out = work_dir() / "bench-review"
    out.mkdir(parents=True, exist_ok=True)
    for fx in all_fixtures():
        made = build(fx, out)
        timing = "install-time" if {p.stage for p in fx.payloads} & INSTALL_STAGES else "runtime"
        archive = made.get("tgz") or made.get("sdist") or made["wheel"]
        targets.append(Target(fx.name, "fixture", timing, archive, fx.ecosystem))
    return targets


def _review(row: Row) -> None:
    """One `hooklab review --json` call: its wall time, overall level, verdict, install level."""
    argv = [str(HOOKLAB), "review", "--json", "--", str(row.target.archive)]
    start = time.perf_counter()
    proc = run(argv, f"hooklab review of {row.target.label}", timeout=600)
    row.review_s = time.perf_counter() - start
    try:
        report = json.loads(proc.stdout)
    except ValueError:
        row.level, row.error = "error", proc.stderr.strip()[-160:]
        return
    overall = report.get("overall")
    row.level = overall.get("level", "?") if isinstance(overall, dict) else str(overall)
    row.verdict = str(report.get("verdict") or "")
    row.install = next(
        (c.get("level", "?") for c in report.get("categories", []) if c.get("id") == "install"),
        "?",
    )


def _guarddog(row: Row) -> None:
    try:
        result = guarddog_scan(row.target.archive, row.target.ecosystem)
    except HooklabError as exc:
        row.risk = "error"
        row.error = "; ".join(e for e in (row.error, exc.text("en")[:160]) if e)
        return
    row.guard_s, row.risk, row.guard_hook = result.seconds, result.risk, result.saw_hook


def _review_found_hook(row: Row) -> bool:
    if row.verdict:
        return row.verdict in HOOK_VERDICTS
    return row.install in ("medium", "high")


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def main() -> None:
    started = time.perf_counter()
    rows = [Row(t) for t in _targets()]
    for row in rows:
        _review(row)
    has_gd = guarddog_path() is not None
    if has_gd:
        with ThreadPoolExecutor(GUARDDOG_WORKERS) as pool:
            list(pool.map(_guarddog, rows))

    real = [r for r in rows if r.target.group == "real"]
    hooked = [r for r in rows if r.target.kind == "install-time"]
    print(
        plain_table(
            [
                {
                    "package": r.target.label,
                    "kind": r.target.kind,
                    "review": f"{r.level} / {r.verdict or '-'}",
                    "review s": f"{r.review_s:.2f}",
                    "guarddog": r.risk or "-",
                    "guarddog s": f"{r.guard_s:.1f}" if has_gd else "-",
                }
                for r in rows
            ],
            ("package", "kind", "review", "review s", "guarddog", "guarddog s"),
        )
    )
    n, h = len(real), len(hooked)
    with_verdict = any(r.verdict for r in real)
    review_med = _median([r.review_s for r in rows])
    summary: list[dict[str, object]] = [
        {
            "figure": f"real set ({n}): overall high",
            "hooklab review": sum(r.level == "high" for r in real),
            "GuardDog": sum(r.risk == "high_risk" for r in real) if has_gd else "-",
        },
        {
            "figure": f"real set ({n}): malicious/suspicious (GuardDog: or high_risk)",
            "hooklab review": sum(r.verdict in ALARM_VERDICTS for r in real)
            if with_verdict
            else "no verdict key",
            "GuardDog": sum(r.risk in GUARDDOG_ALARMS for r in real) if has_gd else "-",
        },
        {
            "figure": f"fixtures with install-time code ({h}): hook found",
            "hooklab review": sum(_review_found_hook(r) for r in hooked),
            "GuardDog": sum(r.guard_hook for r in hooked) if has_gd else "-",
        },
        {
            "figure": f"median s per CLI call ({len(rows)} calls)",
            "hooklab review": f"{review_med:.2f}",
            "GuardDog": f"{_median([r.guard_s for r in rows]):.2f}" if has_gd else "-",
        },
    ]
    print()
    print(plain_table(summary, ("figure", "hooklab review", "GuardDog")))
    if has_gd:
        ratio = _median([r.guard_s for r in rows]) / max(review_med, 1e-9)
        print(f"\nGuardDog's median call / the review's: {ratio:.1f}x (target: >= 3x)")
    else:
        print("\nGuardDog is not installed (run `make setup`); review figures only")
    high = [r.target.label for r in real if r.level == "high"]
    print(f"real packages the review calls high: {', '.join(high) or 'none'}")
    if has_gd:
        gd_high = [r.target.label for r in real if r.risk == "high_risk"]
        print(f"real packages GuardDog calls high_risk: {', '.join(gd_high) or 'none'}")
    for r in rows:
        if r.error:
            print(f"{r.target.label}: {shown(r.error)}")
    print(f"bench time: {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
