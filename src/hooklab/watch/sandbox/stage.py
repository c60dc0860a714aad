"""The targets the escape fixture aims at, planted by the kit and removed afterwards.

A probe folder in the kit's work area (outside every run's own folder) and a decoy file in the
real home. The fixture touches only these; the checks read them back.

The decoy (`~/.hooklab-decoy-<hex>`, a random token, removed when the block ends) is the one
file the kit writes into the real home outside its own work and cache folders: "can a hook read
the real home?" needs a target in the real home, since every sandbox hides that folder and a
decoy elsewhere would not test it.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from hooklab.paths import work_dir
from hooklab.watch.home import real_home

PROBE_GUARD = ".hooklab-escape-probe"


@dataclass(frozen=True)
class EscapeTargets:
    """What `escape_stage` planted for the escape fixture to aim at."""

    probe: Path  # the folder outside the run's folder that the fixture tries to write into
    decoy: Path  # the planted file in the real home that the fixture tries to read
    token: str  # the decoy's content, to look for in what reached the canary

    def env(self) -> dict[str, str]:
        return {"HOOKLAB_ESCAPE_DIR": str(self.probe), "HOOKLAB_DECOY": str(self.decoy)}

    def escaped_writes(self) -> list[str]:
        """Files the fixture managed to write into the probe folder."""
        return sorted(p.name for p in self.probe.iterdir() if p.name != PROBE_GUARD)

    def clear(self) -> None:
        for name in self.escaped_writes():
            (self.probe / name).unlink()


@contextlib.contextmanager
def escape_stage() -> Iterator[EscapeTargets]:
    """Plant the probe folder and the decoy; remove both when the block ends."""
    token = f"hooklab-decoy-{secrets.token_hex(6)}"
    probe = Path(tempfile.mkdtemp(prefix="escape-probe-", dir=work_dir()))
    probe.chmod(0o755)  # visible to a sandbox's unprivileged user, so the attempt is made
    (probe / PROBE_GUARD).write_text("The escape fixture may write here; nothing else may.\n")
    decoy = real_home() / f".hooklab-decoy-{secrets.token_hex(4)}"
    # a new file only: never through a link, never over something already there
    fd = os.open(decoy, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
    try:
        os.write(fd, f"{token}\n".encode())
    finally:
        os.close(fd)
    try:
        yield EscapeTargets(probe, decoy, token)
    finally:
        decoy.unlink(missing_ok=True)
        shutil.rmtree(probe, ignore_errors=True)
