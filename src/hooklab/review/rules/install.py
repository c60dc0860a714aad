"""Install-time risk: every hook the manifests declare, and what the code they start does."""

from __future__ import annotations

import re

from hooklab.review import actions as A
from hooklab.review.actions import trim
from hooklab.review.archive import is_manifest
from hooklab.review.jsscan import scan_shell
from hooklab.review.package import Hook, Package
from hooklab.review.report import Finding
from hooklab.review.rules.base import capped, finding, is_secret_read, make

_DECLARED = {
    "preinstall": ("medium", "npm runs this before the package installs, on every install or npx"),
    "install": ("medium", "npm runs this while the package installs, on every install or npx"),
    "postinstall": (
        "medium",
        "npm runs this right after install, before the program you asked for",
    ),
    "prepare": ("low", "runs for git and local-folder installs (not for a registry tarball)"),
    "node-gyp": (
        "medium",
        "binding.gyp makes npm run `node-gyp rebuild` (a native build) at install",
    ),
    "gyp-command": ("high", "a `<!(...)` expansion in binding.gyp runs a shell command at install"),
    "setup.py": ("low", "setup.py is a program: every sdist build runs it"),
    "build-backend": (
        "medium",
        "an in-tree build backend (backend-path) runs when a front end imports it",
    ),
    "hatch-hook": ("medium", "a hatch build hook runs the package's own code at build"),
    "cmdclass": (
        "medium",
        "cmdclass swaps a setuptools command for the package's own code at build",
    ),
    "pth": ("high", "a .pth line starting with `import` runs at every Python start after install"),
}
_KIND = {
    A.NETWORK: ("network", "high", "install-time code opens a network connection"),
    A.EXEC: ("exec", "medium", "install-time code starts another program"),
    A.EVAL: ("eval", "high", "install-time code builds and runs code at run time"),
    A.FILE_WRITE: ("file-write", "medium", "install-time code writes or changes files"),
    A.SECRET_PATH: ("credential-path", "high", "install-time code names a credential file"),
    A.ENV_DUMP: ("env-dump", "high", "install-time code reads the whole environment"),
    A.ENV_READ: ("env-read", "low", "install-time code reads an environment variable"),
    A.FILE_READ: ("file-read", "low", "install-time code reads a file"),
    A.LISTEN_ALL: ("listen", "high", "install-time code opens a server on every interface"),
}
_SCRIPT_RULE = {A.NETWORK: "install.script-network", A.EVAL: "install.script-eval"}
# hooks whose code runs while the package installs or builds (import-time runs when the program
# starts; prepare runs for git and folder installs, never for a registry tarball)
INSTALL_STAGES = frozenset(_DECLARED) - {"prepare"}
_OUTSIDE = re.compile(
    r"process\.env|\benv\b|environ|getenv|homedir|Path\.home|expanduser|HOME|['\"](/|~)"
)
_INSIDE = re.compile(r"__dirname|__file__|import\.meta")
_RISKY_COMMAND = re.compile(
    r"\b(curl|wget)\b|\|\s*(ba)?sh\b|\bnode\s+-e\b|\bpython3?\s+-c\b|base64"
)


def _declared(pkg: Package, hook: Hook) -> Finding | None:
    level, why = _DECLARED.get(hook.stage, ("", ""))
    if not level:
        return None
    if hook.command and _RISKY_COMMAND.search(hook.command):
        level, why = "high", why + "; its command line downloads or runs inline code"
    return make(
        f"install.{hook.stage}",
        hook.file,
        hook.line,
        hook.evidence,
        why,
        level,
        install_time=hook.stage in INSTALL_STAGES,
    )


def _limits(pkg: Package) -> list[Finding]:
    """A limit the reviewer hit is a finding: what it did not read may run at install."""
    reached = pkg.install_files
    found = [make("install.limit", "", 0, trim(limit)) for limit in [*pkg.tree.limits, *pkg.limits]]
    unread = pkg.tree.unread
    key = [n for n in sorted(unread) if is_manifest(n) or n in reached]
    for name in key:
        found.append(
            make(
                "install.unread",
                name,
                0,
                trim(f"could not read {name} fully: {unread[name]}"),
                install_time=True,
            )
        )
    rest = sorted(set(unread) - set(key))
    if rest:
        found.append(
            make(
                "install.unread-other",
                rest[0],
                0,
                trim(f"{len(rest)} files not read ({unread[rest[0]]}): " + ", ".join(rest[:5])),
            )
        )
    return found


def check(pkg: Package) -> list[Finding]:
    found = [f for hook in pkg.hooks if (f := _declared(pkg, hook))] + _limits(pkg)
    for hook in pkg.hooks:  # a shell command in an npm script, read like a shell script
        for act in scan_shell(hook.command):
            if act.kind in (A.NETWORK, A.EVAL):
                found.append(
                    make(
                        _SCRIPT_RULE[act.kind],
                        hook.file,
                        hook.line,
                        hook.evidence,
                        install_time=hook.stage in INSTALL_STAGES,
                    )
                )
    acts = [(n, a, h) for n, a, h in pkg.install_actions() if h.stage in INSTALL_STAGES]
    secret_files = {name for name, act, _ in acts if is_secret_read(act)}
    net_lines = {(name, act.line) for name, act, _ in acts if act.kind == A.NETWORK}
    for name, act, hook in acts:
        via = f" (via {hook.stage} in {hook.file})"
        if act.kind == A.URL and (name, act.line) in net_lines and not A.is_local(act.detail):
            # a URL literal alone is a string; one on the line that opens a connection is fetched
            why = f"install-time code fetches from {act.detail}"
            found.append(finding("install.download", name, act, why + via, install_time=True))
        if act.kind == A.CMDCLASS:
            found.append(finding("install.cmdclass", name, act, install_time=True))
        if act.kind not in _KIND:
            continue
        rule, level, why = _KIND[act.kind]
        if act.kind == A.ENV_READ and A.is_secret_env(act.detail):
            level, why = "high", f"install-time code reads the secret-looking variable {act.detail}"
        if act.kind == A.EXEC and act.detail == "shell":
            level = "high"
        if act.kind == A.NETWORK and name in secret_files:
            rule, why = "secret-to-network", "install-time code reads a secret and sends data out"
        if (
            act.kind == A.FILE_WRITE
            and _OUTSIDE.search(act.evidence)
            and not _INSIDE.search(act.evidence)
        ):
            rule, level = "write-outside", "high"
            why = "install-time code writes outside its own folder (a path from the env or home)"
        if act.kind == A.FILE_READ and _OUTSIDE.search(act.evidence):
            rule, level = "read-outside", "medium"
            why = "install-time code reads a file outside its folder (a path from the env or home)"
        found.append(finding(f"install.{rule}", name, act, why + via, level, install_time=True))
    return capped(found, per_file=12)
