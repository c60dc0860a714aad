"""Records shared by every part of hooklab: plain dataclasses with a JSON view.

This module imports nothing from the rest of the package.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any, Literal, get_args

# Plain strings in frames and JSON; the aliases say which ones a field may hold.
EventKind = Literal["exec", "file_write", "secret_read", "connect", "exit"]
Role = Literal["launcher", "hook", "program"]
Level = Literal["low", "medium", "high"]  # how much a static review worries, least first
EVENT_KINDS: tuple[EventKind, ...] = get_args(EventKind)
ROLES: tuple[Role, ...] = get_args(Role)
LEVELS: tuple[Level, ...] = get_args(Level)
# What a package is, from threat indicators (review) and what a rehearsal saw (vet), least first.
# A capability alone (exec, network, reading the environment) is never more than
# "capabilities-only"; code that runs at install is "runs-code-at-install"; only indicators make
# "suspicious" or "malicious".
Verdict = Literal["clean", "capabilities-only", "runs-code-at-install", "suspicious", "malicious"]
VERDICTS: tuple[Verdict, ...] = get_args(Verdict)


@dataclass(frozen=True)
class Event:
    """One thing a watched process did, as seen by the tracer."""

    time: float  # seconds since the watched command started
    pid: int
    ppid: int | None
    kind: EventKind
    detail: str
    role: Role = "launcher"
    ok: bool = True  # False when the call failed (a refused connect, a denied open)
    # For a hook: the package whose script it is and the lifecycle event (npm's postinstall, a
    # PEP 517 hook such as build_wheel), as the package manager named them; None when unknown.
    package: str | None = None
    version: str | None = None
    event: str | None = None


@dataclass(frozen=True)
class Process:
    """One process of the watched command's tree."""

    pid: int
    ppid: int | None
    start: float
    end: float | None
    argv: tuple[str, ...]
    role: Role
    package: str | None = None  # as on Event: whose hook this process runs, and for which event
    version: str | None = None
    event: str | None = None


@dataclass(frozen=True)
class CanaryHit:
    """One request that reached the loopback canary listener."""

    time: float
    method: str
    path: str
    body: str
    secrets: tuple[str, ...] = ()  # names of fake secrets found in the request


@dataclass
class RunResult:
    """Everything one watched run produced."""

    command: list[str]
    exit_code: int
    stdout: str
    stderr: str
    duration: float
    sandbox: str = "host"
    events: list[Event] = field(default_factory=list)
    processes: list[Process] = field(default_factory=list)
    canary_hits: list[CanaryHit] = field(default_factory=list)
    markers: list[str] = field(default_factory=list)  # files the payloads left in the canary dir
    traced: bool = True
    # Where the run's own folders were, so views can print "~" instead of a temp path.
    places: dict[str, str] = field(default_factory=dict)
    canary_port: int = 0

    @property
    def hook_ran(self) -> bool:
        """True when any evidence says install-time code ran: a marker, a hit or a hook exec."""
        return bool(self.markers or self.canary_hits) or any(
            e.kind == "exec" and e.role == "hook" for e in self.events
        )

    @property
    def secrets_leaked(self) -> tuple[str, ...]:
        return tuple(sorted({s for hit in self.canary_hits for s in hit.secrets}))

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["hook_ran"] = self.hook_ran
        d["secrets_leaked"] = list(self.secrets_leaked)
        return d

    def to_json(self, **kwargs: Any) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, **kwargs)
