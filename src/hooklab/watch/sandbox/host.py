"""host: no isolation beyond the fake home; the unprotected baseline."""

from __future__ import annotations

import subprocess

from hooklab.errors import HooklabError
from hooklab.watch.sandbox.base import Backend, Job, Outcome


class HostBackend(Backend):
    name = "host"
    isolated = False
    about = "no sandbox: the command runs as you, with the fake home and the canary only"

    def problem(self) -> str | None:
        return None

    def run(self, job: Job) -> Outcome:
        return run_process(job.argv, job)


def run_process(argv: list[str], job: Job) -> Outcome:
    """Run argv with the job's environment and folder; a timeout is a one-line error."""
    try:
        proc = subprocess.run(
            argv,
            cwd=job.cwd,
            env=job.env,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=job.timeout,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        raise HooklabError(f"{job.label} did not finish within {job.timeout:.0f} s") from None
    return Outcome(proc.returncode, proc.stdout, proc.stderr)
