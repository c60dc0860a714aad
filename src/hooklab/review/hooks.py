"""Every way a package runs its own code while it is installed or built, read from its manifests."""

from __future__ import annotations

import re
from posixpath import dirname, join
from typing import TYPE_CHECKING

from hooklab.review.actions import trim

if TYPE_CHECKING:
    from hooklab.review.package import Hook, Package

_GYP_EXPANSION = re.compile(r"<!@?\(")
_PTH_PLACE = re.compile(r"([^/]+\.data/(purelib|platlib)/)?[^/]+\.pth")  # where site reads them


_RUN_SCRIPT = re.compile(r"\b(?:npm|pnpm|yarn)\s+(?:run(?:-script)?\s+)?([\w:.-]+)")
_NODE_DOT = re.compile(r"\bnode\s+\.(?:/)?(?:\s|$|&|;)")
# A dependency shipped inside the package, at any depth: node_modules/[@scope/]name/package.json
_BUNDLED = re.compile(r"(?:.*/)?node_modules/(?:@[^/]+/)?[^/@][^/]*/package\.json")


def _command_files(
    pkg: Package, command: str, scripts: dict, main: object, base: str, depth: int = 0
) -> list[str]:
    """The package files a script's command line runs: files it names, the package's `main` for
    `node .`, and what `npm run x` runs (followed a few levels). `base` is the folder of the
    manifest that declares the script ("" for the package itself)."""
    files = pkg.files_in_command(command, base)
    if _NODE_DOT.search(command + " "):
        start = main if isinstance(main, str) else "index"
        entry = pkg.resolve_js("./" + start, join(base, "x"))
        files += [entry] if entry else []
    if depth < 3:
        for name in _RUN_SCRIPT.findall(command):
            nested = scripts.get(name)
            if isinstance(nested, str) and nested != command:
                files += _command_files(pkg, nested, scripts, main, base, depth + 1)
    return list(dict.fromkeys(files))


def _bundled_manifests(pkg: Package) -> list[str]:
    """package.json of every dependency shipped inside the package (bundleDependencies): npm
    installs them with the package and runs their install scripts too."""
    return sorted(
        name for name in pkg.tree.files if _BUNDLED.fullmatch(name) and name != "package.json"
    )


def _npm(pkg: Package) -> list[Hook]:
    hooks = _npm_manifest(pkg, "package.json", pkg.package_json)
    for manifest in _bundled_manifests(pkg):
        hooks += _npm_manifest(pkg, manifest, pkg.json_object(manifest))
    return hooks


def _npm_manifest(pkg: Package, manifest: str, data: dict | None) -> list[Hook]:
    from hooklab.review.package import NPM_HOOKS, NPM_UNINSTALL, Hook

    base = dirname(manifest)
    scripts = pkg.get(data, "scripts")
    main = pkg.get(data, "main")
    hooks: list[Hook] = []
    if isinstance(scripts, dict):
        for stage in (*NPM_HOOKS, *NPM_UNINSTALL):
            command = scripts.get(stage)
            if not isinstance(command, str):
                continue
            line = pkg.line_of(manifest, rf'"{stage}"\s*:')
            hooks.append(
                Hook(
                    stage,
                    manifest,
                    line,
                    pkg.evidence(manifest, line),
                    tuple(_command_files(pkg, command, scripts, main, base)),
                    command=command,
                )
            )
    has_install = isinstance(scripts, dict) and ("install" in scripts or "preinstall" in scripts)
    gyp = join(base, "binding.gyp")
    if pkg.tree.has(gyp) and not has_install:
        # npm runs `node-gyp rebuild` by itself when a package ships binding.gyp
        text = pkg.source(gyp) or ""
        hooks.append(
            Hook(
                "node-gyp",
                gyp,
                1,
                "binding.gyp (implicit node-gyp rebuild)",
                command="node-gyp rebuild",
            )
        )
        for n, gyp_line in enumerate(text.splitlines(), 1):
            if _GYP_EXPANSION.search(gyp_line):
                shown = trim(gyp_line)
                hooks.append(Hook("gyp-command", gyp, n, shown, command=shown))
    return hooks


def _module_file(pkg: Package, dotted: str, roots: tuple[str, ...] = ()) -> str | None:
    module = dotted.split(":", 1)[0].strip()
    for _ in range(2):  # `pkg.mod.Class` -> try the module, then its parent
        found = pkg.resolve_py(module, 0, "", roots)
        if found:
            return found
        module = module.rpartition(".")[0]
    return None


