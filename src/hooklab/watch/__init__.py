"""Run a command and see what it did: fake home, canary, tracer."""

from typing import TYPE_CHECKING

from hooklab.lazy import lazy_exports

if TYPE_CHECKING:  # imported on first use: see hooklab.lazy
    from hooklab.watch.canary import Canary
    from hooklab.watch.home import FAKE_SECRETS, FakeHome, real_home
    from hooklab.watch.runner import watch
    from hooklab.watch.trace import TraceParser

lazy_exports(__name__)

__all__ = ["FAKE_SECRETS", "Canary", "FakeHome", "TraceParser", "real_home", "watch"]
