"""A fake home is hostile input too: links out of it and forged markers are refused before a run."""

import os
import socket
import struct
import time

import pytest

from hooklab.errors import UnsafeHomeError
from hooklab.watch import FakeHome, real_home, watch
from hooklab.watch.canary import Canary
from hooklab.watch.home import MARKER, MAX_HOME_ENTRIES

from .conftest import run_cli


def _touch_argv(flag):
    return ["touch", str(flag)]


def test_a_symlink_to_the_real_gitconfig_is_refused_before_anything_runs(tmp_path, monkeypatch):
    monkeypatch.setenv("HOOKLAB_LANG", "en")  # the refusal in English
    home = FakeHome.create(tmp_path / "homes")
    (home.path / ".gitconfig").symlink_to(real_home() / ".gitconfig")
    ran = tmp_path / "ran"
    with pytest.raises(UnsafeHomeError, match=r"\.gitconfig is a link to .*outside the fake home"):
        watch(_touch_argv(ran), home=home.path)
    with pytest.raises(UnsafeHomeError, match="outside the fake home"):
        watch(_touch_argv(ran), env={"HOME": str(home.path)})
    assert not ran.exists()


def test_a_fake_home_object_is_checked_again_like_a_path(tmp_path, monkeypatch):
    monkeypatch.setenv("HOOKLAB_LANG", "en")  # the refusal in English
    # watch(home=...) and Stage(home) take a FakeHome too: it used to end in a TypeError.
    home = FakeHome.create(tmp_path / "homes")
    assert FakeHome.verify(home) == home
    (home.path / ".gitconfig").symlink_to(real_home() / ".gitconfig")
    ran = tmp_path / "ran"
    with pytest.raises(UnsafeHomeError, match="outside the fake home"):
        watch(_touch_argv(ran), home=home)
    assert not ran.exists()


def test_a_deep_folder_link_out_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("HOOKLAB_LANG", "en")  # the refusal in English
    home = FakeHome.create(tmp_path / "homes")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (home.path / ".config" / "gh" / "deep").mkdir()
    (home.path / ".config" / "gh" / "deep" / "up").symlink_to(outside, target_is_directory=True)
    with pytest.raises(UnsafeHomeError, match="deep/up is a link"):
        FakeHome.verify(home.path)


def test_a_link_chain_that_ends_outside_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("HOOKLAB_LANG", "en")  # the refusal in English
    home = FakeHome.create(tmp_path / "homes")
    (home.path / "hop2").symlink_to("/etc/passwd")
    (home.path / "hop1").symlink_to("hop2")  # points inside, but the chain ends outside
    with pytest.raises(UnsafeHomeError, match="is a link to /etc/passwd"):
        FakeHome.verify(home.path)


def test_a_hard_link_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("HOOKLAB_LANG", "en")  # the refusal in English
    home = FakeHome.create(tmp_path / "homes")
    outside = tmp_path / "real-secret"
    outside.write_text("real")
    os.link(outside, home.path / ".netrc")
    with pytest.raises(UnsafeHomeError, match=r"\.netrc is a hard link"):
        FakeHome.verify(home.path)


def test_links_that_stay_inside_are_fine(tmp_path):
    home = FakeHome.create(tmp_path / "homes")
    (home.path / ".aws" / "config").symlink_to("credentials")
    (home.path / "dot-config").symlink_to(home.path / ".config", target_is_directory=True)
    result = watch(["cat", ".aws/config"], home=home.path, cwd=home.path)
    assert "aws_access_key_id" in result.stdout


def test_a_link_name_with_control_characters_is_shown_escaped(tmp_path):
    home = FakeHome.create(tmp_path / "homes")
    (home.path / "evil\x1b[2J\rname").symlink_to("/etc")
    with pytest.raises(UnsafeHomeError) as err:
        FakeHome.verify(home.path)
    assert "\x1b" not in str(err.value) and "\r" not in str(err.value)
    assert "evil\\x1b[2J\\x0dname" in str(err.value)


def test_an_empty_marker_in_a_random_folder_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("HOOKLAB_LANG", "en")  # the refusal in English
    folder = tmp_path / "random"
    folder.mkdir()
    (folder / MARKER).touch()
    ran = tmp_path / "ran"
    with pytest.raises(UnsafeHomeError, match="lacks the kit's token"):
        watch(_touch_argv(ran), home=folder)
    with pytest.raises(UnsafeHomeError, match="lacks the kit's token"):
        watch(_touch_argv(ran), env={"HOME": str(folder)})
    assert not ran.exists()


