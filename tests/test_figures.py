"""Every figure a notebook shows, drawn from real runs (and notebook 11's committed data).

A label the font cannot draw (tofu: matplotlib warns "Glyph ... missing from font(s)") fails,
as does a heatmap without a legend, a figure without Korean words, a colour outside the kit's
palette, a blocked connection drawn in the colour of harm, or a random scratch name on screen.
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import pytest

from hooklab import watch
from hooklab.defences import Lab, heatmap, run_matrix
from hooklab.defences.runners import RUNNERS, RunnerRow, run_side_by_side
from hooklab.fixtures import build, get_fixture
from hooklab.show import figure as style
from hooklab.show import (
    load_servers,
    plot_behaviour_heatmap,
    plot_hooks,
    plot_timeline,
    plot_tree_sizes,
    plot_verdicts,
    servers_frame,
)
from hooklab.show.runners import runners_plot
from tests.conftest import IN_CI, ROOT

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

    from hooklab.model import RunResult

HANGUL = re.compile(r"[\uac00-\ud7a3]")
PALETTE = {
    c.lower()
    for c in (
        style.ORANGE,
        style.SKY,
        style.GREEN,
        style.YELLOW,
        style.BLUE,
        style.VERMILLION,
        style.PURPLE,
        style.GREY,
        style.EMPTY,
        "#DDDDDD",  # notebook 11: a server that was not rehearsed
    )
}


def missing_glyphs(fig: Figure) -> list[str]:
    """Draw `fig` as a PNG; every "Glyph ... missing from font(s)" warning matplotlib gives."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.savefig(io.BytesIO(), format="png")
    return [str(w.message) for w in caught if "missing from font" in str(w.message)]


def texts(fig: Figure) -> list[str]:
    from matplotlib.text import Text

    return [t.get_text() for t in fig.findobj(Text) if t.get_text()]


def legend_colours(fig: Figure) -> set[str]:
    from matplotlib.colors import to_hex

    return {
        to_hex(patch.get_facecolor())
        for ax in fig.axes
        if ax.get_legend() is not None
        for patch in ax.get_legend().get_patches()
    }


# -- real data, once a module


@pytest.fixture(scope="module")
def setup_py_run() -> RunResult:
    """Notebook 03's run: uvx builds the sdist, so setup.py runs."""
    sdist = build(get_fixture("pypi-setup-py"))["sdist"]
    return watch(["uvx", "--from", str(sdist), "hooklab-setuppy-hello"])


@pytest.fixture(scope="module")
def behaviour_table() -> pd.DataFrame:
    """Notebook 08's table for the escape fixture, on the host and in bwrap."""
    from hooklab.watch.sandbox import BACKENDS, behaviour_frame, escape_stage, rehearse

    problem = BACKENDS["bwrap"].problem()
    assert problem is None or not IN_CI, problem
    if problem:
        pytest.skip(f"bwrap: {problem}")
    with escape_stage() as stage:
        results = rehearse([get_fixture("escape-postinstall")], ["host", "bwrap"], stage=stage)
        return behaviour_frame(results, stage.decoy).loc["escape-postinstall"]


@pytest.fixture(scope="module")
def matrix() -> Iterator[pd.DataFrame]:
    """A small live matrix: an npm and a PyPI fixture, so each has a defence that does not
    apply to it (an empty square)."""
    fxs = [get_fixture("npm-postinstall"), get_fixture("pypi-setup-py")]
    with Lab("t-figures", fixtures=fxs) as lab:
        yield run_matrix(["none", "ignore-scripts", "uv-no-build"], fxs, lab)


@pytest.fixture(scope="module")
def runner_rows() -> list[RunnerRow]:
    """Notebook 06's runner table for two runners: npm 11's npx runs hooks, npm 12's does not."""
    from tests.test_runners import needs_runners

    if needs_runners.args[0]:
        pytest.skip(needs_runners.kwargs["reason"])
    two = tuple(r for r in RUNNERS if r.key in ("npx-npm11", "npx-npm12"))
    return run_side_by_side(two, lab_name="t-figures-runners")


@pytest.fixture(scope="module")
def servers() -> pd.DataFrame:
    return servers_frame(load_servers(ROOT / "notebooks" / "data" / "real-servers.json"))


Draw = Callable[[pytest.FixtureRequest], Any]
FIGURES: dict[str, Draw] = {
    "timeline (02, 03)": lambda r: plot_timeline(r.getfixturevalue("setup_py_run")),
    "behaviour heatmap (08)": lambda r: plot_behaviour_heatmap(
        r.getfixturevalue("behaviour_table")
    ),
    "defence matrix (05, 06, 07)": lambda r: heatmap(r.getfixturevalue("matrix")),
    "runners (06)": lambda r: runners_plot(r.getfixturevalue("runner_rows")),
    "tree sizes (11)": lambda r: plot_tree_sizes(r.getfixturevalue("servers")),
    "verdicts (11)": lambda r: plot_verdicts(r.getfixturevalue("servers")),
    "hooks (11)": lambda r: plot_hooks(r.getfixturevalue("servers")),
}


@pytest.fixture(params=sorted(FIGURES))
def figure(request: pytest.FixtureRequest) -> Figure:
    return FIGURES[request.param](request)


# -- every figure


def test_every_label_has_its_glyphs(figure: Figure) -> None:
    assert not missing_glyphs(figure)


def test_every_figure_speaks_korean(figure: Figure) -> None:
    assert any(HANGUL.search(t) for t in texts(figure)), texts(figure)


def test_every_heatmap_has_a_legend_or_colour_bar(figure: Figure) -> None:
    for ax in figure.axes:
        if ax.images:
            colour_bar = any(getattr(other, "_colorbar", None) for other in figure.axes)
            assert ax.get_legend() is not None or colour_bar


def test_every_legend_colour_is_in_the_palette(figure: Figure) -> None:
    assert legend_colours(figure) <= PALETTE


def test_the_glyph_check_catches_tofu() -> None:
    """A Korean title in a font without Hangul is caught: the check above can fail."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.set_title("설치 훅", fontfamily="DejaVu Sans")
    assert missing_glyphs(fig)
    plt.close(fig)


# -- what each figure must say


def test_a_blocked_connection_is_not_drawn_as_harm(behaviour_table: pd.DataFrame) -> None:
    fig = plot_behaviour_heatmap(behaviour_table)
    cells = fig.axes[0].images[0].get_array()
    rows = list(behaviour_table.index)
    columns = list(behaviour_table.columns)
    assert behaviour_table.loc["connect blocked", "bwrap"]
    assert behaviour_table.loc["canary reached", "host"]
    blocked = cells[rows.index("connect blocked")][columns.index("bwrap")]
    harm = cells[rows.index("canary reached")][columns.index("host")]
    assert list(blocked) != list(harm)


def test_the_timeline_shows_no_scratch_names(setup_py_run: RunResult) -> None:
    fig = plot_timeline(setup_py_run)
    labels = texts(fig)
    assert any(".tmp…" in t for t in labels), labels  # uv's scratch folder, named steadily
    assert not [t for t in labels if re.search(r"\.tmp[A-Za-z0-9]{6}\b", t)]


def test_a_defence_that_does_not_apply_is_in_the_legend(matrix: pd.DataFrame) -> None:
    fig = heatmap(matrix)
    assert style.EMPTY.lower() in legend_colours(fig)
    assert "해당 없음 (다른 생태계의 방어)" in texts(fig)
