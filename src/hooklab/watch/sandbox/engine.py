"""The Docker engine: use the running one, or start dockerd for a while (as root) and stop it.

`with docker_engine() as client:` gives a connected docker SDK client. When no engine answers
and we are root, it starts `dockerd` (with gVisor's runsc registered when installed), waits for
it, and stops it on the way out; an engine it did not start is never touched. The same code
serves scripts/services.d/docker.sh (start|stop) for the test run.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from hooklab.errors import HooklabError
from hooklab.lang import both
from hooklab.paths import work_dir
from hooklab.procs import stop_group, wait_ready
from hooklab.watch.sandbox.reasons import reason

START_TIMEOUT = 30.0


def connect(timeout: float = 2.0) -> Any | None:
    """A docker SDK client for the running engine, or None when none answers."""
    try:
        import docker
        from docker.errors import DockerException
    except ImportError:
        return None
    try:
        client = docker.from_env(timeout=timeout)
        client.ping()
    except (DockerException, OSError):
        return None
    client.api.timeout = 120
    return client


def start_problem() -> str | None:
    """Why this process could not start an engine itself (None when it could)."""
    if shutil.which("dockerd") is None:
        return reason("no-dockerd")
    if os.geteuid() != 0:
        return reason("root-only")
    return None


def _config(folder: Path) -> Path:
    """dockerd's config: gVisor's runsc as a runtime when it is installed, with no network."""
    runsc = shutil.which("runsc")
    runtimes = {"runsc": {"path": runsc, "runtimeArgs": ["--network=none"]}} if runsc else {}
    path = folder / "daemon.json"
    path.write_text(json.dumps({"runtimes": runtimes}))
    return path


def start_dockerd() -> subprocess.Popen:
    """Start dockerd in its own session and wait until it answers; one-line error otherwise."""
    if why := start_problem():
        raise HooklabError(why)
    folder = work_dir() / "dockerd"
    folder.mkdir(parents=True, exist_ok=True)
    log = folder / "dockerd.log"
    # Only sandboxes with no network use this engine, so it needs no bridge or iptables rules.
    argv = [
        shutil.which("dockerd") or "dockerd",
        "--config-file",
        str(_config(folder)),
        "--iptables=false",
        "--ip6tables=false",
        "--bridge=none",
    ]
    with log.open("wb") as out:
        proc = subprocess.Popen(
            argv,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    state = wait_ready(lambda: connect(timeout=1) is not None, START_TIMEOUT, proc, every=0.2)
    if state == "ready":
        return proc
    if state == "exited":
        lines = log.read_text(errors="replace").strip().splitlines() or ["no output"]
        raise HooklabError(
            both(
                f"dockerd가 시작하다 멈췄습니다: {lines[-1][:200]}",
                f"dockerd stopped at start: {lines[-1][:200]}",
            )
        )
    stop_dockerd(proc.pid)
    raise HooklabError(
        both(
            f"dockerd가 {START_TIMEOUT:.0f}초 안에 응답하지 않았습니다 ({log} 참고)",
            f"dockerd did not answer within {START_TIMEOUT:.0f} s (see {log})",
        )
    )


def stop_dockerd(pid: int, wait: float = 20.0) -> None:
    """Stop the dockerd we started (pid), and wait for it to go; it stops its own children."""
    stop_group(pid, wait, leader_only=True)


class _Started:
    """The dockerd this process started, shared by every block that uses it at the same time."""

    lock = threading.Lock()
    proc: subprocess.Popen | None = None
    users = 0


@contextlib.contextmanager
def docker_engine() -> Iterator[Any]:
    """A client for the running engine, or for one started for the block and stopped after it.

    Threads (the matrix runs cells side by side) share one started engine; the last one out
    stops it."""
    with _Started.lock:
        ours = _Started.proc is not None
        if not ours:
            client = connect()
            if client is None:
                _Started.proc = start_dockerd()
                ours = True
        if ours:
            _Started.users += 1
    if not ours:
        yield client
        return
    try:
        client = connect()
        if client is None:
            raise HooklabError(
                both(
                    "dockerd가 시작했지만 응답하지 않습니다", "dockerd started but does not answer"
                )
            )
        yield client
    finally:
        with _Started.lock:
            _Started.users -= 1
            if _Started.users == 0 and _Started.proc is not None:
                stop_dockerd(_Started.proc.pid)
                _Started.proc = None


def runtimes(client: Any) -> set[str]:
    return set((client.info().get("Runtimes") or {}).keys())


_PIDFILE = "dockerd/service.pid"


def service(action: str) -> int:
    """start|stop an engine for a whole test run; stop ends only the one start began."""
    try:
        return _service(action)
    except HooklabError as exc:
        print(f"docker: {exc}", file=sys.stderr)
        return 1


def _service(action: str) -> int:
    pidfile = work_dir() / _PIDFILE
    if action == "start":
        if connect() is not None:
            print("docker: an engine is already running; using it")
            return 0
        if why := start_problem():
            print(f"docker: {why}")
            return 0
        proc = start_dockerd()
        pidfile.write_text(str(proc.pid))
        print(f"docker: started dockerd (pid {proc.pid})")
        return 0
    if action == "stop":
        if pidfile.is_file():
            pid = int(pidfile.read_text())
            comm = Path(f"/proc/{pid}/comm")
            if comm.is_file() and "dockerd" in comm.read_text():
                stop_dockerd(pid)
                print("docker: stopped the dockerd the test run started")
            pidfile.unlink()
        return 0
    print("usage: docker.sh start|stop", file=sys.stderr)
    return 2
