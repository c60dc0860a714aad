"""bwrap: bubblewrap namespaces; read-only root, real home hidden, the run's folder writable."""

from __future__ import annotations

from pathlib import Path

from hooklab.errors import HooklabError
from hooklab.lang import both
from hooklab.paths import work_dir
from hooklab.procs import run
from hooklab.tools import find_tool, last_line
from hooklab.watch.sandbox.base import Backend, Job, Outcome, hidden_homes, runtime_paths
from hooklab.watch.sandbox.host import run_process
from hooklab.watch.sandbox.reasons import reason


class BwrapBackend(Backend):
    name = "bwrap"
    about = both(
        "bubblewrap: 새 user/net/pid 네임스페이스, 읽기 전용 루트, 루프백만",
        "bubblewrap: new user/net/pid namespaces, read-only root, loopback only",
    )

    def problem(self) -> str | None:
        bwrap = find_tool("bwrap")
        if bwrap is None:
            return reason("no-bwrap")
        try:
            probe = run([bwrap, *self._base(), "--", "true"], "the bubblewrap probe", timeout=30)
        except HooklabError as exc:
            return str(exc)
        if probe.returncode != 0:
            why = last_line(probe.stderr)
            return reason("no-namespaces", why=why)
        return None

    @staticmethod
    def _base() -> list[str]:
        return [
            "--unshare-all",
            "--die-with-parent",
            "--new-session",
            "--ro-bind",
            "/",
            "/",
            "--dev",
            "/dev",
            "--proc",
            "/proc",
            "--tmpfs",
            "/tmp",
        ]

    def run(self, job: Job) -> Outcome:
        bwrap = find_tool("bwrap") or "bwrap"
        return run_process([bwrap, *self.options(job), "--", *job.argv], job)

    def options(self, job: Job) -> list[str]:
        opts = self._base()
        for home in hidden_homes():
            opts += ["--tmpfs", str(home)]
        # The hidden homes and the fresh /tmp may hold what the command needs (pyenv's Python,
        # a kit checked out under /tmp, its work folder): bind those back read-only, so the
        # sandbox sees the same whatever the checkout's path.
        covered = (*hidden_homes(), Path("/tmp"))
        for path in _under(covered, [*runtime_paths(), work_dir().resolve(), *job.readonly]):
            opts += ["--ro-bind", str(path), str(path)]
        for path in dict.fromkeys([job.scratch, job.cwd]):
            opts += ["--bind", str(path), str(path)]
        return [*opts, "--chdir", str(job.cwd)]


def _under(parents: tuple[Path, ...], paths: list[Path]) -> list[Path]:
    return [
        p for p in dict.fromkeys(paths) if p.exists() and any(p.is_relative_to(h) for h in parents)
    ]
