"""Build the hostile corpus of each command into a folder: a handful of nasty inputs apiece.

Nothing here is committed as data: links, FIFOs and bombs are made when a test asks, so the
corpus stays a few kB of source. Each builder returns cases as (case id, argv after `hooklab`).
`outside` is a folder no command may write to; links in the corpus point there.
"""

from __future__ import annotations

import io
import json
import os
import tarfile
import zipfile
from pathlib import Path

# Names that try to move the cursor, hide themselves, break a line or reverse the text.
NASTY_NAMES = (
    "esc\x1b[2J\x1b[31mred",
    "cr\rover",
    "nl\nfake line",
    "bidi\u202egnp.exe",
    "nul-ish\x7f",
)
BOMB_BYTES = 80 * 1024 * 1024  # inflates past review's total limit, deflates to ~80 kB
DEEP = 100_000  # nesting that recursion cannot follow

Case = tuple[str, list[str]]


def _tar(
    path: Path, members: list[tuple[tarfile.TarInfo, bytes | None]], mode: str = "w:gz"
) -> Path:
    with tarfile.open(path, mode, format=tarfile.GNU_FORMAT) as tar:
        for info, data in members:
            if data is not None:
                info.size = len(data)
            tar.addfile(info, io.BytesIO(data) if data is not None else None)
    return path


def _member(name: str, kind: bytes = tarfile.REGTYPE, link: str = "") -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type, info.linkname, info.mode = kind, link, 0o644
    return info


def _manifest(**extra: object) -> bytes:
    return json.dumps({"name": "x", "version": "1.0.0", **extra}).encode()


class Zeros(io.RawIOBase):
    """`size` zero bytes, read in chunks: a bomb without the bomb in memory."""

    def __init__(self, size: int) -> None:
        self.left = size

    def readable(self) -> bool:
        return True

    def readinto(self, buf) -> int:  # type: ignore[no-untyped-def]
        n = min(len(buf), self.left)
        buf[:n] = bytes(n)
        self.left -= n
        return n


def padded_hook() -> list[tuple[tarfile.TarInfo, bytes | None]]:
    """A hook whose file is padded past the reviewer's per-file limit, its payload first."""
    return [
        (_member("package/package.json"), _manifest(scripts={"postinstall": "node x.js"})),
        (
            _member("package/x.js"),
            b"require('https').get('https://x.example/');" + b" " * (5 << 20),
        ),
    ]


def aliased_sdist() -> list[tuple[tarfile.TarInfo, bytes | None]]:
    """exec and eval reached under other names, the payload decoded from base64 and char codes."""
    return [
        (
            _member("a-1.0/setup.py"),
            b"import builtins, base64\nrun = getattr(builtins, 'ex' + 'ec')\n"
            b"run(base64.b64decode('aW1wb3J0IG9z'))\nx = exec\nx(''.join(map(chr, [49])))\n",
        ),
        (_member("a-1.0/lib.js"), b"const e = (0, eval);\ne(atob('MQ=='));\n"),
    ]


