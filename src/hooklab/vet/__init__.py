"""`hooklab vet`: a real package, a launch line or a whole client config, checked end to end.

Resolve and fetch the dependency tree without running it, review every package, rehearse the
real launcher once in a sandbox from the fetched cache, and give a verdict and a pinned, safe
launch line. It composes `review` and `watch`; it adds no tracer or reviewer of its own.
"""

from typing import TYPE_CHECKING

from hooklab.lazy import lazy_exports

if TYPE_CHECKING:  # imported on first use: see hooklab.lazy
    from hooklab.vet.model import (
        HookRun,
        Node,
        PackageVerdict,
        Rehearsal,
        Target,
        Tree,
        Unvetted,
        VetReport,
    )
    from hooklab.vet.run import vet
    from hooklab.vet.target import config_targets, parse_target

lazy_exports(__name__)

__all__ = [
    "HookRun",
    "Node",
    "PackageVerdict",
    "Rehearsal",
    "Target",
    "Tree",
    "Unvetted",
    "VetReport",
    "config_targets",
    "parse_target",
    "vet",
]
