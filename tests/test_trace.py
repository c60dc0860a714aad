"""The strace log parser, on lines in the shapes strace 6 prints."""

from hooklab.watch.trace import TraceParser

LOG = """\
100 1000.000000 execve("/usr/bin/npx", ["npx", "--yes", "pkg"], 0x7ffc /* 50 vars */) = 0
100 1000.100000 clone3({flags=CLONE_VM|CLONE_THREAD, child_tid=0x1} => {parent_tid=[101]}, 88) = 101
101 1000.110000 connect(20, {sa_family=AF_INET, sin_port=htons(443), sin_addr=inet_addr("10.0.0.1")}, 16) = -1 ENETUNREACH (Network is unreachable)
100 1000.200000 clone(child_stack=NULL, flags=CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x1) = 102
102 1000.210000 execve("/usr/bin/sh", ["sh", "-c", "node scripts/setup.js"], 0x3e /* 72 vars */) = 0
102 1000.220000 vfork( <unfinished ...>
103 1000.230000 execve("/usr/bin/node", ["node", "scripts/setup.js"], 0x55 /* 81 vars */ <unfinished ...>
102 1000.231000 <... vfork resumed>) = 103
103 1000.232000 <... execve resumed>) = 0
103 1000.240000 openat(AT_FDCWD, "/fake/home/.aws/credentials", O_RDONLY|O_CLOEXEC) = 17
103 1000.250000 openat(AT_FDCWD, "/canary/x.103.marker", O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC, 0666) = 18
103 1000.260000 connect(18, {sa_family=AF_INET, sin_port=htons(4567), sin_addr=inet_addr("127.0.0.1")}, 16) = -1 EINPROGRESS (Operation now in progress)
103 1000.270000 +++ exited with 0 +++
102 1000.280000 +++ exited with 0 +++
100 1000.300000 clone(child_stack=NULL, flags=SIGCHLD) = 104
104 1000.310000 execve("/cache/.bin/hello", ["hello"], 0x55 /* 73 vars */) = 0
104 1000.320000 --- SIGCHLD {si_signo=SIGCHLD} ---
104 1000.400000 +++ exited with 0 +++
100 1000.500000 +++ exited with 0 +++
"""


def parse():
    parser = TraceParser(
        secret_paths=frozenset({"/fake/home/.aws/credentials"}),
        hook_patterns=("scripts/setup.js",),
        program="hello",
    )
    parser.feed(LOG)
    return parser.result()


def test_process_tree_and_roles():
    _, procs = parse()
    by_pid = {p.pid: p for p in procs}
    assert set(by_pid) == {100, 102, 103, 104}  # 101 is a thread of 100
    assert by_pid[103].ppid == 102 and by_pid[102].ppid == 100
    assert (by_pid[102].role, by_pid[103].role) == ("hook", "hook")
    assert by_pid[104].role == "program" and by_pid[100].role == "launcher"
    assert by_pid[103].argv == ("node", "scripts/setup.js")
    assert by_pid[103].end == 0.27


def test_events_in_order_with_kinds():
    events, _ = parse()
    seen = [(e.pid, e.kind, e.detail, e.ok) for e in events if e.kind != "exit"]
    assert seen == [
        (100, "exec", "npx --yes pkg", True),
        (100, "connect", "10.0.0.1:443 (ENETUNREACH)", False),
        (102, "exec", "sh -c node scripts/setup.js", True),
        (103, "exec", "node scripts/setup.js", True),
        (103, "secret_read", "/fake/home/.aws/credentials", True),
        (103, "file_write", "/canary/x.103.marker", True),
        (103, "connect", "127.0.0.1:4567", True),
        (104, "exec", "hello", True),
    ]


def test_a_grandchild_seen_before_its_parents_clone_returns_gets_the_parents_role():
    # Under load strace may print a subshell's fork (and the grandchild's exec) before the
    # program's own clone call returns the subshell's pid.
    log = """\
200 2000.000000 execve("/usr/bin/npx", ["npx", "--yes", "pkg"], 0x1 /* 1 vars */) = 0
200 2000.010000 clone(child_stack=NULL, flags=SIGCHLD) = 201
201 2000.020000 execve("/cache/.bin/hello", ["hello"], 0x1 /* 1 vars */) = 0
202 2000.030000 clone(child_stack=NULL, flags=SIGCHLD) = 203
203 2000.040000 execve("/usr/bin/realpath", ["realpath", "--", "/cache/.bin/hello"], 0x1) = 0
201 2000.050000 clone(child_stack=NULL, flags=SIGCHLD) = 202
203 2000.060000 +++ exited with 0 +++
202 2000.070000 +++ exited with 0 +++
201 2000.080000 +++ exited with 0 +++
200 2000.090000 +++ exited with 0 +++
"""
    parser = TraceParser(program="hello")
    parser.feed(log)
    _, procs = parser.result()
    roles = {p.pid: p.role for p in procs}
    assert roles == {200: "launcher", 201: "program", 202: "program", 203: "program"}
