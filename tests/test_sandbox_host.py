"""On the host, with no sandbox: every leaking fixture reaches the canary, and the escape
fixture gets out every way it tries."""

from __future__ import annotations

import pytest

from hooklab.watch.sandbox.behaviour import behaviours
from tests.rehearsal import (  # noqa: F401  (pytest collects the shared checks from here)
    LEAKING,
    Rehearsal,
    test_the_run_left_no_process_behind,
)


@pytest.fixture(scope="module")
def backend() -> str:
    return "host"


def test_on_the_host_every_leaking_fixture_reaches_the_canary(rehearsal: Rehearsal) -> None:
    results, _ = rehearsal
    for name, result in results.items():
        assert result.hook_ran, name
        assert bool(result.canary_hits) == (name in LEAKING), name


def test_on_the_host_the_escape_fixture_gets_out_every_way(rehearsal: Rehearsal) -> None:
    results, stage = rehearsal
    result = results["escape-postinstall"]
    seen = behaviours(result, stage.decoy)
    assert seen["wrote outside"] and seen["real home read"] and seen["outlived install"]
    assert any(stage.token in hit.body for hit in result.canary_hits)
    assert any(
        e.detail.startswith(str(stage.probe)) for e in result.events if e.kind == "file_write"
    )
