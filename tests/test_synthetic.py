"""Synthetic answers (demo, benchmarks): what each kind of rater writes fits the survey."""

from __future__ import annotations

import random

from assess.core.banks import NOT_OBSERVED, validate_answer
from assess.demo.synthetic import ALIGNMENT_COMMENTS, COMMENTS, Profile, synthetic_answers
from assess.services.bank_versions import shipped_banks


def comments_of(bank_key: str, profile: Profile) -> set[str]:
    bank = shipped_banks()[bank_key]
    texts = {item.id for item in bank.items if item.type == "text"}
    written = set()
    for seed in range(30):
        answers = synthetic_answers(bank, profile, random.Random(seed))
        written |= {value for key, value in answers.items() if key in texts}
    return written


def pool(comments: dict) -> set[str]:
    return {line for lines in comments.values() for line in lines}


def test_the_alignment_survey_gets_comments_about_sales_and_marketing_not_about_a_rep():
    written = comments_of("sales_marketing_alignment", Profile(default=0.3))
    assert written and written <= pool(ALIGNMENT_COMMENTS)
    assert "Leads arrive with no context, so the first call starts from zero." in written


def test_buyers_still_write_about_the_rep():
    written = comments_of("buyer_feedback", Profile(default=0.3, pushy=True))
    assert written and written <= pool(COMMENTS)


def test_raters_say_not_seen_where_the_survey_offers_it_and_answer_as_who_they_are():
    """The demo's buyers and managers answer "not seen" on some of what their role
    rarely sees, with an answer the survey accepts; a prospect has not bought, a
    customer has. Without a role (benchmarks, tests) every rating is given."""
    banks = shipped_banks()
    for bank_key, role in (
        ("buyer_feedback", "prospect"),
        ("buyer_feedback", "customer"),
        ("manager_review", "manager"),
    ):
        bank = banks[bank_key]
        not_seen = 0
        for seed in range(20):
            answers = synthetic_answers(bank, Profile(default=0.7), random.Random(seed), role)
            assert all(validate_answer(bank.item(i), v) is None for i, v in answers.items())
            not_seen += sum(value == NOT_OBSERVED for value in answers.values())
            if bank_key == "buyer_feedback":
                assert answers["bf_is_customer"] is (role == "customer")
            anonymous = synthetic_answers(bank, Profile(default=0.7), random.Random(seed))
            assert NOT_OBSERVED not in anonymous.values()
        assert not_seen > 0, role
