"""The defence matrix: every install-time fixture x every defence, each cell a live run.

A cell answers two questions from its own RunResult: did the payload run (`RunResult.hook_ran`:
a marker, a canary hit or a hook's exec), and did the program the user wanted still start?
Nothing is typed in. Besides the install-time fixtures, the matrix holds those whose payload runs
with the program (a dependency's code): the row where no install switch helps.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from typing import Literal

import pandas as pd

from hooklab.defences.lab import Lab
from hooklab.defences.plans import DEFENCES, defence_names, plan, works
from hooklab.defences.private import vet_and_promote
from hooklab.defences.releases import is_install_time, release_versions
from hooklab.errors import HooklabError
from hooklab.fixtures import Fixture, all_fixtures
from hooklab.lang import Catalogue, both, current_lang, say
from hooklab.model import RunResult
from hooklab.show.tables import as_table

COLUMNS = [
    "fixture",
    "ecosystem",
    "defence",
    "hook_ran",
    "works",
    "outcome",
    "exit_code",
    "seconds",
]
# What a cell came to: the hook ran (and reached the canary), ran but stayed inside the
# sandbox, was blocked but the program broke, or was blocked with the program working.
CellOutcome = Literal["hook", "contained", "broken", "safe"]
# A cell of `matrix_table` in words, in both languages (hooklab.lang).
TEXT: Catalogue = {
    "hook": {"ko": "훅 실행됨", "en": "hook ran"},
    "contained": {"ko": "훅 실행됨 · 밖으로 못 나감", "en": "hook ran · could not get out"},
    "broken": {"ko": "막음 · 프로그램 안 됨", "en": "blocked · program broken"},
    "safe": {"ko": "막음 · 프로그램 정상", "en": "blocked · program works"},
}


# The payload stage of code that runs when the program runs, not at install.
RUNTIME_STAGE = "runtime"


def matrix_fixtures() -> list[Fixture]:
    """The matrix's rows: the install-time fixtures and the run-time ones."""
    return [
        fx
        for fx in all_fixtures()
        if is_install_time(fx) or any(p.stage == RUNTIME_STAGE for p in fx.payloads)
    ]


@dataclass
class Cell:
    fixture: str
    ecosystem: str
    defence: str
    hook_ran: bool
    works: bool
    outcome: CellOutcome
    exit_code: int
    seconds: float


def _cell(fx: Fixture, defence: str, result: RunResult) -> Cell:
    ok = works(fx, result.stdout, result.exit_code)
    if result.hook_ran:
        # In a sandbox the hook still runs; what counts is whether it reached the canary.
        sandboxed = result.sandbox != "host"
        outcome: CellOutcome = "contained" if sandboxed and not result.canary_hits else "hook"
    else:
        outcome = "safe" if ok else "broken"
    return Cell(
        fx.name,
        fx.ecosystem,
        defence,
        result.hook_ran,
        ok,
        outcome,
        result.exit_code,
        result.duration,
    )


def _run_one(lab: Lab, fx: Fixture, defence: str, sandbox: str) -> tuple[Cell, RunResult] | None:
    p = plan(lab, fx, defence)
    if p is None:
        return None
    kwargs = {**p.watch_kwargs, "sandbox": sandbox} if "sandbox" in p.watch_kwargs else {}
    result = lab.run(p.argv, side=p.side, env=p.env, cwd=p.cwd, reuse=True, **kwargs)
    return _cell(fx, defence, result), result


def run_matrix(
    defences: list[str] | None = None,
    fixtures: list[Fixture] | None = None,
    lab: Lab | None = None,
    workers: int | None = None,
    sandbox: str = "bwrap",
    on_step: Callable[[], None] | None = None,
) -> pd.DataFrame:
    """Run every (fixture, defence) cell live and return one row a cell.

    Cells run in parallel (`workers`, default: the CPU count plus one, since runs mostly wait).
    The private-registry column first vets and promotes every fixture version; it reuses the
    pin and none runs as the vetting runs when they are in the same matrix. A cell whose exact
    command already ran in this lab (an earlier notebook cell) takes that run's result.
    `sandbox` names the backend the sandbox column runs in (bwrap, docker or gvisor).
    `on_step` is called as each (fixture, defence) pair finishes (a progress bar).
    """
    names = defences or defence_names()
    unknown = [d for d in names if d not in DEFENCES]
    if unknown:
        known = ", ".join(DEFENCES)
        raise HooklabError(
            both(
                f"알 수 없는 방어 {unknown[0]!r}입니다. 있는 방어: {known}",
                f"unknown defence {unknown[0]!r}; known: {known}",
            )
        )
    if lab is None:
        with Lab("matrix", fixtures=matrix_fixtures() if fixtures is None else fixtures) as own:
            return run_matrix(names, fixtures, own, workers, sandbox, on_step)
    fxs = fixtures if fixtures is not None else lab.fixtures
    workers = workers or (os.cpu_count() or 2) + 1
    cells: list[Cell] = []
    runs: dict[tuple[str, str], RunResult] = {}

    def batch(pairs: list[tuple[Fixture, str]]) -> None:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            for out in pool.map(lambda pair: _run_one(lab, pair[0], pair[1], sandbox), pairs):
                if on_step is not None:
                    on_step()
                if out is None:
                    continue
                cell, result = out
                cells.append(cell)
                runs[(cell.fixture, cell.defence)] = result

    batch([(fx, d) for fx in fxs for d in names if d != "private-registry"])
    if "private-registry" in names:
        vetted: dict[tuple[str, str], RunResult] = {}
        for fx in fxs:
            versions = release_versions(fx)
            for key, version in (("pin", versions[0]), ("none", versions[-1])):
                if (fx.name, key) in runs:
                    vetted[(fx.name, version)] = runs[(fx.name, key)]
        vet_and_promote(lab, fxs, results=vetted)
        batch([(fx, "private-registry") for fx in fxs])
    return matrix_frame(cells, names, fxs)


def matrix_frame(cells: list[Cell], defences: list[str], fixtures: list[Fixture]) -> pd.DataFrame:
    """Cells as a tidy frame in a stable order (fixture, then defence)."""
    order = {(fx.name, d): (i, j) for i, fx in enumerate(fixtures) for j, d in enumerate(defences)}
    rows = sorted(cells, key=lambda c: order[(c.fixture, c.defence)])
    return as_table(pd.DataFrame([asdict(c) for c in rows], columns=COLUMNS))


def matrix_table(frame: pd.DataFrame) -> pd.DataFrame:
    """fixture x defence, each cell in words (the kit's language); "—" where the defence does not
    apply."""
    lang = current_lang()
    words = frame.assign(cell=[say(TEXT, outcome, lang) for outcome in frame["outcome"]])
    table = words.pivot(index="fixture", columns="defence", values="cell")
    table = table.reindex(
        index=list(dict.fromkeys(frame["fixture"])), columns=list(dict.fromkeys(frame["defence"]))
    )
    table.columns.name = None
    return as_table(table.fillna("—"))
