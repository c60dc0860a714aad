"""The bwrap sandbox: every install-time fixture's hook runs, and nothing gets out."""

from __future__ import annotations

import pytest

from tests.rehearsal import (  # noqa: F401  (pytest collects the shared checks from here)
    test_in_a_sandbox_the_escape_fixture_is_stopped_every_way,
    test_in_a_sandbox_the_hook_runs_but_the_canary_is_never_reached,
    test_the_run_left_no_process_behind,
)


@pytest.fixture(scope="module")
def backend() -> str:
    return "bwrap"
