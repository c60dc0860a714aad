"""Run a command and see what it did: fake home, canary, tracer."""

from hooklab.watch.canary import Canary
from hooklab.watch.home import FAKE_SECRETS, FakeHome, real_home
from hooklab.watch.runner import watch
from hooklab.watch.trace import TraceParser

__all__ = ["FAKE_SECRETS", "Canary", "FakeHome", "TraceParser", "real_home", "watch"]
