"""Two runs never share a lab's registries: a second process gets one line, and the same
process starting the lab again (a notebook cell run twice) stops the first one."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from hooklab.defences import Lab
from hooklab.fixtures import get_fixture
from hooklab.procs import listening

HOLD = """
import sys, time
from hooklab.defences import Lab
from hooklab.fixtures import get_fixture
with Lab("claim-test", fixtures=[get_fixture("npm-takeover")]) as lab:
    print(lab.npm.port, flush=True)
    sys.stdin.read()
"""


SECOND = """
from hooklab.defences import Lab
from hooklab.errors import HooklabError
from hooklab.fixtures import get_fixture
try:
    Lab("claim-test", fixtures=[get_fixture("npm-takeover")]).start()
except HooklabError as exc:
    print(exc)
"""


def test_another_process_is_refused_with_one_line() -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None
        port = int(holder.stdout.readline())
        second = subprocess.run(
            [sys.executable, "-c", SECOND],
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "HOOKLAB_LANG": "en"},  # the refusal in English
        )
        assert second.stdout.startswith("another run is using lab 'claim-test'")
        assert second.stdout.count("\n") == 1 and "Traceback" not in second.stderr
        assert listening(port)  # the first run's registry is untouched
    finally:
        holder.communicate("", timeout=120)


def test_the_same_process_starting_it_again_stops_the_first() -> None:
    fixtures = [get_fixture("npm-takeover")]
    first = Lab("claim-again", fixtures=fixtures).start()
    port = first.npm.port
    second = Lab("claim-again", fixtures=fixtures).start()
    try:
        time.sleep(0.5)
        assert first.scratch is None and not listening(port)
        assert second.npm.port and listening(second.npm.port)
    finally:
        second.stop()
