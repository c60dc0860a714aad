"""The offline kit: how a run is pointed at it (the whole suite offline: offline-test.sh)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from hooklab.errors import HooklabError
from hooklab.offline import NPM_CACHE, WHEELS, kit, point_at_kit
from tests.conftest import ROOT, run_cli


@pytest.fixture()
def tiny_kit(tmp_path, monkeypatch):
    """A kit with one wheel and a one-entry npm cache, set as $HOOKLAB_KIT."""
    where = tmp_path / "kit"
    (where / WHEELS).mkdir(parents=True)
    content = where / NPM_CACHE / "_cacache" / "content-v2" / "sha512" / "ab" / "cd"
    content.mkdir(parents=True)
    (content / "tarball").write_bytes(b"package bytes")
    index = where / NPM_CACHE / "_cacache" / "index-v5" / "00"
    index.mkdir(parents=True)
    (index / "bucket").write_text("entry\n")
    monkeypatch.setenv("HOOKLAB_KIT", str(where))
    return where


def test_without_a_kit_nothing_changes(monkeypatch):
    monkeypatch.delenv("HOOKLAB_KIT", raising=False)
    env = {"npm_config_cache": "/nonexistent/cache"}
    assert point_at_kit(dict(env)) == env and kit() is None


def test_public_registries_are_swapped_for_the_kit(tiny_kit, tmp_path):
    cache = tmp_path / "run" / "npm-cache"
    env = point_at_kit({"npm_config_cache": str(cache)})
    wheels = str(tiny_kit / WHEELS)
    assert env["UV_OFFLINE"] == "1" and env["UV_NO_INDEX"] == "1"
    assert env["UV_FIND_LINKS"] == wheels and env["PIP_FIND_LINKS"] == wheels
    assert env["PIP_NO_INDEX"] == "1" and env["npm_config_offline"] == "true"
    seeded = cache / "_cacache" / "content-v2" / "sha512" / "ab" / "cd" / "tarball"
    assert seeded.read_bytes() == b"package bytes"


def test_npm_appending_to_a_seeded_cache_leaves_the_kit_alone(tiny_kit, tmp_path):
    cache = tmp_path / "npm-cache"
    point_at_kit({"npm_config_cache": str(cache)})
    with (cache / "_cacache" / "index-v5" / "00" / "bucket").open("a") as bucket:
        bucket.write("a run's own entry\n")
    assert (tiny_kit / NPM_CACHE / "_cacache/index-v5/00/bucket").read_text() == "entry\n"


def test_an_existing_cache_is_not_touched(tiny_kit, tmp_path):
    cache = tmp_path / "npm-cache"
    cache.mkdir()
    point_at_kit({"npm_config_cache": str(cache)})
    assert list(cache.iterdir()) == []


def test_a_python_installer_gets_the_wheels_but_no_npm_cache_copy(tiny_kit, tmp_path):
    cache = tmp_path / "npm-cache"
    env = point_at_kit({"npm_config_cache": str(cache)}, "/usr/local/bin/uvx")
    assert env["UV_FIND_LINKS"] == str(tiny_kit / WHEELS) and not cache.exists()
    point_at_kit({"npm_config_cache": str(cache)}, "npx")
    assert (cache / "_cacache" / "index-v5" / "00" / "bucket").is_file()


def test_the_kits_own_loopback_registries_stay_reachable(tiny_kit):
    env = point_at_kit(
        {
            "npm_config_registry": "http://127.0.0.1:4873/",
            "UV_DEFAULT_INDEX": "http://127.0.0.1:8080/simple/",
            "PIP_INDEX_URL": "http://localhost:8080/simple/",
        }
    )
    assert not {"UV_OFFLINE", "UV_NO_INDEX", "PIP_NO_INDEX", "npm_config_offline"} & set(env)


def test_a_folder_that_is_not_a_kit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("HOOKLAB_LANG", "en")  # the refusal in English
    monkeypatch.setenv("HOOKLAB_KIT", str(tmp_path))
    with pytest.raises(HooklabError, match="not an offline kit"):
        kit()
    proc = run_cli("offline", "status", env={"HOOKLAB_KIT": str(tmp_path)})
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    assert proc.stderr.strip().splitlines() == [
        f"hooklab: HOOKLAB_KIT={tmp_path} is not an offline kit (no wheels/ in it)"
    ]


def test_make_test_runs_the_offline_test():
    script = (ROOT / "scripts" / "test.sh").read_text()
    assert "scripts/offline-test.sh" in script
    offline = (ROOT / "scripts" / "offline-test.sh").read_text()
    assert "unshare -n" in offline and "lo_only" in offline
    assert Path(ROOT / "scripts" / "offline-env.sh").is_file()


@pytest.mark.skipif(os.geteuid() != 0, reason="unshare -n needs root (CI runs as root)")
def test_the_offline_namespace_must_have_no_interface_but_lo():
    def in_namespace(script: str) -> subprocess.CompletedProcess:
        argv = ["unshare", "-n", "bash", "-c", f". scripts/lib.sh; {script}"]
        return subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, check=False)

    only_lo = in_namespace("lo_only && ip -o link show up")
    assert only_lo.returncode == 0 and ": lo:" in only_lo.stdout
    veth = in_namespace("ip link add hl0 type veth peer name hl1 && lo_only")
    assert veth.returncode == 1
    assert veth.stderr == "setup: the network namespace has an interface besides lo\n"


def test_doctor_says_which_kit_runs_use(tiny_kit):
    proc = run_cli("doctor", "--json")
    assert json.loads(proc.stdout)["offline_kit"] == str(tiny_kit.resolve())
    status = run_cli("offline", "status", "--lang", "en").stdout.strip()
    assert status == f"offline kit: {tiny_kit.resolve()}"
