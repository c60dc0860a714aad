"""host: no isolation beyond the fake home; the unprotected baseline."""

from __future__ import annotations

from hooklab.lang import both
from hooklab.procs import run
from hooklab.watch.sandbox.base import Backend, Job, Outcome


class HostBackend(Backend):
    name = "host"
    isolated = False
    about = both(
        "샌드박스 없음: 명령이 내 계정으로 돕니다. 가짜 홈과 카나리만 있습니다",
        "no sandbox: the command runs as you, with the fake home and the canary only",
    )

    def problem(self) -> str | None:
        return None

    def run(self, job: Job) -> Outcome:
        return run_process(job.argv, job)


def run_process(argv: list[str], job: Job) -> Outcome:
    """Run argv with the job's environment and folder; a timeout is a one-line error, and
    everything the command started is stopped with it."""
    proc = run(argv, job.label, timeout=job.timeout, env=job.env, cwd=job.cwd)
    return Outcome(proc.returncode, proc.stdout, proc.stderr)
