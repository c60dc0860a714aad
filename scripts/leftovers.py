"""Record, then compare, what is listening on loopback, which kit processes run, and what the
kit made in the temp folder.

`leftovers.py save FILE` before the notebooks, `leftovers.py check FILE` after: the check fails
(exit 1, one line each) if a notebook left a listening port, a kit process or a fake home (or
another kit temp folder) behind.
"""

import json
import os
import sys
import tempfile
from pathlib import Path

KIT_WORDS = (".hooklab", "verdaccio", "pypi-server", "hooklab-", "jupyter-lab")
TEMP_PREFIXES = ("fakehome-", "hooklab-", "uv-setuptools-")


def listening() -> dict[str, str]:
    """Listening port -> its socket's inode."""
    ports = {}
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] == "0A":  # TCP_LISTEN
                ports[str(int(fields[1].rsplit(":", 1)[1], 16))] = fields[9]
    return ports


def owner(inode: str) -> str:
    """The process holding socket `inode`, as "pid command", or why it is not known."""
    link = f"socket:[{inode}]"
    for fd_dir in Path("/proc").glob("[0-9]*/fd"):
        try:
            if any(os.readlink(fd) == link for fd in fd_dir.iterdir()):
                cmd = (fd_dir.parent / "cmdline").read_bytes().replace(b"\0", b" ")
                return f"{fd_dir.parent.name} {cmd.decode(errors='replace').strip()[:160]}"
        except OSError:
            continue
    return "owner not found (another network namespace, or gone)"


def kit_processes() -> dict[str, str]:
    found = {}
    me = str(os.getpid())
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit() or proc.name == me:
            continue
        try:
            cmd = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if any(word in cmd for word in KIT_WORDS) and "leftovers.py" not in cmd:
            found[proc.name] = cmd.strip()[:160]
    return found


def temp_things() -> set[str]:
    tmp = Path(tempfile.gettempdir())
    return {p.name for p in tmp.iterdir() if p.name.startswith(TEMP_PREFIXES)}


def main(action: str, path: str) -> int:
    if action == "save":
        state = {
            "ports": sorted(listening()),
            "procs": kit_processes(),
            "temp": sorted(temp_things()),
        }
        Path(path).write_text(json.dumps(state))
        return 0
    before = json.loads(Path(path).read_text())
    now = listening()
    ports = set(now) - set(before["ports"])
    procs = {pid: cmd for pid, cmd in kit_processes().items() if pid not in before["procs"]}
    temp = temp_things() - set(before["temp"])
    for port in sorted(ports, key=int):
        print(f"leftovers: a listening port was left behind: {port} ({owner(now[port])})")
    for pid, cmd in procs.items():
        print(f"leftovers: a process was left behind: {pid} {cmd}")
    for name in sorted(temp):
        print(f"leftovers: {tempfile.gettempdir()}/{name} was left behind")
    return 1 if ports or procs or temp else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
