"""Lab 04's stage: an internal registry pair holding the company's clean @acme package, and a
"public" pair where an attacker published the same name as 9.9.9 with an install hook."""

from __future__ import annotations

from typing import Any

from hooklab.defences import ACME_NPM, ACME_PYPI, Lab, confusion_setup, outcome, write_npmrc
from hooklab.errors import HooklabError
from hooklab.fixtures import get_fixture
from hooklab.lang import both

PROGRAM = "hooklab-takeover-mcp"
_current: ConfusionLab | None = None


class ConfusionLab:
    """Start with `.start()`, stop with `.stop()` (the lab's last cell), or use `with`."""

    npm_package = ACME_NPM
    python_package = ACME_PYPI

    def __init__(self) -> None:
        fixtures = [get_fixture("npm-takeover"), get_fixture("pypi-takeover")]
        self.lab = Lab("lab04", fixtures=fixtures, internal=True)

    def start(self) -> ConfusionLab:
        global _current
        self.lab.start()
        try:
            confusion_setup(self.lab, *self.lab.fixtures)
        except BaseException:
            self.lab.stop()
            raise
        _current = self
        return self

    def stop(self) -> None:
        global _current
        self.lab.stop()
        if _current is self:
            _current = None

    def __enter__(self) -> ConfusionLab:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def internal_npm_url(self) -> str:
        return self.lab.internal[0].url

    @property
    def internal_index_url(self) -> str:
        return self.lab.internal[1].simple_url

    def npx(self, npmrc: str | None = None) -> dict[str, Any]:
        """`npx -y @acme/hooklab-takeover-mcp --version` in a fresh project folder holding
        `npmrc` as its .npmrc, against the public registry; one row of what happened."""
        folder = self.lab.folder("project")
        if npmrc is not None:
            write_npmrc(folder, npmrc)
        argv = ["npx", "-y", ACME_NPM, "--version"]
        result = self.lab.run(argv, cwd=folder)
        return outcome(" ".join(argv), result, self.lab.fixture("npm-takeover"))

    def run(self, argv: list[str]) -> dict[str, Any]:
        """Any command against the public registries (uv and pip default to the public index)."""
        return outcome(" ".join(argv), self.lab.run(argv), self.lab.fixture("pypi-takeover"))


def current() -> ConfusionLab:
    if _current is None:
        raise HooklabError(
            both(
                "랩 04의 레지스트리가 돌고 있지 않습니다. 준비 셀을 먼저 실행하세요",
                "lab 04's registries are not running: run the set-up cell first",
            )
        )
    return _current
