"""Run a command; when it ends, kill whatever it left running in this sandbox.

The sandboxes run this file (with the host's Python, under strace) as the command's parent, so
a process that tries to outlive the install is stopped when the install ends. It imports only
the standard library: it runs inside the sandbox, not in the kit.
"""

import os
import signal
import subprocess
import sys


def _stat(pid: int) -> tuple[str, int]:
    """State letter and parent pid of a process ("X", 0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return fields[0], int(fields[1])
    except (OSError, IndexError, ValueError):
        return "X", 0


def _ns_pids(pid: int) -> list[int]:
    """A process's pid in each pid namespace from /proc's down to its own (NSpid)."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("NSpid:"):
                    return [int(n) for n in line.split()[1:]]
    except (OSError, ValueError):
        pass
    return [pid]


def _ancestors() -> set[int]:
    """This process and every process above it in the sandbox (the tracer, the sandbox's init),
    by the pids /proc shows."""
    keep, pid = set(), int(os.readlink("/proc/self"))
    while pid > 0 and pid not in keep:
        keep.add(pid)
        pid = _stat(pid)[1]
    return keep


def _reap() -> None:
    # /proc may belong to an outer pid namespace than this process's (srt runs the command in a
    # nested one and keeps the outer /proc): list by /proc's pids, signal by this namespace's.
    depth = len(_ns_pids(int(os.readlink("/proc/self"))))
    keep = _ancestors()
    for _ in range(5):  # a dying process may still fork once or twice
        pids = [int(p) for p in os.listdir("/proc") if p.isdigit() and int(p) not in keep]
        left = [p for p in pids if _stat(p)[0] not in "ZX"]
        ours = [ns[depth - 1] for ns in map(_ns_pids, left) if len(ns) >= depth]
        if not ours:
            return
        for pid in ours:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        for pid in ours:
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass


def main() -> int:
    argv = sys.argv[1:]
    if argv[:1] == ["--"]:
        argv = argv[1:]
    code = subprocess.call(argv)
    _reap()
    return code if code >= 0 else 128 - code


if __name__ == "__main__":
    sys.exit(main())
