"""Every command on its hostile corpus: a report or one line, nothing raw, nothing written outside.

The corpora (tests/hostile/corpus.py) are built per run. Each command's cases run in one process
(tests/hostile/run_many.py, the CLI's own `main`) under strace, and the trace must show no file
created, written, renamed, linked or removed outside the run's own folders: cwd, HOOKLAB_WORK, the
fake HOME and TMPDIR. The corpus links point into a folder `outside`, which must stay untouched.
"""

from __future__ import annotations

import codecs
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hooklab.labs.catalogue import all_labs
from hooklab.mcp.guard import GuardReport, GuardRules, guard_line
from tests.hostile import corpus

ROOT = Path(__file__).resolve().parent.parent
DRIVER = Path(__file__).resolve().parent / "hostile" / "run_many.py"
WRITE_CALLS = (
    "openat,creat,rename,renameat,renameat2,link,linkat,symlink,symlinkat,"
    "mkdir,mkdirat,unlink,unlinkat,rmdir"
)
# Paths a run may write that are not its own (besides a __pycache__ folder): devices and /proc.
ALWAYS_ALLOWED = ("/dev/null", "/dev/tty", "/dev/pts/", "/dev/shm/", "/proc/")
# No control character but \t and \n, no DEL, no C1, no bidi/zero-width/line separators.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")

_LINE = re.compile(r"^(\d+)\s+(.*)$")
_CALL = re.compile(r"^(\w+)\((.*)\)\s+=\s+(-?\d+)")
_ARG = re.compile(r'(\w+)?<((?:[^>\\]|\\.)*)>|"((?:[^"\\]|\\.)*)"')


def _unquote(text: str) -> str:
    return codecs.escape_decode(text.encode("latin-1", "backslashreplace"))[0].decode(
        "utf-8", "surrogateescape"
    )


def written_paths(log: str, cwd: Path) -> list[str]:
    """Every path a successful call in the strace log created, wrote, renamed, linked or removed
    (paths resolved against the dirfd strace printed with -y, else the run's cwd)."""
    pending: dict[str, str] = {}
    paths = []
    for raw in log.splitlines():
        m = _LINE.match(raw)
        if not m:
            continue
        tid, body = m.groups()
        if body.endswith("<unfinished ...>"):
            pending[tid] = body.removesuffix("<unfinished ...>")
            continue
        if body.startswith("<... "):
            body = pending.pop(tid, "") + body.split("resumed>", 1)[-1]
        call = _CALL.match(body)
        if call is None or int(call.group(3)) < 0:
            continue
        name, args = call.group(1), call.group(2)
        if name in ("openat", "creat"):
            if name == "openat" and not re.search(r"O_WRONLY|O_RDWR|O_CREAT|O_TRUNC", args):
                continue
            fd_path = re.search(r"=\s+\d+<((?:[^>\\]|\\.)*)>", body)
            paths.append(_unquote(fd_path.group(1)) if fd_path else "?" + args)
            continue
        base, names = str(cwd), []
        for token in _ARG.finditer(args):
            if token.group(2) is not None:
                base = _unquote(token.group(2))
            else:
                path = _unquote(token.group(3))
                names.append(path if path.startswith("/") else f"{base}/{path}")
                base = str(cwd)
        if name in ("symlink", "symlinkat", "link", "linkat"):
            names = names[1:]  # the link's target is not written
        paths += names
    return paths


def test_the_write_check_sees_each_kind_of_write() -> None:
    """The checker itself: what each write-like call looks like in `strace -f -y`, and reads and
    failed calls left out (so an empty list in the corpus tests means something)."""
    log = "\n".join(
        [
            '7 openat(AT_FDCWD</run>, "a", O_WRONLY|O_CREAT|O_TRUNC, 0666) = 3</run/a>',
            '7 openat(AT_FDCWD</run>, "/etc/passwd", O_RDONLY|O_CLOEXEC) = 3</etc/passwd>',
            '7 openat(AT_FDCWD</run>, "/x", O_WRONLY|O_CREAT, 0666) = -1 EACCES (x)',
            '7 mkdir("d", 0777) = 0',
            '7 mkdirat(4</out>, "e", 0777) = 0',
            '7 renameat2(AT_FDCWD</run>, "a", 5</out/f>, "b", RENAME_NOREPLACE) = 0',
            '7 symlinkat("/etc/shadow", AT_FDCWD</run>, "/out/l\\x1b") = 0',
            '7 unlinkat(AT_FDCWD</run>, "/out/g", 0) = 0',
            '8 openat(AT_FDCWD</run>, "/out/h", O_RDWR <unfinished ...>',
            "8 <... openat resumed>) = 4</out/h>",
        ]
    )
    assert written_paths(log, Path("/run")) == [
        "/run/a",
        "/run/d",
        "/out/e",
        "/run/a",
        "/out/f/b",
        "/out/l\x1b",
        "/out/g",
        "/out/h",
    ]


