"""A Lab: the loopback registries a scenario needs, with the fixtures published, and a way to
run a command against them under hooklab.watch.

`with Lab() as lab:` starts a "public" npm registry and Python index (and, on first use, the
internal pair of a private-registry set-up) and stops all of them when the block ends.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from hooklab.defences.registry import PythonIndex, Verdaccio
from hooklab.defences.releases import is_install_time, publish_fixture
from hooklab.fixtures import Fixture, all_fixtures
from hooklab.model import RunResult
from hooklab.paths import work_dir
from hooklab.watch import watch


def lab_fixtures() -> list[Fixture]:
    """The fixtures the defences are about: those whose hook runs at install or start-up."""
    return [fx for fx in all_fixtures() if is_install_time(fx)]


class Lab:
    def __init__(
        self, name: str = "lab", fixtures: list[Fixture] | None = None, reset: bool = True
    ) -> None:
        self.name = name
        self.fixtures = fixtures if fixtures is not None else lab_fixtures()
        self.npm = Verdaccio(f"{name}-npm", reset=reset)
        self.pypi = PythonIndex(f"{name}-pypi", reset=reset)
        self._reset = reset
        self._internal: tuple[Verdaccio, PythonIndex] | None = None
        self.scratch: Path | None = None

    # -- life cycle
    def start(self) -> Lab:
        try:
            self.scratch = Path(tempfile.mkdtemp(prefix=f"{self.name}-", dir=work_dir()))
            self.npm.start()
            self.pypi.start()
            for fx in self.fixtures:
                publish_fixture(fx, self.npm if fx.ecosystem == "npm" else self.pypi)
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        for server in (self.npm, self.pypi, *(self._internal or ())):
            server.stop()
        if self.scratch is not None:
            shutil.rmtree(self.scratch, ignore_errors=True)
            self.scratch = None

    def __enter__(self) -> Lab:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def internal(self) -> tuple[Verdaccio, PythonIndex]:
        """The private pair (npm, Python), started empty on first use: only vetted packages."""
        if self._internal is None:
            npm = Verdaccio(f"{self.name}-npm-internal", reset=self._reset)
            pypi = PythonIndex(f"{self.name}-pypi-internal", reset=self._reset)
            self._internal = (npm, pypi)
            npm.start()
            pypi.start()
        return self._internal

    # -- running things against the registries
    def env(self, side: str = "public") -> dict[str, str]:
        """npm, uv and pip settings pointing at the public or the internal registries."""
        npm, pypi = (self.npm, self.pypi) if side == "public" else self.internal
        return {"npm_config_registry": npm.url, **pypi.env()}

    def folder(self, label: str) -> Path:
        """A fresh folder under the lab's scratch space (a project, a download dir)."""
        if self.scratch is None:
            raise RuntimeError("the lab is not running")
        path = Path(tempfile.mkdtemp(prefix=f"{label}-", dir=self.scratch))
        return path

    def run(
        self,
        argv: list[str],
        *,
        side: str = "public",
        env: dict[str, str] | None = None,
        cwd: Path | None = None,
        **kwargs: Any,
    ) -> RunResult:
        """hooklab.watch.watch(argv) with the registry settings of `side` in its environment."""
        return watch(argv, env={**self.env(side), **(env or {})}, cwd=cwd, **kwargs)

    def fixture(self, name: str) -> Fixture:
        for fx in self.fixtures:
            if fx.name == name:
                return fx
        raise KeyError(name)
