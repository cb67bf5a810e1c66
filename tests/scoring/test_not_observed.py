""" "Not observed": an answer a rater may give on a scale that offers it, which counts
as answered and is left out of every score, count and quality check."""

from __future__ import annotations

import pytest

from assess.core.banks import NOT_OBSERVED, bank_from_dict, validate_answer
from assess.core.scoring import RaterResponse, item_scores
from assess.core.scoring.quality import straight_lining
from assess.core.scoring.responses import plan_for, score_response
from tests.scoring.conftest import MINI_BUYER, MINI_MANAGER, MINI_SELF, write_banks

SEEN = """\
id: seen
version: "1"
title: What you saw
instructions: Rate only what you saw.
rater_roles: [customer]
expected_minutes: 2
mirrors: [mini_self]
scales:
  agree5:
    kind: agreement
    anchors: [Strongly disagree, Disagree, Neutral, Agree, Strongly agree]
    not_observed: Not seen / doesn't apply
  plain5:
    kind: agreement
    anchors: [Strongly disagree, Disagree, Neutral, Agree, Strongly agree]
pages:
  - id: only
    title: Your view
    items:
      - {id: s1, type: likert, scale: agree5, text: They listened., competency: listening,
         pairs_with: l1}
      - {id: s2, type: likert, scale: agree5, text: They played it back., competency: listening,
         pairs_with: l3}
      - {id: s3, type: likert, scale: agree5, text: They cut me off., competency: listening,
         reverse_keyed: true, pairs_with: l2}
      - {id: f1, type: likert, scale: agree5, text: They kept their word.,
         competency: follow_through, pairs_with: f1}
      - {id: p1, type: likert, scale: plain5, text: Overall good., competency: follow_through,
         pairs_with: f1}
      - {id: d1, type: likert, scale: plain5, text: They got our problem., competency: discovery,
         pairs_with: d1}
"""


@pytest.fixture(scope="module")
def seen(tmp_path_factory):
    files = {"self.yaml": MINI_SELF, "buyer.yaml": MINI_BUYER, "manager.yaml": MINI_MANAGER}
    files["seen.yaml"] = SEEN
    return write_banks(tmp_path_factory.mktemp("seen"), files)["seen"]


def scored(bank, answers):
    return score_response(plan_for(bank), RaterResponse("r", "customer", bank.id, answers))


def test_not_observed_answers_a_required_item_only_where_the_scale_offers_it(seen):
    assert seen.item("s1").offers_not_observed and not seen.item("p1").offers_not_observed
    assert validate_answer(seen.item("s1"), NOT_OBSERVED) is None
    assert (
        validate_answer(seen.item("p1"), NOT_OBSERVED) == "Choose one of the points on the scale."
    )
    with pytest.raises(ValueError, match="invalid answer"):
        scored(seen, {"p1": NOT_OBSERVED})


def test_a_competency_rests_on_what_the_rater_saw(seen):
    # s1 = 5 -> 100, s3 = 2 reverse-keyed -> 75; s2 not seen: listening = (100 + 75) / 2
    result = scored(
        seen, {"s1": 5, "s2": NOT_OBSERVED, "s3": 2, "f1": NOT_OBSERVED, "p1": 4, "d1": 3}
    )
    assert result.scores == {"listening": 87.5, "follow_through": 75.0, "discovery": 50.0}
    assert result.answered == {"listening": 2, "follow_through": 1, "discovery": 1}
    assert result.short == ()
    assert NOT_OBSERVED not in result.likert_values  # nor in the straight-lining check
    # the reference rules agree with the compiled ones
    assert item_scores(seen.item("s2"), NOT_OBSERVED) == {}


def test_nothing_seen_of_a_competency_is_no_score_and_not_missing_answers(seen):
    every = {"s1": NOT_OBSERVED, "s2": NOT_OBSERVED, "s3": NOT_OBSERVED, "f1": 4, "p1": 4, "d1": 3}
    result = scored(seen, every)
    assert "listening" not in result.scores and "listening" not in result.short
    # one item seen of three still stands alone, as the one the rater could judge
    one = scored(seen, {**every, "s3": 1})
    assert one.scores["listening"] == 100.0 and one.answered["listening"] == 1


def test_a_rater_who_marks_much_as_not_seen_is_not_a_straight_liner(seen):
    result = scored(seen, {"s1": 5, "s2": NOT_OBSERVED, "s3": 1, "f1": 5, "p1": 5, "d1": 5})
    assert result.likert_values == (5, 1, 5, 5, 5)
    assert straight_lining(result.likert_values) is None


def test_the_label_survives_storage_and_banks_without_it_keep_their_hash(seen, shipped_banks):
    again = bank_from_dict(seen.to_dict())
    assert again.content_hash == seen.content_hash
    label = again.item("s1").scale.not_observed
    assert label == seen.item("s1").scale.not_observed
    assert again.text(label) == "Not seen / doesn't apply"
    for bank in shipped_banks.values():
        data = bank.to_dict()
        assert bank_from_dict(data).content_hash == bank.content_hash