@pytest.fixture
def run_traced(tmp_path: Path):
    """Run a list of cases under strace; return (results by case, paths written outside)."""
    own = {d: tmp_path / d for d in ("cwd", "work", "home", "tmp")}
    for folder in own.values():
        folder.mkdir()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("HOOKLAB_")},
        "HOOKLAB_WORK": str(own["work"]),
        "HOME": str(own["home"]),
        "TMPDIR": str(own["tmp"]),
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONPATH": str(ROOT),
    }

    def run(cases: list[corpus.Case]) -> tuple[dict[str, dict], list[str]]:
        strace = shutil.which("strace")
        assert strace, "strace is part of the kit's set-up"
        cases_file, results_file = own["cwd"] / "cases.json", own["cwd"] / "results.json"
        cases_file.write_text(json.dumps(cases))
        log = tmp_path / "writes.log"
        argv = [
            strace,
            "-f",
            "-qq",
            "-y",
            "-s",
            "4096",
            "--seccomp-bpf",
            "-e",
            f"trace={WRITE_CALLS}",
        ]
        argv += ["-o", str(log), sys.executable, str(DRIVER), str(cases_file), str(results_file)]
        done = subprocess.run(argv, cwd=own["cwd"], env=env, capture_output=True, timeout=600)
        assert done.returncode == 0, done.stderr.decode(errors="replace")[-2000:]
        allowed = (*ALWAYS_ALLOWED, *(f"{d}/" for d in own.values()))
        outside = [
            p
            for p in written_paths(log.read_text("latin-1"), own["cwd"])
            if not (p + "/").startswith(allowed) and "/__pycache__/" not in p
        ]
        return json.loads(results_file.read_text()), outside

    return run


def utf8(text: str) -> str:
    """The driver's output (kept as latin-1, byte for byte) as the UTF-8 text it was printed as."""
    return text.encode("latin-1").decode("utf-8")


def _check(case: str, result: dict, wants_json: bool) -> None:
    out, err, code = result["stdout"], result["stderr"], result["code"]
    assert code in (0, 1, 2, 3), f"{case}: exit {code}\n{err[-3000:]}"
    assert "Traceback" not in err, f"{case}: {err[-3000:]}"
    for name, text in (("stdout", out), ("stderr", err)):
        decoded = utf8(text)  # the bytes printed are valid UTF-8
        assert not RAW.search(decoded), f"{case}: raw control char in {name}: {decoded[:500]!r}"
    lines = utf8(err).splitlines()  # in latin-1, a Korean letter's byte 0x85 would split a line
    assert len(lines) <= 40, f"{case}: stderr is not a few lines: {err[:2000]!r}"
    if wants_json and code != 2 and out.strip():
        json.loads(utf8(out))


def _check_all(cases: list[corpus.Case], results: dict[str, dict], outside: list[str]) -> None:
    assert sorted(results) == sorted(case for case, _ in cases)
    for case, argv in cases:
        _check(case, results[case], "--json" in argv)
    assert not outside, f"written outside the run's folders: {outside}"


def test_review_corpus(tmp_path: Path, run_traced) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    cases = corpus.review_corpus(tmp_path / "in", outside)
    results, written = run_traced(cases)
    _check_all(cases, results, written)
    assert list(outside.iterdir()) == []
    # a refused target is one line; a package with traversal names is still a report
    assert results["fifo-as-target"]["code"] == 2
    report = json.loads(results["tar-traversal-abs-links-devices"]["stdout"])
    assert report, "the archive with hostile names was reviewed"


def test_audit_config_corpus(tmp_path: Path, run_traced) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    cases = corpus.audit_corpus(tmp_path / "in", outside)
    results, written = run_traced(cases)
    _check_all(cases, results, written)
    assert list(outside.iterdir()) == []
    # each unreadable config is one line on stderr, and the exit code says so
    for case in ("config-non-utf8", "config-huge-number", "config-deep", "odd-files"):
        assert results[case]["code"] == 2, (case, results[case])
    assert len(utf8(results["odd-files"]["stderr"]).splitlines()) == 4


def test_labs_board_corpus(tmp_path: Path, run_traced) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    spec = all_labs()[0]
    folder = tmp_path / "in"
    cases = corpus.board_corpus(folder, outside, spec.id, [t.key for t in spec.tasks])
    results, written = run_traced(cases)
    _check_all(cases, results, written)
    assert sorted(p.name for p in outside.iterdir()) == ["secret.json"]
    rows = json.loads(results["board-json-key"]["stdout"])
    files = sorted(n for n in os.listdir(folder) if n.endswith(".json"))
    assert len(rows) == len(files), "one row a file, a bad file included"
    by_file = {row["file"]: row for row in rows}
    assert by_file["good.json"]["note"] and by_file["twin.json"]["note"]  # the names collide
    assert by_file["non-ascii-flag.json"][spec.id] in ("-", "bad flag")
    assert results["board-not-a-folder"]["code"] == 2


@pytest.mark.parametrize("line", corpus.guard_lines(), ids=range(len(corpus.guard_lines())))
def test_guard_corpus(line: str) -> None:
    """Each hostile server line is forwarded as valid JSON-RPC, withheld or dropped; never an
    exception. (The output goes to the MCP client, not a terminal: only JSON's own rules apply.)"""
    report = GuardReport()
    out = guard_line(line, GuardRules.from_env({}), report)
    if out is not None:
        msg = json.loads(out)
        assert isinstance(msg, dict | list)
        assert not re.search("[\x00-\x1f]", out)
    assert all("\n" not in d for d in report.dropped)


def test_guard_masks_every_repeated_text_item() -> None:
    """Joined first, a key pattern ran on from one item into the next and hid the next start."""
    secret = "sk-" + "A" * 48
    result = {"content": [{"type": "text", "text": secret}] * 10}
    line = json.dumps({"jsonrpc": "2.0", "id": 1, "result": result})
    out = guard_line(line, GuardRules.from_env({}), GuardReport())
    assert out is not None and secret not in out
