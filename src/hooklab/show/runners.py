"""The side-by-side runner rows (hooklab.defences.runners) as a table and a picture."""

from __future__ import annotations

from dataclasses import asdict

import pandas as pd

from hooklab.defences.runners import RunnerRow
from hooklab.show.realservers import _korean_font

_ROLE_KO = {"target": "훅이 있는 패키지", "innocent": "의존성에 훅"}
# Okabe-Ito: told apart with any colour vision; each cell also says it in words.
_RAN, _BLOCKED, _BROKEN = "#D55E00", "#0072B2", "#E69F00"


def runners_frame(rows: list[RunnerRow]) -> pd.DataFrame:
    """One row a run: runner, version, package, whose hook ran, did the program work."""
    frame = pd.DataFrame([asdict(r) for r in rows])
    frame["role"] = frame["role"].map(_ROLE_KO)
    return frame[
        ["runner", "version", "role", "package", "target_hook_ran", "dependency_hook_ran", "works"]
    ]


def runners_plot(rows: list[RunnerRow]):
    """Runners down, the two packages across; each cell: did a hook run, did the program work."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    _korean_font()
    runners = list(dict.fromkeys(f"{r.runner} {r.version}" for r in rows))
    roles = list(_ROLE_KO)
    fig, ax = plt.subplots(figsize=(7.5, 0.5 * len(runners) + 1.6))
    for r in rows:
        y, x = runners.index(f"{r.runner} {r.version}"), roles.index(r.role)
        ran = r.target_hook_ran or r.dependency_hook_ran
        colour = _RAN if ran else (_BLOCKED if r.works else _BROKEN)
        words = ("훅 실행됨" if ran else "훅 막힘") + (" · 동작" if r.works else " · 실패")
        ax.add_patch(plt.Rectangle((x - 0.48, y - 0.45), 0.96, 0.9, color=colour))
        ax.text(x, y, words, ha="center", va="center", color="white", fontsize=9)
    ax.set_xlim(-0.5, len(roles) - 0.5)
    ax.set_ylim(len(runners) - 0.5, -0.5)
    ax.set_xticks(range(len(roles)), [_ROLE_KO[k] for k in roles])
    ax.set_yticks(range(len(runners)), runners)
    ax.set_title("러너마다 다르다: 같은 두 패키지, 실제 실행 결과")
    ax.legend(
        handles=[
            Patch(color=_RAN, label="설치 훅이 실행됨"),
            Patch(color=_BLOCKED, label="훅 막힘 · 프로그램 동작"),
            Patch(color=_BROKEN, label="프로그램 실패"),
        ],
        loc="upper left",
        bbox_to_anchor=(1.01, 1),
        fontsize=8,
    )
    fig.tight_layout()
    plt.close(fig)
    return fig
