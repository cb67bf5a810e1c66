"""Sales–marketing alignment, on a small bank written here:
area ``handover`` has two likert items (h1, h2 reverse-keyed), area ``message`` one (m1);
sales = self + manager, marketing = marketing; gap_threshold 25; marketing weighs 2."""

from __future__ import annotations

import dataclasses

import pytest

from assess.core.scoring import RaterResponse, score_alignment
from tests.scoring.conftest import write_banks

ALIGN = """\
id: mini_align
version: "1"
title: Working together
instructions: Answer for your company.
rater_roles: [self, manager, marketing]
expected_minutes: 4
scales:
  agree5:
    kind: agreement
    anchors: [Strongly disagree, Disagree, Neutral, Agree, Strongly agree]
pages:
  - id: only
    title: Together
    items:
      - {id: h1, type: likert, scale: agree5, text: Leads pass well., competency: handover}
      - {id: h2, type: likert, scale: agree5, text: Leads get lost., competency: handover,
         reverse_keyed: true}
      - {id: m1, type: likert, scale: agree5, text: Calls match the message., competency: message}
      - {id: note, type: text, text: Anything else?}
rubric:
  competencies:
    - id: handover
      name: Lead handover
      description: Leads pass cleanly.
      coaching: &coaching
        weak:
          actions: [Meet weekly.]
          exercise: For 30 days, meet weekly.
          owner_blunt: "{team} drops leads."
          owner_diplomatic: "{team} can pass leads better."
        aligned:
          actions: [Keep going.]
          exercise: For 30 days, keep going.
          owner_blunt: "{team} passes leads."
          owner_diplomatic: "{team} passes leads well."
    - id: message
      name: Message fit
      description: Calls match campaigns.
      coaching: *coaching
  bands:
    - {id: weak, label: Weak practice, min: 0, max: 60}
    - {id: aligned, label: Aligned, min: 60, max: 100}
  rater_weights: {self: 1, manager: 1, marketing: 2}
  min_raters_per_group: 3
  gap_threshold: 25
  compare_groups:
    sales: [self, manager]
    marketing: [marketing]
"""


@pytest.fixture(scope="module")
def bank(tmp_path_factory):
    return write_banks(tmp_path_factory.mktemp("align"), {"align.yaml": ALIGN})["mini_align"]


def response(number, role, h1, h2, m1, note=None):
    answers = {"h1": h1, "h2": h2, "m1": m1}
    if note:
        answers["note"] = note
    return RaterResponse(f"r{number}", role, "mini_align", answers)


def team(extra=()):
    # sales:     handover (h1, reversed h2): (100+100)/2=100, (75+75)/2=75, (75+50)/2=62.5
    #            message: 100, 75, 75
    # marketing: handover 25, 50, 25 (h1=2, h2=4 -> 25, 25; h1=3, h2=3 -> 50, 50; ...)
    #            message: 75, 50, 100
    return [
        response(1, "self", 5, 1, 5, "Sales is fine."),
        response(2, "self", 4, 2, 4),
        response(3, "manager", 4, 3, 4),
        response(4, "marketing", 2, 4, 4, "We never hear back."),
        response(5, "marketing", 3, 3, 3),
        response(6, "marketing", 2, 4, 5),
        *extra,
    ]


def test_gap_per_area_worst_first(bank):
    result = score_alignment(bank, team()).to_dict()
    handover, message = result["areas"]
    # sales (100 + 75 + 62.5) / 3 = 79.17; marketing (25 + 50 + 25) / 3 = 33.33
    assert handover["id"] == "handover"
    assert handover["sides"]["sales"]["score"] == 79.17
    assert handover["sides"]["marketing"]["score"] == 33.33
    assert handover["gap"] == 45.83 and handover["disagreement"] is True
    # sales spread 19.09 / √3 = 11.02; marketing 14.43 / √3 = 8.33 (each over one
    # rater's own error on two items, 12.65): margin 1.645 · √(11.02² + 8.33²) = 22.73
    assert handover["gaps"][0]["margin"] == 22.73
    # message: sales 83.33, marketing 75: gap 8.33, within 25
    assert message["gap"] == 8.33 and message["disagreement"] is False
    assert result["worst"] == ["handover"]
    # combined handover: (237.5 + 2·100) / (3 + 2·3) = 48.61 -> weak
    assert handover["combined"] == 48.61 and handover["band"] == "weak"
    assert result["raters"] == {"sales": 3, "marketing": 3}
    assert result["comments"] == ["Sales is fine.", "We never hear back."]


def spread_out(size):
    """Sales split 100, 100, 25 on handover (mean 75) and marketing 50, 50, 25 (mean
    41.67): a gap of 33.33, over the threshold of 25, `size` times over."""
    sales = [(5, 1), (5, 1), (2, 4)] * size
    marketing = [(3, 3), (3, 3), (2, 4)] * size
    return [
        *(response(n, "self", h1, h2, 3) for n, (h1, h2) in enumerate(sales)),
        *(response(100 + n, "marketing", h1, h2, 3) for n, (h1, h2) in enumerate(marketing)),
    ]


def test_a_gap_over_the_threshold_but_within_its_margin_could_be_chance(bank):
    result = score_alignment(bank, spread_out(1)).to_dict()
    handover = next(area for area in result["areas"] if area["id"] == "handover")
    # sales SD 43.30 / √3 = 25.00; marketing SD 14.43 / √3 = 8.33;
    # margin 1.645 · √(25² + 8.33²) = 43.35: 33.33 is within it
    assert handover["sides"]["sales"]["se"] == 25.0
    assert handover["sides"]["marketing"]["se"] == 8.33
    assert handover["gaps"] == [
        {"between": ["sales", "marketing"], "gap": 33.33, "margin": 43.35,
         "disagreement": False, "could_be_chance": True},
    ]  # fmt: skip
    assert handover["disagreement"] is False and result["worst"] == []


