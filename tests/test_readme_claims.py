"""The README's security and privacy claims each name the test behind them: every test
named there must exist, so a claim cannot outlive its proof."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_every_test_the_readme_names_exists():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Security and privacy", 1)[1].split("\n## ", 1)[0]
    named = set(re.findall(r"`(?:[\w/]+\.py::)?(test_\w+)`", section))
    assert len(named) >= 8
    defined = {
        match
        for source in (REPO / "tests").rglob("test_*.py")
        for match in re.findall(r"^def (test_\w+)", source.read_text(encoding="utf-8"), re.M)
    }
    assert sorted(named - defined) == []
