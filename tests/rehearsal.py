"""The rehearsal of every install-time fixture on one sandbox backend, shared by the
test_sandbox_<backend>.py modules: one module per backend, so pytest-xdist spreads the four
rehearsals over its workers instead of one worker running all of them in a row.

Every fixture runs on every backend, the slow ones (gvisor, docker, srt) too, because the checks
below are about every install-time fixture and nothing else proves that (notebook 08 rehearses
only two fixtures). One fixture per mechanism would drop only pypi-pth-in-wheel, which takes a
path of its own: a wheel installed with nothing built, whose .pth starts a second Python.

A module picks its backend with a module-scoped `backend` fixture, gets the run from the
`rehearsal` fixture (tests/conftest.py) and imports the checks it wants from here.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from hooklab.model import RunResult
from hooklab.watch.sandbox.behaviour import BACKGROUND_MARKER, behaviours, writes_outside
from hooklab.watch.sandbox.rehearse import install_fixtures
from hooklab.watch.sandbox.stage import EscapeTargets

FIXTURES = install_fixtures()
# Fixtures whose payload talks to the canary (all but the legitimate build step).
LEAKING = {f.name for f in FIXTURES if f.mechanism != "legit-build"}

Rehearsal = tuple[dict[str, RunResult], EscapeTargets]


def test_the_run_left_no_process_behind(rehearsal: Rehearsal) -> None:
    """No background process the escape fixture started outlives the rehearsal (only this
    module's: another worker's rehearsal may be running beside it)."""
    _, stage = rehearsal
    time.sleep(2)  # longer than the background process's wait
    leftovers = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
            environ = Path(f"/proc/{pid}/environ").read_bytes()
        except OSError:
            continue
        if BACKGROUND_MARKER.encode() in cmdline and str(stage.probe).encode() in environ:
            leftovers.append(pid)
    assert leftovers == []


def test_in_a_sandbox_the_hook_runs_but_the_canary_is_never_reached(
    rehearsal: Rehearsal, backend: str
) -> None:
    results, _ = rehearsal
    for name, result in results.items():
        assert result.sandbox == backend
        assert result.hook_ran, f"{name}: the hook should still run (that is what we rehearse)"
        assert result.canary_hits == [], name
        if name in LEAKING:
            blocked = [e for e in result.events if e.kind == "connect" and not e.ok]
            assert any(e.detail.startswith(f"127.0.0.1:{result.canary_port} (") for e in blocked)
        assert writes_outside(result, isolated=True) == [], name
        assert all(p.end is not None for p in result.processes), f"{name}: a process never ended"


def test_in_a_sandbox_the_escape_fixture_is_stopped_every_way(rehearsal: Rehearsal) -> None:
    results, stage = rehearsal
    result = results["escape-postinstall"]
    seen = behaviours(result, stage.decoy)
    assert seen["hook ran"] and seen["connect blocked"]
    assert not (seen["wrote outside"] or seen["real home read"] or seen["canary reached"])
    assert BACKGROUND_MARKER not in result.markers
    # The attempts are on record, as failures: the write refused, the decoy not found.
    failed = {(e.kind, e.detail) for e in result.events if not e.ok}
    assert any(k == "file_write" and d.startswith(str(stage.probe)) for k, d in failed)
    assert ("secret_read", str(stage.decoy)) in failed
    # The detached process was killed when the install ended.
    assert any(e.kind == "exit" and e.detail == "SIGKILL" for e in result.events)
