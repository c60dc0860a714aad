"""Processes the kit starts: ports, waiting until ready, stopping a group, runs with a limit."""

from __future__ import annotations

import ast
import itertools
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from hooklab import procs
from hooklab.errors import HooklabError
from hooklab.procs import alive, free_port, listening, run, stop_group, wait_ready
from hooklab.tools import run_tool

SRC = Path(__file__).resolve().parent.parent / "src" / "hooklab"
# A shell that leaves a grandchild behind (its pid in PIDFILE) and then waits for it.
SPAWNER = 'sleep 60 & echo $! > "$1"; wait'


def _pid(path: Path) -> int:
    return int(path.read_text().strip())


def test_a_run_past_its_timeout_is_one_line_and_nothing_it_spawned_lingers(tmp_path, monkeypatch):
    monkeypatch.setenv("HOOKLAB_LANG", "en")  # the line in English
    pidfile = tmp_path / "pid"
    with pytest.raises(HooklabError) as exc:
        run(["sh", "-c", SPAWNER, "sh", str(pidfile)], "the spawner", timeout=1)
    assert str(exc.value) == "the spawner did not finish within 1 s"
    assert not alive(_pid(pidfile))


def test_run_tool_stops_a_hung_tool_with_one_line(tmp_path, monkeypatch):
    monkeypatch.setenv("HOOKLAB_LANG", "en")  # the line in English
    pidfile = tmp_path / "pid"
    with pytest.raises(HooklabError) as exc:
        run_tool(["sh", "-c", SPAWNER, "sh", str(pidfile)], "could not pack", timeout=1)
    assert str(exc.value) == "could not pack: sh did not finish within 1 s"
    assert not alive(_pid(pidfile))


def test_a_tool_that_does_not_start_is_one_line(tmp_path, monkeypatch):
    monkeypatch.setenv("HOOKLAB_LANG", "en")  # the line in English
    with pytest.raises(HooklabError) as exc:
        run([str(tmp_path / "no-such-tool")], "the missing tool")
    assert str(exc.value) == "the missing tool did not start: No such file or directory"


def test_run_returns_what_the_tool_printed_and_its_exit_code():
    proc = run([sys.executable, "-c", "import sys; print('out'); sys.exit(3)"], "python")
    assert (proc.returncode, proc.stdout) == (3, "out\n")


def _calls_without_timeout(tree: ast.AST) -> list[int]:
    """Lines of subprocess.run/call/check_* calls that give no timeout (run_tool and
    procs.run have a default one, checked below)."""
    lines = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        owner = node.func.value
        if (
            isinstance(owner, ast.Name)
            and owner.id == "subprocess"
            and node.func.attr in ("run", "call", "check_call", "check_output")
            and not any(k.arg == "timeout" for k in node.keywords)
        ):
            lines.append(node.lineno)
    return lines


def test_every_subprocess_call_in_the_kit_has_a_timeout():
    # The reaper runs the watched command inside the sandbox, under the job's own timeout.
    exempt = {SRC / "watch" / "sandbox" / "reaper.py"}
    missing = {
        str(path.relative_to(SRC)): lines
        for path in sorted(SRC.rglob("*.py"))
        if path not in exempt
        for lines in [_calls_without_timeout(ast.parse(path.read_text()))]
        if lines
    }
    assert missing == {}


def test_run_tool_and_run_have_a_default_timeout():
    import inspect

    for fn in (run, run_tool):
        assert inspect.signature(fn).parameters["timeout"].default == procs.DEFAULT_TIMEOUT


def test_wait_ready_says_what_came_first():
    answers = iter([False, False, True])
    assert wait_ready(lambda: next(answers), 30, every=0.01) == "ready"
    done = subprocess.Popen(["true"])
    done.wait()
    assert wait_ready(lambda: False, 30, done) == "exited"
    assert wait_ready(lambda: False, 0.2, every=0.01) == "timed out"


def test_wait_ready_ignores_the_wall_clock(monkeypatch):
    """A wall clock that jumps an hour at every look must not end the wait early."""
    hours = itertools.count(0, 3600)
    monkeypatch.setattr(procs.time, "time", lambda: float(next(hours)))
    answers = iter([False, False, False, True])
    assert wait_ready(lambda: next(answers), 30, every=0.01) == "ready"


def test_stop_group_ends_a_group_that_ignores_term(tmp_path):
    pidfile = tmp_path / "pid"
    script = "trap '' TERM; sleep 60 & echo $! > \"$1\"; wait"
    leader = subprocess.Popen(["sh", "-c", script, "sh", str(pidfile)], start_new_session=True)
    assert wait_ready(pidfile.exists, 30, leader, every=0.01) == "ready"
    assert wait_ready(lambda: pidfile.read_text().strip() != "", 30, every=0.01) == "ready"
    assert stop_group(leader.pid, grace=0.5)
    leader.wait()
    assert not alive(leader.pid) and not alive(_pid(pidfile))
    assert stop_group(leader.pid)  # a group that is gone already is fine


def test_free_port_is_free_and_listening_sees_a_listener():
    port = free_port()
    assert not listening(port)
    with socket.socket() as sock:
        sock.bind((procs.HOST, port))
        sock.listen()
        assert listening(port)
