"""One package as the rules see it: its manifests, its files' actions, and what runs at install.

`Package.hooks` lists every way the package runs code while it is installed or built; the
files those hooks start, and every local file they require or import, form `install_files`.
"""

from __future__ import annotations

import configparser
import json
import re
import shlex
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from posixpath import dirname, join, normpath

from hooklab.review import actions as A
from hooklab.review.actions import Action, trim
from hooklab.review.archive import Tree
from hooklab.review.jsscan import scan_js, scan_shell
from hooklab.review.pyscan import MAX_AST_WORDS, scan_python, too_big_to_parse

NPM_HOOKS = ("preinstall", "install", "postinstall", "prepare")
NPM_UNINSTALL = ("preuninstall", "uninstall", "postuninstall")  # npm 7+ never runs these
# hooks whose code runs while the package installs or builds; `import-time` code runs when its
# command starts, `prepare` only for git and folder installs (never for a registry tarball)
INSTALL_STAGES = frozenset(
    {
        "preinstall",
        "install",
        "postinstall",
        "node-gyp",
        "gyp-command",
        "setup.py",
        "build-backend",
        "hatch-hook",
        "cmdclass",
        "pth",
    }
)
JS_EXT = (".js", ".cjs", ".mjs")
PY_EXT = (".py", ".pyw")
SH_EXT = (".sh", ".bash")
# where a package's homepage may live without being the vendor's own domain
_CODE_HOSTS = {"github.com", "gitlab.com", "bitbucket.org", "npmjs.com", "pypi.org", "github.io"}
# name words that say what a package is, not whose it is
_GENERIC_WORDS = {
    "mcp",
    "server",
    "servers",
    "model",
    "context",
    "protocol",
    "api",
    "sdk",
    "client",
}
_GENERIC_WORDS |= {"node", "python", "official", "tool", "tools", "plugin", "lib", "cli", "the"}
MCP_MARKERS = re.compile(
    r"@modelcontextprotocol/sdk|\bfrom mcp\b|\bimport mcp\b|\bfastmcp\b|FastMCP|MCPServer"
)


@dataclass(frozen=True)
class Hook:
    """One way code runs at install or build time, as declared in a manifest."""

    stage: str  # preinstall | postinstall | node-gyp | setup.py | build-backend | cmdclass | ...
    file: str  # where it is declared
    line: int
    evidence: str
    entry: tuple[str, ...] = ()  # the package files it starts
    whole_file: bool = True  # False: only the module's import-time code runs
    command: str = ""  # an npm script's command line; the setuptools command a cmdclass replaces


def _domain(host: str) -> str:
    """The last two labels of a host name (api.acme.example -> acme.example)."""
    return ".".join(host.lower().split(".")[-2:])


def _language(name: str) -> str:
    """js | py | sh by the file's name, or '' for a file that is not code by its name."""
    for lang, ext in (("js", JS_EXT), ("py", PY_EXT), ("sh", SH_EXT)):
        if name.endswith(ext):
            return lang
    return ""


def _hook_language(hook: Hook) -> str:
    """The language a hook runs its file in: npm scripts name their interpreter (node by
    default); every Python hook imports or runs Python."""
    if hook.stage not in (*NPM_HOOKS, *NPM_UNINSTALL):
        return "py"
    words = hook.command.split()
    if any(re.fullmatch(r"python[\d.]*", w.rsplit("/", 1)[-1]) for w in words):
        return "py"
    if any(w.rsplit("/", 1)[-1] in ("sh", "bash", "dash") for w in words):
        return "sh"
    return "js"


