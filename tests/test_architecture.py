"""The layout rules of DESIGN.md, enforced: the pure core imports no web or database code,
and importing the package opens no connection."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "assess"
FORBIDDEN = {"flask", "werkzeug", "sqlalchemy", "flask_wtf", "flask_login", "alembic"}


def imported_roots(source: Path) -> set[str]:
    tree = ast.parse(source.read_text(), filename=str(source))
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize("folder", ["banks", "scoring"])
def test_pure_core_imports_no_web_or_database_code(folder):
    offenders = {
        str(source.relative_to(PACKAGE)): sorted(imported_roots(source) & FORBIDDEN)
        for source in (PACKAGE / folder).rglob("*.py")
        if imported_roots(source) & FORBIDDEN
    }
    assert offenders == {}


def test_importing_every_module_opens_no_connection():
    """Import all of `assess` with sockets disabled and a DATABASE_URL that cannot work."""
    probe = (
        "import os, pkgutil, importlib, socket\n"
        "import assess\n"
        "def refuse(*a, **k): raise SystemExit('a module opened a connection at import')\n"
        "socket.socket.connect = refuse\n"
        "for m in pkgutil.walk_packages(assess.__path__, 'assess.'):\n"
        "    importlib.import_module(m.name)\n"
        "print('ok')\n"
    )
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": "postgresql://nobody@192.0.2.1/none"}
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=PACKAGE.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "ok", result.stderr
