"""Install-script switches side by side: the machine's npm next to npm 12, and small projects
whose package.json says which dependencies may run their install scripts."""

from __future__ import annotations

import json
import os
import shlex
from pathlib import Path

import pandas as pd

from hooklab.defences.lab import Lab
from hooklab.defences.nodetools import npm12_argv
from hooklab.defences.scenarios import Try, try_all
from hooklab.errors import HooklabError
from hooklab.fixtures import Fixture
from hooklab.lang import Catalogue, current_lang, say
from hooklab.procs import run
from hooklab.show.tables import as_table
from hooklab.tools import require_tool

MACHINE_NPM = "machine npm"
NPM12 = "npm 12 (Node 22)"
# A cell of `npm_side_by_side` in words, in both languages (hooklab.lang).
TEXT: Catalogue = {
    "hook": {"ko": "훅 실행됨", "en": "hook ran"},
    "no-hook": {"ko": "훅 없음", "en": "no hook"},
    "works": {"ko": " · 정상", "en": " · works"},
    "fails": {"ko": " · 실패", "en": " · fails"},
}


def npm_versions() -> dict[str, str]:
    """`npm --version` of the machine's npm and of the kit's npm 12."""
    env = {**os.environ, "npm_config_update_notifier": "false"}
    out = {}
    for label, argv in ((MACHINE_NPM, [require_tool("npm")]), (NPM12, npm12_argv("npm"))):
        try:
            proc = run([*argv, "--version"], f"{label} --version", timeout=60, env=env)
        except HooklabError as exc:
            out[label] = str(exc)[:80]
            continue
        out[label] = proc.stdout.strip() or proc.stderr.strip()[:80]
    return out


def npm_project(
    lab: Lab, dependencies: dict[str, str], allow_scripts: dict[str, bool] | None = None
) -> Path:
    """A fresh project folder whose package.json depends on `dependencies`; `allow_scripts`
    becomes its `allowScripts` field (package -> may its install scripts run)."""
    folder = lab.folder("project")
    pkg: dict[str, object] = {"name": "app", "version": "1.0.0", "private": True}
    pkg["dependencies"] = dependencies
    if allow_scripts is not None:
        pkg["allowScripts"] = allow_scripts
    (folder / "package.json").write_text(json.dumps(pkg, indent=2) + "\n")
    return folder


def npm_side_by_side(lab: Lab, fixtures: list[Fixture]) -> pd.DataFrame:
    """`npx -y PKG` with the machine's npm and with npm 12, one row a fixture."""
    tries = {}
    for fx in fixtures:
        tries[f"{fx.name}|{MACHINE_NPM}"] = Try(["npx", "--yes", fx.package], fx)
        tries[f"{fx.name}|{NPM12}"] = Try([*npm12_argv("npx"), "--yes", fx.package], fx)
    rows = try_all(lab, tries).reset_index()
    rows[["fixture", "npm"]] = rows["how"].str.split("|", expand=True)
    lang = current_lang()
    rows["cell"] = [
        say(TEXT, "hook" if ran else "no-hook", lang) + say(TEXT, "works" if ok else "fails", lang)
        for ran, ok in zip(rows["hook_ran"], rows["works"], strict=True)
    ]
    table = rows.pivot(index="fixture", columns="npm", values="cell")
    table = table.reindex(index=[fx.name for fx in fixtures], columns=[MACHINE_NPM, NPM12])
    table.columns.name = None
    return as_table(table)


def project_try(
    lab: Lab,
    fx: Fixture,
    others: list[Fixture],
    allow_scripts: dict[str, bool] | None = None,
    npm12: bool = False,
    flags: tuple[str, ...] = (),
) -> Try:
    """`npm install` of a project that depends on `fx` and `others`, then start fx's program."""
    deps = {f.package: f.version for f in (fx, *others)}
    folder = npm_project(lab, deps, allow_scripts)
    npm = shlex.join(npm12_argv("npm")) if npm12 else "npm"
    line = f"{npm} install {shlex.join(flags)} && node_modules/.bin/{fx.command}"
    return Try(["sh", "-c", line], fx, cwd=folder, hooks=True)


def venv_try(lab: Lab, args: str, fx: Fixture | None = None, uv: bool = False) -> Try:
    """`pip ARGS` (the machine's pip), or `uv pip ARGS`, against a fresh uv venv."""
    pip = f"uv pip {args} --python v" if uv else f"pip --python v/bin/python {args}"
    return Try(["sh", "-c", f"uv venv -q v && {pip}"], fx, cwd=lab.folder("pip"))
