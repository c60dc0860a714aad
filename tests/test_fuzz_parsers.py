"""Property tests for every parser of untrusted input: whatever the bytes, a result or one line.

Each parser the kit points at a package, a config, a progress file, a server's stdout or a strace
log gets arbitrary input and input shaped like the real thing with hostile values in it. It must
return its record or raise the kit's one-line error, nothing else, within a deadline per example;
the memory tests feed one mid-size hostile input and bound the peak the parser allocates.
"""

from __future__ import annotations

import io
import json
import tarfile
import tracemalloc
import zipfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hooklab.errors import HooklabError
from hooklab.labs.board import lab_state
from hooklab.labs.catalogue import LabSpec, all_labs
from hooklab.labs.progress import FORMAT, Progress, read_progress
from hooklab.mcp.config import SERVER_KEYS, ConfigProblem, guess_config, load_config, strip_jsonc
from hooklab.mcp.guard import GuardReport, GuardRules, guard_line
from hooklab.review.archive import read_tree
from hooklab.review.engine import review
from hooklab.watch.trace import TraceParser
from tests.hostile.corpus import Zeros

FUZZ = settings(
    max_examples=120,
    deadline=2000,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
MB = 1024 * 1024

# Text a hostile author picks: controls, escapes, bidi and zero-width marks, traversal pieces.
HOSTILE_TEXT = st.lists(
    st.sampled_from(["\x00", "\x1b[2J", "\r", "\n", "\u202e", "\u200b", "../", "/", "-", "é", "a"])
    | st.characters(),
    max_size=20,
).map("".join)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | HOSTILE_TEXT
)
JSON = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(HOSTILE_TEXT, inner, max_size=4),
    max_leaves=25,
)


def _one_line(exc: Exception) -> None:
    """The kit's own error, one line (the CLI escapes what is left with shown())."""
    assert isinstance(exc, HooklabError | ConfigProblem), repr(exc)
    assert "\n" not in str(exc) and "\r" not in str(exc), repr(str(exc))


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


# --- MCP client configs: JSON, JSONC, TOML, YAML ------------------------------------------


def _load(path: Path) -> None:
    try:
        loaded = load_config(guess_config(path))
    except Exception as exc:  # noqa: BLE001 - the property is what it may be
        _one_line(exc)
        return
    assert all(isinstance(entry, dict) for entry in loaded.servers.values())
    assert all("\n" not in text for note in loaded.notes for text in note.values())


SERVER = st.fixed_dictionaries(
    {}, optional={k: JSON for k in sorted(SERVER_KEYS)} | {"args": st.lists(HOSTILE_TEXT)}
)
CONFIG = st.dictionaries(
    st.sampled_from(["mcpServers", "servers", "mcp", "projects", "mcp_servers"]) | HOSTILE_TEXT,
    st.dictionaries(HOSTILE_TEXT, SERVER | JSON, max_size=4) | JSON,
    max_size=4,
)


@settings(FUZZ, max_examples=60)
@given(data=CONFIG, comment=st.booleans())
def test_json_config_shaped_input(scratch: Path, data: dict, comment: bool) -> None:
    text = json.dumps(data, indent=1, ensure_ascii=False)
    if comment:
        text = text.replace("\n", " // a comment\n").replace("{", "{ /* c */", 1) + ","
    path = scratch / ".mcp.json"
    path.write_text(text, "utf-8", errors="surrogatepass")
    _load(path)


@settings(FUZZ, max_examples=30)
@given(data=CONFIG)
def test_yaml_config_shaped_input(scratch: Path, data: dict) -> None:
    path = scratch / "config.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8", errors="surrogatepass")
    _load(path)


TOML_TEXT = st.text(
    st.sampled_from(list("[]{}=.,\"'#\\\n\t 0123456789abcdefuxtrue-+:") + ["\x00", "\x1b", "é"]),
    max_size=200,
)


@FUZZ
@given(
    raw=st.binary(max_size=2000) | TOML_TEXT.map(str.encode),
    suffix=st.sampled_from([".json", ".toml", ".yaml"]),
)
def test_config_arbitrary_bytes(scratch: Path, raw: bytes, suffix: str) -> None:
    path = scratch / f"config{suffix}"
    path.write_bytes(raw)
    _load(path)