def test_a_marker_copied_from_a_real_fake_home_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("HOOKLAB_LANG", "en")  # the refusal in English
    home = FakeHome.create(tmp_path / "homes")
    folder = tmp_path / "copy"
    folder.mkdir()
    (folder / MARKER).write_bytes((home.path / MARKER).read_bytes())
    with pytest.raises(UnsafeHomeError, match="lacks the kit's token"):
        FakeHome.verify(folder)


@pytest.mark.parametrize(
    "text", ["hooklab-token: " + "0" * 64 + "\n", "hooklab-token: \u00e9\u00e9\n", "x" * 10_000]
)
def test_a_forged_or_odd_marker_is_one_refusal(tmp_path, text, monkeypatch):
    monkeypatch.setenv("HOOKLAB_LANG", "en")  # the refusal in English
    (tmp_path / MARKER).write_text(text)
    with pytest.raises(UnsafeHomeError, match="not a fake home made by hooklab"):
        FakeHome.verify(tmp_path)


def test_a_marker_that_is_a_link_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("HOOKLAB_LANG", "en")  # the refusal in English
    home = FakeHome.create(tmp_path / "homes")
    folder = tmp_path / "linked"
    folder.mkdir()
    (folder / MARKER).symlink_to(home.path / MARKER)
    with pytest.raises(UnsafeHomeError, match=f"no {MARKER}"):
        FakeHome.verify(folder)


def test_a_huge_home_is_refused_not_cut_short(tmp_path, monkeypatch):
    monkeypatch.setenv("HOOKLAB_LANG", "en")  # the refusal in English
    home = FakeHome.create(tmp_path / "homes")
    junk = home.path / "junk"
    junk.mkdir()
    for i in range(MAX_HOME_ENTRIES):
        (junk / str(i)).touch()
    with pytest.raises(UnsafeHomeError, match=f"more than {MAX_HOME_ENTRIES} entries"):
        FakeHome.verify(home.path)


def test_remove_deletes_a_tampered_kit_home_without_following_its_links(tmp_path):
    home = FakeHome.create(tmp_path / "homes")
    outside = tmp_path / "keep"
    outside.mkdir()
    (outside / "mine.txt").write_text("mine")
    (home.path / "out").symlink_to(outside, target_is_directory=True)
    home.remove()
    assert not home.path.exists()
    assert (outside / "mine.txt").read_text() == "mine"


def test_the_cli_says_it_in_one_line(tmp_path, monkeypatch):
    monkeypatch.setenv("HOOKLAB_LANG", "en")  # the refusal in English
    home = FakeHome.create(tmp_path / "homes")
    (home.path / ".gitconfig").symlink_to(real_home() / ".gitconfig")
    ran = tmp_path / "ran"
    proc = run_cli("watch", "--home", str(home.path), "--", "touch", str(ran))
    assert proc.returncode == 3
    assert proc.stderr.count("\n") == 1 and "outside the fake home" in proc.stderr
    assert "Traceback" not in proc.stderr and not ran.exists()


def _send(port, data, *, reset=False):
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(data)
        if reset:  # cut the connection mid-body, as a payload killed mid-send would
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        else:
            sock.shutdown(socket.SHUT_WR)
            sock.recv(1024)


@pytest.mark.parametrize(
    "request_bytes, reset, method, body",
    [
        (b"POST /a HTTP/1.1\r\nContent-Length: abc\r\n\r\nTOKEN", False, "POST", ""),
        (b"POST /b HTTP/1.1\r\nContent-Length: -5\r\n\r\nTOKEN", False, "POST", ""),
        (b"POST /c HTTP/1.1\r\nContent-Length: 100\r\n\r\nhalf", True, "POST", "half"),
        (b"\x1b[2J GARBAGE\r\n\r\n", False, "(unreadable)", "\x1b[2J GARBAGE"),
    ],
    ids=["broken-length", "negative-length", "cut-mid-body", "not-http"],
)
def test_a_broken_request_to_the_canary_is_still_recorded_and_prints_nothing(
    capfd, request_bytes, reset, method, body
):
    with Canary() as canary:
        _send(canary.port, request_bytes, reset=reset)
        for _ in range(100):
            if canary.hits():
                break
            time.sleep(0.05)
        hits = canary.hits()
    assert [(h.method, h.body) for h in hits] == [(method, body)]
    assert capfd.readouterr().err == ""
