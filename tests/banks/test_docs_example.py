"""The complete example in docs/banks.md is a valid pair of banks."""

from __future__ import annotations

import re

from assess.core.banks import competency_owners, load_banks
from tests.banks.conftest import REPO

EXAMPLE = re.compile(r"```yaml\n(# question_banks/(\w+)\.yaml\n.*?)```", re.S)


def test_documented_example_loads(tmp_path):
    blocks = EXAMPLE.findall((REPO / "docs" / "banks.md").read_text(encoding="utf-8"))
    assert [name for _, name in blocks] == ["example_self", "example_buyer"]
    for body, name in blocks:
        (tmp_path / f"{name}.yaml").write_text(body, encoding="utf-8")
    banks = load_banks(tmp_path)
    self_bank, buyer_bank = banks["example_self"], banks["example_buyer"]
    assert {item.type for item in self_bank.items} == {
        "likert",
        "situational",
        "forced_choice",
        "yes_no",
        "likelihood",
        "text",
    }
    assert self_bank.text(self_bank.rubric.competencies[0].name, "de") == "Zuhören"
    assert set(buyer_bank.scored_competencies) == {c.id for c in self_bank.rubric.competencies}
    assert competency_owners(banks)["listening"] is self_bank
