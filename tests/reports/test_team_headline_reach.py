"""The psychologist's review of page one of the team report: a borderline rep "could be"
a trust risk only when the evidence reaches the trust-risk verdict meaningfully — at
least a third of a score's 90 % interval past the cut, or a raised red flag — not when
the interval's end barely crosses it."""

from __future__ import annotations

import copy
from dataclasses import replace

from assess.core.banks import AnyOf, CompetencyInBand, RedFlagRaised
from assess.services import report_pdfs
from tests.reports.conftest import PdfText


def trust_rule_tests(banks):
    """(bank, its trust-risk rule's first competency-in-band test, its first red flag
    test), read from the shipped rubric rather than assumed."""
    for bank in banks.values():
        for rule in bank.rubric.verdicts:
            if rule.verdict == "trust_risk" and isinstance(rule.when, AnyOf):
                parts = rule.when.conditions
                in_band = next((p for p in parts if isinstance(p, CompetencyInBand)), None)
                flag = next((p for p in parts if isinstance(p, RedFlagRaised)), None)
                if in_band and flag and bank.rubric.competency(in_band.competency):
                    return bank, in_band, flag
    raise AssertionError("no shipped bank rates trust risk on a competency's band")


def band_fact(bank, test, share):
    """The fact the scoring engine keeps for `test` when the score's 90 % interval, 30
    points wide, has `share` of its width inside the band (the rest above it)."""
    band = next(entry for entry in bank.rubric.bands if entry.id == test.band)
    low = band.max - 30 * share
    return {
        "test": "competency_band",
        "competency": test.competency,
        "group": test.group,
        "band": test.band,
        "score": low + 15,
        "interval": [low, low + 30],
        "borderline": True,
        "manager_only": [],
        "text": "",
    }


def team_with_open_trust(team_inputs, banks, open_facts):
    """The demo team with no trust risk, and one borderline rep per entry of
    `open_facts` whose trust bank is open between trust risk and coaching on those
    facts; every other borderline rep is open between coaching and ready only."""
    bank, _, _ = trust_rule_tests(banks)
    payload = copy.deepcopy(team_inputs.team_payload)
    reps = copy.deepcopy(team_inputs.rep_payloads)
    team = payload["team"]
    for row in team["ranking"]:
        if row["verdict"] == "trust_risk":
            row["verdict"] = "coach"
    team["verdicts"]["coach"] += team["verdicts"]["trust_risk"]
    team["verdicts"]["trust_risk"] = 0
    borderline = [row["rep_id"] for row in team["ranking"] if row["verdict"] == "borderline"]
    assert len(borderline) >= len(open_facts)
    chosen = dict(zip(borderline, open_facts, strict=False))
    for rep in reps:
        verdict = rep["verdict"]
        if rep["rep_id"] in chosen:
            verdict["between"] = ["trust_risk", "coach"]
            verdict["by_bank"] = [
                {
                    "bank_id": bank.id,
                    "verdict": None,
                    "rule": 0,
                    "reason": None,
                    "facts": chosen[rep["rep_id"]],
                    "status": "borderline",
                    "missing": [],
                    "between": ["trust_risk", "coach"],
                }
            ]
        elif verdict.get("between"):
            verdict["between"] = ["coach", "ready"]
            for entry in verdict.get("by_bank") or []:
                if entry.get("between"):
                    entry["between"] = ["coach", "ready"]
    return replace(team_inputs, team_payload=payload, rep_payloads=reps)


def page_one(inputs):
    return " ".join(PdfText(report_pdfs.team_report_pdf(inputs)).pages[0].split())


def test_an_interval_that_barely_reaches_a_trust_risk_is_no_possible_trust_risk(team_inputs, banks):
    """A sixth of the interval in the gap band: within the noise of the measurement.
    The headline neither counts it as a possible trust risk nor promises "No trust
    risks" outright."""
    bank, in_band, _ = trust_rule_tests(banks)
    inputs = team_with_open_trust(team_inputs, banks, [[band_fact(bank, in_band, 1 / 6)]])
    view = report_pdfs.team_view(inputs)
    assert view["headline"].endswith("No trust risks on this evidence.")
    first = page_one(inputs)
    assert "No trust risks on this evidence." in first
    assert "could be" not in first


def test_an_interval_a_third_past_the_cut_could_be_a_trust_risk(team_inputs, banks):
    bank, in_band, _ = trust_rule_tests(banks)
    inputs = team_with_open_trust(
        team_inputs,
        banks,
        [[band_fact(bank, in_band, 0.4)], [band_fact(bank, in_band, 1 / 6)]],
    )
    first = page_one(inputs)
    assert "No trust risk yet: 1 borderline rep could be one." in first
    assert "No trust risks" not in first


def test_two_possible_trust_risks_read_as_two(team_inputs, banks):
    """The plural reads right, and a raised red flag too thin to decide alone is a
    possible trust risk whatever the intervals: buyers did say it."""
    bank, in_band, flag = trust_rule_tests(banks)
    raised = {
        "test": "red_flag",
        "red_flag": flag.red_flag,
        "matched": 2,
        "out_of": 4,
        "roles": ["referral"],
        "min_raters": 2,
        "competencies": [],
        "borderline": True,
        "text": "",
    }
    inputs = team_with_open_trust(team_inputs, banks, [[band_fact(bank, in_band, 0.5)], [raised]])
    assert "No trust risk yet: 2 borderline reps could each be one." in page_one(inputs)


def test_with_trust_risks_only_a_meaningful_reach_is_one_more(team_inputs, banks):
    """The demo team keeps its trust risks; of two borderline reps, the one whose
    interval only just reaches the gap band is not "one more"."""
    bank, in_band, _ = trust_rule_tests(banks)
    risks = team_inputs.team_payload["team"]["verdicts"]["trust_risk"]
    assert risks >= 2
    opened = team_with_open_trust(
        team_inputs, banks, [[band_fact(bank, in_band, 0.5)], [band_fact(bank, in_band, 0.1)]]
    )
    # the team's own verdicts back, trust risks included; the reps' payloads as opened
    inputs = replace(opened, team_payload=team_inputs.team_payload)
    assert f"{risks} are trust risks, 1 more could be." in page_one(inputs)
