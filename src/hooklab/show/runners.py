"""The side-by-side runner rows (hooklab.defences.runners) as a table and a picture."""

from __future__ import annotations

from dataclasses import asdict

import pandas as pd

from hooklab.defences.runners import RunnerRow
from hooklab.show.figure import BROKEN, HARM, SAFE, Words, legend, subplots, text_colour, words
from hooklab.show.tables import as_table

ROLES = ("target", "innocent")  # RunnerRow.role: the package with a hook, the innocent one
WORDS: Words = {
    "ko": {
        "target": "훅이 있는 패키지",
        "innocent": "의존성에 훅",
        "ran": "훅 실행됨",
        "blocked": "훅 막힘",
        "works": " · 동작",
        "fails": " · 실패",
        "ran+": "설치 훅이 실행됨",
        "blocked+": "훅 막힘 · 프로그램 동작",
        "fails+": "프로그램 실패",
        "title": "러너마다 다르다: 같은 두 패키지, 실제 실행 결과",
    },
    "en": {
        "target": "package with a hook",
        "innocent": "hook in a dependency",
        "ran": "hook ran",
        "blocked": "hook blocked",
        "works": " · works",
        "fails": " · fails",
        "ran+": "an install hook ran",
        "blocked+": "hook blocked · program works",
        "fails+": "program failed",
        "title": "Each runner differs: the same two packages, real runs",
    },
}


def runners_frame(rows: list[RunnerRow]) -> pd.DataFrame:
    """One row a run: runner, version, package, whose hook ran, did the program work."""
    frame = pd.DataFrame([asdict(r) for r in rows])
    frame["role"] = frame["role"].map(words(WORDS))
    return as_table(frame)[
        ["runner", "version", "role", "package", "target_hook_ran", "dependency_hook_ran", "works"]
    ]


def runners_plot(rows: list[RunnerRow]):
    """Runners down, the two packages across; each cell: did a hook run, did the program work."""
    import matplotlib.pyplot as plt

    text = words(WORDS)
    runners = list(dict.fromkeys(f"{r.runner} {r.version}" for r in rows))
    roles = list(ROLES)
    fig, ax = subplots(7.5, 0.5 * len(runners) + 1.6)
    for r in rows:
        y, x = runners.index(f"{r.runner} {r.version}"), roles.index(r.role)
        ran = r.target_hook_ran or r.dependency_hook_ran
        colour = HARM if ran else (SAFE if r.works else BROKEN)
        label = text["ran" if ran else "blocked"] + text["works" if r.works else "fails"]
        ax.add_patch(plt.Rectangle((x - 0.48, y - 0.45), 0.96, 0.9, color=colour))
        ax.text(x, y, label, ha="center", va="center", color=text_colour(colour), fontsize=9)
    ax.set_xlim(-0.5, len(roles) - 0.5)
    ax.set_ylim(len(runners) - 0.5, -0.5)
    ax.set_xticks(range(len(roles)), [text[k] for k in roles])
    ax.set_yticks(range(len(runners)), runners)
    ax.set_title(text["title"])
    legend(ax, [(HARM, text["ran+"]), (SAFE, text["blocked+"]), (BROKEN, text["fails+"])])
    fig.tight_layout()
    plt.close(fig)
    return fig
