"""Backends by name, `auto`, and one-line reasons when a backend cannot run here."""

from __future__ import annotations

from hooklab.errors import HooklabError
from hooklab.lang import both
from hooklab.watch.sandbox.base import Backend
from hooklab.watch.sandbox.bwrap import BwrapBackend
from hooklab.watch.sandbox.docker import DockerBackend, GvisorBackend
from hooklab.watch.sandbox.host import HostBackend
from hooklab.watch.sandbox.reasons import reason
from hooklab.watch.sandbox.srt import SrtBackend

BACKENDS: dict[str, Backend] = {
    b.name: b
    for b in (HostBackend(), BwrapBackend(), DockerBackend(), GvisorBackend(), SrtBackend())
}
# `auto` takes the lightest sandbox that works; it never falls back to the unprotected host
# (nor picks srt, which leaves reads open).
AUTO_ORDER = ("bwrap", "docker", "gvisor")
CHOICES = (*BACKENDS, "auto")


class SandboxUnavailable(HooklabError):
    """The chosen sandbox cannot run here; the message names one that can."""


def working(skip: str = "") -> str | None:
    """The first isolated backend (in AUTO_ORDER) that works here, other than `skip`."""
    return next((n for n in AUTO_ORDER if n != skip and BACKENDS[n].problem() is None), None)


def get_backend(name: str) -> Backend:
    """The backend called `name` (or the one `auto` picks), refusing one that cannot run here."""
    if name == "auto":
        chosen = working()
        if chosen is None:
            reasons = "; ".join(f"{n}: {BACKENDS[n].problem()}" for n in AUTO_ORDER)
            raise SandboxUnavailable(
                both(
                    f"여기서 되는 샌드박스가 없습니다 ({reasons}). host만 실행할 수 있습니다",
                    f"no sandbox works here ({reasons}); only host would run",
                )
            )
        return BACKENDS[chosen]
    if name not in BACKENDS:
        raise HooklabError(
            both(
                f"알 수 없는 샌드박스 {name!r}입니다. {', '.join(CHOICES)} 중에서 고르세요",
                f"unknown sandbox {name!r}; choose one of {', '.join(CHOICES)}",
            )
        )
    backend = BACKENDS[name]
    if (why := backend.problem()) is not None:
        raise SandboxUnavailable(
            reason("unavailable", name=name, why=why, alternative=alternative(name))
        )
    return backend


def alternative(name: str) -> str:
    other = working(skip=name)
    return reason("try", other=other) if other else reason("host-only")
