"""srt: Anthropic's sandbox runtime (tools/srt), as a Claude Code user would wrap a command in it.

On Linux srt runs the command in bubblewrap with its own network namespace and lets traffic out
only through its proxy, to the domains the settings allow. The kit writes the settings a careful
user would: no domain allowed, writes only in the run's folder. Reads are left at srt's own
default, which is everything the user can read, the real home included: what that means is
measured, not assumed (notebook 08).
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from hooklab.errors import HooklabError
from hooklab.lang import both
from hooklab.paths import work_dir
from hooklab.procs import run
from hooklab.tools import find_tool, last_line
from hooklab.watch.sandbox.base import Backend, Job, Outcome
from hooklab.watch.sandbox.host import run_process
from hooklab.watch.sandbox.reasons import reason

# What srt needs on Linux beside itself, and the Debian package that has it.
_NEEDS = {"bwrap": "bubblewrap", "socat": "socat", "rg": "ripgrep"}
# srt gives the socat bridges to its proxies 0.6 s to appear, then fails before it starts the
# command; on a loaded machine they could take longer (the tests force it with a slow socat).
# The command never ran, so starting srt again is safe, after a pause that grows (1, 2, 3, 4 s)
# so a busy moment can pass; a caller notes that it did. The same message comes when socat
# cannot make a socket at all (a path over 108 characters): Stage keeps the TMPDIR short.
STARTS = 5
_BRIDGE_RACE = "Failed to create bridge sockets"


def startup_race(stderr: str) -> bool:
    """Whether srt stopped before the command because its proxy bridges were late."""
    return _BRIDGE_RACE in stderr


def pause_before(start: int) -> None:
    """Wait before srt's `start`-th start (2, 3, ...): one second more each time."""
    time.sleep(start - 1)


def settings(writable: Sequence[Path], deny_read: Sequence[Path] = ()) -> dict[str, object]:
    """srt's settings for one run: no network domain, writes only in `writable`, reads denied
    only under `deny_read` (srt's default: none)."""
    return {
        "network": {"allowedDomains": [], "deniedDomains": []},
        "filesystem": {
            "denyRead": [str(p) for p in dict.fromkeys(deny_read)],
            "allowWrite": [str(p) for p in dict.fromkeys(writable)],
            "denyWrite": [],
        },
    }


@contextlib.contextmanager
def settings_file(writable: Sequence[Path], deny_read: Sequence[Path] = ()) -> Iterator[Path]:
    """The settings in a file of their own, outside every writable folder (srt reads them when
    it starts; the command cannot rewrite its own rules), removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="srt-settings-", dir=work_dir()))
    path = folder / "settings.json"
    try:
        path.write_text(json.dumps(settings(writable, deny_read)))
        yield path
    finally:
        path.unlink(missing_ok=True)
        folder.rmdir()


def srt_command(settings_path: Path, argv: list[str]) -> list[str]:
    """argv wrapped in srt, as a user writes `srt --settings FILE -- COMMAND...`."""
    from hooklab.defences.nodetools import srt_argv

    return [*srt_argv(), "--settings", str(settings_path), "--", *argv]


class SrtBackend(Backend):
    name = "srt"
    about = both(
        "srt (Anthropic 샌드박스 런타임): bubblewrap + 프록시, 허용 도메인 없음, 읽기는 열림",
        "srt (Anthropic sandbox runtime): bubblewrap + proxy, no domain allowed, reads open",
    )

    def problem(self) -> str | None:
        for tool, package in _NEEDS.items():
            if find_tool(tool) is None:
                return reason("srt-needs", tool=tool, package=package)
        try:
            with tempfile.TemporaryDirectory(dir=work_dir()) as tmp:
                probe = srt_run(["true"], Path(tmp))
        except HooklabError as exc:
            return str(exc)
        if probe.returncode != 0:
            return reason("srt-cannot", why=last_line(probe.stderr or probe.stdout))
        return None

    def run(self, job: Job) -> Outcome:
        with settings_file([job.scratch, job.cwd]) as path:
            return _started(lambda: run_process(srt_command(path, job.argv), job))


def srt_run(
    argv: list[str], cwd: Path, *, deny_read: Sequence[Path] = (), timeout: float = 60
) -> Outcome:
    """Run argv under srt with nothing writable but `cwd`, reads denied under `deny_read`."""
    with settings_file([cwd], deny_read) as path:
        command = srt_command(path, argv)

        def attempt() -> Outcome:
            proc = run(command, "srt", timeout=timeout, env=dict(os.environ), cwd=cwd)
            return Outcome(proc.returncode, proc.stdout, proc.stderr)

        return _started(attempt)


def _started(attempt: Callable[[], Outcome]) -> Outcome:
    """`attempt()` again while srt stopped before the command only because its bridges were late
    (up to STARTS times); the last outcome says so when it never got going."""
    for start in range(1, STARTS):
        outcome = attempt()
        if outcome.returncode == 0 or not startup_race(outcome.stderr):
            return outcome
        pause_before(start + 1)
    return attempt()
