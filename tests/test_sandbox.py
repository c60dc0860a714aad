"""Sandboxes: every install-time fixture on host, bwrap, docker and gVisor; what each stopped."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from hooklab.watch.sandbox import BACKENDS, get_backend
from hooklab.watch.sandbox.behaviour import BACKGROUND_MARKER, behaviours, writes_outside
from hooklab.watch.sandbox.rehearse import install_fixtures, rehearse
from hooklab.watch.sandbox.stage import escape_stage
from tests.conftest import IN_CI, run_cli

GVISOR_PROBLEM = BACKENDS["gvisor"].problem()
ISOLATED = ["bwrap", "docker", "gvisor"]
FIXTURES = install_fixtures()
# Fixtures whose payload talks to the canary (all but the legitimate build step).
LEAKING = {f.name for f in FIXTURES if f.mechanism != "legit-build"}


@pytest.fixture(scope="session")
def matrix():
    """Every install-time fixture on every backend (gVisor when it works), with the escape stage."""
    for name in ("bwrap", "docker"):  # these must work wherever the kit is set up
        assert BACKENDS[name].problem() is None or not IN_CI, BACKENDS[name].problem()
    backends = [b for b in BACKENDS if BACKENDS[b].problem() is None]
    with escape_stage() as stage:
        results = rehearse(FIXTURES, backends, stage=stage)
        yield results, stage


def runs(matrix, backend):
    results, _ = matrix
    if backend == "gvisor" and GVISOR_PROBLEM:
        pytest.skip(f"gvisor: {GVISOR_PROBLEM}")
    if (FIXTURES[0].name, backend) not in results:
        pytest.skip(f"{backend}: {BACKENDS[backend].problem()}")
    return {fx: r for (fx, b), r in results.items() if b == backend}


def test_the_escape_fixture_and_the_leaks_are_in_the_rehearsal():
    assert "escape-postinstall" in LEAKING and {"npm-postinstall", "pypi-setup-py"} <= LEAKING
    assert "npm-needs-build" not in LEAKING and not any(f.name.startswith("mcp-") for f in FIXTURES)


def test_on_the_host_every_leaking_fixture_reaches_the_canary(matrix):
    for name, result in runs(matrix, "host").items():
        assert result.hook_ran, name
        assert bool(result.canary_hits) == (name in LEAKING), name


@pytest.mark.parametrize("backend", ISOLATED)
def test_in_a_sandbox_the_hook_runs_but_the_canary_is_never_reached(matrix, backend):
    for name, result in runs(matrix, backend).items():
        assert result.sandbox == backend
        assert result.hook_ran, f"{name}: the hook should still run (that is what we rehearse)"
        assert result.canary_hits == [], name
        if name in LEAKING:
            blocked = [e for e in result.events if e.kind == "connect" and not e.ok]
            assert any(e.detail.startswith(f"127.0.0.1:{result.canary_port} (") for e in blocked)
        assert writes_outside(result, isolated=True) == [], name
        assert all(p.end is not None for p in result.processes), f"{name}: a process never ended"


def test_on_the_host_the_escape_fixture_gets_out_every_way(matrix):
    results, stage = matrix
    result = results[("escape-postinstall", "host")]
    seen = behaviours(result, stage.decoy)
    assert seen["wrote outside"] and seen["real home read"] and seen["outlived install"]
    assert any(stage.token in hit.body for hit in result.canary_hits)
    assert any(
        e.detail.startswith(str(stage.probe)) for e in result.events if e.kind == "file_write"
    )


@pytest.mark.parametrize("backend", ISOLATED)
def test_in_a_sandbox_the_escape_fixture_is_stopped_every_way(matrix, backend):
    _, stage = matrix
    result = runs(matrix, backend)["escape-postinstall"]
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


def test_nothing_was_written_into_the_probe_and_no_process_outlived_the_rehearsal(matrix):
    _, stage = matrix
    time.sleep(2)  # longer than the background process's wait
    leftovers = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if BACKGROUND_MARKER.encode() in cmdline:
            leftovers.append(pid)
    assert leftovers == []


def test_auto_picks_a_sandbox_never_the_host():
    assert get_backend("auto").name in ISOLATED


def test_unknown_sandbox_is_a_one_line_error():
    proc = run_cli("sandbox", "rehearse", "npm-postinstall", "--sandboxes", "host,nope")
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.strip().splitlines() == [
        "hooklab: unknown sandbox nope; choose from host, bwrap, docker, gvisor"
    ]


def test_missing_engine_names_the_reason_and_a_backend_that_works(tmp_path):
    # No engine at DOCKER_HOST and no dockerd on PATH: docker cannot run; bwrap still can.
    env = {"DOCKER_HOST": f"unix://{tmp_path}/none.sock", "PATH": "/usr/bin:/bin"}
    proc = run_cli("sandbox", "rehearse", "npm-postinstall", "--sandboxes", "docker", env=env)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr
    assert lines[0].startswith("hooklab: sandbox docker cannot run here: no Docker engine")
    assert lines[0].endswith("try --sandbox bwrap")


def test_missing_runtime_is_reported_for_gvisor(monkeypatch):
    from hooklab.watch.sandbox import docker as backend_module

    class EngineWithoutRunsc:
        def info(self):
            return {"Runtimes": {"runc": {}}}

    monkeypatch.setattr(backend_module, "connect", lambda: EngineWithoutRunsc())
    why = BACKENDS["gvisor"].problem()
    assert why is not None and why.startswith("the running Docker engine has no runsc runtime")


def test_sandbox_list_reports_each_backend():
    proc = run_cli("sandbox", "list", "--json")
    assert proc.returncode == 0

    rows = {r["sandbox"]: r for r in json.loads(proc.stdout)}
    assert set(rows) == {"host", "bwrap", "docker", "gvisor"}
    assert rows["host"]["works"] and rows["bwrap"]["works"]
    assert rows["docker"]["works"] or not IN_CI


def test_a_left_over_container_is_removed_and_a_live_runs_container_is_kept():
    import subprocess

    from hooklab.watch.sandbox.docker import OWNER, remove_stale
    from hooklab.watch.sandbox.engine import docker_engine
    from hooklab.watch.sandbox.image import ensure_image

    assert BACKENDS["docker"].problem() is None or not IN_CI
    if BACKENDS["docker"].problem():
        pytest.skip(BACKENDS["docker"].problem())
    gone = subprocess.Popen(["true"])
    gone.wait()
    with docker_engine() as client:
        image = ensure_image(client)

        def create(owner: int):
            labels = {"hooklab": "sandbox", OWNER: str(owner)}
            return client.containers.create(image, ["true"], labels=labels, network_mode="none")

        left_over, live = create(gone.pid), create(os.getpid())
        try:
            removed = remove_stale(client)  # and any other run's leftovers
            assert left_over.name in removed and live.name not in removed
            live.reload()
            assert live.labels[OWNER] == str(os.getpid())
        finally:
            live.remove(force=True)


def test_threads_share_one_started_engine_and_the_last_one_out_stops_it(monkeypatch):
    import threading

    from hooklab.watch.sandbox import engine

    events: list[str] = []
    started = threading.Event()

    class Proc:
        pid = 4242

    def start():
        events.append("start")
        started.set()
        return Proc()

    monkeypatch.setattr(
        engine, "connect", lambda timeout=2.0: object() if started.is_set() else None
    )
    monkeypatch.setattr(engine, "start_dockerd", start)
    monkeypatch.setattr(engine, "stop_dockerd", lambda pid: events.append(f"stop {pid}"))
    inside = threading.Barrier(3)

    def use():
        with engine.docker_engine():
            inside.wait(timeout=10)

    threads = [threading.Thread(target=use) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert events == ["start", "stop 4242"]
