"""Exports that load on first use, so `import hooklab` and the CLI start without pandas.

A package's `__init__` lists its exports as imports under `if TYPE_CHECKING:` (what readers and
type checkers see) and then calls `lazy_exports(__name__)`, which reads that block and imports
each name's module only when the name is first used (PEP 562).
"""

from __future__ import annotations

import ast
import importlib
import sys
import types
from pathlib import Path


class LazyPackage(types.ModuleType):
    """A package whose exports load on first use.

    An export wins over a submodule of the same name (`hooklab.watch` the function, not the
    subpackage), as an eager `from hooklab.watch import watch` in `__init__` made it: importing
    that submodule later does not rebind the name.
    """

    def __getattr__(self, name: str) -> object:
        exports: dict[str, tuple[str, str]] = self.__dict__.get("_exports", {})
        if name not in exports:
            raise AttributeError(f"module {self.__name__!r} has no attribute {name!r}")
        source, attr = exports[name]
        value = getattr(importlib.import_module(source), attr)
        types.ModuleType.__setattr__(self, name, value)
        return value

    def __setattr__(self, name: str, value: object) -> None:
        shadowing = (
            isinstance(value, types.ModuleType) and value.__name__ == f"{self.__name__}.{name}"
        )
        if shadowing and name in self.__dict__.get("_exports", {}):
            return
        super().__setattr__(name, value)

    def __dir__(self) -> list[str]:
        return sorted(set(super().__dir__()) | set(self.__dict__.get("_exports", {})))


def lazy_exports(package: str) -> None:
    """Turn the `if TYPE_CHECKING:` imports of `package`'s `__init__` into lazy exports."""
    module = sys.modules[package]
    tree = ast.parse(Path(str(module.__file__)).read_text(encoding="utf-8"))
    exports: dict[str, tuple[str, str]] = {}
    for node in tree.body:
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            for imp in node.body:
                if isinstance(imp, ast.ImportFrom) and imp.module:
                    for alias in imp.names:
                        exports[alias.asname or alias.name] = (imp.module, alias.name)
    module.__class__ = LazyPackage
    module._exports = exports  # type: ignore[attr-defined]