def _python(pkg: Package) -> list[Hook]:
    from hooklab.review.package import Hook

    hooks: list[Hook] = []
    if pkg.tree.has("setup.py"):
        hooks.append(
            Hook("setup.py", "setup.py", 1, "setup.py runs at every sdist build", ("setup.py",))
        )
    backend = pkg.get(pkg.pyproject, "build-system", "build-backend")
    paths = pkg.get(pkg.pyproject, "build-system", "backend-path")
    if isinstance(backend, str) and isinstance(paths, list):
        roots = tuple(str(p).strip("./") for p in paths)
        line = pkg.line_of("pyproject.toml", r"backend-path")
        entry = _module_file(pkg, backend, roots)
        hooks.append(
            Hook(
                "build-backend",
                "pyproject.toml",
                line,
                pkg.evidence("pyproject.toml", line),
                (entry,) if entry else (),
            )
        )
    hatch = pkg.get(pkg.pyproject, "tool", "hatch")
    for where, table in _hatch_hooks(hatch):
        path = str(table.get("path", "hatch_build.py"))
        line = pkg.line_of("pyproject.toml", re.escape(where.rsplit(".", 1)[0]))
        files = (path,) if pkg.tree.has(path) else ()
        hooks.append(
            Hook("hatch-hook", "pyproject.toml", line, pkg.evidence("pyproject.toml", line), files)
        )
    cmdclass = pkg.get(pkg.pyproject, "tool", "setuptools", "cmdclass")
    if isinstance(cmdclass, dict):
        for cmd, target in cmdclass.items():
            line = pkg.line_of("pyproject.toml", rf"^\s*{re.escape(cmd)}\s*=")
            entry = _module_file(pkg, str(target))
            hooks.append(
                Hook(
                    "cmdclass",
                    "pyproject.toml",
                    line,
                    pkg.evidence("pyproject.toml", line),
                    (entry,) if entry else (),
                    command=str(cmd),
                )
            )
    cfg = pkg.setup_cfg
    if cfg is not None and cfg.has_option("options", "cmdclass"):
        for item in cfg.get("options", "cmdclass").splitlines():
            cmd, _, target = item.partition("=")
            if not target.strip():
                continue
            line = pkg.line_of("setup.cfg", rf"^\s*{re.escape(cmd.strip())}\s*=")
            entry = _module_file(pkg, target.strip())
            hooks.append(
                Hook(
                    "cmdclass",
                    "setup.cfg",
                    line,
                    pkg.evidence("setup.cfg", line),
                    (entry,) if entry else (),
                    command=cmd.strip(),
                )
            )
    for name in sorted({*pkg.tree.files, *pkg.tree.unread}):
        if _PTH_PLACE.fullmatch(name):
            hooks.extend(_pth(pkg, name))
    hooks.extend(_console_scripts(pkg))
    return hooks


def _table(parent: dict, key: str) -> dict:
    """`parent[key]` if it is a table, else an empty one (a hostile manifest may put anything)."""
    value = parent.get(key)
    return value if isinstance(value, dict) else {}


def _hatch_hooks(hatch: object) -> list[tuple[str, dict]]:
    found: list[tuple[str, dict]] = []
    if not isinstance(hatch, dict):
        return found
    build = _table(hatch, "build")
    tables = [("tool.hatch.build.hooks", build.get("hooks"))]
    targets = _table(build, "targets")
    tables += [
        (f"tool.hatch.build.targets.{t}.hooks", v.get("hooks"))
        for t, v in targets.items()
        if isinstance(v, dict)
    ]
    meta = _table(hatch, "metadata")
    tables.append(("tool.hatch.metadata.hooks", meta.get("hooks")))
    for where, hooks in tables:
        if isinstance(hooks, dict) and isinstance(hooks.get("custom"), dict):
            found.append((f"{where}.custom", hooks["custom"]))
    return found


def _pth(pkg: Package, name: str) -> list[Hook]:
    from hooklab.review.package import Hook

    hooks = []
    for n, line in enumerate((pkg.source(name) or "").splitlines(), 1):
        if line.startswith(("import ", "import\t")):
            modules = re.findall(r"import\s+([\w.]+)", line)
            entry = tuple(f for m in modules if (f := _module_file(pkg, m)))
            hooks.append(Hook("pth", name, n, trim(line), entry, whole_file=False))
    return hooks


def _console_scripts(pkg: Package) -> list[Hook]:
    from hooklab.review.package import Hook

    targets: list[tuple[str, str, int]] = []
    scripts = pkg.get(pkg.pyproject, "project", "scripts")
    if isinstance(scripts, dict):
        for cmd, target in scripts.items():
            targets.append(
                (
                    str(target),
                    "pyproject.toml",
                    pkg.line_of("pyproject.toml", rf"^\s*\"?{re.escape(str(cmd))}\"?\s*="),
                )
            )
    for name in pkg.tree.files:
        if name.endswith(".dist-info/entry_points.txt"):
            for n, text in enumerate((pkg.source(name) or "").splitlines(), 1):
                if "=" in text and ":" in text:
                    targets.append((text.split("=", 1)[1].strip(), name, n))
    hooks = []
    for target, file, line in targets:
        entry = _module_file(pkg, target)
        if entry:
            hooks.append(
                Hook(
                    "import-time", file, line, pkg.evidence(file, line), (entry,), whole_file=False
                )
            )
    return hooks


def find_hooks(pkg: Package) -> list[Hook]:
    return _npm(pkg) + _python(pkg)
