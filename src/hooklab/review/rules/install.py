"""Install-time risk: every hook the manifests declare, and what the code they start does."""

from __future__ import annotations

import re
from posixpath import normpath

from hooklab.review import actions as A
from hooklab.review.actions import Action, trim
from hooklab.review.archive import is_manifest
from hooklab.review.jsscan import scan_shell
from hooklab.review.package import INSTALL_STAGES, NPM_UNINSTALL, Hook, Package
from hooklab.review.report import Finding
from hooklab.review.rules.base import capped, finding, is_secret_read, make
from hooklab.review.rules.catalogue import rule

# what an action in install-time code is, by kind: (rule, level); the catalogue says why
_KIND = {
    A.NETWORK: ("install.network", "high"),
    A.EXEC: ("install.exec", "medium"),
    A.EVAL: ("install.eval", "high"),
    A.FILE_WRITE: ("install.file-write", "medium"),
    A.SECRET_PATH: ("install.credential-path", "high"),
    A.ENV_DUMP: ("install.env-dump", "high"),
    A.ENV_READ: ("install.env-read", "low"),
    A.FILE_READ: ("install.file-read", "low"),
    A.LISTEN_ALL: ("install.listen", "high"),
}
_SCRIPT_RULE = {A.NETWORK: "install.script-network", A.EVAL: "install.script-eval"}
_RUNS = (A.EVAL, A.ENCODED_EXEC)
_OUTSIDE = re.compile(
    r"process\.env|\benv\b|environ|getenv|homedir|Path\.home|expanduser|HOME|['\"](/|~)"
)
_INSIDE = re.compile(r"__dirname|__file__|import\.meta")
_RISKY_COMMAND = re.compile(
    r"\b(curl|wget)\b|\|\s*(ba)?sh\b|\bnode\s+-e\b|\bpython3?\s+-c\b|base64"
)
# a second JavaScript runtime fetched or started by a hook, out of sight of npm-only scanners
_SECOND_RUNTIME = re.compile(
    r"bun\.sh/install|deno\.land/(?:x/)?install|\b(?:npx|npm\s+(?:i|install))\s+(?:-\S+\s+)*"
    r"(?:bun|deno)\b|\bbunx\b|\b(?:bun|deno)\s+(?:run\s+|x\s+)?(?:-\S+\s+)*[\w./-]+\.[cm]?[jt]s\b"
    r"""|['"](?:bun|deno)['"]\s*,"""
)
# install-time code deleting itself: the file or folder it runs from
_SELF_DELETE = re.compile(
    r"(?:unlink|rm|remove|rmtree|rmdir|rimraf)\w*\s*\(\s*(?:__filename|__file__|__dirname\s*[,)]"
    r"|os\.path\.dirname\(\s*__file__\s*\)\s*[,)]|process\.argv\[1\]|sys\.argv\[0\])"
    r"|Path\(\s*__file__\s*\)[\w.()]*\.(?:unlink|rmdir)\("
)
_RM_WORDS = re.compile(r"\b(?:rm|rimraf|del)\s+((?:-\S+\s+)*)(.+)")
_ASSIGN = re.compile(r"^\w+=")


def _declared(hook: Hook) -> list[Finding]:
    if hook.stage == "import-time":
        return []
    rid = "install.uninstall" if hook.stage in NPM_UNINSTALL else f"install.{hook.stage}"
    entry = rule(rid)
    level, why = entry.level, entry.why
    if hook.command and entry.axis == "capability" and _RISKY_COMMAND.search(hook.command):
        level, why = "high", why + "; its command line downloads or runs inline code"
    at_install = hook.stage in INSTALL_STAGES
    found = [make(rid, hook.file, hook.line, hook.evidence, why, level, at_install)]
    if hook.stage == "cmdclass" and hook.command == "egg_info":
        found.append(make("install.cmdclass-egg-info", hook.file, hook.line, hook.evidence))
    return found


def _command(pkg: Package, hook: Hook) -> list[Finding]:
    """What an npm script's command line itself does, read like a shell script."""
    if not hook.command or hook.stage not in INSTALL_STAGES:
        return []
    found = []

    def add(rid: str) -> None:
        found.append(make(rid, hook.file, hook.line, hook.evidence, install_time=True))

    kinds = {a.kind for a in scan_shell(hook.command)}
    for kind, rid in _SCRIPT_RULE.items():
        if kind in kinds:
            add(rid)
    if A.NETWORK in kinds and kinds & set(_RUNS):
        add("install.download-exec")
    if _SECOND_RUNTIME.search(hook.command):
        add("install.second-runtime")
    if _deletes_own_files(pkg, hook.command):
        add("install.self-delete")
    words = [w for w in hook.command.split() if not _ASSIGN.match(w)]
    first = normpath(words[0]) if words else ""
    if first and pkg.tree.has(first) and not first.endswith((".js", ".cjs", ".mjs", ".sh", ".py")):
        add("install.native-binary")
    return found


