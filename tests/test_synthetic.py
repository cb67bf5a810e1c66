"""Synthetic answers (demo, benchmarks): what each kind of rater writes fits the survey."""

from __future__ import annotations

import random

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