@FUZZ
@given(value=JSON)
def test_jsonc_strip_keeps_the_data_and_drops_only_comments(value: object) -> None:
    text = json.dumps(value, indent=1, ensure_ascii=False)
    commented = "/* head */" + text.replace("\n", " // note\n") + "\n// tail"
    stripped, had = strip_jsonc(commented)
    assert had
    assert json.loads(stripped) == value


# --- learners' progress files -------------------------------------------------------------

ALL_TASKS = [task.key for spec in all_labs() for task in spec.tasks]
LAB = st.fixed_dictionaries(
    {},
    optional={
        # every task of every lab solved: the board then checks the flag
        "solved": st.lists(HOSTILE_TEXT, max_size=5) | JSON | st.just(ALL_TASKS),
        "misses": st.dictionaries(HOSTILE_TEXT, st.integers() | st.booleans() | JSON) | JSON,
        "flag": HOSTILE_TEXT | JSON,
    },
)
LAB_IDS = st.sampled_from([spec.id for spec in all_labs()]) | HOSTILE_TEXT


@FUZZ
@given(
    learner=HOSTILE_TEXT | JSON,
    labs=st.dictionaries(LAB_IDS, LAB | JSON, max_size=4) | JSON,
    fmt=st.just(FORMAT) | HOSTILE_TEXT,
)
def test_progress_shaped_input_is_read_or_refused_and_a_board_can_show_it(
    scratch: Path, learner: object, labs: object, fmt: str
) -> None:
    progress = _read_or_refused(
        scratch / "progress.json", {"format": fmt, "learner": learner, "labs": labs}
    )
    if progress is None:
        return
    # what is accepted goes on the board: every state is computed, with and without a key
    for spec in all_labs():
        for key in ("workshop", None):
            lab_state(spec, progress.labs.get(spec.id), key, verify=key is not None)
    again = Progress.from_dict(json.loads(json.dumps(progress.to_dict())), "again")
    assert again.to_dict() == progress.to_dict()


@FUZZ
@given(spec=st.sampled_from(all_labs()), flag=HOSTILE_TEXT)
def test_any_flag_a_progress_file_holds_is_refused_or_checked(
    scratch: Path, spec: LabSpec, flag: str
) -> None:
    """A lab with every task solved has its flag checked by the board: whatever the flag, that
    check must give a state (a non-ASCII flag once made the constant-time compare raise)."""
    lab = {"solved": [t.key for t in spec.tasks], "misses": {}, "flag": flag}
    data = {"format": FORMAT, "learner": "kim", "labs": {spec.id: lab}}
    progress = _read_or_refused(scratch / "flag.json", data)
    if progress is None:
        return
    state = lab_state(spec, progress.labs[spec.id], "workshop")
    assert state == "bad flag"


@FUZZ
@given(raw=st.binary(max_size=3000))
def test_progress_arbitrary_bytes(scratch: Path, raw: bytes) -> None:
    path = scratch / "bytes.json"
    path.write_bytes(raw)
    try:
        read_progress(path)
    except Exception as exc:  # noqa: BLE001 - _one_line fails any but the kit's own error
        _one_line(exc)


# --- MCP server messages through the output guard -----------------------------------------

MESSAGE = st.fixed_dictionaries(
    {"jsonrpc": st.just("2.0") | HOSTILE_TEXT},
    optional={
        "id": st.integers() | HOSTILE_TEXT | JSON,
        "method": HOSTILE_TEXT,
        "result": JSON,
        "error": JSON,
        "params": JSON,
    },
)
SECRET = "ghp_7fQx2LmN9pRt4vWz8KbYc3HdJe6GuAs1Xy0Z"


def _guarded(line: str) -> str | None:
    out = guard_line(line, GuardRules.from_env({}), GuardReport())
    if out is not None:
        json.loads(out)  # the client always gets valid JSON
    return out


@FUZZ
@given(msg=MESSAGE | st.lists(MESSAGE, max_size=3) | JSON)
def test_guard_on_json_rpc_shaped_messages(msg: object) -> None:
    _guarded(json.dumps(msg, ensure_ascii=False))


@FUZZ
@given(line=st.text(max_size=400) | HOSTILE_TEXT)
def test_guard_on_arbitrary_lines(line: str) -> None:
    _guarded(line)