def _deletes_own_files(pkg: Package, command: str) -> bool:
    for m in _RM_WORDS.finditer(command):
        for word in re.split(r"[\s;&|]+", m.group(2)):
            path = normpath(word.strip("'\"")) if word else ""
            if path in ("$0", "."):
                return True
            if (
                path
                and path != ".."
                and any(f == path or f.startswith(f"{path}/") for f in pkg.tree.files)
            ):
                return True
    return False


def _limits(pkg: Package) -> list[Finding]:
    """A limit the reviewer hit is a finding: what it did not read may run at install."""
    reached = {n for n in pkg.install_files if pkg.runs_at_install(n)}
    found = [make("install.limit", "", 0, trim(limit)) for limit in pkg.tree.limits]
    for name in pkg.oversize:
        rid = "install.oversize" if name in reached else "install.limit"
        ev = trim(f"{name}: too big to parse, read line by line")
        found.append(make(rid, name, 0, ev, install_time=name in reached))
    unread = pkg.tree.unread
    key = [n for n in sorted(unread) if is_manifest(n) or n in reached]
    for name in key:
        ev = trim(f"could not read {name} fully: {unread[name]}")
        found.append(make("install.unread", name, 0, ev, install_time=True))
    rest = sorted(set(unread) - set(key))
    if rest:
        ev = trim(f"{len(rest)} files not read ({unread[rest[0]]}): " + ", ".join(rest[:5]))
        found.append(make("install.unread-other", rest[0], 0, ev))
    return found


def _file_indicators(name: str, acts: list[tuple[Action, Hook]]) -> list[Finding]:
    """Indicators read from a whole install-time file: fetched code that runs, self-deletion,
    a second runtime."""
    found = []
    kinds = {a.kind for a, _ in acts}
    net_lines = {a.line for a, _ in acts if a.kind == A.NETWORK}
    shell = name.endswith((".sh", ".bash"))
    for act, _ in acts:
        if act.kind in _RUNS and A.NETWORK in kinds and (not shell or act.line in net_lines):
            found.append(finding("install.download-exec", name, act, install_time=True))
        if act.kind == A.FILE_WRITE and _SELF_DELETE.search(act.evidence):
            found.append(finding("install.self-delete", name, act, install_time=True))
        if act.kind == A.EXEC and _SECOND_RUNTIME.search(act.evidence):
            found.append(finding("install.second-runtime", name, act, install_time=True))
    return found


def check(pkg: Package) -> list[Finding]:
    found = [f for hook in pkg.hooks for f in _declared(hook)] + _limits(pkg)
    for hook in pkg.hooks:
        found += _command(pkg, hook)
    acts = pkg.install_actions()
    secret_files = {name for name, act, _ in acts if is_secret_read(act)}
    net_lines = {(name, act.line) for name, act, _ in acts if act.kind == A.NETWORK}
    by_file: dict[str, list[tuple[Action, Hook]]] = {}
    for name, act, hook in acts:
        by_file.setdefault(name, []).append((act, hook))
        via = f" (via {hook.stage} in {hook.file})"
        if act.kind == A.URL and (name, act.line) in net_lines and not A.is_local(act.detail):
            # a URL literal alone is a string; one on the line that opens a connection is fetched
            why = f"install-time code fetches from {act.detail}"
            found.append(finding("install.download", name, act, why + via, install_time=True))
        if act.kind == A.CMDCLASS:
            found.append(finding("install.cmdclass", name, act, install_time=True))
            if "egg_info" in act.detail.split(","):
                found.append(finding("install.cmdclass-egg-info", name, act, install_time=True))
        if act.kind not in _KIND:
            continue
        rid, level = _KIND[act.kind]
        why = rule(rid).why
        if act.kind == A.ENV_READ and A.is_secret_env(act.detail):
            level, why = "high", f"install-time code reads the secret-looking variable {act.detail}"
        if act.kind == A.EXEC and act.detail == "shell":
            level = "high"
        if act.kind == A.NETWORK and name in secret_files:
            rid = "install.secret-to-network"
            why = rule(rid).why
        if (
            act.kind == A.FILE_WRITE
            and _OUTSIDE.search(act.evidence)
            and not _INSIDE.search(act.evidence)
        ):
            rid, level = "install.write-outside", "high"
            why = rule(rid).why
        if act.kind == A.FILE_READ and _OUTSIDE.search(act.evidence):
            rid, level = "install.read-outside", "medium"
            why = rule(rid).why
        found.append(finding(rid, name, act, why + via, level, install_time=True))
    for name, file_acts in by_file.items():
        found += _file_indicators(name, file_acts)
    return capped(found, per_file=12)
