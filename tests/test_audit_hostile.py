"""`hooklab audit-config` on a hostile repository: configs, npmrc files and links planted to make
the audit leak a token, write where it should not, crash or hang. Always in tmp_path."""

from __future__ import annotations

import json
import os
import signal
import stat
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from hooklab.cli import main
from hooklab.lang import in_lang
from hooklab.mcp.audit import audit_configs
from hooklab.mcp.config import MAX_CONFIG_BYTES, MAX_SERVERS
from hooklab.mcp.resolve import NO_LOOKUP
from hooklab.mcp.specs import npm_spec, pypi_spec

FAKE_SECRET = "hooklab-fake-secret-0123456789abcdef"


def fixed_resolver(ecosystem: str, name: str) -> tuple[str | None, str]:
    return {"npm": "9.9.9", "pypi": "2.0.0"}.get(ecosystem), "no such ecosystem here"


def _config(path: Path, servers: dict) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"mcpServers": servers}))
    return path


@pytest.fixture
def listener() -> Iterator[tuple[int, list[str]]]:
    """A loopback HTTP server that writes down every request it gets (line and headers)."""
    seen: list[str] = []

    class Record(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            seen.append(f"{self.requestline}\n{self.headers}")
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Record)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], seen
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def deadline() -> Iterator[None]:
    """Turn a hang (the old FIFO read) into a failure instead of a stuck test run."""

    def expire(signum: int, frame: object) -> None:
        raise TimeoutError("audit-config hung")

    old = signal.signal(signal.SIGALRM, expire)
    signal.alarm(60)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def test_a_hostile_repo_cannot_steer_a_lookup_to_its_host_or_send_a_token(
    tmp_path, monkeypatch, listener
):
    port, seen = listener
    registry = f"http://127.0.0.1:{port}/"
    npmrc = f"registry={registry}\n//127.0.0.1:{port}/:_authToken=${{HOOKLAB_FAKE_SECRET_TEST}}\n"
    (tmp_path / ".npmrc").write_text(npmrc)
    (tmp_path / "evil.npmrc").write_text(npmrc)
    (tmp_path / "package.json").write_text('{"name": "cloned-repo"}')
    (tmp_path / "uv.toml").write_text(f'index-url = "{registry}simple"\n')
    _config(
        tmp_path / ".mcp.json",
        {
            "plain": {"command": "npx", "args": ["-y", "hooklab-surely-not-a-package-0"]},
            "option": {"command": "npx", "args": ["-y", "-p", "--userconfig=./evil.npmrc", "x"]},
            "py": {"command": "uvx", "args": ["hooklab-surely-not-a-package-0"]},
            "pyopt": {"command": "uvx", "args": ["--from", f"--index-url={registry}", "x"]},
        },
    )
    monkeypatch.setenv("HOOKLAB_FAKE_SECRET_TEST", FAKE_SECRET)
    monkeypatch.chdir(tmp_path)
    report = audit_configs(home=tmp_path / "home", project=tmp_path)
    assert not any(FAKE_SECRET in request for request in seen)
    assert seen == []  # the repository never chose where a look-up went
    servers = {s.server: s for s in report.servers}
    assert set(servers) == {"plain", "option", "py", "pyopt"}
    for name in ("option", "pyopt"):
        assert servers[name].pin == "invalid"
        assert [f.check for f in servers[name].findings] == ["bad-spec"]
        assert "read it as an option" in servers[name].findings[0].detail
        assert servers[name].fixed_args is None