@FUZZ
@given(
    depth=st.integers(1, 60_000),
    msg_id=st.text(st.sampled_from(["\\", '"', "u", "q", "0", "Z", "\x00", "a"]), max_size=8),
)
def test_guard_on_deep_messages_with_odd_ids(depth: int, msg_id: str) -> None:
    deep = "[" * depth + "]" * depth
    _guarded('{"jsonrpc": "2.0", "a": ' + deep + ', "id": "' + msg_id + '"}')


@FUZZ
@given(result=JSON, where=st.integers(0, 50))
def test_guard_masks_a_planted_secret_wherever_it_sits(result: object, where: int) -> None:
    def plant(node: object, budget: list[int]) -> object:
        if isinstance(node, dict):
            return {k: plant(v, budget) for k, v in node.items()}
        if isinstance(node, list):
            return [plant(v, budget) for v in node]
        budget[0] -= 1
        return f"token {SECRET}" if budget[0] == 0 else node

    planted = {"content": [{"type": "text", "text": SECRET}], "extra": plant(result, [where])}
    line = json.dumps({"jsonrpc": "2.0", "id": 7, "result": planted})
    out = _guarded(line)
    assert out is None or SECRET not in out


# --- strace logs ---------------------------------------------------------------------------

QUOTED = HOSTILE_TEXT.map(lambda s: json.dumps(s)[1:-1])  # strace quotes; near enough
CALL = st.one_of(
    st.builds(
        "clone(child_stack=NULL, flags={}) = {}".format,
        st.sampled_from(["CLONE_THREAD", "SIGCHLD"]),
        st.integers(-5, 40),
    ),
    st.builds(
        'execve("{}", ["{}", "{}"], ["npm_lifecycle_event={}"]) = 0'.format,
        QUOTED,
        QUOTED,
        QUOTED,
        QUOTED,
    ),
    st.builds(
        'openat(AT_FDCWD, "{}", {}) = {}'.format,
        QUOTED,
        st.sampled_from(["O_RDONLY", "O_WRONLY|O_CREAT", "O_RDWR"]),
        st.sampled_from(["3", "-1 ENOENT (x)", "9" * 30, "?"]),
    ),
    st.builds(
        "connect(3, {{sa_family=AF_INET, sin_port=htons({}), "
        'sin_addr=inet_addr("{}")}}, 16) = -1 EINPROGRESS (x)'.format,
        st.integers(0, 99999),
        QUOTED,
    ),
    st.builds(
        "getsockopt({}, SOL_SOCKET, SO_ERROR, [{}], [4]) = 0".format,
        st.integers(0, 5),
        st.sampled_from(["0", "ECONNREFUSED"]),
    ),
    st.sampled_from(
        [
            "+++ exited with 0 +++",
            "+++ killed by SIGKILL +++",
            'openat(AT_FDCWD, "/x", O_WRONLY <unfinished ...>',
            "<... openat resumed>) = 3",
            "<... clone resumed>) = 7",
        ]
    ),
    st.text(max_size=80),
)
PID = st.integers(1, 40).map(str) | st.sampled_from(["0", "9" * 5000, "-1"])
LINE = st.builds("{} {}.{} {}".format, PID, st.integers(0, 10**12), st.integers(0, 10**6), CALL)


@FUZZ
@given(lines=st.lists(LINE | st.text(max_size=100), max_size=40), program=HOSTILE_TEXT)
def test_trace_parser_on_strace_shaped_logs(lines: list[str], program: str) -> None:
    parser = TraceParser(program=program or None, hook_patterns=("setup.py",))
    parser.feed("\n".join(lines))
    events, procs = parser.result()
    pids = {p.pid for p in procs}
    assert all(e.pid in pids for e in events)


# --- packages to review: tarballs, zips, anything else ---------------------------------------

NAME = HOSTILE_TEXT.map(lambda s: s.replace("\x00", "")).filter(bool)
MEMBER = st.tuples(
    NAME | st.sampled_from(["package/package.json", "package/../x", "/abs"]),
    st.sampled_from(
        [tarfile.REGTYPE, tarfile.DIRTYPE, tarfile.SYMTYPE, tarfile.LNKTYPE, tarfile.FIFOTYPE]
    ),
    st.binary(max_size=64) | st.sampled_from([b'{"scripts": {"install": "x"}}', b"[" * 5000]),
)


