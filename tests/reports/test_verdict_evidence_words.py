"""The psychologist's review, read back from the PDFs: a verdict that says when it
rests on the manager alone, a red flag that cannot decide alone says so, and every
alignment gap beyond the threshold is printed (focus areas: test_focus_margin.py)."""

from __future__ import annotations

import copy
import random
from dataclasses import replace

from assess.core.scoring import RaterResponse, score_rep
from assess.demo.synthetic import Profile, synthetic_answers
from assess.services import report_pdfs
from tests.reports.conftest import PdfText, with_rep_payload

REP_BANKS = ("consultative_selling", "trustworthiness", "manager_review", "buyer_feedback")
ALIGNMENT = "sales_marketing_alignment"


def test_scores_on_the_managers_few_answers_leave_not_a_fit_open_and_say_so(banks, pushy_inputs):
    alone = {"qualifying": 0.0, "account_growth": 0.0, "marketing_partnership": 0.0}
    profile = Profile(default=0.9, levels=alone, noise=0)
    responses = [
        RaterResponse(
            "m", "manager", "manager_review",
            synthetic_answers(banks["manager_review"], profile, random.Random(3)),
        )
    ]  # fmt: skip
    buyers = synthetic_answers(
        banks["buyer_feedback"], Profile(default=0.85, noise=0), random.Random(5)
    )
    responses += [RaterResponse(f"p{n}", "prospect", "buyer_feedback", buyers) for n in range(4)]
    chosen = {key: banks[key] for key in REP_BANKS}
    payload = score_rep(chosen, responses, rep_name="Jo", rep_id="rep-1").to_dict()
    assert payload["verdict"]["verdict"] is None  # one person's few answers decide nothing
    inputs = replace(pushy_inputs, rep_payload=payload, previous_rep_payload=None)
    manager = replace(inputs, reader="manager")
    page_one = " ".join(PdfText(report_pdfs.rep_report_pdf(manager)).pages[0].split())
    assert "These scores rest on your manager's review alone" in page_one
    assert "Could be in the gap band, by the manager's review alone:" in page_one
    assert "by the scores of the manager and buyers together" not in page_one
    names = {c["id"]: c["name"]["en"] for c in payload["competencies"]}
    for competency in alone:
        assert names[competency] in page_one
    own = " ".join(PdfText(report_pdfs.rep_report_pdf(inputs)).pages[0].split())
    assert "what your manager sees of your work before the next round will settle it" in own
    assert "more answers from your buyers" not in own  # buyers cannot settle it
    assert "Could be in the gap band, as your manager alone rated you:" in own
    assert "buyers and your manager rated you" not in own
    for competency in alone:
        assert names[competency] in own


def test_a_red_flag_on_one_answer_each_says_it_cannot_decide_alone(pushy_inputs):
    payload = copy.deepcopy(pushy_inputs.rep_payload)
    for flag in payload["red_flags"]:
        flag["decisive"] = flag["roles"] != ["referral"]
    pdf = PdfText(report_pdfs.rep_report_pdf(with_rep_payload(pushy_inputs, **payload)))
    text = pdf.flat()
    assert (
        "Raised by at least 2 referred buyers; it rests on too few answers to decide a "
        "verdict alone: a buyers' red flag decides only when at least 3 of them raise it "
        "(and not every one of them), or when each raises it on two questions."
    ) in text


def test_every_alignment_gap_beyond_the_threshold_is_printed_widest_first(team_inputs):
    """A delivery area where sales and marketing both disagree with delivery: the
    marketing–delivery gap is printed as well as the widest one."""
    payload = copy.deepcopy(team_inputs.team_payload)
    result = payload["alignment"][ALIGNMENT]
    area = next(a for a in result["areas"] if len(a["gaps"]) == 3)
    area["sides"]["sales"]["score"] = 90.0
    area["sides"]["marketing"]["score"] = 82.0
    area["sides"]["delivery"]["score"] = 35.0
    area.update(gap=55.0, gap_between=["sales", "delivery"], disagreement=True)
    area["gaps"] = [
        {"between": ["sales", "marketing"], "gap": 8.0, "disagreement": False},
        {"between": ["sales", "delivery"], "gap": 55.0, "disagreement": True},
        {"between": ["marketing", "delivery"], "gap": 47.0, "disagreement": True},
    ]
    result["areas"].remove(area)
    result["areas"].insert(0, area)
    name = area["name"]["en"]
    pdf = PdfText(report_pdfs.team_report_pdf(replace(team_inputs, team_payload=payload)))
    text = pdf.flat()
    widest = f"Sales and delivery: 55 points apart on “{name}” (sales 90, delivery 35)."
    second = f"Marketing and delivery: 47 points apart on “{name}” (marketing 82, delivery 35)."
    assert "widest first:" in text
    assert widest in text and second in text
    assert text.index(widest) < text.index(second)
    assert "Sales and marketing: 8 points" not in text  # within the threshold
