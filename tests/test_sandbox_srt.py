"""srt, Anthropic's sandbox runtime, with the settings the kit writes (no domain allowed, writes
only in the run's folder, reads at srt's default): the hook runs, the canary is never reached,
the blocked connect is on record, nothing is left behind, and the real home stays readable."""

from __future__ import annotations

import pytest

from hooklab.watch.sandbox.behaviour import behaviours
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
