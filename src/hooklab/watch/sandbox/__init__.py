"""Where a watched command runs: host, bwrap, docker, gvisor (or auto), behind one interface."""

from hooklab.watch.sandbox.base import REAPER, Backend, Job, Outcome
from hooklab.watch.sandbox.engine import docker_engine
from hooklab.watch.sandbox.registry import (
    AUTO_ORDER,
    BACKENDS,
    CHOICES,
    SandboxUnavailable,
    get_backend,
)

__all__ = [
    "AUTO_ORDER",
    "BACKENDS",
    "CHOICES",
    "REAPER",
    "Backend",
    "Job",
    "Outcome",
    "SandboxUnavailable",
    "docker_engine",
    "get_backend",
]
