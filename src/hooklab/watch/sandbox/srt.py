"""srt: Anthropic's sandbox runtime (tools/srt), as a Claude Code user would wrap a command in it.

On Linux srt runs the command in bubblewrap with its own network namespace and lets traffic out
only through its proxy, to the domains the settings allow. The kit writes the settings a careful
user would: no domain allowed, writes only in the run's folder. Reads are left at srt's own
default, which is everything the user can read, the real home included: what that means is
measured, not assumed (notebook 08).
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from hooklab.errors import HooklabError
from hooklab.paths import work_dir
from hooklab.procs import run
from hooklab.tools import find_tool, last_line
from hooklab.watch.sandbox.base import Backend, Job, Outcome
from hooklab.watch.sandbox.host import run_process

# What srt needs on Linux beside itself, and the Debian package that has it.
_NEEDS = {"bwrap": "bubblewrap", "socat": "socat", "rg": "ripgrep"}


def settings(writable: list[Path]) -> dict[str, object]:
    """srt's settings for one run: no network domain, writes only in `writable`."""
    return {
        "network": {"allowedDomains": [], "deniedDomains": []},
        "filesystem": {
            "denyRead": [],
            "allowWrite": [str(p) for p in dict.fromkeys(writable)],
            "denyWrite": [],
        },
    }


class SrtBackend(Backend):
    name = "srt"
    about = "srt (Anthropic sandbox runtime): bubblewrap + proxy, no domain allowed, reads open"

    def problem(self) -> str | None:
        for tool, package in _NEEDS.items():
            if find_tool(tool) is None:
                return f"srt needs {tool} (apt package {package}); run `make setup`"
        try:
            with tempfile.TemporaryDirectory(dir=work_dir()) as tmp:
                probe = self._run([Path(tmp)], ["true"], Path(tmp), what="the srt probe", limit=60)
        except HooklabError as exc:
            return str(exc)
        if probe.returncode != 0:
            return f"srt cannot make its sandbox here ({last_line(probe.stderr or probe.stdout)})"
        return None

    def run(self, job: Job) -> Outcome:
        return self._run([job.scratch, job.cwd], job.argv, job.cwd, job=job)

    def _run(
        self,
        writable: list[Path],
        argv: list[str],
        cwd: Path,
        *,
        job: Job | None = None,
        what: str = "srt",
        limit: float = 60,
    ) -> Outcome:
        """Run argv under srt with settings for `writable`, kept outside every writable folder
        (srt reads them once; the command cannot rewrite its own rules)."""
        from hooklab.defences.nodetools import srt_argv

        folder = Path(tempfile.mkdtemp(prefix="srt-settings-", dir=work_dir()))
        path = folder / "settings.json"
        try:
            path.write_text(json.dumps(settings(writable)))
            wrapped = [*srt_argv(), "--settings", str(path), "--", *argv]
            if job is not None:
                return run_process(wrapped, job)
            proc = run(wrapped, what, timeout=limit, env=dict(os.environ), cwd=cwd)
            return Outcome(proc.returncode, proc.stdout, proc.stderr)
        finally:
            path.unlink(missing_ok=True)
            folder.rmdir()
