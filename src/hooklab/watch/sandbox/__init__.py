"""Where a watched command runs (host, bwrap, docker, gvisor, srt or auto), behind one interface."""

from typing import TYPE_CHECKING

from hooklab.lazy import lazy_exports

if TYPE_CHECKING:  # imported on first use: see hooklab.lazy
    from hooklab.watch.sandbox.base import REAPER, Backend, Job, Outcome
    from hooklab.watch.sandbox.behaviour import BEHAVIOURS, behaviour_frame, behaviours
    from hooklab.watch.sandbox.engine import docker_engine
    from hooklab.watch.sandbox.registry import (
        AUTO_ORDER,
        BACKENDS,
        CHOICES,
        SandboxUnavailable,
        get_backend,
    )
    from hooklab.watch.sandbox.rehearse import fixture_command, install_fixtures, rehearse
    from hooklab.watch.sandbox.report import backends_frame, sandbox_report, startup_time
    from hooklab.watch.sandbox.stage import EscapeTargets, escape_stage

lazy_exports(__name__)

__all__ = [
    "AUTO_ORDER",
    "BACKENDS",
    "BEHAVIOURS",
    "CHOICES",
    "REAPER",
    "Backend",
    "EscapeTargets",
    "Job",
    "Outcome",
    "SandboxUnavailable",
    "backends_frame",
    "behaviour_frame",
    "behaviours",
    "docker_engine",
    "escape_stage",
    "fixture_command",
    "get_backend",
    "install_fixtures",
    "rehearse",
    "sandbox_report",
    "startup_time",
]
