"""Page one of the rep's copy in plain words (the psychologist's and the new user's
phone reading): no score names, intervals or cuts on the verdict card, the answer of a
same-answer run by its label, no flag on how the manager answered. The manager's copy
keeps the technical card. Read back from the PDFs of both copies."""

from __future__ import annotations

import copy
from dataclasses import replace

from assess.services import report_pdfs
from tests.reports.conftest import PdfText, with_rep_payload

JARGON = (
    "combined score",
    "buyers' score",
    "90 % interval",
    "straddles the cut",
    "sits on the edge",
    "margins of error",
)
GARBLED = "which only what your manager sees of your work before the next round can settle"


def page_ones(inputs) -> tuple[str, str]:
    """(rep's copy, manager's copy): page one, whitespace collapsed."""
    rep = PdfText(report_pdfs.rep_report_pdf(replace(inputs, reader="rep"))).pages[0]
    manager = PdfText(report_pdfs.rep_report_pdf(replace(inputs, reader="manager"))).pages[0]
    return " ".join(rep.split()), " ".join(manager.split())


def both_texts(inputs) -> tuple[str, str]:
    rep = PdfText(report_pdfs.rep_report_pdf(replace(inputs, reader="rep"))).flat()
    manager = PdfText(report_pdfs.rep_report_pdf(replace(inputs, reader="manager"))).flat()
    return rep, manager


def test_a_given_verdict_says_who_rated_what_without_scores_or_intervals(pushy_inputs):
    rep, manager = page_ones(pushy_inputs)
    assert "Transparency: rated low by buyers and your manager together" in rep
    assert "Also rated low by your buyers (the Gap band): Reliable follow-through" in rep
    assert not [word for word in JARGON if word in rep]
    assert "Transparency: combined score 32, in the Gap band." in manager
    assert "Transparency: buyers' score 28, in the Gap band." in manager
    assert "what your manager and buyers saw, 90 % interval" in manager
    # no count that identifies buyers, in either copy
    for text in (rep, manager):
        assert "3 of 3" not in text and " of 3 referred" not in text


def borderline_verdict():
    """Open between worth coaching and ready: the buyers' trust overall and their
    transparency score straddle, and honest qualification (manager only) too."""
    return {
        "verdict": None,
        "between": ["coach", "ready"],
        "missing": [],
        "by_bank": [
            {
                "bank_id": "trustworthiness",
                "status": "borderline",
                "facts": [
                    {"test": "score", "score": "overall", "group": "buyers", "op": "below",
                     "value": 61.0, "threshold": 65.0, "interval": [52.0, 69.0],
                     "borderline": True},
                    {"test": "competency_band", "competency": "transparency", "group": "buyers",
                     "band": "gap", "score": 56.0, "interval": [46.0, 67.0],
                     "borderline": True},
                    {"test": "band_count", "band": "gap", "group": "combined",
                     "competencies": ["qualifying"], "at_least": 1, "borderline": True},
                ],
            }
        ],
    }  # fmt: skip


def test_a_borderline_card_is_too_close_to_call_in_words_for_the_rep(pushy_inputs):
    rep, manager = page_ones(with_rep_payload(pushy_inputs, verdict=borderline_verdict()))
    assert "Too close to call yet between worth coaching and ready:" in rep
    assert (
        "a few more answers from your buyers, and what your manager sees of your work "
        "before the next round, will settle it."
    ) in rep
    assert "Too close to call whether your buyers rated you in the gap band: Transparency." in rep
    assert (
        "Trust and reliability overall, as your buyers rated you: too close to the line "
        "between two verdicts to call."
    ) in rep
    assert "Some of it rests on your manager's review alone" in rep
    assert not [word for word in JARGON if word in rep]
    assert "(52–69)" not in rep and "65" not in rep.split("SCORE")[0]
    # the manager's copy keeps the intervals and cuts, and its sentence now parses
    assert "buyers' score 61 (52–69), straddles the cut at 65." in manager
    assert "Transparency, buyers' score 56 (46–67), sits on the edge of the gap band." in manager
    assert "The margins of error of your scores cover more than one verdict" in manager
    assert (
        "and only what your manager sees of your work before the next round can narrow those."
    ) in manager
    assert GARBLED not in manager and GARBLED not in rep


def test_a_same_answer_run_names_the_answer_not_its_number(pushy_inputs):
    payload = copy.deepcopy(dict(pushy_inputs.rep_payload))
    run = {"code": "straight_lining",
           "message": "The same answer (4) to 10 Likert items in a row, of 24 answered.",
           "detail": {"run": 10, "value": 4, "likert_answered": 24}}  # fmt: skip
    payload["quality"] = [
        {"rater_role": "self", "bank_id": "trustworthiness", "flags": [run]},
    ]
    rep, manager = both_texts(with_rep_payload(pushy_inputs, **payload))
    for text in (rep, manager):
        assert "The same answer, “Agree” or “Often”, to 10 statements in a row" in text
        assert "(4)" not in text and "Likert" not in text


def test_a_flag_on_the_managers_own_answers_is_in_the_managers_copy_only(pushy_inputs):
    payload = copy.deepcopy(dict(pushy_inputs.rep_payload))
    flags = [{"code": "straight_lining", "message": "", "detail": {}},
             {"code": "too_fast", "message": "", "detail": {}}]  # fmt: skip
    payload["quality"] = [{"rater_role": "manager", "bank_id": "manager_review", "flags": flags}]
    rep, manager = both_texts(with_rep_payload(pushy_inputs, **payload))
    assert "The manager's review gave the same answer to almost every statement" in manager
    assert "answered much faster than the survey can be read" in manager
    assert "gave the same answer to almost every statement" not in rep
    assert "answered much faster than the survey can be read" not in rep


def test_the_reps_verdict_card_names_each_competency_once(pushy_inputs):
    """A competency said on its own line is not named again in the band count below it
    (the psychologist's Marcus: Transparency three times)."""
    view = report_pdfs.rep_view(replace(pushy_inputs, reader="rep"))
    evidence = view["verdict"]["evidence"]
    names = {c["name"] for c in view["competencies"]}
    for name in names:
        assert sum(line.count(name) for line in evidence) <= 1, (name, evidence)
    assert any(line.startswith("Also rated") for line in evidence)
