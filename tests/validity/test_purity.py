"""assess.core.validity stays pure: the standard library, numpy and our own core — no
scipy (a test-only dependency), no web or database code — and its examples run."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
import sys
from pathlib import Path

import pytest

import assess.core.validity
from tests.support.imports import imported_roots

VALIDITY = Path(assess.core.validity.__file__).parent


def test_only_the_standard_library_numpy_and_assess_are_imported():
    allowed = set(sys.stdlib_module_names) | {"assess", "numpy"}
    sources = sorted(VALIDITY.glob("*.py"))
    assert len(sources) >= 4
    offenders = {source.name: imported_roots(source) - allowed for source in sources}
    assert {name: found for name, found in offenders.items() if found} == {}


MODULES = sorted(
    module.name
    for module in pkgutil.iter_modules(assess.core.validity.__path__, "assess.core.validity.")
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name):
    failures, tried = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert (failures, tried > 0) == (0, True)
