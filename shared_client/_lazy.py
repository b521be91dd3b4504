"""Lazy exports (PEP 562) for the package ``__init__`` files.

A package lists each public name once, as ``from <submodule> import Name`` in its ``if TYPE_CHECKING:`` block;
:func:`lazy_exports` reads that block from the package's source, so a name (and the submodule, pydantic or httpx
behind it) is imported only when first asked for.
"""

from __future__ import annotations

import ast
import importlib
import sys
from collections.abc import Callable
from pathlib import Path


def _source(package: str, init_file: str) -> str:
    """The package's ``__init__`` source, through its loader when it has one (Ansible runs modules from a zip)."""
    loader = getattr(sys.modules.get(package), "__loader__", None)
    get_source = getattr(loader, "get_source", None)
    text = get_source(package) if callable(get_source) else None
    return text if isinstance(text, str) else Path(init_file).read_text(encoding="utf-8")


def _exports(package: str, init_file: str) -> dict[str, str]:
    """Public name -> absolute module, from the ``if TYPE_CHECKING:`` imports of `init_file`."""
    tree = ast.parse(_source(package, init_file))
    out: dict[str, str] = {}
    for node in tree.body:
        if not (isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"):
            continue
        for stmt in node.body:
            if isinstance(stmt, ast.ImportFrom) and stmt.module:
                for alias in stmt.names:
                    out[alias.asname or alias.name] = stmt.module
    return out


def lazy_exports(
    package: str, init_file: str, eager: dict[str, object]
) -> tuple[Callable[[str], object], Callable[[], list[str]], list[str]]:
    """``(__getattr__, __dir__, __all__)`` for `package`; `eager` is its ``globals()``, where resolved names are
    stored so later look-ups skip ``__getattr__``."""
    modules = _exports(package, init_file)

    def __getattr__(name: str) -> object:
        module = modules.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        eager[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted(set(eager) | set(modules))

    return __getattr__, __dir__, sorted(modules)
