"""Which bank carries trust is read from the banks' rubrics, never from a bank id."""

from __future__ import annotations

from dataclasses import replace

from assess.core.reports.rubrics import trust_bank_ids
from assess.services import report_pdfs


def test_the_trust_bank_is_the_one_rating_trust_risk_on_its_own_scores(banks):
    gives_trust_risk = {
        bank.id
        for bank in banks.values()
        if any(rule.verdict == "trust_risk" for rule in bank.rubric.verdicts)
    }
    assert {"consultative_selling", "trustworthiness"} <= gives_trust_risk
    # consultative selling rates a trust risk on a red flag alone: it does not measure trust
    assert trust_bank_ids(banks) == {"trustworthiness"}


def test_a_renamed_trust_bank_still_carries_trust(banks):
    renamed = {
        ("honesty" if bank_id == "trustworthiness" else bank_id): (
            replace(bank, id="honesty") if bank_id == "trustworthiness" else bank
        )
        for bank_id, bank in banks.items()
    }
    assert trust_bank_ids(renamed) == {"honesty"}


def test_without_a_trust_bank_a_trust_risk_is_still_explained(team_inputs):
    """With no rubric measuring trust, the rep's weakest competency of all speaks."""
    banks = {
        bank_id: replace(bank, rubric=replace(bank.rubric, verdicts=()))
        if bank_id in trust_bank_ids(team_inputs.banks)
        else bank
        for bank_id, bank in team_inputs.banks.items()
    }
    view = report_pdfs.team_view(replace(team_inputs, banks=banks))
    assert view["trust_risks"]
    assert all(risk["sentence"] for risk in view["trust_risks"])