def test_an_option_shaped_spec_is_reported_and_never_handed_to_a_resolver(tmp_path):
    asked: list[tuple[str, str]] = []

    def recording(ecosystem: str, name: str) -> tuple[str | None, str]:
        asked.append((ecosystem, name))
        return fixed_resolver(ecosystem, name)

    config = _config(
        tmp_path / ".mcp.json",
        {
            "a": {"command": "npx", "args": ["--package=--userconfig=./x", "run"]},
            "b": {"command": "npx", "args": ["-y", "--", "--registry=http://127.0.0.1:9/"]},
            "c": {"command": "sh", "args": ["-c", "npx -p --userconfig=./x y"]},
            "d": {"command": "uvx", "args": ["--from", "-r/etc/passwd", "x"]},
            "e": {"command": "npx", "args": ["Not A Name"]},
            "ok": {"command": "npx", "args": ["-y", "@scope/fine-pkg"]},
        },
    )
    report = audit_configs([config], home=tmp_path, resolve=recording)
    assert asked == [("npm", "@scope/fine-pkg")]
    checks = {s.server: {f.check for f in s.findings} for s in report.servers}
    assert all("bad-spec" in checks[name] for name in "abcde")
    assert "bad-spec" not in checks["ok"]


@pytest.mark.parametrize("spec", ["--userconfig=./x", "-y", "a\nb", "x" * 2000, "../x"])
def test_spec_parsers_never_call_a_non_name_a_registry_package(spec):
    assert not npm_spec(spec).in_registry
    assert not pypi_spec(spec).in_registry


def _floating_config(folder: Path) -> Path:
    return _config(folder / ".mcp.json", {"a": {"command": "uvx", "args": ["tool"]}})


@pytest.mark.parametrize("dangling", [True, False])
def test_fix_never_writes_its_backup_through_a_planted_link(tmp_path, dangling):
    project, outside = tmp_path / "repo", tmp_path / "outside"
    outside.mkdir()
    config = _floating_config(project)
    original = config.read_bytes()
    target = outside / "authorized_keys"
    if not dangling:
        target.write_text("kept\n")
    (project / ".mcp.json.bak").symlink_to(target)
    report = audit_configs([config], home=tmp_path, resolve=fixed_resolver, fix=True)
    assert (target.read_text() == "kept\n") if not dangling else not target.exists()
    assert (project / ".mcp.json.bak").is_symlink()
    assert (project / ".mcp.json.bak1").read_bytes() == original
    assert json.loads(config.read_text())["mcpServers"]["a"]["args"] == ["tool@2.0.0"]
    assert report.written == [f"{config} (backup: .mcp.json.bak1)"]
    assert sorted(p.name for p in project.iterdir()) == [
        ".mcp.json",
        ".mcp.json.bak",
        ".mcp.json.bak1",
    ]


def test_fix_refuses_a_read_only_config_even_as_root(tmp_path, monkeypatch):
    monkeypatch.setenv("HOOKLAB_LANG", "en")
    config = _floating_config(tmp_path / "repo")
    original = config.read_bytes()
    config.chmod(0o444)
    report = audit_configs([config], home=tmp_path, resolve=fixed_resolver, fix=True)
    assert report.written == []
    assert f"{config}: not fixed: is read-only (mode 444); not changed" in report.messages
    assert config.read_bytes() == original and stat.S_IMODE(config.stat().st_mode) == 0o444
    assert sorted(p.name for p in config.parent.iterdir()) == [".mcp.json"]


def test_fix_refuses_a_config_whose_folder_is_a_link(tmp_path, monkeypatch):
    monkeypatch.setenv("HOOKLAB_LANG", "en")
    real = tmp_path / "elsewhere"
    config = _floating_config(real)
    (tmp_path / "repo").mkdir()
    (tmp_path / "repo/.cursor").symlink_to(real)
    linked = tmp_path / "repo/.cursor/.mcp.json"
    report = audit_configs([linked], home=tmp_path, resolve=fixed_resolver, fix=True)
    assert any("folder is a symlink; not writing through it" in m for m in report.messages)
    assert json.loads(config.read_text())["mcpServers"]["a"]["args"] == ["tool"]
    assert sorted(p.name for p in real.iterdir()) == [".mcp.json"]


