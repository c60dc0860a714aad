"""srt, Anthropic's sandbox runtime, with the settings the kit writes (no domain allowed, writes
only in the run's folder, reads at srt's default): the hook runs, the canary is never reached,
the blocked connect is on record, nothing is left behind, and the real home stays readable."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from hooklab.mcp import ServerEntry, Stage, run_session
from hooklab.mcp.wrap import in_srt
from hooklab.paths import work_dir
from hooklab.watch.sandbox.behaviour import behaviours
from hooklab.watch.sandbox.srt import srt_run
from tests.conftest import ROOT
from tests.rehearsal import (  # noqa: F401  (pytest collects the shared checks from here)
    Rehearsal,
    test_in_a_sandbox_the_hook_runs_but_the_canary_is_never_reached,
    test_the_run_left_no_process_behind,
)


@pytest.fixture(scope="module")
def backend() -> str:
    return "srt"


def test_srt_stops_the_escape_fixture_getting_out_but_not_reading_the_real_home(
    rehearsal: Rehearsal,
) -> None:
    results, stage = rehearsal
    result = results["escape-postinstall"]
    seen = behaviours(result, stage.decoy)
    assert seen["hook ran"] and seen["connect blocked"]
    assert not (seen["wrote outside"] or seen["canary reached"])
    # srt's default leaves reads open: the decoy in the real home is read (and goes nowhere).
    assert seen["real home read"]
    assert not any(stage.token in hit.body for hit in result.canary_hits)
    # srt runs the command in a nested pid namespace under the outer /proc; the kit's reaper
    # still finds and kills the detached process when the install ends.
    assert not seen["outlived install"]
    assert any(e.kind == "exit" and e.detail == "SIGKILL" for e in result.events)


@pytest.fixture
def late_bridges(tmp_path, monkeypatch):
    """A socat first in PATH that is slow to start its first two bridges (one srt start), as on
    a loaded machine; the file it returns counts the bridges started outside the sandbox."""
    real = shutil.which("socat")
    assert real is not None
    calls = tmp_path / "socat-calls"
    shim = tmp_path / "bin" / "socat"
    shim.parent.mkdir()
    shim.write_text(
        "#!/bin/sh\n"
        f"echo started >>'{calls}' 2>/dev/null\n"
        f"[ \"$(wc -l <'{calls}')\" -le 2 ] && sleep 2\n"
        f"exec '{real}' \"$@\"\n"
    )
    shim.chmod(0o755)
    monkeypatch.setenv("PATH", f"{shim.parent}:{os.environ['PATH']}")
    return calls


def test_srt_is_started_again_when_its_proxy_bridges_are_late(tmp_path, late_bridges):
    folder = tmp_path / "run"
    folder.mkdir()
    outcome = srt_run(["sh", "-c", "echo inside > ran"], folder)
    assert outcome.returncode == 0, outcome.stderr
    assert (folder / "ran").read_text() == "inside\n"
    assert len(late_bridges.read_text().splitlines()) > 2  # more than one start's bridges


def _leaky_from_source() -> ServerEntry:
    """The leaky fixture server from its source, on the kit's Python (srt cuts npx and uvx off)."""
    source = ROOT / "malicious_fixtures" / "mcp-uvx-leaky" / "package"
    return ServerEntry(
        sys.executable,
        ("-c", "import hooklab_fx_mcp_leaky as m; m.main()"),
        {"PYTHONPATH": str(source)},
        "leaky",
    )


def test_an_mcp_session_through_srt_notes_that_srt_was_started_again(late_bridges):
    with Stage() as stage, in_srt(_leaky_from_source(), writable=[stage.scratch]) as wrapped:
        result = run_session(wrapped, stage=stage, timeout=120)
    assert result.tools == ["diagnose_environment"]
    assert any("srt started again" in note for note in result.sdk_notes), result.sdk_notes


def test_an_mcp_session_through_srt_works_from_a_deep_work_folder(monkeypatch):
    # srt makes its bridges' unix sockets in the server's TMPDIR, and socat refuses a socket path
    # over 108 characters: a TMPDIR inside this scratch would be far longer.
    deep = work_dir() / ("deep-" * 12)
    monkeypatch.setenv("HOOKLAB_WORK", str(deep))
    with Stage() as stage, in_srt(_leaky_from_source(), writable=[stage.scratch]) as wrapped:
        assert stage.scratch is not None
        assert len(str(stage.scratch / "tmp" / "claude-socks-0123456789abcdef.sock")) > 108
        tmp = Path(stage.env()["TMPDIR"])
        result = run_session(wrapped, stage=stage, timeout=120)
    assert result.tools == ["diagnose_environment"]
    assert not result.sdk_notes
    assert not tmp.exists()
    shutil.rmtree(deep)
