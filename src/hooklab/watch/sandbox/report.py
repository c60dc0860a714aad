"""Which sandboxes work here and why not; and what a sandbox costs to start."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import pandas as pd

from hooklab.lang import in_lang
from hooklab.paths import work_dir
from hooklab.show.tables import as_table
from hooklab.watch.sandbox.base import Job
from hooklab.watch.sandbox.registry import AUTO_ORDER, BACKENDS, working


def backends_frame() -> pd.DataFrame:
    """One row a backend: does it work here, and if not, the one-line reason."""
    rows = []
    for name, backend in BACKENDS.items():
        why = backend.problem()
        rows.append(
            {
                "sandbox": name,
                "works": why is None,
                "why not": why or "-",
                "what it is": in_lang(backend.about),
            }
        )
    return as_table(pd.DataFrame(rows))


def sandbox_report() -> dict[str, object]:
    """For `hooklab doctor`: each backend's status, and what `auto` picks."""
    frame = backends_frame()
    return {
        "sandboxes": frame.to_dict("records"),
        "auto": working() or "none (host only)",
        "auto_order": list(AUTO_ORDER),
    }


def startup_time(name: str, repeat: int = 3) -> float:
    """Median seconds to run `true` in a backend: its own start-up and tear-down cost."""
    backend = BACKENDS[name]
    times = []
    with tempfile.TemporaryDirectory(dir=work_dir(), prefix="startup-") as tmp:
        scratch = Path(tmp)
        job = Job(
            argv=[*backend.wrapper(), "/bin/true"],
            env={"PATH": "/usr/bin:/bin"},
            cwd=scratch,
            scratch=scratch,
            timeout=120,
        )
        for _ in range(repeat):
            start = time.perf_counter()
            backend.run(job)
            times.append(time.perf_counter() - start)
    return sorted(times)[len(times) // 2]
