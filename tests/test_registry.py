"""Real Verdaccio and real pypiserver on loopback: start, publish, refuse, restart, stop."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import pytest

from hooklab.defences import PythonIndex, Verdaccio, publish_npm, publish_python, releases
from hooklab.defences.servers import _RUNNING, read_state
from hooklab.errors import HooklabError
from hooklab.fixtures import get_fixture
from hooklab.procs import alive

from .conftest import run_cli


def _gone(pid: int) -> bool:
    return not alive(pid)


def test_verdaccio_publishes_and_a_restart_keeps_it():
    tgz = releases(get_fixture("npm-takeover"))["1.0.0"][0]
    with Verdaccio("t-keep", reset=True) as reg:
        pid = reg._proc.pid
        assert publish_npm(reg, tgz) == "hooklab-takeover-mcp@1.0.0"
    assert _gone(pid) and not _RUNNING
    with Verdaccio("t-keep") as reg:
        assert reg.versions("hooklab-takeover-mcp") == ["1.0.0"]
        assert reg.npmrc(scope="@acme").startswith("@acme:registry=http://127.0.0.1:")


@pytest.mark.parametrize("via", ["npm", "http"])
def test_a_publish_the_registry_refuses_is_one_line(via, monkeypatch):
    monkeypatch.setenv("HOOKLAB_LANG", "en")
    rel = releases(get_fixture("npm-takeover"))
    with Verdaccio(f"t-refuse-{via}", reset=True) as reg:
        assert publish_npm(reg, rel["1.0.0"][0], via=via) == "hooklab-takeover-mcp@1.0.0"
        assert publish_npm(reg, rel["1.0.1"][0], via=via) == "hooklab-takeover-mcp@1.0.1"
        assert reg.versions("hooklab-takeover-mcp") == ["1.0.0", "1.0.1"]
        assert reg.packument("hooklab-takeover-mcp")["dist-tags"] == {"latest": "1.0.1"}
        with pytest.raises(HooklabError, match="refused hooklab-takeover-mcp-1.0.0.tgz") as exc:
            publish_npm(reg, rel["1.0.0"][0], via=via)
    assert "\n" not in str(exc.value)


def test_port_in_use_is_refused_and_nothing_starts(monkeypatch):
    monkeypatch.setenv("HOOKLAB_LANG", "en")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        for server in (Verdaccio("t-port", port=port), PythonIndex("t-port-py", port=port)):
            with pytest.raises(HooklabError, match=f"port {port} on 127.0.0.1 is in use"):
                server.start()
            assert server._proc is None
    assert not _RUNNING


def test_a_registry_that_fails_to_start_is_stopped(monkeypatch):
    monkeypatch.setenv("HOOKLAB_LANG", "en")
    reg = Verdaccio("t-broken", reset=True)
    monkeypatch.setattr(reg, "_prepare", lambda: (reg.dir / "config.yaml").write_text("{{nope"))
    with pytest.raises(HooklabError, match="Verdaccio 't-broken' failed to start") as exc:
        reg.start()
    assert "\n" not in str(exc.value) and reg._proc is None and not _RUNNING


def test_an_error_inside_the_block_still_stops_the_server():
    with pytest.raises(RuntimeError), PythonIndex("t-err", reset=True) as index:
        pid = index._proc.pid
        raise RuntimeError("boom")
    assert _gone(pid)


def test_pypiserver_serves_copies_and_twine_uploads_and_refuses_overwrite(tmp_path, monkeypatch):
    monkeypatch.setenv("HOOKLAB_LANG", "en")
    fx = get_fixture("pypi-takeover")
    files = releases(fx)
    with PythonIndex("t-py", reset=True) as index:
        assert any(f.startswith("setuptools-") for f in index.files())  # seeded for builds
        publish_python(index, files["1.0.0"])
        publish_python(index, files["1.0.1"], via="twine")
        assert "hooklab_takeover_mcp-1.0.1.tar.gz" in index.files()
        other = tmp_path / files["1.0.1"][0].name
        other.write_bytes(b"not the same file")
        with pytest.raises(HooklabError, match="refused"):
            publish_python(index, [other])
        with pytest.raises(HooklabError, match="pypiserver 't-py' refused the upload"):
            publish_python(index, files["1.0.1"], via="twine")  # the server says no


def test_cli_registry_up_status_down(tmp_path):
    env = {"HOOKLAB_WORK": str(tmp_path), "HOOKLAB_LANG": "en"}
    up = run_cli("registry", "up", "--fixtures", env=env)
    assert up.returncode == 0, up.stderr
    assert "Verdaccio" in up.stdout and "pypiserver" in up.stdout
    pids = []
    for kind in ("npm", "pypi"):
        os.environ["HOOKLAB_WORK"], old = str(tmp_path), os.environ.get("HOOKLAB_WORK")
        try:
            state = read_state(kind)
        finally:
            os.environ.pop("HOOKLAB_WORK") if old is None else os.environ.update(HOOKLAB_WORK=old)
        assert state is not None
        pids.append(state["pid"])
    assert "running" in run_cli("registry", "status", env=env).stdout
    again = run_cli("registry", "up", "npm", env=env)
    assert again.returncode != 0 and "already running" in again.stderr
    assert "Traceback" not in again.stderr
    down = run_cli("registry", "down", env=env)
    assert down.returncode == 0 and down.stdout.count("stopped") == 2
    assert all(_gone(pid) for pid in pids)


def test_cli_port_in_use_is_one_line(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        out = run_cli(
            "registry",
            "up",
            "npm",
            "--port",
            str(port),
            env={"HOOKLAB_WORK": str(tmp_path), "HOOKLAB_LANG": "en"},
        )
    assert out.returncode == 2
    assert (
        out.stderr.strip() == f"hooklab: port {port} on 127.0.0.1 is in use; stop what "
        "listens there or leave the port out to use a free one"
    )


_PARALLEL_PREPARE = """
import sys
from concurrent.futures import ThreadPoolExecutor
from hooklab.defences import PythonIndex
sys.setswitchinterval(1e-6)
with ThreadPoolExecutor(8) as pool:
    list(pool.map(lambda i: PythonIndex(f"race-{i}", seed=False)._prepare(), range(8)))
"""


def test_indexes_prepared_in_parallel_in_a_fresh_process_all_get_their_password(tmp_path):
    # passlib's first hash in a process raced when a lab started two indexes at once.
    env = {**os.environ, "HOOKLAB_WORK": str(tmp_path)}
    for _ in range(12):
        done = subprocess.run(
            [sys.executable, "-c", _PARALLEL_PREPARE], env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr[-600:]
    lines = [(tmp_path / "registries" / f"race-{i}" / "htpasswd") for i in range(8)]
    assert all(p.read_text().startswith("hooklab:$apr1$") for p in lines)