def _review(path: Path) -> None:
    try:
        tree = read_tree(path)
    except Exception as exc:  # noqa: BLE001 - _one_line fails any but the kit's own error
        _one_line(exc)
        return
    for name in tree.files:  # laid out inside the package, as the installer would
        assert not name.startswith("/") and ".." not in name.split("/"), name
    json.loads(review(path).to_json())


@settings(FUZZ, max_examples=60)
@given(members=st.lists(MEMBER, max_size=8), mode=st.sampled_from(["w:gz", "w", "w:xz"]))
def test_review_of_hostile_tarballs(scratch: Path, members: list, mode: str) -> None:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode=mode, format=tarfile.GNU_FORMAT) as tar:
        for name, kind, data in members:
            info = tarfile.TarInfo(name)
            info.type, info.linkname = kind, "/etc/passwd" if kind == tarfile.SYMTYPE else "x"
            info.size = len(data) if kind == tarfile.REGTYPE else 0
            tar.addfile(info, io.BytesIO(data) if kind == tarfile.REGTYPE else None)
    path = scratch / "fuzz.tgz"
    path.write_bytes(buf.getvalue())
    _review(path)


@pytest.mark.filterwarnings("ignore:Duplicate name")
@settings(FUZZ, max_examples=60)
@given(members=st.lists(st.tuples(NAME, st.binary(max_size=64)), max_size=8))
def test_review_of_hostile_zips(scratch: Path, members: list) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members:
            zf.writestr(name.encode("utf-8", "replace").decode(), data)
    path = scratch / "fuzz.whl"
    path.write_bytes(buf.getvalue())
    _review(path)


@FUZZ
@given(
    magic=st.sampled_from(
        [b"", b"\x1f\x8b", b"BZh", b"\xfd7zXZ\x00", b"PK\x03\x04", b"PK\x05\x06"]
    ),
    body=st.binary(max_size=1500),
)
def test_read_tree_on_arbitrary_bytes(scratch: Path, magic: bytes, body: bytes) -> None:
    path = scratch / "noise.bin"
    path.write_bytes(magic + body)
    try:
        read_tree(path)
    except Exception as exc:  # noqa: BLE001 - _one_line fails any but the kit's own error
        _one_line(exc)


# --- memory: one mid-size hostile input each --------------------------------------------------


def _peak(run) -> int:  # type: ignore[no-untyped-def]
    tracemalloc.start()
    try:
        try:
            run()
        except (HooklabError, ConfigProblem):
            pass
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_of_a_wide_config(tmp_path: Path) -> None:
    server = {"command": "npx", "args": ["-y", "pkg@1"] * 100, "env": {"K": "v" * 100}}
    path = tmp_path / ".mcp.json"
    path.write_text(json.dumps({"mcpServers": {f"s{i}": server for i in range(3000)}}))
    size = path.stat().st_size
    assert size > 4 * MB
    assert _peak(lambda: load_config(guess_config(path))) < 12 * size


def test_memory_of_a_huge_progress_file(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_bytes(b"[" * 200_000)
    assert _peak(lambda: read_progress(path)) < 32 * MB


def test_memory_of_a_long_strace_log() -> None:
    line = '42 1.5 openat(AT_FDCWD, "/usr/lib/' + "x" * 200 + '", O_RDONLY) = 3\n'
    text = line * 20_000
    assert _peak(lambda: TraceParser().feed(text)) < 3 * len(text)


def test_memory_of_a_gzip_bomb(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        info = tarfile.TarInfo("package/zeros.js")
        info.size = 100 * MB  # past the reviewer's total limit
        tar.addfile(info, io.BufferedReader(Zeros(info.size)))
    path = tmp_path / "bomb.tgz"
    path.write_bytes(buf.getvalue())
    assert path.stat().st_size < MB
    assert _peak(lambda: read_tree(path)) < 64 * MB


def test_memory_of_a_huge_guard_line() -> None:
    line = json.dumps({"jsonrpc": "2.0", "id": 1, "result": {"text": f"{SECRET} " * 30_000}})
    assert _peak(lambda: guard_line(line, GuardRules.from_env({}), GuardReport())) < 20 * len(line)


def _read_or_refused(path: Path, data: object) -> Progress | None:
    """`data` written as a progress file and read back; None when the kit refused it in one line."""
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8", errors="surrogatepass")
    try:
        return read_progress(path)
    except Exception as exc:  # noqa: BLE001 - _one_line fails any but the kit's own error
        _one_line(exc)
        return None
