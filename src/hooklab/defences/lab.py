"""A Lab: the loopback registries a scenario needs, with the fixtures published, and a way to
run a command against them under hooklab.watch.

`with Lab() as lab:` starts a "public" npm registry and Python index (and, with `internal=True`
or on first use, the internal pair of a private-registry set-up) and stops all of them when the
block ends. Servers start side by side while the fixtures' artefacts are built, so a lab with
every fixture is up in a few seconds.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from hooklab.defences.releases import is_install_time, publish_releases, releases
from hooklab.defences.servers import PythonIndex, Verdaccio
from hooklab.errors import HooklabError
from hooklab.fixtures import Fixture, all_fixtures
from hooklab.lang import both, current_lang
from hooklab.model import RunResult
from hooklab.paths import work_dir
from hooklab.watch import watch


def lab_fixtures() -> list[Fixture]:
    """The fixtures the defences are about: those whose hook runs at install or start-up."""
    return [fx for fx in all_fixtures() if is_install_time(fx)]


def fixture_summary(fx: Fixture) -> str:
    """`fx`'s one-line summary in the kit's language (hooklab.lang)."""
    return fx.summary if current_lang() == "en" else fx.summary_ko


# The labs this process is running, by name (see Lab._claim).
_RUNNING: dict[str, Lab] = {}


class Lab:
    def __init__(
        self,
        name: str = "lab",
        fixtures: list[Fixture] | None = None,
        reset: bool = True,
        internal: bool = False,
    ) -> None:
        self.name = name
        self.fixtures = fixtures if fixtures is not None else lab_fixtures()
        self.npm = Verdaccio(f"{name}-npm", reset=reset)
        self.pypi = PythonIndex(f"{name}-pypi", reset=reset)
        self._reset = reset
        self._internal: tuple[Verdaccio, PythonIndex] | None = None
        if internal:
            self._internal = self._internal_pair()
        self.scratch: Path | None = None
        self._done: dict[str, RunResult] = {}
        self.extra: list[Verdaccio | PythonIndex] = []  # more servers to stop with the lab
        self._lock: int | None = None

    def _internal_pair(self) -> tuple[Verdaccio, PythonIndex]:
        npm = Verdaccio(f"{self.name}-npm-internal", reset=self._reset)
        return npm, PythonIndex(f"{self.name}-pypi-internal", reset=self._reset)

    # -- life cycle
    def _claim(self) -> None:
        """Hold the lab's name for this run: a second run with the same name in the same work
        folder would reset the registries under the first one's feet. A lab of the same name
        this process started (a notebook cell run again) is stopped first; another process's
        is an error."""
        earlier = _RUNNING.get(self.name)
        if earlier is not None and earlier is not self:
            earlier.stop()
        path = work_dir() / "labs" / f"{self.name}.lock"
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            where = work_dir()
            raise HooklabError(
                both(
                    f"다른 실행이 {where}에서 랩 {self.name!r}을(를) 쓰고 있습니다. 그 실행이"
                    " 끝나기를 기다리세요 (또는 이 실행에 다른 HOOKLAB_WORK를 주세요)",
                    f"another run is using lab {self.name!r} in {where}; wait for it to end "
                    "(or give this run another HOOKLAB_WORK)",
                )
            ) from None
        self._lock = fd
        _RUNNING[self.name] = self

    def start(self) -> Lab:
        self._claim()
        try:
            self.scratch = Path(tempfile.mkdtemp(prefix=f"{self.name}-", dir=work_dir()))
            servers = [self.npm, self.pypi, *(self._internal or ())]
            with ThreadPoolExecutor(max_workers=len(servers) + 2) as pool:
                started = [pool.submit(s.start) for s in servers]
                built = list(pool.map(releases, self.fixtures))
                for future in started:
                    future.result()
                published = [
                    pool.submit(
                        publish_releases, rel, self.npm if fx.ecosystem == "npm" else self.pypi
                    )
                    for fx, rel in zip(self.fixtures, built, strict=True)
                ]
                for future in published:
                    future.result()
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        for server in (self.npm, self.pypi, *(self._internal or ()), *self.extra):
            server.stop()
        if self.scratch is not None:
            shutil.rmtree(self.scratch, ignore_errors=True)
            self.scratch = None
        if self._lock is not None:
            os.close(self._lock)  # releases the name
            self._lock = None
            if _RUNNING.get(self.name) is self:
                del _RUNNING[self.name]

    def __enter__(self) -> Lab:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def internal(self) -> tuple[Verdaccio, PythonIndex]:
        """The private pair (npm, Python), started empty on first use: only vetted packages."""
        if self._internal is None:
            self._internal = self._internal_pair()
        for server in self._internal:
            server.start()
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
        reuse: bool = False,
        **kwargs: Any,
    ) -> RunResult:
        """hooklab.watch.watch(argv) with the registry settings of `side` in its environment.

        `reuse=True` gives back the result of an identical earlier run in this lab (same
        command, side, environment and options, no folder of its own) instead of running again.
        """
        key = repr((argv, side, sorted((env or {}).items()), sorted(kwargs.items())))
        if reuse and cwd is None and key in self._done:
            return self._done[key]
        result = watch(argv, env={**self.env(side), **(env or {})}, cwd=cwd, **kwargs)
        if cwd is None:
            self._done[key] = result
        return result

    def fixture(self, name: str) -> Fixture:
        for fx in self.fixtures:
            if fx.name == name:
                return fx
        raise KeyError(name)
