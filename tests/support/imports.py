"""What a Python source file imports, read with `ast` (no import is executed).

Shared by the architecture test and the purity tests of the pure core.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Imported:
    """One imported module: its absolute name, the line, and whether the import sits at
    the top level of the file (not inside a function or class)."""

    module: str
    line: int
    top_level: bool
    #: A name taken from a module (`from x import name`): it may be a submodule.
    from_name: bool = False


def module_imports(source: Path, module_name: str = "") -> list[Imported]:
    """Every module `source` imports, relative imports resolved against `module_name`
    (the dotted name of `source` itself; a package's `__init__` is the package)."""
    tree = ast.parse(source.read_text(encoding="utf-8"), filename=str(source))
    is_package = source.name == "__init__.py"
    found = []

    def visit(node: ast.AST, top_level: bool) -> None:
        for child in ast.iter_child_nodes(node):
            nested = top_level and not isinstance(
                child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda
            )
            if isinstance(child, ast.Import):
                found.extend(Imported(a.name, child.lineno, top_level) for a in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = _absolute(child, module_name, is_package)
                found.append(Imported(base, child.lineno, top_level))
                # `from assess.core import banks` imports the module assess.core.banks
                found.extend(
                    Imported(f"{base}.{alias.name}", child.lineno, top_level, from_name=True)
                    for alias in child.names
                    if base.startswith("assess")
                )
            visit(child, nested)

    visit(tree, True)
    return found


def imported_roots(source: Path) -> set[str]:
    """The top-level package names `source` imports (``sqlalchemy``, ``assess``…)."""
    return {imported.module.split(".")[0] for imported in module_imports(source)}


def _absolute(node: ast.ImportFrom, module_name: str, is_package: bool) -> str:
    if node.level == 0:
        return node.module or ""
    parts = module_name.split(".")
    base = parts if is_package else parts[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)
