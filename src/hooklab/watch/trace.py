"""strace as the watcher: the command line to run it, and a parser from its log to events."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from hooklab.model import Event, EventKind, Process, Role

# Only what the parser reads: process creation and exec, file opens, connects (and the
# getsockopt that reports how a non-blocking connect ended). Exits come from strace itself.
SYSCALLS = "execve,execveat,clone,clone3,fork,vfork,openat,connect,getsockopt"

# Pids and return values are bounded in digits: int() refuses a 5000-digit one (and a log line
# that long is not strace's), so such a line is skipped like any other line that is not a call.
_LINE = re.compile(r"^(\d{1,10})\s+(\d+\.\d+)\s+(.*)$")
_CALL = re.compile(r"^(\w+)\((.*)\)\s+=\s+(-?\d{1,20}(?!\d)|\?)(?:\s+(\w+))?")
_UNFINISHED = re.compile(r"^(\w+)\((.*?)\s*<unfinished \.\.\.>$")
_RESUMED = re.compile(r"^<\.\.\. (\w+) resumed>(.*)$")
_EXIT = re.compile(r"^\+\+\+ (?:exited with (\d+)|killed by (\w+)).*\+\+\+$")
_STR = re.compile(r'"((?:[^"\\]|\\.)*)"')
_INET = re.compile(r'sin6?_port=htons\((\d+)\).*?(?:inet_addr|inet_pton\(AF_INET6, )\("([^"]+)"\)')
# A non-blocking connect returns EINPROGRESS; its outcome shows up later in getsockopt(SO_ERROR).
_SO_ERROR = re.compile(r"^(\d+),\s*SOL_SOCKET,\s*SO_ERROR,\s*\[(\w+)\]")
# A quoted string, or an array's bracket: enough to split execve's path, argv and envp.
_TOKEN = re.compile(r'"((?:[^"\\]|\\.)*)"|(\[)|(\])')
# What npm, pnpm, yarn and bun put in a lifecycle script's environment; children inherit it.
LIFECYCLE_VARS = ("npm_lifecycle_event", "npm_package_name", "npm_package_version")
# `npm exec`/`npx` runs the bin it was asked for as a script with this event: the program.
# What a runner puts in npm_lifecycle_event for the bin it runs: not a package's hook. bunx also
# re-runs itself as `bun add` with it, which is still the launcher.
PROGRAM_EVENTS = frozenset({"npx", "bunx"})
# The PEP 517 hook a build process was started for (uv names it in its -c script, pip in argv).
_PEP517_HOOK = re.compile(
    r"\b(get_requires_for_build_(?:wheel|sdist|editable)|prepare_metadata_for_build_(?:wheel|editable)"
    r"|build_(?:wheel|sdist|editable))\b"
)
_WRITE_FLAGS = ("O_WRONLY", "O_RDWR", "O_CREAT")
_QUIET_PREFIXES = ("/dev/", "/proc/", "/sys/")


def strace_argv(strace: str, log: Path) -> list[str]:
    """The strace prefix: follow children, wall-clock times, long strings, only what we parse."""
    return [
        strace,
        "-f",
        "-q",
        "-ttt",
        "-s",
        "512",
        "--seccomp-bpf",
        "-e",
        f"trace={SYSCALLS}",
        # envp in full for exec calls only (the parser keeps LIFECYCLE_VARS), abbreviated elsewhere
        "-e",
        "abbrev=!execve,execveat",
        "-o",
        str(log),
    ]


def _unescape(s: str) -> str:
    return s.encode("latin-1", "backslashreplace").decode("unicode_escape", "replace")


def _strings(args: str) -> list[str]:
    return [_unescape(m) for m in _STR.findall(args)]


def _exec_parts(args: str) -> tuple[tuple[str, ...], dict[str, str]]:
    """argv and the lifecycle variables of an exec call's arguments (envp is absent when strace
    abbreviated it; argv falls back to the path when it was NULL)."""
    arrays: list[list[str]] = []
    first: str | None = None
    depth = 0
    for m in _TOKEN.finditer(args):
        if m.group(2):
            depth += 1
            if depth == 1:
                arrays.append([])
        elif m.group(3):
            depth -= 1
        elif depth == 1 and arrays:
            arrays[-1].append(_unescape(m.group(1)))
        elif depth == 0 and first is None:
            first = _unescape(m.group(1))
    argv = tuple(arrays[0]) if arrays else tuple(s for s in [first] if s is not None)
    env: dict[str, str] = {}
    for item in arrays[1] if len(arrays) > 1 else ():
        key, sep, value = item.partition("=")
        if sep and key in LIFECYCLE_VARS:
            env[key] = value
    return argv, env


def _command_names(argv: tuple[str, ...]) -> set[str]:
    """What an exec runs: argv[0] and an interpreter's script, or the first word of `sh -c`."""
    names = {Path(a).name for a in argv[:2]}
    if argv[:2] in (("sh", "-c"), ("/bin/sh", "-c")) and len(argv) > 2:
        names.add(Path(argv[2].split(" ", 1)[0].strip("'\"")).name)
    return names


