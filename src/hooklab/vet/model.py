"""The records `hooklab vet` passes between its steps: what to vet, the resolved tree, what the
rehearsal saw, and the verdicts. Plain dataclasses with a JSON view; no imports from the rest
of the kit except `hooklab.model`."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal, get_args

from hooklab.model import VERDICTS, Verdict

Ecosystem = Literal["npm", "pypi"]
# How the config (or the user) starts the package; the rehearsal uses the real launcher of its
# ecosystem (npx for npm, uvx for PyPI) and says so when the config names another one.
Launcher = Literal["npx", "pnpm-dlx", "bunx", "yarn-dlx", "uvx", "pipx"]
LAUNCHERS: tuple[Launcher, ...] = get_args(Launcher)
# npm lifecycle events that run at install, the implicit `node-gyp rebuild` (a binding.gyp and
# no install script) and, for Python, code run by a build (sdist) or at interpreter start (.pth).
InstallSurface = Literal[
    "preinstall", "install", "postinstall", "binding.gyp", "sdist-build", "pth-file"
]
Step = Literal["resolve", "fetch", "static", "dynamic", "verdict"]
STEPS: tuple[Step, ...] = get_args(Step)

__all__ = [
    "LAUNCHERS",
    "STEPS",
    "VERDICTS",
    "Ecosystem",
    "HookRun",
    "InstallSurface",
    "Launcher",
    "Node",
    "PackageVerdict",
    "Rehearsal",
    "Target",
    "Tree",
    "Unvetted",
    "Verdict",
    "VetReport",
]


@dataclass(frozen=True)
class Target:
    """One thing to vet: a registry package, or a server's launch line from a config."""

    ecosystem: Ecosystem
    name: str  # the registry name (an `npm:` alias already followed)
    requested: str  # the version or range as written ("" when none: the newest is fetched)
    launcher: Launcher
    argv: tuple[str, ...]  # the launch line as written (or the one `npm:`/`pypi:` implies)
    program: str | None = None  # the bin / console script the launch line runs
    server: str | None = None  # the server's name in a client config
    config: str | None = None  # the config file it came from
    args: tuple[str, ...] = ()  # the server's own arguments, after the package or program


@dataclass(frozen=True)
class Unvetted:
    """A config's server that is no registry package (a container, a path, a shell line, a URL):
    reported with the reason, never an error."""

    server: str
    config: str
    argv: tuple[str, ...]
    problem: str

    def to_dict(self) -> dict[str, Any]:
        """The keys of `VetReport.to_dict()`, with nothing vetted and no verdict."""
        target = {"server": self.server, "config": self.config, "argv": list(self.argv)}
        empty = VetReport.__dataclass_fields__
        out: dict[str, Any] = {k: None if k in ("tree", "rehearsal") else [] for k in empty}
        out.update(target=target, verdict=None, safe_note="", seconds={}, problems=[self.problem])
        return out


@dataclass(frozen=True)
class Node:
    """One package of the resolved tree, as its registry and lockfile describe it."""

    ecosystem: Ecosystem
    name: str
    version: str
    path: str  # where it sits: the lockfile key (npm) or "name==version" (PyPI)
    direct: bool = False  # the target itself
    optional: bool = False
    url: str = ""  # where the archive came from
    integrity: str = ""  # the lockfile's integrity / the index's sha256
    archive: str | None = None  # the fetched archive or unpacked folder the review reads
    surfaces: tuple[InstallSurface, ...] = ()  # install-time code it declares or ships
    deprecated: str | None = None  # the registry's deprecation (npm) or yank (PyPI) message
    license: str | None = None


@dataclass
class Tree:
    """The target's whole dependency tree, resolved without running any of it."""

    target: Target
    version: str  # the exact version the target resolved to
    floating: bool  # the target named no exact version
    nodes: list[Node] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # limits hit, what could not be resolved
    cache: str | None = None  # the cache folder the rehearsal installs from

    @property
    def root(self) -> Node | None:
        return next((n for n in self.nodes if n.direct), None)


@dataclass(frozen=True)
class HookRun:
    """One install-time process the rehearsal saw, attributed by the package manager's env."""

    package: str | None
    version: str | None
    event: str | None
    argv: tuple[str, ...]
    secret_reads: tuple[str, ...] = ()  # fake secrets its processes opened
    connects: tuple[str, ...] = ()  # connections they tried beyond loopback


@dataclass
class Rehearsal:
    """What happened when the real launcher ran the target once in a sandbox, offline."""

    sandbox: str
    argv: list[str]
    exit_code: int | None
    hooks: list[HookRun] = field(default_factory=list)
    connects: list[str] = field(default_factory=list)  # connections tried beyond loopback
    secret_reads: list[str] = field(default_factory=list)  # fake secrets a process opened
    canary_hits: int = 0
    markers: list[str] = field(default_factory=list)
    problem: str | None = None  # why it could not run, or ran only in part
    leaked: list[str] = field(default_factory=list)  # fake secrets that reached the canary
    program_ran: bool = False  # the bin / console script started
    program_reads: list[str] = field(default_factory=list)  # fake secrets the program opened
    program_connects: list[str] = field(default_factory=list)  # and where it tried to connect
    stopped: bool = False  # still running when its time was up (a server waiting): stopped
    last_line: str = ""  # the last line it printed (stderr first), for the evidence
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)  # limits hit while reading the run


@dataclass
class PackageVerdict:
    """One package's verdict, static and dynamic side by side, with the lines behind it."""

    name: str
    version: str
    static: Verdict
    dynamic: Verdict | None  # None: the rehearsal did not run
    verdict: Verdict
    evidence: list[str] = field(default_factory=list)
    surfaces: list[str] = field(default_factory=list)  # install-time code it declares or ships
    ran: list[str] = field(default_factory=list)  # the install events the rehearsal saw run
    deprecated: str | None = None


@dataclass
class VetReport:
    """`hooklab vet`'s answer for one target; `to_dict()` is the `--json` contract."""

    target: Target
    tree: Tree | None = None
    packages: list[PackageVerdict] = field(default_factory=list)
    rehearsal: Rehearsal | None = None
    verdict: Verdict = "clean"
    declared_not_run: list[str] = field(default_factory=list)  # "pkg@ver event"
    run_not_declared: list[str] = field(default_factory=list)
    safe_line: list[str] = field(default_factory=list)  # the launch line to paste back
    safe_note: str = ""  # why this line; "needs its hooks" said plainly
    seconds: dict[str, float] = field(default_factory=dict)  # per step
    problems: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
