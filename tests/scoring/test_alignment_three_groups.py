"""Three groups in the alignment survey — sales, marketing and delivery — on a small
bank written here, every number worked out by hand below.

* area ``message``: m1, m2 (reverse-keyed), on a page asked of sales and marketing only;
* area ``promise``: p1, p2 (reverse-keyed), on a page asked of all three;
* sales = self + manager, marketing = marketing, delivery = operations; minimum 3,
  gap_threshold 25; marketing and operations weigh 2 in the combined score.

A 5-point item scores (v - 1) / 4 · 100, reversed (5 - v) / 4 · 100.
"""

from __future__ import annotations

import pytest

from assess.core.scoring import RaterResponse, score_alignment
from tests.scoring.conftest import write_banks

COACHING = """\
      coaching:
        weak:
          actions: [Meet weekly.]
          exercise: For 30 days, meet weekly.
          owner_blunt: "{team} is apart."
          owner_diplomatic: "{team} can work closer."
        aligned:
          actions: [Keep going.]
          exercise: For 30 days, keep going.
          owner_blunt: "{team} is together."
          owner_diplomatic: "{team} works well together.\""""

ALIGN3 = f"""\
id: mini_align3
version: "1"
title: Promise, produce, deliver
instructions: Answer for your company.
rater_roles: [self, manager, marketing, operations]
expected_minutes: 4
scales:
  agree5:
    kind: agreement
    anchors: [Strongly disagree, Disagree, Neutral, Agree, Strongly agree]
    not_observed: Not seen
pages:
  - id: sm
    title: Sales and marketing
    rater_roles: [self, manager, marketing]
    items:
      - {{id: m1, type: likert, scale: agree5, text: Calls match the message., competency: message}}
      - {{id: m2, type: likert, scale: agree5, text: Campaigns surprise sales., competency: message,
         reverse_keyed: true}}
  - id: dl
    title: Delivery
    items:
      - {{id: p1, type: likert, scale: agree5, text: Promises can be kept., competency: promise}}
      - {{id: p2, type: likert, scale: agree5, text: Customers are promised the impossible.,
         competency: promise, reverse_keyed: true}}
      - {{id: note, type: text, text: Anything else?}}
rubric:
  competencies:
    - id: message
      name: Message fit
      description: Calls match campaigns.
{COACHING}
    - id: promise
      name: Promises delivery can keep
      description: What is sold can be delivered.
{COACHING}
  bands:
    - {{id: weak, label: Weak practice, min: 0, max: 60}}
    - {{id: aligned, label: Aligned, min: 60, max: 100}}
  rater_weights: {{self: 1, manager: 1, marketing: 2, operations: 2}}
  min_raters_per_group: 3
  gap_threshold: 25
  compare_groups:
    sales: [self, manager]
    marketing: [marketing]
    delivery: [operations]
"""


@pytest.fixture(scope="module")
def bank(tmp_path_factory):
    folder = tmp_path_factory.mktemp("align3")
    return write_banks(folder, {"align3.yaml": ALIGN3})["mini_align3"]


def answer(number, role, seconds=600, note=None, **answers):
    if note:
        answers["note"] = note
    return RaterResponse(f"r{number}", role, "mini_align3", answers, seconds)


SALES = [
    # message: (75 + 75) / 2 = 75; (75 + 100) / 2 = 87.5; (100 + 75) / 2 = 87.5 -> 83.33
    # promise: (100 + 100) / 2 = 100; (75 + 75) / 2 = 75; (100 + 75) / 2 = 87.5 -> 87.5
    answer(1, "self", m1=4, m2=2, p1=5, p2=1, note="We deliver."),
    answer(2, "self", m1=4, m2=1, p1=4, p2=2),
    answer(3, "manager", m1=5, m2=2, p1=5, p2=2),
]
MARKETING = [
    # message: 25, 37.5, 12.5 -> 25;  promise: 62.5, 50, 75 -> 62.5
    answer(4, "marketing", m1=2, m2=4, p1=4, p2=3),
    answer(5, "marketing", m1=3, m2=4, p1=3, p2=3),
    answer(6, "marketing", m1=2, m2=5, p1=4, p2=2),
]
DELIVERY = [
    # promise: 25, 0, and 25 from p1 alone (p2 "not seen") -> 16.67
    answer(7, "operations", seconds=70, p1=2, p2=4, note="Dates are made up."),
    answer(8, "operations", seconds=70, p1=1, p2=5),
    answer(9, "operations", seconds=70, p1=2, p2="not_observed"),
]


def area(result, area_id):
    return next(area for area in result["areas"] if area["id"] == area_id)


