"""Sandboxes: choosing one, what is said when one cannot run, and the engine's leftovers.

The rehearsal of every install-time fixture on each backend is in test_sandbox_<backend>.py.
"""

from __future__ import annotations

import json
import os

import pytest

from hooklab.watch.sandbox import BACKENDS, get_backend
from tests.conftest import IN_CI, run_cli
from tests.rehearsal import FIXTURES, LEAKING

ISOLATED = ["bwrap", "docker", "gvisor"]


def test_the_escape_fixture_and_the_leaks_are_in_the_rehearsal():
    assert "escape-postinstall" in LEAKING and {"npm-postinstall", "pypi-setup-py"} <= LEAKING
    assert "npm-needs-build" not in LEAKING and not any(f.name.startswith("mcp-") for f in FIXTURES)


def test_auto_picks_a_sandbox_never_the_host():
    assert get_backend("auto").name in ISOLATED


def test_unknown_sandbox_is_a_one_line_error():
    proc = run_cli(
        "sandbox", "rehearse", "npm-postinstall", "--sandboxes", "host,nope", "--lang", "en"
    )
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.strip().splitlines() == [
        "hooklab: unknown sandbox nope; choose from host, bwrap, docker, gvisor, srt"
    ]


def test_missing_engine_names_the_reason_and_a_backend_that_works(tmp_path):
    # No engine at DOCKER_HOST and no dockerd on PATH: docker cannot run; bwrap still can.
    env = {"DOCKER_HOST": f"unix://{tmp_path}/none.sock", "PATH": "/usr/bin:/bin"}
    args = ("sandbox", "rehearse", "npm-postinstall", "--sandboxes", "docker", "--lang", "en")
    proc = run_cli(*args, env=env)
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
    monkeypatch.setenv("HOOKLAB_LANG", "en")
    why = BACKENDS["gvisor"].problem()
    assert why is not None and why.startswith("the running Docker engine has no runsc runtime")
    monkeypatch.setenv("HOOKLAB_LANG", "ko")
    assert (
        BACKENDS["gvisor"].problem().startswith("돌고 있는 Docker 엔진에 runsc 런타임이 없습니다")
    )


def test_sandbox_list_reports_each_backend():
    proc = run_cli("sandbox", "list", "--json")
    assert proc.returncode == 0

    rows = {r["sandbox"]: r for r in json.loads(proc.stdout)}
    assert set(rows) == {"host", "bwrap", "docker", "gvisor", "srt"}
    assert rows["host"]["works"] and rows["bwrap"]["works"]
    assert rows["srt"]["works"] or not IN_CI
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


def test_clearing_left_overs_is_not_upset_by_another_run_removing_its_own_container():
    """Another run's container may go between the listing and anything asked of it."""
    import threading

    from hooklab.watch.sandbox.docker import OWNER, remove_stale
    from hooklab.watch.sandbox.engine import docker_engine
    from hooklab.watch.sandbox.image import ensure_image

    assert BACKENDS["docker"].problem() is None or not IN_CI
    if BACKENDS["docker"].problem():
        pytest.skip(BACKENDS["docker"].problem())
    with docker_engine() as client:
        image = ensure_image(client)
        labels = {"hooklab": "sandbox", OWNER: str(os.getpid())}
        done = threading.Event()

        def churn() -> None:
            while not done.is_set():
                client.containers.create(image, ["true"], labels=labels).remove(force=True)

        other = threading.Thread(target=churn)
        other.start()
        try:
            for _ in range(40):
                remove_stale(client)  # a live run's containers are skipped, never an error
        finally:
            done.set()
            other.join()


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


def test_the_behaviour_labels_follow_the_language(monkeypatch):
    import pandas as pd

    from hooklab.lang import untranslated
    from hooklab.watch.sandbox import BEHAVIOURS
    from hooklab.watch.sandbox.behaviour import TEXT

    assert untranslated(TEXT) == [] and all(text["en"] == name for name, text in TEXT.items())
    rows = pd.MultiIndex.from_tuples([("f", "hook ran"), ("f", "connect blocked")])
    table = pd.DataFrame({"host": [True, False]}, index=rows)
    monkeypatch.setenv("HOOKLAB_LANG", "ko")
    renamed = table.rename(index=BEHAVIOURS, level=1)
    assert list(renamed.index.get_level_values(1)) == ["설치 훅 실행", "차단된 접속 기록"]
    monkeypatch.setenv("HOOKLAB_LANG", "en")
    assert list(BEHAVIOURS.values())[:2] == ["hook ran", "fake secret read"]
    assert table.rename(index=BEHAVIOURS, level=1).equals(table)
