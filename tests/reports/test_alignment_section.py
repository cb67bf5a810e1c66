"""The team report's alignment section with three groups — sales, marketing and
delivery — read back from the PDF: each group's scores, the widest gap in words, and
a group with too few answers hidden without a count."""

from __future__ import annotations

import random
import re
from dataclasses import replace

import pytest

from assess.core.scoring import RaterResponse, score_alignment
from assess.demo.synthetic import Profile, synthetic_answers
from assess.services import report_pdfs
from tests.reports.conftest import PdfText

BANK = "sales_marketing_alignment"
DELIVERY_AREAS = {"deliverable_promises", "delivery_handover", "delivery_feedback"}


def with_alignment(inputs, result: dict):
    payload = dict(inputs.team_payload)
    payload["alignment"] = {BANK: result}
    return replace(inputs, team_payload=payload)


def scored(banks, raters: list[tuple[str, float]], seed: int = 3) -> dict:
    """The shipped survey scored from synthetic answers: (role, level) per rater."""
    bank = banks[BANK]
    rng = random.Random(seed)
    responses = [
        RaterResponse(
            f"r{number}", role, BANK,
            synthetic_answers(bank.for_role(role), Profile(default=level), rng),
        )
        for number, (role, level) in enumerate(raters)
    ]  # fmt: skip
    return score_alignment(bank, responses).to_dict()


def section_text(pdf: PdfText) -> str:
    text = pdf.flat()
    return text[text.index("where they disagree") - 40 :]


def test_the_three_groups_and_the_widest_gap_in_plain_words(team_inputs, team_pdf):
    result = team_inputs.team_payload["alignment"][BANK]
    text = section_text(team_pdf)
    assert "Sales, marketing and delivery: where they disagree" in text
    assert "5 answers from sales, 3 answers from marketing, 3 answers from delivery" in text
    for area in result["areas"]:
        name = area["name"]["en"]
        sides = area["sides"]
        asked = [side for side in result["sides"] if sides[side]["status"] != "not_asked"]
        assert asked == (
            ["sales", "marketing", "delivery"]
            if area["id"] in DELIVERY_AREAS
            else ["sales", "marketing"]
        )
        scores = " ".join(f"{sides[side]['score']:.0f}" for side in asked)
        assert team_pdf.has(f"{scores} "), (name, scores)
    widest = result["areas"][0]
    first, second = widest["gap_between"]
    one, other = widest["sides"][first]["score"], widest["sides"][second]["score"]
    words = (
        f"The widest gap: {first} and {second} are {abs(round(one) - round(other))} points "
        f"apart on “{widest['name']['en']}” ({first} {one:.0f}, {second} {other:.0f})"
    )
    assert words in text
    # each delivery area names the pair furthest apart beside its gap
    for area in result["areas"]:
        if area["id"] in DELIVERY_AREAS and area["gap_between"]:
            first, second = area["gap_between"]
            assert re.search(rf"[+−]\d+ {first} − {second}", text), area["id"]


def test_delivery_below_the_minimum_is_named_with_what_it_needs_but_not_counted(team_inputs, banks):
    raters = [("self", 0.8)] * 4 + [("manager", 0.8)] + [("marketing", 0.4)] * 3
    raters += [("operations", 0.2)] * 2
    result = scored(banks, raters)
    pdf = PdfText(report_pdfs.team_report_pdf(with_alignment(team_inputs, result)))
    text = section_text(pdf)
    assert (
        "Too few answers from delivery to show its scores (fewer than 3): at most 2 more "
        "are needed." in text
    )
    assert "fewer than 3 answers from delivery" in text
    assert not re.search(r"\b2 answers from delivery", text)
    # no delivery score: the delivery areas compare sales and marketing only, and get
    # no combined score that would speak for delivery
    for area in result["areas"]:
        if area["id"] in DELIVERY_AREAS:
            assert area["sides"]["delivery"]["score"] is None
            sales, marketing = (area["sides"][s]["score"] for s in ("sales", "marketing"))
            assert pdf.has(f"{sales:.0f} {marketing:.0f} – ")
    assert "not enough delivery answers yet" in text
    assert "In their words" not in text  # a delivery comment could be traced


def test_a_round_without_delivery_staff_says_delivery_is_needed(team_inputs, banks):
    raters = [("self", 0.8)] * 3 + [("marketing", 0.4)] * 3
    pdf = PdfText(report_pdfs.team_report_pdf(with_alignment(team_inputs, scored(banks, raters))))
    assert "No answers from delivery: at least 3 are needed before its scores show." in (
        section_text(pdf)
    )


@pytest.fixture
def two_sided_result(team_inputs):
    """A result issued before delivery was a group: two sides, one gap per area."""
    result = team_inputs.team_payload["alignment"][BANK]
    areas = []
    for area in result["areas"]:
        if area["id"] in DELIVERY_AREAS:
            continue
        old = {key: area[key] for key in ("id", "name", "gap", "disagreement", "combined")}
        old["band"] = area["band"]
        old["sides"] = {side: area["sides"][side] for side in ("sales", "marketing")}
        areas.append(old)
    return {
        **{key: result[key] for key in ("bank_id", "min_raters", "gap_threshold", "quality")},
        "sides": ["sales", "marketing"],
        "raters": {"sales": 5, "marketing": 3},
        "areas": areas,
        "worst": [area["id"] for area in areas if area["disagreement"]],
        "comments": [],
    }


def test_a_result_issued_with_two_groups_still_reads_as_before(team_inputs, two_sided_result):
    pdf = PdfText(report_pdfs.team_report_pdf(with_alignment(team_inputs, two_sided_result)))
    text = section_text(pdf)
    assert "Sales and marketing: where they disagree" in text
    section = text.split("Sales and marketing: where they disagree")[1].split("Since ")[0]
    assert "from delivery" not in section and "Delivery" not in section
    assert not re.search(r"(sales|marketing) − (marketing|delivery)", section)  # no pair column
    for area in two_sided_result["areas"]:
        sales, marketing = (area["sides"][s]["score"] for s in ("sales", "marketing"))
        assert pdf.has(f"{sales:.0f} {marketing:.0f} {round(sales) - round(marketing):+d}")