@dataclass
class Package:
    tree: Tree
    notes: list[str] = field(default_factory=list)

    # manifests ---------------------------------------------------------------------------
    def text(self, name: str) -> str | None:
        return self.tree.text(name)

    def source(self, name: str) -> str | None:
        """The file as its installer or interpreter reads it: BOM dropped, NUL bytes kept."""
        return self.tree.source(name)

    def line_of(self, name: str, pattern: str, default: int = 1) -> int:
        text = self.source(name) or ""
        rx = re.compile(pattern)
        return next((n for n, ln in enumerate(text.splitlines(), 1) if rx.search(ln)), default)

    def evidence(self, name: str, line: int) -> str:
        lines = (self.source(name) or "").splitlines()
        return trim(lines[line - 1]) if 0 < line <= len(lines) else ""

    @cached_property
    def package_json(self) -> dict | None:
        return self._load("package.json", json.loads, "JSON")

    def json_object(self, name: str) -> dict | None:
        """Another JSON manifest of the package (a bundled dependency's package.json)."""
        return self._load(name, json.loads, "JSON")

    @cached_property
    def pyproject(self) -> dict | None:
        return self._load("pyproject.toml", tomllib.loads, "TOML")

    @cached_property
    def setup_cfg(self) -> configparser.ConfigParser | None:
        text = self.source("setup.cfg")
        if text is None:
            return None
        cfg = configparser.ConfigParser(interpolation=None, strict=False)
        try:
            cfg.read_string(text)
        except configparser.Error as exc:
            self.notes.append(f"setup.cfg is malformed ({type(exc).__name__}); read as text only")
            return None
        return cfg

    def _load(self, name: str, parse: Callable[[str], object], what: str) -> dict | None:
        text = self.source(name)
        if text is None:
            return None
        try:
            data = parse(text)
        except (ValueError, tomllib.TOMLDecodeError, RecursionError) as exc:
            self.notes.append(f"{name} is not valid {what} ({str(exc).splitlines()[0][:80]})")
            return None
        if not isinstance(data, dict):
            self.notes.append(f"{name} is not a {what} object")
            return None
        return data

    def get(self, data: dict | None, *keys: str) -> object:
        for key in keys:
            if not isinstance(data, dict):
                return None
            data = data.get(key)
        return data

    # files and what they do --------------------------------------------------------------
    @cached_property
    def _languages(self) -> dict[str, str]:
        """file -> js | py | sh: code files by their name, a hook's files by what starts them
        (npm runs `node x.dat` as JavaScript, however the file is named or whatever it holds)."""
        langs = {n: _language(n) for n in self.tree.files if _language(n)}
        for hook in self.hooks:
            for name in hook.entry:
                langs.setdefault(name, _language(name) or _hook_language(hook))
        return langs

    @cached_property
    def _scans(self) -> dict[str, tuple[list[Action], list]]:
        out: dict[str, tuple[list[Action], list]] = {}
        for name, lang in self._languages.items():
            text = self.source(name)
            if text is None:
                continue
            if lang == "py":
                out[name] = scan_python(text)
            elif lang == "js":
                out[name] = scan_js(text)
            else:
                out[name] = (scan_shell(text), [])
        return out

    @cached_property
    def oversize(self) -> list[str]:
        """Python files too big to parse: read line by line with a few patterns."""
        return [
            name
            for name, lang in sorted(self._languages.items())
            if lang == "py" and (text := self.source(name)) and too_big_to_parse(text)
        ]

    @property
    def limits(self) -> list[str]:
        """Files scanned less closely than the rest."""
        return [
            f"{name}: more than {MAX_AST_WORDS} names, too big to parse; read line by line"
            for name in self.oversize
        ]

    def actions(self, name: str) -> list[Action]:
        return self._scans.get(name, ([], []))[0]

    @property
    def code_files(self) -> list[str]:
        return sorted(self._scans)

    @cached_property
    def is_mcp(self) -> bool:
        deps = self.get(self.package_json, "dependencies") or {}
        if isinstance(deps, dict) and any("modelcontextprotocol" in d for d in deps):
            return True
        pydeps = self.get(self.pyproject, "project", "dependencies") or []
        if isinstance(pydeps, list) and any(re.match(r"(mcp|fastmcp)\b", str(d)) for d in pydeps):
            return True
        return any(MCP_MARKERS.search(self.source(f) or "") for f in self.code_files[:400])

    @cached_property
    def own_marks(self) -> tuple[frozenset[str], frozenset[str]]:
        """(the domains of the package's homepage and project URLs, the words of its name):
        what a vendor's own API host shares with its client package."""
        urls: list[str] = []
        for key in ("homepage", "repository", "bugs"):
            value = self.get(self.package_json, key)
            value = value.get("url") if isinstance(value, dict) else value
            urls += [value] if isinstance(value, str) else []
        project_urls = self.get(self.pyproject, "project", "urls")
        if isinstance(project_urls, dict):
            urls += [str(v) for v in project_urls.values()]
        domains = {_domain(A.url_host(m)) for u in urls for m in A.URL_RE.finditer(u[:300])}
        names = [
            str(self.get(self.package_json, "name") or ""),
            str(self.get(self.pyproject, "project", "name") or ""),
        ]
        words = {w for n in names for w in re.split(r"[^a-z0-9]+", n.lower()) if len(w) > 2}
        return frozenset(domains - _CODE_HOSTS), frozenset(words - _GENERIC_WORDS)

    def is_own_host(self, host: str, words: tuple[str, ...] = ()) -> bool:
        """Whether `host` is the vendor's own (its homepage's domain, or a label that is a word of
        the package's name or of `words`, e.g. the key variable's name)."""
        domains, name_words = self.own_marks
        labels = set(host.lower().split(".")[:-1])
        return _domain(host) in domains or bool(labels & (name_words | set(words)))

    # resolving local files ---------------------------------------------------------------
    def resolve_js(self, spec: str, base: str) -> str | None:
        if not spec.startswith("."):
            return None
        path = normpath(join(dirname(base), spec))
        for cand in (path, *(path + e for e in JS_EXT), *(f"{path}/index{e}" for e in JS_EXT)):
            if self.tree.has(cand):
                return cand
        return None

    def resolve_py(
        self, module: str, level: int, base: str, roots: tuple[str, ...] = ()
    ) -> str | None:
        parts = [p for p in module.split(".") if p]
        if level:
            anchor = dirname(base)
            for _ in range(level - 1):
                anchor = dirname(anchor)
            bases = [anchor]
        else:
            bases = [*roots, "", "src"]
        for b in bases:
            stem = "/".join([b, *parts]) if b else "/".join(parts)
            for cand in (f"{stem}.py", f"{stem}/__init__.py"):
                if self.tree.has(cand.lstrip("/")):
                    return cand.lstrip("/")
        return None

    def local_deps(self, name: str, roots: tuple[str, ...] = ()) -> list[str]:
        """The package's own files that `name` requires or imports."""
        _, imports = self._scans.get(name, ([], []))
        found = []
        for imp in imports:
            if self._languages.get(name) == "js":
                target = self.resolve_js(imp, name)
            else:
                module, level = imp
                target = self.resolve_py(module, level, name, roots)
            if target and target != name:
                found.append(target)
        return found

    def files_in_command(self, command: str, base: str = "") -> list[str]:
        """Package files named on a script's command line (`node scripts/setup.js`), for a
        script declared in the manifest in folder `base` ("" for the package's own)."""
        try:
            words = shlex.split(command)
        except ValueError:
            words = command.split()
        found = []
        for word in words:
            cand = normpath(join(base, word.strip("'\"")))
            if self.tree.has(cand):
                found.append(cand)
            elif (js := self.resolve_js("./" + word.strip("'\""), join(base, "x"))) is not None:
                found.append(js)
        return found

    # install-time code -------------------------------------------------------------------
    @cached_property
    def hooks(self) -> list[Hook]:
        from hooklab.review.hooks import find_hooks

        return find_hooks(self)

    @cached_property
    def install_files(self) -> dict[str, tuple[Hook, bool]]:
        """file -> (the hook that reaches it, whether the whole file runs)."""
        reached: dict[str, tuple[Hook, bool]] = {}
        for hook in self.hooks:
            roots = tuple(hook.entry and {dirname(e) for e in hook.entry if e.endswith(PY_EXT)})
            todo = [(e, hook.whole_file) for e in hook.entry]
            while todo:
                name, whole = todo.pop()
                if name in reached and (reached[name][1] or not whole):
                    continue
                reached[name] = (hook, whole)
                todo.extend((dep, whole) for dep in self.local_deps(name, roots))
        return reached

    def install_actions(self) -> list[tuple[str, Action, Hook]]:
        """Every action that runs while the package installs or builds, with its file and the
        hook behind it."""
        out = []
        for name, (hook, whole) in sorted(self.install_files.items()):
            if hook.stage not in INSTALL_STAGES:
                continue
            for act in self.actions(name):
                if whole or act.toplevel:
                    out.append((name, act, hook))
        return out

    def runs_at_install(self, name: str) -> bool:
        """Whether a hook that runs at install or build reaches this file."""
        reached = self.install_files.get(name)
        return reached is not None and reached[0].stage in INSTALL_STAGES