def test_loops_fifos_odd_headers_and_huge_files_are_one_line_each(
    tmp_path, capsys, deadline, monkeypatch
):
    monkeypatch.setenv("HOOKLAB_LANG", "en")
    loop = tmp_path / "loop/.mcp.json"
    loop.parent.mkdir()
    loop.symlink_to(loop)
    fifo = tmp_path / "fifo/.mcp.json"
    fifo.parent.mkdir()
    os.mkfifo(fifo)
    headers = _config(
        tmp_path / "headers/.mcp.json", {"h": {"url": "http://127.0.0.1:9/", "headers": ["x"]}}
    )
    huge = tmp_path / "huge/.mcp.json"
    huge.parent.mkdir()
    with huge.open("wb") as f:
        f.truncate(MAX_CONFIG_BYTES + 1)
    good = _config(tmp_path / "good/.mcp.json", {"t": {"command": "uvx", "args": ["t==1.0"]}})
    assert (
        main(
            [
                "audit-config",
                "--no-resolve",
                str(loop),
                str(fifo),
                str(headers),
                str(huge),
                str(good),
            ]
        )
        == 2
    )
    out, err = capsys.readouterr()
    assert err.splitlines() == [
        f"hooklab audit-config: {loop}: a symlink loop; not read",
        f"hooklab audit-config: {fifo}: is not a regular file (a FIFO, socket or device); not read",
        f"hooklab audit-config: {headers}: server 'h': headers is not an object of strings; "
        "skipped",
        f"hooklab audit-config: {headers}: no MCP servers in it",
        f"hooklab audit-config: {huge}: is {MAX_CONFIG_BYTES + 1} bytes, over the "
        f"{MAX_CONFIG_BYTES} a config may have; not read",
        f"hooklab audit-config: {in_lang(NO_LOOKUP)}",
    ]
    assert "good/.mcp.json" not in err and "pinned" in out  # the good config is still audited


def test_a_fifo_named_as_the_config_is_refused_not_waited_on(
    tmp_path, capsys, deadline, monkeypatch
):
    monkeypatch.setenv("HOOKLAB_LANG", "en")
    fifo = tmp_path / ".mcp.json"
    os.mkfifo(fifo)
    assert main(["audit-config", "--no-resolve", str(fifo)]) == 2
    assert "is not a regular file" in capsys.readouterr().err


def test_the_count_of_servers_is_bounded_and_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv("HOOKLAB_LANG", "en")
    servers = {f"s{i}": {"command": "uvx", "args": ["t==1.0"]} for i in range(MAX_SERVERS + 50)}
    config = _config(tmp_path / ".mcp.json", servers)
    report = audit_configs([config], home=tmp_path, resolve=fixed_resolver)
    assert len(report.servers) == MAX_SERVERS
    assert f"{config}: more than {MAX_SERVERS} servers; only the first {MAX_SERVERS} audited" in (
        report.messages
    )


def test_config_strings_reach_the_screen_escaped_and_json_stays_utf8(tmp_path, capsys):
    name = "evil\x1b[2J\x1b[31m\u202egnp.exe\rok"
    text = json.dumps(
        {"mcpServers": {name: {"command": "npx", "args": ["-y", "pkg\x1b[1m"]}, "\ud800s": {}}}
    )
    config = tmp_path / ".mcp.json"
    config.write_text(text)
    assert main(["audit-config", "--no-resolve", str(config)]) == 0
    out, err = capsys.readouterr()
    for stream in (out, err):
        assert "\x1b" not in stream and "\r" not in stream and "\u202e" not in stream
        stream.encode("utf-8")  # no lone surrogate
    assert "\\x1b[2J" in out and "\\u202e" in out
    assert main(["audit-config", "--no-resolve", "--json", str(config)]) == 0
    out = capsys.readouterr().out
    out.encode("utf-8")
    data = json.loads(out)
    assert data["servers"][0]["server"] == "evil\\x1b[2J\\x1b[31m\\u202egnp.exe\\x0dok"
