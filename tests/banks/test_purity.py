"""assess.core.banks stays pure: no web framework or database, directly or at runtime."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.banks.conftest import REPO
from tests.support.imports import module_imports

BANKS = REPO / "assess" / "core" / "banks"
FORBIDDEN = {"flask", "werkzeug", "sqlalchemy", "flask_wtf"}


def imported_modules(source: Path) -> set[str]:
    name = ".".join(source.relative_to(REPO).with_suffix("").parts).removesuffix(".__init__")
    return {imported.module for imported in module_imports(source, name)}


def test_no_module_imports_web_or_database_code():
    sources = sorted(BANKS.rglob("*.py"))
    assert len(sources) > 5
    offenders = {
        source.name: sorted(
            module for module in imported_modules(source) if module.split(".")[0] in FORBIDDEN
        )
        for source in sources
    }
    assert {name: found for name, found in offenders.items() if found} == {}


def test_only_stdlib_yaml_and_own_modules_are_imported():
    allowed_roots = set(sys.stdlib_module_names) | {"yaml", "assess"}
    for source in BANKS.rglob("*.py"):
        for module in imported_modules(source):
            assert module.split(".")[0] in allowed_roots, (source.name, module)
            # its own modules, the pure input rule, and the languages its messages are in
            if module.startswith("assess."):
                assert module.startswith(
                    ("assess.core.banks", "assess.core.text", "assess.core.i18n")
                ), (
                    source.name,
                    module,
                )


def test_loading_banks_pulls_in_no_web_or_database_module():
    probe = (
        "import sys\n"
        "from assess.core.banks import load_banks\n"
        "load_banks('question_banks')\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {sorted(FORBIDDEN)!r}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