def test_each_group_scores_each_area_it_was_asked_and_every_pair_has_its_gap(bank):
    result = score_alignment(bank, SALES + MARKETING + DELIVERY).to_dict()
    assert result["sides"] == ["sales", "marketing", "delivery"]
    assert result["raters"] == {"sales": 3, "marketing": 3, "delivery": 3}
    promise = area(result, "promise")
    assert {side: score["score"] for side, score in promise["sides"].items()} == {
        "sales": 87.5, "marketing": 62.5, "delivery": 16.67,
    }  # fmt: skip
    # SEs: two items each, so one rater's error is 20 · √(1 − 0.6) = 12.65; sales and
    # marketing spread 12.5, under it: 12.65 / √3 = 7.30. Delivery 25, 0, 25 spreads
    # 14.43: 8.33. Margins: 1.645 · √(7.30² + 7.30²) = 16.99, 1.645 · √(7.30² + 8.33²) = 18.23
    assert [promise["sides"][side]["se"] for side in ("sales", "marketing", "delivery")] == [
        7.3, 7.3, 8.33,
    ]  # fmt: skip
    assert promise["gaps"] == [
        # exactly the threshold is not a disagreement, nor "could be chance"
        {"between": ["sales", "marketing"], "gap": 25.0, "margin": 16.99,
         "disagreement": False, "could_be_chance": False},
        {"between": ["sales", "delivery"], "gap": 70.83, "margin": 18.23,
         "disagreement": True, "could_be_chance": False},
        {"between": ["marketing", "delivery"], "gap": 45.83, "margin": 18.23,
         "disagreement": True, "could_be_chance": False},
    ]  # fmt: skip
    assert promise["gap"] == 70.83 and promise["gap_between"] == ["sales", "delivery"]
    # combined: (262.5 · 1 + 187.5 · 2 + 50 · 2) / (3 + 6 + 6) = 737.5 / 15
    assert promise["combined"] == 49.17 and promise["band"] == "weak"


def test_a_group_never_asked_about_an_area_is_not_asked_not_missing(bank):
    result = score_alignment(bank, SALES + MARKETING + DELIVERY).to_dict()
    message = area(result, "message")
    assert message["sides"]["delivery"] == {"score": None, "raters": 0, "status": "not_asked"}
    assert message["sides"]["sales"]["score"] == 83.33
    assert message["sides"]["marketing"]["score"] == 25
    assert message["gaps"] == [
        {"between": ["sales", "marketing"], "gap": 58.33, "margin": 16.99,
         "disagreement": True, "could_be_chance": False}
    ]  # fmt: skip
    # delivery was not asked, so it hides nothing: (250 + 75 · 2) / (3 + 6) = 44.44
    assert message["combined"] == 44.44
    # widest gap first: promise (70.83), then message (58.33)
    assert [a["id"] for a in result["areas"]] == ["promise", "message"]
    assert result["worst"] == ["promise", "message"]
    assert result["comments"] == ["Dates are made up.", "We deliver."]


def test_delivery_is_timed_against_the_pages_it_was_asked(bank):
    # 70 s is over a third of delivery's 3 minutes (3 of the 5 items, of 4 minutes,
    # rounded up) but under a third of the whole survey's 4: not "too fast"
    result = score_alignment(bank, DELIVERY).to_dict()
    assert result["quality"]["flagged"] == 0
    rushed = [answer(10 + n, "operations", seconds=50, p1=2, p2=4) for n in range(3)]
    assert score_alignment(bank, rushed).to_dict()["quality"]["by_code"] == {"too_fast": 3}


def test_an_answer_to_a_page_delivery_is_not_asked_is_refused(bank):
    forged = answer(10, "operations", m1=5, p1=2, p2=4)
    with pytest.raises(ValueError, match="r10: operations is not asked m1"):
        score_alignment(bank, [*SALES, forged])


def test_two_delivery_answers_show_no_delivery_score_gap_comment_or_combined(bank):
    result = score_alignment(bank, SALES + MARKETING + DELIVERY[:2]).to_dict()
    promise = area(result, "promise")
    assert promise["sides"]["delivery"] == {
        "score": None, "raters": 2, "status": "not_enough_raters",
    }  # fmt: skip
    assert [pair["gap"] for pair in promise["gaps"]] == [25.0, None, None]
    # no band from sales and marketing alone: it would speak for delivery too
    assert promise["combined"] is None and promise["band"] is None
    assert area(result, "message")["combined"] == 44.44  # delivery was never asked
    assert result["comments"] == []  # a delivery comment could be traced


def test_a_survey_without_delivery_answers_still_compares_sales_and_marketing(bank):
    result = score_alignment(bank, SALES + MARKETING).to_dict()
    promise = area(result, "promise")
    assert promise["sides"]["delivery"]["status"] == "no_raters"
    assert promise["gaps"][0]["gap"] == 25.0 and promise["combined"] is None
    assert result["comments"] == ["We deliver."]
