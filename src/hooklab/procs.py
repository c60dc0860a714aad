"""Processes the kit starts: a free loopback port, waiting until a server is ready, stopping a
process group, and running a tool with a default timeout.

Every wait here is measured on the monotonic clock, so a clock change cannot stretch or cut it.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Literal

from hooklab.errors import HooklabError
from hooklab.lang import both

HOST = "127.0.0.1"
# A call with no limit of its own gets this one: a hung tool becomes a one-line error.
DEFAULT_TIMEOUT = 300.0
STOP_GRACE = 5.0  # seconds a stopped process group gets after TERM, before KILL

Readiness = Literal["ready", "exited", "timed out"]


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def listening(port: int) -> bool:
    """Does something accept connections on 127.0.0.1:port?"""
    with socket.socket() as sock:
        return sock.connect_ex((HOST, port)) == 0


def wait_ready(
    ready: Callable[[], bool],
    timeout: float,
    proc: subprocess.Popen | None = None,
    every: float = 0.1,
) -> Readiness:
    """Poll `ready()` until it is true, `proc` (the server being waited for) exits, or
    `timeout` seconds pass; say which came first."""
    deadline = time.monotonic() + timeout
    while True:
        if ready():
            return "ready"
        if proc is not None and proc.poll() is not None:
            return "exited"
        if time.monotonic() >= deadline:
            return "timed out"
        time.sleep(every)


def alive(pid: int) -> bool:
    """Is `pid` a running process (not gone, not a zombie)?"""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[-1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def _gone(pid: int) -> bool:
    try:
        done, _ = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:  # not our child (a detached server): look at /proc instead
        return not alive(pid)
    return done == pid


def stop_group(pid: int, grace: float = STOP_GRACE, *, leader_only: bool = False) -> bool:
    """Stop the process group that `pid` leads (it was started with start_new_session):
    TERM, then KILL if it is still there after `grace` seconds. `leader_only` signals just
    `pid`, for a daemon that stops its own children (dockerd). False when it outlived both."""
    send = os.kill if leader_only else os.killpg
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            send(pid, sig)
        except ProcessLookupError:
            return True
        if wait_ready(lambda: _gone(pid), grace, every=0.05) == "ready":
            return True
    return False


def run(
    argv: list[str],
    what: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    env: Mapping[str, str] | None = None,
    cwd: Path | str | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run a tool to the end in its own process group, output captured as text.

    A tool that does not start, or does not finish within `timeout` seconds, is a one-line
    error that begins with `what` (a noun: "npm publish of x.tgz"); on a timeout the whole
    group is stopped, so nothing it spawned lingers. A non-zero exit is left to the caller."""
    try:
        proc = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            errors="replace",
            env=env,
            cwd=cwd,
            start_new_session=True,
        )
    except OSError as exc:
        raise HooklabError(
            both(
                f"{what}을(를) 시작하지 못했습니다: {exc.strerror}",
                f"{what} did not start: {exc.strerror}",
            )
        ) from None
    with proc:
        try:
            out, err = proc.communicate(timeout=timeout)
        except BaseException as exc:  # a timeout, or Ctrl-C: the group is ours to stop
            stop_group(proc.pid)
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.communicate(timeout=STOP_GRACE)
            if isinstance(exc, subprocess.TimeoutExpired):
                raise too_slow(what, timeout) from None
            raise
    return subprocess.CompletedProcess(argv, proc.returncode, out, err)


def too_slow(what: str, timeout: float) -> HooklabError:
    """The one line for `what` (a noun) that ran past `timeout` seconds and was stopped."""
    return HooklabError(
        both(
            f"{what}이(가) {timeout:.0f}초 안에 끝나지 않았습니다",
            f"{what} did not finish within {timeout:.0f} s",
        )
    )
