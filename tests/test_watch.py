"""watch() on the real npx and uvx, with the fixtures: what ran, in which order, what left."""

import socket
import subprocess

import pytest

from hooklab.errors import HooklabError, UnsafeHomeError
from hooklab.fixtures import get_fixture
from hooklab.show import story
from hooklab.watch import FAKE_SECRETS, FakeHome, real_home, watch


def execs(result, role):
    return [e for e in result.events if e.kind == "exec" and e.role == role]


def npx(tgz, *flags):
    fx = "hooklab-postinstall-hello" if "postinstall" in tgz.name else "hooklab-preinstall-hello"
    return ["npx", "--yes", *flags, "--package", str(tgz), fx]


def test_npx_postinstall_runs_before_the_bin_and_leaks(artefacts):
    result = watch(npx(artefacts["npm-postinstall"]["tgz"]))
    assert result.exit_code == 0 and "hello, MCP!" in result.stdout
    hook, program = execs(result, "hook"), execs(result, "program")
    assert [e.detail for e in hook] == ["sh -c node scripts/setup.js", "node scripts/setup.js"]
    assert hook[0].time < program[0].time
    assert [m.split(".")[0] for m in result.markers] == ["npm-postinstall"]
    assert result.secrets_leaked == ("aws_access_key_id", "aws_secret_access_key")
    assert FAKE_SECRETS["aws_access_key_id"] in result.canary_hits[0].body
    kinds = [e.kind for e in result.events if e.role == "hook"]
    assert {"secret_read", "file_write", "connect"} <= set(kinds)


def test_npx_ignore_scripts_stops_the_hook_and_the_bin_still_runs(artefacts):
    result = watch(npx(artefacts["npm-postinstall"]["tgz"], "--ignore-scripts"))
    assert result.exit_code == 0 and "hello, MCP!" in result.stdout
    assert not execs(result, "hook") and not result.markers and not result.canary_hits
    assert execs(result, "program")
    assert not result.hook_ran


def test_npx_preinstall_sends_the_npm_token(artefacts):
    result = watch(npx(artefacts["npm-preinstall"]["tgz"]))
    assert result.exit_code == 0
    assert result.secrets_leaked == ("npm_token",)
    assert execs(result, "hook")[0].time < execs(result, "program")[0].time


def uvx(path, command, *flags):
    return ["uvx", *flags, "--from", str(path), command]


def test_uvx_setup_py_runs_at_every_build_step(artefacts):
    result = watch(uvx(artefacts["pypi-setup-py"]["sdist"], "hooklab-setuppy-hello"))
    assert result.exit_code == 0 and "hello from hooklab-setuppy-hello" in result.stdout
    assert len(result.markers) >= 2  # metadata and wheel at least; uv asks three times here
    assert result.secrets_leaked == ("ssh_private_key",)
    assert max(e.time for e in execs(result, "hook")) < execs(result, "program")[0].time


def test_uvx_no_build_refuses_the_sdist(artefacts):
    result = watch(uvx(artefacts["pypi-setup-py"]["sdist"], "hooklab-setuppy-hello", "--no-build"))
    assert result.exit_code != 0
    assert "disabled" in result.stderr
    assert not result.hook_ran and not execs(result, "hook")


@pytest.mark.parametrize(
    ("name", "command", "secret"),
    [
        ("pypi-build-backend", "hooklab-backend-hello", "aws_access_key_id"),
        ("pypi-cmdclass", "hooklab-cmdclass-hello", "github_token"),
    ],
)
def test_build_hooks_run_from_the_sdist_but_not_from_the_wheel(artefacts, name, command, secret):
    from_sdist = watch(uvx(artefacts[name]["sdist"], command))
    assert from_sdist.exit_code == 0 and secret in from_sdist.secrets_leaked
    from_wheel = watch(uvx(artefacts[name]["wheel"], command))
    assert from_wheel.exit_code == 0 and command in from_wheel.stdout
    assert not from_wheel.hook_ran


def test_pth_wheel_runs_at_python_start_not_at_install(artefacts):
    result = watch(uvx(artefacts["pypi-pth"]["wheel"], "hooklab-pth-hello"))
    assert result.exit_code == 0
    # every Python start in the new environment runs it: uv's interpreter probe, then the program
    assert {m.split(".")[0] for m in result.markers} == {"pypi-pth"}
    assert not any(e.role == "hook" and "build" in e.detail for e in result.events)


def test_story_has_no_pids_ports_or_temp_paths(artefacts):
    result = watch(npx(artefacts["npm-postinstall"]["tgz"]))
    text = story(result).to_string()
    assert str(result.canary_port) not in text and "/tmp/" not in text and ".hooklab" not in text
    assert "$HOOKLAB_CANARY_DIR/npm-postinstall.<pid>.marker" in text


def test_payload_does_nothing_outside_a_fake_home(tmp_path):
    script = get_fixture("npm-postinstall").folder / "package" / "scripts" / "setup.js"
    canary = tmp_path / "canary"
    canary.mkdir()
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "HOOKLAB_CANARY_DIR": str(canary),
        "HOOKLAB_CANARY_PORT": "9",
    }
    subprocess.run(["node", str(script)], env=env, check=True, timeout=30)
    assert list(canary.iterdir()) == []


def test_refuses_the_real_home(monkeypatch):
    with pytest.raises(UnsafeHomeError, match="진짜 홈"):
        watch(["true"], home=real_home())
    monkeypatch.setenv("HOOKLAB_LANG", "en")
    with pytest.raises(UnsafeHomeError, match="real home"):
        watch(["true"], home=real_home())
    with pytest.raises(UnsafeHomeError, match="real home"):
        watch(["true"], env={"HOME": str(real_home())})


def test_refuses_a_home_it_did_not_make(tmp_path, monkeypatch):
    monkeypatch.setenv("HOOKLAB_LANG", "en")  # the refusal in English
    with pytest.raises(UnsafeHomeError, match="not a fake home"):
        watch(["true"], home=tmp_path)


def test_reuses_a_fake_home_it_made(tmp_path):
    home = FakeHome.create(tmp_path)
    result = watch(["cat", ".aws/credentials"], home=home.path, cwd=home.path)
    assert FAKE_SECRETS["aws_access_key_id"] in result.stdout
    assert any(e.kind == "secret_read" for e in result.events)


def test_canary_port_in_use_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("HOOKLAB_LANG", "en")  # the refusal in English
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        with pytest.raises(HooklabError, match=r"canary port \d+ is in use"):
            watch(["true"], canary_port=s.getsockname()[1])


def test_command_not_found(monkeypatch):
    monkeypatch.setenv("HOOKLAB_LANG", "en")  # the refusal in English
    with pytest.raises(HooklabError, match="command not found: no-such-command"):
        watch(["no-such-command"])


def test_remove_deletes_a_fake_home_and_nothing_else(tmp_path):
    home = FakeHome.create(tmp_path)
    home.remove()
    assert not home.path.exists()
    plain = tmp_path / "plain"
    (plain / "keep.txt").parent.mkdir()
    (plain / "keep.txt").write_text("mine")
    with pytest.raises(UnsafeHomeError):
        FakeHome(plain).remove()
    assert (plain / "keep.txt").read_text() == "mine"
