"""A borderline verdict names what would settle it: "ask more buyers" only where a
straddling score rests on buyers' answers; the manager where it rests on their review
alone — on the rep's card and in the owner's decision."""

from __future__ import annotations

import copy
from dataclasses import replace

from assess.core.reports.narrowing import BUYERS, MANAGER, what_narrows
from assess.services import report_pdfs
from tests.reports.conftest import PdfText, with_rep_payload

MANAGER_ONLY = {"account_growth", "marketing_partnership", "qualifying"}


def borderline(*facts):
    return {
        "verdict": None,
        "between": ["not_a_fit", "coach"],
        "by_bank": [{"bank_id": "b", "status": "borderline", "facts": list(facts)}],
    }


COUNT = {"test": "band_count", "band": "gap", "group": "combined", "borderline": True}


def test_what_narrows_reads_whose_answers_each_straddling_score_rests_on():
    only_manager = borderline({**COUNT, "competencies": sorted(MANAGER_ONLY)})
    assert what_narrows(only_manager, MANAGER_ONLY) == {MANAGER}
    with_buyers = borderline({**COUNT, "competencies": ["listening", "discovery"]})
    assert what_narrows(with_buyers, MANAGER_ONLY) == {BUYERS}
    # a count holding both kinds needs both: buyers cannot settle the manager-only ones
    mixed = borderline({**COUNT, "competencies": ["account_growth", "listening"]})
    assert what_narrows(mixed, MANAGER_ONLY) == {BUYERS, MANAGER}
    buyers_overall = {"test": "score", "score": "overall", "group": "buyers", "borderline": True}
    assert what_narrows(borderline(buyers_overall), MANAGER_ONLY) == {BUYERS}
    both = borderline({**COUNT, "competencies": ["qualifying"]}, buyers_overall)
    assert what_narrows(both, MANAGER_ONLY) == {BUYERS, MANAGER}
    settled = {**COUNT, "competencies": ["listening"], "borderline": False}
    assert what_narrows(borderline(settled, {**COUNT, "competencies": ["qualifying"]}),
                        MANAGER_ONLY) == {MANAGER}  # fmt: skip


def test_the_owner_is_told_to_watch_a_rep_whose_open_scores_buyers_cannot_see(team_inputs):
    """One borderline rep whose open scores are all manager-only competencies: page one
    does not promise that more buyers would settle it."""
    payload = copy.deepcopy(team_inputs.team_payload)
    reps = copy.deepcopy(team_inputs.rep_payloads)
    open_names = [row["rep_name"] for row in payload["team"]["ranking"]
                  if row["verdict"] == "borderline"]  # fmt: skip
    assert open_names
    target = open_names[0]
    for rep in reps:
        if rep["rep_name"] == target:
            rep["verdict"] = borderline({**COUNT, "competencies": ["qualifying"]})
    inputs = replace(team_inputs, team_payload=payload, rep_payloads=reps)
    first = " ".join(PdfText(report_pdfs.team_report_pdf(inputs)).pages[0].split())
    assert f"watch {target} at work again" in first  # only the manager can settle it
    ask = first[first.index("Ask more buyers about") : first.index(f"watch {target}")]
    assert target not in ask
    assert "rests on the manager's review alone" in first


def test_the_rep_card_says_whose_scores_could_be_in_a_band_and_when_it_is_too_close(
    pushy_inputs,
):
    """A competency can be a strength by the combined score and on the gap band's edge
    by the buyers' own: page one says whose scores it read. Four open verdicts are "too
    close to call", not a line between two."""

    verdict = borderline(
        {**COUNT, "group": "buyers", "competencies": ["transparency"]},
        {**COUNT, "competencies": ["qualifying"]},
    )
    verdict["between"] = ["trust_risk", "not_a_fit", "coach", "ready"]
    inputs = with_rep_payload(pushy_inputs, verdict=verdict)
    manager = replace(inputs, reader="manager")
    first = " ".join(PdfText(report_pdfs.rep_report_pdf(manager)).pages[0].split())
    assert "Could be in the gap band, by the buyers' own scores: Transparency." in first
    assert "by the scores of the manager and buyers together: Honest qualification." in first
    assert "Too close to call yet: your scores are consistent with 4 verdicts" in first
    assert "You are on the line" not in first
    # the rep's copy: the same, said in words
    own = " ".join(PdfText(report_pdfs.rep_report_pdf(inputs)).pages[0].split())
    assert "Could be in the gap band, as your buyers rated you: Transparency." in own
    assert "as buyers and your manager rated you: Honest qualification." in own
    assert "Too close to call yet between trust risk, not a fit, worth coaching and ready" in own