def review_corpus(root: Path, outside: Path) -> list[Case]:
    root.mkdir()
    hook = _manifest(scripts={"postinstall": "node x.js"})
    cases: dict[str, Path] = {}
    cases["tar-traversal-abs-links-devices"] = _tar(
        root / "evil.tgz",
        [
            (_member("package/package.json"), hook),
            (_member("package/../../../escape.js"), b"require('child_process')"),
            (_member("/etc/cron.d/abs"), b"* * * * * root id"),
            (_member("package/" + NASTY_NAMES[0] + ".js"), b"1"),
            (_member("package/" + NASTY_NAMES[3]), b"1"),
            (_member("package/link", tarfile.SYMTYPE, str(outside / "target")), None),
            (_member("package/hard", tarfile.LNKTYPE, "/etc/passwd"), None),
            (_member("package/fifo", tarfile.FIFOTYPE), None),
            (_member("package/dev", tarfile.CHRTYPE), None),
        ],
    )
    bomb = _member("package/zeros.js")
    bomb.size = BOMB_BYTES
    with tarfile.open(root / "bomb.tgz", "w:gz", format=tarfile.GNU_FORMAT) as tar:
        info = _member("package/package.json")
        info.size = len(hook)
        tar.addfile(info, io.BytesIO(hook))
        tar.addfile(bomb, io.BufferedReader(Zeros(BOMB_BYTES)))
    cases["tar-bomb"] = root / "bomb.tgz"
    with zipfile.ZipFile(root / "evil.whl", "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("../../escape.pth", "import os; os.system('id')")
        zf.writestr("/abs/setup.py", "import os")
        zf.writestr("x-1.0.dist-info/" + NASTY_NAMES[1], "1")
        zf.writestr("x-1.0.dist-info/" + NASTY_NAMES[4], "1")
        with zf.open("x/bomb.py", "w", force_zip64=True) as out:
            for _ in range(BOMB_BYTES // (1 << 20)):
                out.write(bytes(1 << 20))
    cases["zip-traversal-bomb"] = root / "evil.whl"
    cases["deep-package-json"] = _tar(
        root / "deep.tgz", [(_member("package/package.json"), b"[" * DEEP + b"]" * DEEP)]
    )
    cases["non-utf8-manifest"] = _tar(
        root / "latin.tgz", [(_member("package/package.json"), b'{"name": "\xff\xfe\x1b[2J"}')]
    )
    cases["truncated-gzip"] = root / "cut.tgz"
    cases["truncated-gzip"].write_bytes((root / "evil.tgz").read_bytes()[:300])
    cases["not-an-archive"] = root / "noise.tgz"
    cases["not-an-archive"].write_bytes(bytes(range(256)) * 8)
    folder = root / "folder-pkg"
    folder.mkdir()
    (folder / "package.json").write_bytes(hook)
    (folder / "out").symlink_to(outside)
    (folder / "dangling.js").symlink_to(outside / "missing.js")
    (folder / "loop").symlink_to(folder / "loop")
    os.mkfifo(folder / "fifo.js")
    (folder / (NASTY_NAMES[2] + ".js")).write_text("1")
    cases["folder-links-fifo-names"] = folder
    os.mkfifo(root / "pipe.tgz")
    cases["fifo-as-target"] = root / "pipe.tgz"
    (root / "dangling.tgz").symlink_to(outside / "missing.tgz")
    cases["dangling-link-target"] = root / "dangling.tgz"
    named = root / (NASTY_NAMES[0] + ".tgz")
    named.write_bytes(b"\x1f\x8bnot really")
    cases["hostile-file-name"] = named
    cases["padded-past-limit"] = _tar(root / "padded.tgz", padded_hook())
    cases["alias-obfuscated"] = _tar(root / "alias.tar.gz", aliased_sdist())
    return [(case, ["review", "--json", str(path)]) for case, path in cases.items()] + [
        ("tar-traversal-text", ["review", str(cases["tar-traversal-abs-links-devices"])])
    ]


def audit_corpus(root: Path, outside: Path) -> list[Case]:
    root.mkdir()
    server = {"command": "npx", "args": ["-y", "pkg"]}
    texts: dict[str, bytes] = {
        "names": json.dumps(
            {
                "mcpServers": {
                    name: {
                        "command": "npx" + name,
                        "args": ["--registry=http://127.0.0.1:9/" + name, name],
                        "env": {name: "sk-" + name},
                    }
                    for name in NASTY_NAMES
                }
            },
            ensure_ascii=False,
        ).encode(),
        "option-shaped": json.dumps(
            {"mcpServers": {"-rf": {"command": "--help", "args": ["--userconfig=/etc/passwd"]}}}
        ).encode(),
        "non-utf8": b'{"mcpServers": {"\xff": {"command": "npx"}}}',
        "huge-number": b'{"mcpServers": {"a": {"command": "x", "timeout": ' + b"9" * 5000 + b"}}}",
        "deep": b'{"mcpServers": ' + b"[" * DEEP + b"]" * DEEP + b"}",
        "jsonc-unterminated": b'{"mcpServers": {"a": '
        + json.dumps(server).encode()
        + b"} /* no end",
        "top-array": b"[1, 2, 3]",
        "many-servers": json.dumps({"mcpServers": {f"s{i}": server for i in range(5000)}}).encode(),
        "nul-and-bom": b"\xef\xbb\xbf" + b'{"mcpServers": {"a\\u0000": {"command": "\\u202e"}}}',
    }
    paths = []
    for name, data in texts.items():
        path = root / name / ".mcp.json"
        path.parent.mkdir()
        path.write_bytes(data)
        paths.append(path)
    os.mkfifo(root / "fifo.json")
    (root / "dangling.json").symlink_to(outside / "missing.json")
    (root / "loop.json").symlink_to(root / "loop.json")
    (root / "folder.json").mkdir()
    odd = [root / n for n in ("fifo.json", "dangling.json", "loop.json", "folder.json")]
    return [
        (f"config-{p.parent.name}", ["audit-config", "--json", "--no-resolve", str(p)])
        for p in paths
    ] + [
        ("odd-files", ["audit-config", "--json", "--no-resolve", *map(str, odd)]),
        ("all-text", ["audit-config", "--no-resolve", *map(str, paths + odd)]),
    ]


def _progress(learner: str, labs: object) -> bytes:
    return json.dumps(
        {"format": "hooklab-lab-progress/1", "learner": learner, "labs": labs}, ensure_ascii=False
    ).encode()


def board_corpus(root: Path, outside: Path, lab_id: str, tasks: list[str]) -> list[Case]:
    root.mkdir()
    done = {"solved": tasks, "misses": {}, "flag": "HOOKLAB{x}"}
    files: dict[str, bytes] = {
        "good.json": _progress("kim", {lab_id: done}),
        "twin.json": _progress("ＫＩＭ", {lab_id: done}),  # collides with "kim" after NFKC
        "esc.json": _progress(NASTY_NAMES[0], {lab_id: {"solved": tasks[:1], "misses": {}}}),
        "bidi.json": _progress(NASTY_NAMES[3], {}),
        "newline.json": _progress(NASTY_NAMES[2], {NASTY_NAMES[1]: {"solved": [NASTY_NAMES[0]]}}),
        "non-ascii-flag.json": _progress("lee", {lab_id: {**done, "flag": "HOOKLAB{é\x1b[2J}"}}),
        "bad-json.json": b"{not json",
        "non-utf8.json": b"\xff\xfe{}",
        "deep.json": b"[" * DEEP + b"]" * DEEP,
        "huge-int.json": b'{"format": "hooklab-lab-progress/1", "learner": ' + b"9" * 5000 + b"}",
        "too-big.json": b" " * 300_000 + b"{}",
        "not-progress.json": b'{"format": "other"}',
        NASTY_NAMES[0] + ".json": b"{}",
    }
    for name, data in files.items():
        (root / name).write_bytes(data)
    (outside / "secret.json").write_bytes(_progress("outside", {}))
    (root / "link.json").symlink_to(outside / "secret.json")
    (root / "dangling.json").symlink_to(outside / "missing.json")
    os.mkfifo(root / "fifo.json")
    (root / "dir.json").mkdir()
    return [
        ("board-json-key", ["labs", "board", "--json", "--key", "workshop", str(root)]),
        ("board-text-key", ["labs", "board", "--key", "workshop", str(root)]),
        ("board-text-no-key", ["labs", "board", str(root)]),
        ("board-not-a-folder", ["labs", "board", str(root / "fifo.json")]),
    ]


def guard_lines() -> list[str]:
    """Server stdout lines for the guard's pure functions: not JSON, deep, huge, odd ids."""
    rpc = '{"jsonrpc": "2.0", "id": 1, "result": %s}'
    return [
        "\x1b[2J\x1b]0;owned\x07 plain text on stdout",
        "\xff\xfe not utf-8 once decoded with surrogateescape \udcff",
        rpc % ("[" * DEEP + "]" * DEEP),
        rpc % json.dumps({"content": [{"type": "text", "text": "sk-" + "A" * 48}] * 2000}),
        rpc
        % json.dumps({"\u202ekey": "ghp_" + "a" * 36, "nested": {"a": [[["AKIA" + "B" * 16]]]}}),
        '{"jsonrpc": "2.0", "id": ' + "9" * 5000 + ', "result": {}}',
        '{"jsonrpc": "2.0", "id": {"x": 1}, "result": {}}',
        '[{"jsonrpc": "2.0", "id": 1, "result": {}}, {"jsonrpc": "1.0"}]',
        "[]",
        '{"jsonrpc": "2.0", "id": "a\\u0000\\u001b", "method": "notifications/x\\u202e"}',
        "{" * DEEP,
    ]
