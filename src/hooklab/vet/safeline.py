"""The launch line to paste back into the config: the exact version in the launcher's own syntax,
and its install-script switch when the tree does not need its hooks (said plainly when it does).

Checked here with npm 11.19.1: `npx --ignore-scripts -y tsx@4.19.2 --version` prints the version
and esbuild's postinstall does not run (it does without the switch, in a fresh cache). What
pnpm, bun, Yarn and npm 12 do by default is from their own changelogs (PLATFORM-NOTES), not run.
"""

from __future__ import annotations

from hooklab.lang import Catalogue, say
from hooklab.vet.model import Rehearsal, Target, Tree
from hooklab.vet.verdict import declared_events, label

__all__ = ["hooks_needed", "safe_line"]

# The note beside the line, in both languages; `npm12` and the launchers' entries are what each
# launcher does by default.
SAID: Catalogue = {
    "pnpm-dlx": {
        "en": "pnpm 10+ already skips its dependencies' install scripts; it still runs the"
        " package's own",
        "ko": "pnpm 10+는 이미 의존성의 설치 스크립트를 건너뜁니다. 패키지 자신의 것은 실행합니다",
    },
    "bunx": {
        "en": "bunx already skips install scripts, except its trustedDependencies and"
        " built-in list",
        "ko": "bunx는 이미 설치 스크립트를 건너뜁니다."
        " trustedDependencies와 내장 목록은 예외입니다",
    },
    "yarn-dlx": {
        "en": "Yarn 4.14+ already runs no install scripts (enableScripts: false)",
        "ko": "Yarn 4.14+는 이미 설치 스크립트를 실행하지 않습니다 (enableScripts: false)",
    },
    "npm12": {
        "en": "npm 12 skips dependencies' install scripts by default (npx too)",
        "ko": "npm 12는 기본값으로 의존성의 설치 스크립트를 건너뜁니다 (npx도 같습니다)",
    },
    "no-compare": {"en": "could not compare: {why}", "ko": "비교하지 못했습니다: {why}"},
    "no-start": {
        "en": "the program did not start even with its hooks: {said}",
        "ko": "훅을 돌려도 프로그램이 시작되지 않았습니다: {said}",
    },
    "same": {
        "en": "runs without its hooks in the rehearsal",
        "ko": "리허설에서 훅 없이도 똑같이 돕니다",
    },
    "broke-no-start": {
        "en": "without them the program did not start: {said}",
        "ko": "훅 없이는 프로그램이 시작되지 않았습니다: {said}",
    },
    "broke-stopped": {
        "en": "without them the program stopped: {said}",
        "ko": "훅 없이는 프로그램이 멈췄습니다: {said}",
    },
    "broke-exit": {
        "en": "without them the program exited with {code}: {said}",
        "ko": "훅 없이는 프로그램이 종료 코드 {code}로 끝났습니다: {said}",
    },
    "no-output": {"en": "no output", "ko": "출력 없음"},
    "wheels": {
        "en": "every package is a wheel: nothing is built at install",
        "ko": "모든 패키지가 휠입니다: 설치할 때 아무것도 빌드하지 않습니다",
    },
    "needs-build": {
        "en": "needs a build: {sdists} only as source (setup code runs)",
        "ko": "빌드가 필요합니다: {sdists}는 소스로만 있습니다 (setup 코드가 실행됩니다)",
    },
    "other-launcher": {
        "en": "vet rehearses it with {rehearsed}; the config starts it with {launcher}",
        "ko": "vet은 {rehearsed}로 리허설했고, 설정은 {launcher}로 시작합니다",
    },
    "no-hooks": {
        "en": "no package of the tree declares install-time code",
        "ko": "트리의 어느 패키지도 설치 시점 코드를 선언하지 않습니다",
    },
    "not-needed": {"en": "{evidence} ({first})", "ko": "{evidence} ({first})"},
    "needed": {
        "en": "needs its hooks: {evidence} ({hooked})",
        "ko": "훅이 필요합니다: {evidence} ({hooked})",
    },
    "unknown": {
        "en": "keeps its hooks, whether it needs them is not known: {why}",
        "ko": "훅을 그대로 둡니다. 훅이 필요한지는 알 수 없습니다: {why}",
    },
    "not-rehearsed": {
        "en": "not rehearsed without them",
        "ko": "훅 없이 리허설하지 않았습니다",
    },
    "they-are": {"en": "they are {hooked}", "ko": "그 훅: {hooked}"},
    "allow": {
        "en": "{npm12}: allow this one with --allow-scripts (reported, not run here)",
        "ko": "{npm12}: 이 패키지는 --allow-scripts로 허용하세요"
        " (알려 주기만 하고 여기서 실행하지 않았습니다)",
    },
    "ignore": {
        "en": "--ignore-scripts for npm 11; {npm12}",
        "ko": "npm 11에서는 --ignore-scripts; {npm12}",
    },
}


def _said(key: str, **fields: object) -> str:
    return say(SAID, key, **fields)


def hooks_needed(first: Rehearsal, second: Rehearsal) -> tuple[bool | None, str]:
    """Whether the program still starts the same way without its hooks: (needed, evidence);
    None when either rehearsal could not run."""
    if first.problem or second.problem:
        return None, _said("no-compare", why=first.problem or second.problem)
    if not first.program_ran:  # nothing to compare with: it did not start even with its hooks
        return None, _said("no-start", said=first.last_line or "-")

    def shape(r: Rehearsal) -> tuple[int | None, bool, bool]:
        return r.exit_code, r.program_ran, r.stopped

    if shape(first) == shape(second):
        return False, _said("same")
    said = second.last_line or _said("no-output")
    if not second.program_ran:
        return True, _said("broke-no-start", said=said)
    if second.stopped:
        return True, _said("broke-stopped", said=said)
    return True, _said("broke-exit", code=second.exit_code, said=said)


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
            notes.append(_said("wheels"))
        else:
            notes.append(_said("needs-build", sdists=", ".join(sdists[:5])))
        if target.launcher == "pipx":
            notes.append(_said("other-launcher", rehearsed="uvx", launcher="pipx"))
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
        notes.append(_said(target.launcher))
    npm12 = _said("npm12")
    if not hooked:
        notes.insert(0, _said("no-hooks"))
    elif needed is False:
        notes.insert(0, _said("not-needed", evidence=evidence or _said("same"), first=hooked[0]))
    elif needed:
        notes.insert(0, _said("needed", evidence=evidence, hooked=", ".join(hooked[:5])))
    else:
        notes.insert(0, _said("unknown", why=evidence or _said("not-rehearsed")))
        notes.insert(1, _said("they-are", hooked=", ".join(hooked[:5])))
        if target.launcher == "npx":
            notes.append(_said("allow", npm12=npm12))
    if target.launcher == "npx" and switch:
        notes.append(_said("ignore", npm12=npm12))
    if target.launcher != "npx":
        notes.append(_said("other-launcher", rehearsed="npx", launcher=line[0]))
    return line, "; ".join(notes)