def test_the_same_gap_from_nine_people_a_side_is_a_disagreement(bank):
    result = score_alignment(bank, spread_out(3)).to_dict()
    handover = next(area for area in result["areas"] if area["id"] == "handover")
    # sales SD 37.5 / 3 = 12.5; marketing SD 12.5 is under one rater's error on two
    # items (12.65): 12.65 / 3 = 4.22; margin 1.645 · √(12.5² + 4.22²) = 21.70
    assert handover["gap"] == 33.33 and handover["gaps"][0]["margin"] == 21.7
    assert handover["disagreement"] is True and handover["gaps"][0]["could_be_chance"] is False
    assert result["worst"] == ["handover"]


def test_a_side_below_the_minimum_is_not_shown_nor_compared(bank):
    responses = team()[:5]  # two marketers
    result = score_alignment(bank, responses).to_dict()
    handover = next(area for area in result["areas"] if area["id"] == "handover")
    assert handover["sides"]["marketing"] == {
        "score": None,
        "raters": 2,
        "status": "not_enough_raters",
    }
    # no combined score or band either: "Aligned" from sales' answers alone would label
    # the marketers' hidden answers
    assert handover["gap"] is None and handover["combined"] is None and handover["band"] is None
    assert result["comments"] == []  # a marketer's comment could be traced


def test_alignment_errors(bank, mini_banks):
    with pytest.raises(ValueError, match="not an alignment bank"):
        score_alignment(mini_banks["mini_self"], [])
    with pytest.raises(ValueError, match="answers mini_self"):
        score_alignment(bank, [RaterResponse("x", "self", "mini_self", {})])
    with pytest.raises(ValueError, match="in no group"):
        score_alignment(bank, [RaterResponse("x", "customer", "mini_align", {})])


def test_shipped_alignment_bank_scores(shipped_banks):
    bank = shipped_banks["sales_marketing_alignment"]
    likert = [item for item in bank.items if item.type == "likert"]
    sales = [
        RaterResponse(f"s{n}", "self", bank.id, {item.id: 7 for item in likert}) for n in range(3)
    ]
    marketing = [
        RaterResponse(f"m{n}", "marketing", bank.id, {item.id: 4 for item in likert})
        for n in range(3)
    ]
    result = score_alignment(bank, sales + marketing)
    assert len(result.areas) == len(bank.rubric.competencies)
    # every area mixes normal and reverse-keyed 7s (100 / 0) against neutral 4s (50)
    assert all(area.sides[1].score == 50 for area in result.areas)


def test_a_group_of_one_has_its_raters_own_error_for_a_margin(tmp_path):
    """A bank that shows a group of one: no spread to measure, so its SE is that
    rater's own error on two items, 20 · √(1 − 0.6) = 12.65, as for a rep's manager."""
    single = ALIGN.replace("mini_align", "mini_align1").replace(
        "min_raters_per_group: 3", "min_raters_per_group: 1"
    )
    bank = write_banks(tmp_path, {"align1.yaml": single})["mini_align1"]
    pair = [
        RaterResponse("s", "self", "mini_align1", {"h1": 5, "h2": 2, "m1": 3}),  # 87.5
        RaterResponse("m", "marketing", "mini_align1", {"h1": 3, "h2": 3, "m1": 3}),  # 50
    ]
    handover = score_alignment(bank, pair).to_dict()["areas"][0]
    assert handover["sides"]["sales"]["se"] == handover["sides"]["marketing"]["se"] == 12.65
    # margin 1.645 · √2 · 12.649 = 29.42: 37.5 clears it and the threshold
    assert handover["gaps"][0]["margin"] == 29.42 and handover["disagreement"] is True


def test_a_gap_equal_to_the_threshold_is_not_over_it_by_a_floating_point_hair(bank):
    """Sales 0, 37.5, 100 (mean 45.83) and marketing 0, 0, 62.5 (mean 20.83): exactly 25
    apart, which floating point makes 25.000000000000004. Not over the threshold of 25:
    neither a disagreement nor "could be chance"."""
    responses = [
        response(1, "self", 1, 5, 3),
        response(2, "self", 3, 4, 3),
        response(3, "self", 5, 1, 3),
        response(4, "marketing", 1, 5, 3),
        response(5, "marketing", 1, 5, 3),
        response(6, "marketing", 4, 3, 3),
    ]
    handover = next(
        area for area in score_alignment(bank, responses).to_dict()["areas"]
        if area["id"] == "handover"
    )  # fmt: skip
    assert handover["gap"] == 25
    assert handover["gaps"][0]["disagreement"] is False
    assert handover["gaps"][0]["could_be_chance"] is False


def test_a_comment_in_a_language_too_few_of_its_side_answered_in_is_left_out(bank):
    """One marketer answered in Spanish: her comment would name her. Languages are
    counted within a side, so two Spanish answers from sales (a manager choosing Spanish
    for themself, say) do not make her one of three."""
    spanish = {1, 3, 4}  # two of sales, one of marketing
    responses = [
        dataclasses.replace(entry, language="es" if number in spanish else "en")
        for number, entry in enumerate(team(), start=1)
    ]
    responses[3] = dataclasses.replace(
        responses[3], answers={**responses[3].answers, "note": "Nunca nos responden."}
    )
    result = score_alignment(bank, responses)
    assert "Nunca nos responden." not in result.comments
    assert result.comments_held_back is True
    same = score_alignment(bank, team())  # one language for all: every comment stays
    assert set(same.comments) == {"Sales is fine.", "We never hear back."}
    assert same.comments_held_back is False
