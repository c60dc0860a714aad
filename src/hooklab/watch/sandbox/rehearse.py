"""Rehearse fixtures: run each one the way a user would, on each backend, and keep the results."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path

from hooklab.fixtures import Fixture, all_fixtures, build
from hooklab.model import RunResult
from hooklab.watch.sandbox.engine import docker_engine
from hooklab.watch.sandbox.stage import EscapeTargets

# Payload stages that run while a package is installed or its program starts (not MCP tool calls).
INSTALL_STAGES = frozenset({"preinstall", "postinstall", "build", "python-start"})


def install_fixtures() -> list[Fixture]:
    """The fixtures whose payload runs at install time: the ones a rehearsal is for."""
    return [f for f in all_fixtures() if {p.stage for p in f.payloads} <= INSTALL_STAGES]


def fixture_command(fx: Fixture, artefacts: dict[str, Path] | None = None) -> list[str]:
    """What a user types to run the fixture's program: `npx --yes ...` or an offline `uvx`.

    uvx gets a local wheelhouse holding the pinned build tools, so a source build works with
    no network, inside a sandbox as much as on the host.
    """
    artefacts = artefacts or build(fx)
    if fx.ecosystem == "npm":
        return ["npx", "--yes", "--package", str(artefacts["tgz"]), fx.command]
    from hooklab.defences.wheelhouse import build_tools, wheelhouse

    build_tools()
    source = artefacts.get("sdist") or artefacts["wheel"]
    return [
        "uvx",
        "--offline",
        "--no-index",
        "--find-links",
        str(wheelhouse()),
        "--from",
        str(source),
        fx.command,
    ]


def rehearse(
    fixtures: list[Fixture],
    backends: list[str],
    stage: EscapeTargets | None = None,
    on_step: Callable[[], None] | None = None,
    **watch_args,
) -> dict[tuple[str, str], RunResult]:
    """Every fixture on every backend, keyed (fixture, backend), inside one Docker engine.

    With a `stage`, the escape fixture's targets are planted and reset between runs;
    `on_step` is called after each run (a progress bar).
    """
    from hooklab.watch.runner import watch

    env = {**(stage.env() if stage else {}), **watch_args.pop("env", {})}
    needs_engine = bool({"docker", "gvisor"} & set(backends))
    results: dict[tuple[str, str], RunResult] = {}
    with docker_engine() if needs_engine else contextlib.nullcontext():
        for fx in fixtures:
            argv = fixture_command(fx)
            for backend in backends:
                if stage:
                    stage.clear()
                results[(fx.name, backend)] = watch(argv, sandbox=backend, env=env, **watch_args)
                if on_step is not None:
                    on_step()
    return results
