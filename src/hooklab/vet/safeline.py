"""The launch line to paste back into the config: the exact version in the launcher's own syntax,
and its install-script switch when the tree does not need its hooks (said plainly when it does).

Checked here with npm 11.19.1: `npx --ignore-scripts -y tsx@4.19.2 --version` prints the version
and esbuild's postinstall does not run (it does without the switch, in a fresh cache). What
pnpm, bun, Yarn and npm 12 do by default is from their own changelogs (PLATFORM-NOTES), not run.
"""

from __future__ import annotations

from hooklab.vet.model import Rehearsal, Target, Tree
from hooklab.vet.verdict import declared_events, label

__all__ = ["hooks_needed", "safe_line"]

_DEFAULTS = {
    "pnpm-dlx": "pnpm 10+ already skips its dependencies' install scripts; it still runs the "
    "package's own",
    "bunx": "bunx already skips install scripts, except its trustedDependencies and built-in list",
    "yarn-dlx": "Yarn 4.14+ already runs no install scripts (enableScripts: false)",
}
_NPM12 = "npm 12 skips dependencies' install scripts by default (npx too)"


def hooks_needed(first: Rehearsal, second: Rehearsal) -> tuple[bool | None, str]:
    """Whether the program still starts the same way without its hooks: (needed, evidence);
    None when either rehearsal could not run."""
    if first.problem or second.problem:
        return None, f"could not compare: {first.problem or second.problem}"
    if not first.program_ran:  # nothing to compare with: it did not start even with its hooks
        return None, f"the program did not start even with its hooks: {first.last_line or '-'}"

    def shape(r: Rehearsal) -> tuple[int | None, bool, bool]:
        return r.exit_code, r.program_ran, r.stopped

    if shape(first) == shape(second):
        return False, "runs without its hooks in the rehearsal"
    said = second.last_line or "no output"
    how = "stopped" if second.stopped else f"exit {second.exit_code}"
    return (
        True,
        f"without them the program {'did not start' if not second.program_ran else how}: {said}",
    )


def safe_line(
    target: Target, tree: Tree, needed: bool | None, evidence: str = ""
) -> tuple[list[str], str]:
    """(argv to paste back, why this line). `needed` is the hooks comparison (None: not made)."""
    hooked = [f"{label(n)} {e}" for n in tree.nodes for e in sorted(declared_events(n))]
    sdists = [label(n) for n in tree.nodes if "sdist-build" in n.surfaces]
    spec_at, spec_eq = f"{target.name}@{tree.version}", f"{target.name}=={tree.version}"
    args = list(target.args)
    notes = []
    if target.ecosystem == "pypi":
        switch = not sdists
        if target.launcher == "pipx":
            opts = ["--pip-args=--only-binary=:all:"] if switch else []
            line = ["pipx", "run", *opts, "--spec", spec_eq, target.program or target.name, *args]
        elif target.program:
            opts = ["--no-build"] if switch else []
            line = ["uvx", *opts, "--from", spec_eq, target.program, *args]
        else:
            line = ["uvx", *(["--no-build"] if switch else []), spec_at, *args]
        if switch:
            notes.append("every package is a wheel: nothing is built at install")
        else:
            notes.append(f"needs a build: {', '.join(sdists[:5])} only as source (setup code runs)")
        if target.launcher == "pipx":
            notes.append("vet rehearses it with uvx; the config starts it with pipx")
        return line, "; ".join(notes)
    switch = not hooked or needed is False
    if target.launcher == "npx":
        opts = ["--ignore-scripts"] if switch else []
        if target.program:
            line = ["npx", "-y", *opts, f"--package={spec_at}", "--", target.program, *args]
        else:
            line = ["npx", "-y", *opts, spec_at, *args]
    else:
        front = {"pnpm-dlx": ["pnpm", "dlx"], "bunx": ["bunx"], "yarn-dlx": ["yarn", "dlx"]}
        pkg = ["-p", spec_at, target.program] if target.program else [spec_at]
        line = [*front[target.launcher], *pkg, *args]
        notes.append(_DEFAULTS[target.launcher])
    if not hooked:
        notes.insert(0, "no package of the tree declares install-time code")
    elif needed is False:
        notes.insert(0, f"{evidence or 'runs without its hooks in the rehearsal'} ({hooked[0]})")
    elif needed:
        notes.insert(0, f"needs its hooks: {evidence} ({', '.join(hooked[:5])})")
    else:
        why = evidence or "not rehearsed without them"
        notes.insert(0, f"keeps its hooks, whether it needs them is not known: {why}")
        notes.insert(1, f"they are {', '.join(hooked[:5])}")
        if target.launcher == "npx":
            notes.append(f"{_NPM12}: allow this one with --allow-scripts (reported, not run here)")
    if target.launcher == "npx" and switch:
        notes.append(f"--ignore-scripts for npm 11; {_NPM12}")
    if target.launcher != "npx":
        notes.append(f"vet rehearses it with npx; the config starts it with {line[0]}")
    return line, "; ".join(notes)
