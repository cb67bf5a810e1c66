"""The layout rules of docs/architecture.md, enforced on every module of `assess`.

- Imports run one way: core ← models ← platform ← services ← jobs, web, demo ← cli
  ← factory. A layer imports only the layers to its left (and itself); only the
  factory imports web.
- No module of `assess` imports another inside a function or class (the trick that
  hides an import cycle instead of fixing its direction).
- The pure core imports no web framework, database, queue or PDF engine.
- No product module passes 400 lines.
- Every folder of `assess` is a package, so no module escapes these checks.
- Importing every module opens no connection.

Each rule is checked by `layout_violations`, which a test also runs on a planted
wrong-way tree: a rule that cannot fail would prove nothing.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tests.support.imports import module_imports

PACKAGE = Path(__file__).resolve().parent.parent / "assess"

#: Each layer, and the layers it may import (itself included).
LAYERS = {
    "core": {"core"},
    "models": {"core", "models"},
    "platform": {"core", "models", "platform"},
    "services": {"core", "models", "platform", "services"},
    "jobs": {"core", "models", "platform", "services", "jobs"},
    "web": {"core", "models", "platform", "services", "web"},
    "demo": {"core", "models", "platform", "services", "demo"},
    "cli": {"core", "models", "platform", "services", "jobs", "demo", "cli"},
    "factory": {"core", "models", "platform", "services", "jobs", "web", "demo", "cli"},
}
CORE_FORBIDDEN = {
    "flask", "flask_wtf", "flask_login", "werkzeug", "sqlalchemy", "alembic",
    "celery", "kombu", "redis", "psycopg", "gunicorn", "weasyprint",
}  # fmt: skip
MAX_LINES = 400
#: `importlib.import_module("assess…")` or `__import__("assess…")`: an import by name
#: hides from the walk above.
DYNAMIC_IMPORT = re.compile(r"(import_module|__import__)\(\s*[\"']assess")


def layer_of(module: str) -> str | None:
    """`assess.services.rounds` → "services"; `assess.factory` → "factory"."""
    parts = module.split(".")
    if len(parts) < 2 or parts[0] != "assess":
        return None
    return parts[1] if parts[1] in LAYERS else None


def layout_violations(package: Path) -> list[str]:
    """Every broken layout rule in the package at `package`, one line each."""
    problems = []
    for folder in [package, *(p for p in package.rglob("*") if p.is_dir())]:
        is_code = "__pycache__" not in folder.parts and any(folder.glob("*.py"))
        if is_code and not (folder / "__init__.py").exists():
            problems.append(f"{folder.relative_to(package.parent)}: no __init__.py")
    for source in sorted(package.rglob("*.py")):
        relative = source.relative_to(package.parent)
        name = ".".join(relative.with_suffix("").parts).removesuffix(".__init__")
        layer = layer_of(name) or "assess"
        if layer == "assess" and name not in ("assess", "assess.__init__"):
            problems.append(f"{relative}: not in any layer (a folder of docs/architecture.md)")
        code = source.read_text(encoding="utf-8")
        lines = len(code.splitlines())
        if lines > MAX_LINES:
            problems.append(f"{relative}: {lines} lines (at most {MAX_LINES})")
        for imported in module_imports(source, name):
            target = layer_of(imported.module)
            ours = imported.module.split(".")[0] == "assess"
            hidden = ours and not imported.top_level and not imported.from_name
            if hidden:
                problems.append(
                    f"{relative}:{imported.line}: imports {imported.module} inside a function"
                )
            if layer == "core" and imported.module.split(".")[0] in CORE_FORBIDDEN:
                problems.append(f"{relative}:{imported.line}: core imports {imported.module}")
            stray = ours and target is None and imported.module != "assess"
            if (target or stray) and layer in LAYERS and target not in LAYERS[layer]:
                problems.append(
                    f"{relative}:{imported.line}: {layer} imports {imported.module} ({target})"
                )
        for line_number, line in enumerate(code.splitlines(), start=1):
            if DYNAMIC_IMPORT.search(line):
                problems.append(f"{relative}:{line_number}: imports our code by name at run time")
    return problems


def test_the_package_keeps_every_layout_rule():
    assert layout_violations(PACKAGE) == []


def test_every_layer_exists_and_holds_modules():
    """The rules name real folders: a renamed layer would make them vacuous."""
    for layer in LAYERS:
        path = PACKAGE / layer
        assert path.with_suffix(".py").exists() or any(path.rglob("*.py")), layer


def test_the_rules_catch_a_planted_wrong_way_tree(tmp_path):
    """Plant one breach of each rule in a small tree and see each one reported."""
    tree = tmp_path / "assess"
    for folder in ("core/reports", "services", "jobs", "web", "models", "platform"):
        (tree / folder).mkdir(parents=True)
        (tree / folder / "__init__.py").write_text("")
    (tree / "__init__.py").write_text("")
    (tree / "core" / "reports" / "__init__.py").unlink()  # a folder outside the walk
    (tree / "core" / "reports" / "view.py").write_text("import flask\n")
    (tree / "jobs" / "tasks.py").write_text("from assess.web.routes import handler\n")
    (tree / "services" / "rounds.py").write_text(
        "def launch():\n    from assess.jobs import tasks\n    return tasks\n"
    )
    (tree / "models" / "big.py").write_text("x = 1\n" * (MAX_LINES + 1))
    (tree / "web" / "routes.py").write_text("def handler():\n    pass\n")
    (tree / "shared").mkdir()
    (tree / "shared" / "__init__.py").write_text("")
    (tree / "shared" / "bridge.py").write_text("from assess.web import routes\n")
    (tree / "platform" / "late.py").write_text(
        "import importlib\n\ndef load():\n    return importlib.import_module('assess.web')\n"
    )
    (tree / "platform" / "long.py").write_text("x = 1\n" * MAX_LINES + "y = 2")  # no last \\n
    found = "\n".join(layout_violations(tree))
    assert "assess/core/reports: no __init__.py" in found
    assert "core/reports/view.py:1: core imports flask" in found
    assert "jobs/tasks.py:1: jobs imports assess.web.routes (web)" in found
    assert "services/rounds.py:2: imports assess.jobs inside a function" in found
    assert "services/rounds.py:2: services imports assess.jobs (jobs)" in found
    assert f"models/big.py: {MAX_LINES + 1} lines" in found
    assert "shared/bridge.py: not in any layer" in found
    assert "platform/late.py:4: imports our code by name at run time" in found
    assert f"platform/long.py: {MAX_LINES + 1} lines" in found
    assert "web/routes.py" not in found


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


def test_loading_banks_and_scoring_pulls_in_no_web_or_database_module():
    """At run time too: every module of the core, imported alone, loads none of the
    forbidden packages."""
    probe = (
        "import sys, pkgutil, importlib\n"
        "import assess.core\n"
        "for m in pkgutil.walk_packages(assess.core.__path__, 'assess.core.'):\n"
        "    importlib.import_module(m.name)\n"
        "from assess.core.banks import load_banks\n"
        "load_banks('question_banks')\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {sorted(CORE_FORBIDDEN)!r}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=PACKAGE.parent,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_the_readme_tree_names_every_layer_and_nothing_else():
    """README's "How it is built" is where a newcomer learns the layout: it must match."""
    readme = (PACKAGE.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## How it is built", 1)[1].split("```")[1]
    listed = {
        line.split()[0].rstrip("/")
        for line in section.splitlines()
        if line.startswith("  ") and not line.startswith("    ") and line.strip()
    }
    on_disk = {
        path.name.removesuffix(".py")
        for path in PACKAGE.iterdir()
        if (path.is_dir() and (path / "__init__.py").exists())
        or (path.suffix == ".py" and path.name != "__init__.py")
    }
    assert {name.removesuffix(".py") for name in listed} == on_disk
    for line in section.splitlines():
        if line.startswith("    ") and line.split()[0].endswith("/"):
            folder = line.split()[0].rstrip("/")
            assert any(PACKAGE.rglob(folder)), f"README names {folder}/, not in assess/"
