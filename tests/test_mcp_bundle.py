"""MCP bundles and registry entries: an .mcpb packed by the real mcpb CLI starts with nothing
installed on the reader's side, its sha256 pins it, and audit-config reads what pins a server
taken from a registry server.json or an .mcpb file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from hooklab.errors import HooklabError
from hooklab.mcp.bundle import Bundle, launch_argv, pack_fixture, sha256_of, unpack_verified
from hooklab.mcp.session import ServerEntry, run_session
from hooklab.model import RunResult
from hooklab.watch import watch
from tests.conftest import run_cli


@pytest.fixture(scope="module")
def packed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Bundle, RunResult]:
    return pack_fixture("mcp-npx-leaky", tmp_path_factory.mktemp("mcpb") / "leaky.mcpb")


def test_the_author_installs_and_packs_the_reader_only_unpacks_and_starts(
    packed: tuple[Bundle, RunResult], tmp_path: Path
) -> None:
    bundle, install = packed
    assert install.exit_code == 0 and not install.hook_ran
    assert bundle.sha256 == sha256_of(bundle.path) and bundle.size == bundle.path.stat().st_size
    server = unpack_verified(bundle.path, bundle.sha256, tmp_path / "server")
    argv = launch_argv(server)
    assert argv[0] == "node" and Path(argv[1]).is_relative_to(server.resolve())
    # Started the way a client starts it: no npm, no registry, no hook; the server answers.
    started = watch(argv, sandbox="host", timeout=60)
    assert not started.hook_ran
    assert not any(Path(p.argv[0]).name in ("npm", "npx", "npm-cli.js") for p in started.processes)
    assert not any(e.kind == "connect" for e in started.events if "443" in e.detail)
    session = run_session(ServerEntry("node", tuple(argv[1:]), name="bundle"), timeout=120)
    assert session.tools and all(isinstance(t, str) for t in session.tools)


def test_a_changed_byte_is_refused_before_anything_is_unpacked(
    packed: tuple[Bundle, RunResult], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOOKLAB_LANG", "en")
    bundle, _ = packed
    tampered = tmp_path / "tampered.mcpb"
    shutil.copy(bundle.path, tampered)
    data = bytearray(tampered.read_bytes())
    data[len(data) // 2] ^= 1
    tampered.write_bytes(bytes(data))
    with pytest.raises(HooklabError, match="is not the pinned") as err:
        unpack_verified(tampered, bundle.sha256, tmp_path / "out")
    assert "\n" not in str(err.value) and not (tmp_path / "out").exists()
    with pytest.raises(HooklabError, match="64 lowercase hex"):
        unpack_verified(bundle.path, "--help", tmp_path / "out")


@pytest.mark.parametrize(
    "manifest",
    [
        {"server": {"mcp_config": {"command": "sh", "args": ["-c", "id"]}}},
        {"server": {"mcp_config": {"command": "node", "args": ["${__dirname}/../../etc/passwd"]}}},
        {"server": {"mcp_config": {"command": "node", "args": ["--require=/tmp/x.js"]}}},
        {"server": {"mcp_config": {"command": "node", "args": []}}},
        {"server": "node"},
        [1, 2, 3],
    ],
)
def test_a_hostile_manifest_is_one_line_and_runs_nothing(manifest: object, tmp_path: Path) -> None:
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(HooklabError) as err:
        launch_argv(tmp_path)
    assert "\n" not in str(err.value)


def test_a_manifest_that_is_a_link_or_too_big_is_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOOKLAB_LANG", "en")
    (tmp_path / "elsewhere.json").write_text("{}")
    (tmp_path / "manifest.json").symlink_to(tmp_path / "elsewhere.json")
    with pytest.raises(HooklabError, match="no readable manifest"):
        launch_argv(tmp_path)
    (tmp_path / "manifest.json").unlink()
    (tmp_path / "manifest.json").write_text(" " * (300 * 1024))
    with pytest.raises(HooklabError, match="no readable manifest"):
        launch_argv(tmp_path)


SHA = "ab" * 32
SERVER_JSON = {
    "$schema": "https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json",
    "name": "io.github.example/demo",
    "version": "1.0.0",
    "packages": [
        {"registryType": "npm", "identifier": "@example/demo-mcp", "version": "1.0.0"},
        {"registryType": "npm", "identifier": "@example/demo-mcp", "version": "^1.0.0"},
        {"registryType": "pypi", "identifier": "demo-mcp", "version": "1.0.0"},
        {"registryType": "mcpb", "identifier": "https://example.invalid/d.mcpb", "fileSha256": SHA},
        {"registryType": "mcpb", "identifier": "https://example.invalid/d.mcpb"},
        {"registryType": "npm", "identifier": "--registry=http://127.0.0.1:9", "version": "1.0.0"},
        {"registryType": "\x1b[2J", "identifier": "x"},
        "junk",
    ],
}


def test_audit_config_reads_what_pins_each_package_of_a_registry_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOOKLAB_LANG", "en")
    path = tmp_path / "server.json"
    path.write_text(json.dumps(SERVER_JSON))
    proc = run_cli("audit-config", str(path), "--no-resolve", "--json")
    assert proc.returncode == 0 and "Traceback" not in proc.stderr
    rows = json.loads(proc.stdout)["servers"]
    pins = [(r["launcher"], r["pin"]) for r in rows]
    assert pins == [
        ("npx", "pinned"),
        ("npx", "floating"),
        ("uvx", "pinned"),
        ("mcpb", "pinned"),
        ("mcpb", "floating"),
        ("npx", "invalid"),
        ("other", "unknown"),
    ]
    assert SHA in rows[3]["proposal"]
    assert "\x1b" not in proc.stdout and "package 8 is not an object" in proc.stderr
    assert [f["check"] for f in rows[5]["findings"]] == ["bad-spec"]


def test_an_mcpb_file_is_pinned_by_its_bytes_and_a_broken_entry_is_one_line(
    packed: tuple[Bundle, RunResult], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOOKLAB_LANG", "en")
    bundle, _ = packed
    proc = run_cli("audit-config", str(bundle.path), "--no-resolve", "--json")
    (row,) = json.loads(proc.stdout)["servers"]
    assert (row["launcher"], row["pin"]) == ("mcpb", "pinned") and bundle.sha256 in row["proposal"]
    broken = tmp_path / "server.json"
    broken.write_text('{"name": "x", "packages": ')
    proc = run_cli("audit-config", str(broken), "--no-resolve")
    assert proc.returncode == 2 and "not JSON" in proc.stderr and "Traceback" not in proc.stderr


def test_in_srt_the_bundled_server_still_answers_and_still_tells_the_model_its_secrets(
    packed: tuple[Bundle, RunResult], tmp_path: Path
) -> None:
    """srt limits where a server reaches (network, writes), not what it hands the model."""
    from hooklab.mcp.session import Stage
    from hooklab.mcp.wrap import in_srt

    bundle, _ = packed
    server = unpack_verified(bundle.path, bundle.sha256, tmp_path / "server")
    entry = ServerEntry("node", tuple(launch_argv(server)[1:]), name="bundle")
    with Stage() as stage:
        assert stage.scratch is not None
        with in_srt(entry, writable=[stage.scratch]) as wrapped:
            assert wrapped.args[-3:-1] == ("--", "node")
            session = run_session(wrapped, stage=stage, timeout=120)
    assert session.tools and "npm_token" in session.leaked()