@dataclass
class _Proc:
    pid: int
    ppid: int | None
    start: float
    end: float | None = None
    argv: tuple[str, ...] = ()
    role: Role = "launcher"
    package: str | None = None
    version: str | None = None
    event: str | None = None

    def take_role(self, other: _Proc) -> None:
        """Inherit `other`'s role and, for a hook, whose hook it is."""
        self.role, self.package, self.version, self.event = (
            other.role,
            other.package,
            other.version,
            other.event,
        )


@dataclass
class TraceParser:
    """Reads strace lines in order and keeps the process tree and the events."""

    secret_paths: frozenset[str] = frozenset()
    hook_patterns: tuple[str, ...] = ()
    program: str | None = None
    sdist: tuple[str, str] | None = None  # (name, version) of the one sdist the launcher builds
    t0: float | None = None
    procs: dict[int, _Proc] = field(default_factory=dict)
    tgid: dict[int, int] = field(default_factory=dict)  # thread id -> process id
    events: list[tuple[float, int, EventKind, str, bool]] = field(default_factory=list)
    _pending: dict[int, str] = field(default_factory=dict)
    _connecting: dict[tuple[int, str], int] = field(default_factory=dict)  # (pid, fd) -> event

    def feed(self, text: str) -> None:
        for line in text.splitlines():
            self._line(line)

    def _line(self, line: str) -> None:
        m = _LINE.match(line)
        if not m:
            return
        tid, when, body = int(m.group(1)), float(m.group(2)), m.group(3)
        if self.t0 is None:
            self.t0 = when
        pid = self.tgid.setdefault(tid, tid)
        if pid not in self.procs:
            self.procs[pid] = _Proc(pid, None, when)
        if (u := _UNFINISHED.match(body)) is not None:
            self._pending[tid] = f"{u.group(1)}({u.group(2)}"
            return
        if (r := _RESUMED.match(body)) is not None:
            body = self._pending.pop(tid, f"{r.group(1)}(") + r.group(2)
        if (e := _EXIT.match(body)) is not None:
            if tid == pid:
                self.procs[pid].end = when
                self.events.append((when, pid, "exit", e.group(1) or e.group(2), True))
            return
        c = _CALL.match(body)
        if c is None:
            return
        name, args, ret, err = c.group(1), c.group(2), c.group(3), c.group(4)
        code = int(ret) if ret != "?" else 0
        if name in ("clone", "clone3", "fork", "vfork") and code > 0:
            if "CLONE_THREAD" in args:
                self.tgid[code] = pid
                if code != pid and self.procs.pop(code, None) is not None:
                    self._merge_thread(code, pid)
            else:
                self.tgid[code] = code
                parent = self.procs[pid]
                child = self.procs.get(code)
                if child is None:  # usual order: the clone returns before the child's first line
                    child = self.procs[code] = _Proc(code, pid, when, argv=parent.argv)
                    child.take_role(parent)
                else:
                    child.ppid = pid
                    if child.role == "launcher":
                        child.take_role(parent)
                        self._adopt(child)
        elif name in ("execve", "execveat") and code == 0:
            self._exec(pid, when, args)
        elif name == "openat":
            self._open(pid, when, args, code)
        elif name == "connect":
            self._connect(pid, when, args, code, err)
        elif name == "getsockopt":
            self._so_error(pid, args)

    def _merge_thread(self, tid: int, pid: int) -> None:
        """A thread whose lines came before its clone returned (strace under load) was taken for
        a process of its own, which would never end: its events are its process's."""
        self.events = [(w, pid if p == tid else p, k, d, ok) for w, p, k, d, ok in self.events]
        self._connecting = {
            (pid if p == tid else p, fd): i for (p, fd), i in self._connecting.items()
        }

    def _adopt(self, parent: _Proc) -> None:
        """Give `parent`'s role to its descendants that were seen before its clone returned
        (strace under load prints a grandchild's lines early) and so had none."""
        if parent.role == "launcher":
            return
        todo, seen = [parent], {parent.pid}
        while todo:  # iterative and once per pid: a deep tree or a reused pid cannot loop
            up = todo.pop()
            for proc in self.procs.values():
                if proc.ppid == up.pid and proc.role == "launcher" and proc.pid not in seen:
                    proc.take_role(up)
                    seen.add(proc.pid)
                    todo.append(proc)

    def _exec(self, pid: int, when: float, args: str) -> None:
        """Name the process from what started it: the package manager's lifecycle variables
        first, then a PEP 517 or declared hook pattern, then the program the launcher ran."""
        argv, env = _exec_parts(args)
        proc = self.procs[pid]
        proc.argv = argv
        joined = " ".join(argv)
        event = env.get("npm_lifecycle_event")
        if (
            event in PROGRAM_EVENTS
            and Path(argv[0] if argv else "").name == "bun"
            and argv[1:2] == ["add"]
        ):
            pass  # bunx installing the package: the launcher at work
        elif event and event not in PROGRAM_EVENTS:
            proc.role, proc.event = "hook", event
            proc.package = env.get("npm_package_name") or None
            proc.version = env.get("npm_package_version") or None
        elif (hook := _PEP517_HOOK.search(joined)) is not None or any(
            p in joined for p in self.hook_patterns
        ):
            proc.role = "hook"  # a PEP 517 hook names itself, whatever the backend is called
            if hook is not None:
                proc.event = hook.group(1)
                proc.package, proc.version = self.sdist or (None, None)
        elif proc.role != "hook" and (  # what a hook starts runs at install time, whatever it is
            event in PROGRAM_EVENTS or (self.program and self.program in _command_names(argv))
        ):
            proc.role = "program"
        self.events.append((when, pid, "exec", joined, True))

    def _open(self, pid: int, when: float, args: str, code: int) -> None:
        strings = _strings(args)
        if not strings:
            return
        path = strings[0]
        flags = args.split(",")[2] if args.count(",") >= 2 else ""
        if not path.startswith("/"):  # relative to a cwd we do not trace: match on the tail
            path = next((s for s in self.secret_paths if s.endswith("/" + path)), path)
        if path in self.secret_paths:
            self.events.append((when, pid, "secret_read", path, code >= 0))
        elif any(f in flags for f in _WRITE_FLAGS) and not path.startswith(_QUIET_PREFIXES):
            self.events.append((when, pid, "file_write", path, code >= 0))

    def _connect(self, pid: int, when: float, args: str, code: int, err: str | None) -> None:
        m = _INET.search(args)
        if m is None:
            return  # unix sockets: local IPC, not network
        port, addr = m.group(1), m.group(2)
        host = f"[{addr}]" if ":" in addr else addr
        ok = code == 0 or err == "EINPROGRESS"
        detail = f"{host}:{port}" + ("" if ok else f" ({err})")
        if err == "EINPROGRESS":
            self._connecting[(pid, args.split(",", 1)[0])] = len(self.events)
        self.events.append((when, pid, "connect", detail, ok))

    def _so_error(self, pid: int, args: str) -> None:
        m = _SO_ERROR.match(args)
        index = self._connecting.pop((pid, m.group(1)), None) if m else None
        if m is None or index is None or m.group(2) == "0":
            return
        when, pid, kind, detail, _ = self.events[index]
        self.events[index] = (when, pid, kind, f"{detail} ({m.group(2)})", False)

    def result(self) -> tuple[list[Event], list[Process]]:
        """Events and processes with times relative to the first traced line."""
        t0 = self.t0 or 0.0
        events = [
            Event(
                round(t - t0, 4),
                pid,
                (p := self.procs[pid]).ppid,
                kind,
                detail,
                p.role,
                ok,
                p.package,
                p.version,
                p.event,
            )
            for t, pid, kind, detail, ok in sorted(self.events, key=lambda e: e[0])
        ]
        procs = [
            Process(
                p.pid,
                p.ppid,
                round(p.start - t0, 4),
                None if p.end is None else round(p.end - t0, 4),
                p.argv,
                p.role,
                p.package,
                p.version,
                p.event,
            )
            for p in sorted(self.procs.values(), key=lambda p: p.start)
        ]
        return events, procs
