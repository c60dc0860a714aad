"""The real MCP servers, measured: one row per vetted server (what
`scripts/collect-real-servers.py` stores in `notebooks/data/real-servers.json`), and the tables
and pictures notebook 11 makes from that file. Presentation only: nothing here runs a package.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hooklab.errors import HooklabError
from hooklab.lang import both
from hooklab.paths import project_root
from hooklab.safefile import read_json
from hooklab.safetext import json_safe, shown
from hooklab.show.figure import (
    BLUE,
    HARM,
    NEUTRAL,
    ORANGE,
    PURPLE,
    SAFE,
    SKY,
    Words,
    legend,
    subplots,
    words,
)
from hooklab.vet.problems import said
from hooklab.volatile import steady

if TYPE_CHECKING:
    import pandas as pd

    from hooklab.realset import RealPackage
    from hooklab.vet.model import Rehearsal, VetReport

__all__ = [
    "failed_row",
    "hooks_frame",
    "load_servers",
    "packages_frame",
    "pinning_frame",
    "plot_hooks",
    "plot_tree_sizes",
    "plot_verdicts",
    "scrub",
    "server_row",
    "servers_frame",
    "SERVER_KINDS",
]

SERVER_KINDS = ("mcp-server", "mcp-sdk")
DATA_FILE = "notebooks/data/real-servers.json"  # in the checkout; both editions read it
MAX_DATA_BYTES = 5_000_000
MAX_TEXT = 300  # characters kept of one stored line
# One colour a verdict (hooklab.show.figure's palette), worst last.
VERDICT_COLOURS = {
    "clean": SAFE,
    "capabilities-only": SKY,
    "runs-code-at-install": ORANGE,
    "suspicious": PURPLE,
    "malicious": HARM,
    "error": NEUTRAL,
}
VERDICT_KO = {
    "clean": "깨끗함",
    "capabilities-only": "기능만 (네트워크·파일 등)",
    "runs-code-at-install": "설치 때 코드 실행",
    "suspicious": "의심",
    "malicious": "악성",
    "error": "검사 실패",
}
_VERDICT_WORDS: Words = {
    "ko": {
        **VERDICT_KO,
        "-": "리허설 없음",
        "static": "정적 검토",
        "dynamic": "리허설 (동적)",
        "verdict": "종합 판정",
        "x": "서버 수",
        "title": "판정: 정적 검토와 리허설을 나란히",
    },
    "en": {
        **{v: v for v in VERDICT_KO},
        "-": "not rehearsed",
        "static": "static review",
        "dynamic": "rehearsal (dynamic)",
        "verdict": "overall verdict",
        "x": "servers",
        "title": "Verdicts: static review and rehearsal side by side",
    },
}
_TREE_WORDS: Words = {
    "ko": {
        "x": "트리의 패키지 수 (로그 눈금)",
        "title": "서버 하나를 띄우면 설치되는 패키지 수",
        "legend": "생태계",
    },
    "en": {
        "x": "packages in the tree (log scale)",
        "title": "Packages installed to start one server",
        "legend": "ecosystem",
    },
}
_HOOK_WORDS: Words = {
    "ko": {
        "all": "서버 전체",
        "declared": "훅을 선언한 패키지가 있음",
        "ran": "리허설에서 훅이 실행됨",
        "pinned": "README 실행 줄이 고정됨",
        "y": "서버 수",
        "title": "설치 훅과 고정된 실행 줄, 생태계별",
    },
    "en": {
        "all": "all servers",
        "declared": "a package declares a hook",
        "ran": "a hook ran in the rehearsal",
        "pinned": "README launch line pinned",
        "y": "servers",
        "title": "Install hooks and pinned launch lines, per ecosystem",
    },
}
_TABLE_WORDS: Words = {  # words inside the tables' cells
    "ko": {"no-launch": "(README에 없음)"},
    "en": {"no-launch": "(not in README)"},
}
_ABS_PATH = re.compile(r"(?<![\w.:/~<>-])/(?:[\w.@+=-]+/)*[\w.@+=-]+")
_TEMP_NAME = re.compile(r"\b(watch|fakehome|home|tmp|scratch|vet|hooklab)[-_][a-z0-9_]{6,}\b")
_PID = re.compile(r"\b(pid|process)\s+\d+\b", re.IGNORECASE)


def scrub(text: object, places: dict[str, str] | None = None) -> str:
    """`text` shown (no control characters), cut to MAX_TEXT, with no machine path, temp name
    or pid in it: each folder in `places` becomes its label, any other absolute path `<path>`."""
    out = shown(text)
    folders = {tempfile.gettempdir(): "<tmp>", str(Path.home()): "~", **(places or {})}
    for folder, name in sorted(folders.items(), key=lambda kv: -len(kv[0])):
        if len(folder) > 1:  # the whole folder only: not the /tmp of a/_cacache/tmp
            whole = re.compile(rf"(?<![\w.-]){re.escape(folder.rstrip('/'))}(?![\w.-])")
            out = whole.sub(name, out)
    out = _ABS_PATH.sub("<path>", out)
    out = _TEMP_NAME.sub(lambda m: f"{m.group(1)}-X", out)
    out = _PID.sub(lambda m: f"{m.group(1)} N", out)
    return out[:MAX_TEXT]


def _base(package: RealPackage) -> dict[str, Any]:
    return {
        "ecosystem": package.ecosystem,
        "name": package.name,
        "version": package.version,
        "kind": package.kind,
        "readme_launch": package.launch,
        "readme_pinned": package.readme_pinned,
    }


def failed_row(package: RealPackage, problem: str, places: dict[str, str]) -> dict[str, Any]:
    """A server vet could not handle: kept, with its one-line problem and no verdict."""
    row = _base(package)
    row.update(verdict=None, error=scrub(problem, places), problems=[], seconds={})
    return json_safe(row)


def server_row(
    package: RealPackage, report: VetReport, places: dict[str, str], seconds: float
) -> dict[str, Any]:
    """What the data file keeps of one vet report (`seconds`: the whole vet, wall clock)."""
    from hooklab.vet.verdict import declared_events, worst

    tree = report.tree
    nodes = tree.nodes if tree is not None else []
    ran = {(p.name, p.version): set(p.ran) for p in report.packages}
    hooks = [
        {"package": n.name, "version": n.version, "event": event, "ran": event in ran[key]}
        for n in nodes
        for key in [(n.name, n.version)]
        for event in sorted(declared_events(n))
        if key in ran
    ]
    rehearsal = report.rehearsal
    rehearsed = rehearsal is not None and rehearsal.problem is None
    dynamic = [p.dynamic for p in report.packages if p.dynamic is not None]
    row = _base(package)
    row.update(
        version_vetted=tree.version if tree is not None else None,
        tree_size=len(nodes),
        hooks=hooks,
        run_not_declared=[scrub(x, places) for x in report.run_not_declared],
        declared_not_run=[scrub(x, places) for x in report.declared_not_run],
        sdist_only=[f"{n.name}@{n.version}" for n in nodes if "sdist-build" in n.surfaces],
        pth_files=[f"{n.name}@{n.version}" for n in nodes if "pth-file" in n.surfaces],
        deprecated=[
            {"package": f"{n.name}@{n.version}", "message": scrub(n.deprecated, places)}
            for n in nodes
            if n.deprecated
        ],
        verdict=report.verdict,
        static_verdict=worst([p.static for p in report.packages]),
        dynamic_verdict=worst(dynamic) if rehearsed and dynamic else None,
        rehearsed=rehearsed,
        rehearsal_problem=_problem(rehearsal, places),
        program_ran=bool(rehearsal and rehearsal.program_ran),
        safe_line=scrub(" ".join(report.safe_line), places),
        safe_note=scrub(report.safe_note, places),
        seconds={**report.seconds, "total": round(seconds, 3)},
        problems=[scrub(p, places) for p in report.problems[:20]],
        error=None,
    )
    return json_safe(row)


def _problem(rehearsal: Rehearsal | None, places: dict[str, str]) -> str | None:
    return scrub(rehearsal.problem, places) if rehearsal and rehearsal.problem else None


def load_servers(path: Path | None = None) -> dict[str, Any]:
    """The collected data file (the checkout's `DATA_FILE` by default, from any folder),
    checked for the keys the notebook reads (one-line error)."""
    if path is None:
        root = project_root()
        if root is None:
            raise HooklabError(
                both(
                    f"{DATA_FILE}을(를) 찾을 수 없습니다. 키트 안에서 실행하거나 경로를 주세요",
                    f"cannot find {DATA_FILE}; run inside the kit or give a path",
                )
            )
        path = root / DATA_FILE
    data = read_json(path, MAX_DATA_BYTES)
    if not isinstance(data, dict) or not isinstance(data.get("servers"), list):
        raise HooklabError(
            both(f"{shown(path)}에 서버 목록이 없습니다", f"{shown(path)} has no list of servers")
        )
    return data


def servers_frame(data: dict[str, Any]) -> pd.DataFrame:
    """One row per server: name, ecosystem, tree size, hook counts, verdicts, pinning."""
    import pandas as pd

    from hooklab.show.tables import as_table

    no_launch = words(_TABLE_WORDS)["no-launch"]
    rows = []
    for s in data["servers"]:
        hooks = s.get("hooks") or []
        rows.append(
            {
                "server": f"{s['name']}@{s['version']}",
                "ecosystem": s["ecosystem"],
                "kind": s["kind"],
                "tree_size": None if s.get("error") else s.get("tree_size", 0),
                "hooks": len(hooks),
                "hooks_ran": sum(bool(h["ran"]) for h in hooks),
                "sdist_only": len(s.get("sdist_only") or []),
                "pth_files": len(s.get("pth_files") or []),
                "deprecated": len(s.get("deprecated") or []),
                "verdict": s.get("verdict") or "error",
                "static": "error" if s.get("error") else s.get("static_verdict"),
                "dynamic": "error" if s.get("error") else s.get("dynamic_verdict") or "-",
                "readme_pinned": s["readme_pinned"],
                "readme_launch": s["readme_launch"] or no_launch,
                "seconds": (s.get("seconds") or {}).get("total"),
                "rehearsed": bool(s.get("rehearsed")),
                "problem": steady(said(_first_problem(s))),
            }
        )
    frame = pd.DataFrame(rows)
    frame["tree_size"] = frame["tree_size"].astype("Int64")  # <NA>: not resolved
    return as_table(frame)


def _first_problem(server: dict[str, Any]) -> str:
    """Why a server was not vetted, or why its fetch or rehearsal failed ("" when neither)."""
    if server.get("error"):
        return str(server["error"])
    failed = [p for p in server.get("problems") or [] if p.startswith(("fetch:", "dynamic:"))]
    return str(server.get("rehearsal_problem") or (failed[0] if failed else ""))


def plot_tree_sizes(frame: pd.DataFrame):
    """A horizontal bar per server: packages in its tree, npm and PyPI in two colours."""
    text = words(_TREE_WORDS)
    ordered = frame.dropna(subset=["tree_size"]).astype({"tree_size": int}).sort_values("tree_size")
    colours = {"npm": BLUE, "pypi": ORANGE}
    fig, ax = subplots(8, 0.22 * len(ordered) + 1.2)
    ax.barh(ordered["server"], ordered["tree_size"], color=ordered["ecosystem"].map(colours))
    ax.set_xscale("log")
    ax.xaxis.set_major_formatter("{x:.0f}")
    ax.xaxis.set_minor_formatter("")
    ax.set_xticks(
        [t for t in (1, 3, 10, 30, 100, 300, 1000, 3000) if t <= ordered["tree_size"].max() * 2]
    )
    ax.set_xlabel(text["x"])
    ax.set_title(text["title"])
    ax.tick_params(axis="y", labelsize=7)
    legend(ax, [(c, e) for e, c in colours.items()], title=text["legend"], loc="lower right")
    fig.tight_layout()
    return fig


def plot_verdicts(frame: pd.DataFrame):
    """Two stacked bars (static, dynamic) and the overall verdict: servers per verdict."""
    text = words(_VERDICT_WORDS)
    colours = {**VERDICT_COLOURS, "-": "#DDDDDD"}
    columns = ("static", "dynamic", "verdict")
    fig, ax = subplots(8, 3.2)
    for i, column in enumerate(columns):
        counts = frame[column].value_counts()
        left = 0
        for verdict, colour in colours.items():
            n = int(counts.get(verdict, 0))
            if not n:
                continue
            ax.barh(text[column], n, left=left, color=colour, edgecolor="white")
            ax.text(left + n / 2, i, str(n), ha="center", va="center", fontsize=8)
            left += n
    ax.set_xlabel(text["x"])
    ax.set_title(text["title"])
    ax.invert_yaxis()
    present = {v for c in columns for v in frame[c]}
    items = [(c, text[v]) for v, c in colours.items() if v in present]
    legend(ax, items, loc="upper center", bbox_to_anchor=(0.5, -0.28), ncol=3)
    fig.tight_layout()
    return fig


def plot_hooks(frame: pd.DataFrame):
    """Per ecosystem: servers whose tree declares install hooks, and those where one ran."""
    text = words(_HOOK_WORDS)
    groups = frame.groupby("ecosystem")
    counts = {
        "all": (NEUTRAL, groups.size()),
        "declared": (ORANGE, groups.apply(lambda g: int((g["hooks"] > 0).sum()))),
        "ran": (HARM, groups.apply(lambda g: int((g["hooks_ran"] > 0).sum()))),
        "pinned": (SAFE, groups.apply(lambda g: int(g["readme_pinned"].sum()))),
    }
    fig, ax = subplots(8, 3.2)
    ecosystems = list(groups.size().index)
    width = 0.8 / len(counts)
    for i, (key, (colour, values)) in enumerate(counts.items()):
        xs = [e + i * width for e in range(len(ecosystems))]
        heights = [int(values.get(e, 0)) for e in ecosystems]
        bars = ax.bar(xs, heights, width, label=text[key], color=colour)
        ax.bar_label(bars, fontsize=8)
    ax.set_xticks([e + 0.4 - width / 2 for e in range(len(ecosystems))], ecosystems)
    ax.set_ylabel(text["y"])
    ax.set_title(text["title"])
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


def hooks_frame(data: dict[str, Any]) -> pd.DataFrame:
    """One row per install hook a server's tree declares, and whether the rehearsal saw it run;
    then the hooks that ran without being declared."""
    import pandas as pd

    from hooklab.show.tables import as_table

    rows = [
        {
            "server": f"{s['name']}@{s['version']}",
            "package": f"{h['package']}@{h['version']}",
            "event": h["event"],
            "declared": True,
            "ran": h["ran"] if s.get("rehearsed") else None,
        }
        for s in data["servers"]
        for h in s.get("hooks") or []
    ]
    rows += [
        {
            "server": f"{s['name']}@{s['version']}",
            "package": who.rsplit(" ", 1)[0],
            "event": who.rsplit(" ", 1)[-1],
            "declared": False,
            "ran": True,
        }
        for s in data["servers"]
        for who in s.get("run_not_declared") or []
    ]
    return as_table(pd.DataFrame(rows, columns=["server", "package", "event", "declared", "ran"]))


def packages_frame(data: dict[str, Any], key: str) -> pd.DataFrame:
    """One row per package a server's tree lists under `key` (sdist_only, pth_files, deprecated)."""
    import pandas as pd

    from hooklab.show.tables import as_table

    rows = []
    for s in data["servers"]:
        for item in s.get(key) or []:
            row = {"server": f"{s['name']}@{s['version']}"}
            row.update(item if isinstance(item, dict) else {"package": item})
            if "message" in row:
                row["message"] = steady(row["message"])
            rows.append(row)
    columns = ["server", "package", "message"] if key == "deprecated" else ["server", "package"]
    return as_table(pd.DataFrame(rows, columns=columns))


def pinning_frame(data: dict[str, Any]) -> pd.DataFrame:
    """The README's launch line beside the line vet gives back, per server."""
    import pandas as pd

    from hooklab.show.tables import as_table

    no_launch = words(_TABLE_WORDS)["no-launch"]
    rows = [
        {
            "server": f"{s['name']}@{s['version']}",
            "README": s["readme_launch"] or no_launch,
            "pinned": s["readme_pinned"],
            "vet": s.get("safe_line") or "-",
        }
        for s in data["servers"]
    ]
    return as_table(pd.DataFrame(rows))
