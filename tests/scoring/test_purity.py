"""assess.core.scoring stays pure and light: no web or database code, and no third-party
package but PyYAML (through assess.core.banks) — no numpy in the engine."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
import sys

import pytest

import assess.core.scoring
from tests.scoring.conftest import REPO
from tests.support.imports import imported_roots

SCORING = REPO / "assess" / "core" / "scoring"


def test_only_the_standard_library_and_assess_are_imported():
    allowed = set(sys.stdlib_module_names) | {"assess"}
    sources = sorted(SCORING.glob("*.py"))
    assert len(sources) > 10
    offenders = {source.name: imported_roots(source) - allowed for source in sources}
    assert {name: found for name, found in offenders.items() if found} == {}


MODULES = sorted(
    module.name
    for module in pkgutil.iter_modules(assess.core.scoring.__path__, "assess.core.scoring.")
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name, monkeypatch):
    monkeypatch.chdir(REPO)  # the examples load question_banks/
    failures, _ = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert failures == 0
