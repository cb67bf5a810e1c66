"""Trust "Ready" is the buyers' word: "Buyers can rely on what this rep says" is never
printed over buyers who are lukewarm, however glowing the manager's review."""

from __future__ import annotations

import random

from assess.core.scoring import RaterResponse, score_rep
from assess.demo.synthetic import Profile, synthetic_answers

TRUST = "trustworthiness"


def responses(banks, buyer_level: float, manager_level: float, buyers: int = 6):
    rng = random.Random(7)
    manager = Profile(default=manager_level, noise=0)
    made = [
        RaterResponse(
            "self", "self", TRUST, synthetic_answers(banks[TRUST], Profile(default=0.9), rng)
        ),
        RaterResponse(
            "manager", "manager", "manager_review",
            synthetic_answers(banks["manager_review"], manager, rng),
        ),
    ]  # fmt: skip
    for number in range(buyers):
        answers = synthetic_answers(
            banks["buyer_feedback"], Profile(default=buyer_level, noise=0), rng
        )
        made.append(RaterResponse(f"b{number}", "customer", "buyer_feedback", answers))
    return made


def trust_verdict(banks, buyer_level, manager_level):
    result = score_rep(
        {
            key: banks[key]
            for key in (TRUST, "consultative_selling", "manager_review", "buyer_feedback")
        },
        responses(banks, buyer_level, manager_level),
        rep_name="Jo",
    ).to_dict()
    (trust,) = [entry for entry in result["verdict"]["by_bank"] if entry["bank_id"] == TRUST]
    return trust, result


def test_a_glowing_manager_does_not_outvote_lukewarm_buyers(shipped_banks):
    trust, result = trust_verdict(shipped_banks, buyer_level=0.5, manager_level=1.0)
    buyers = result["bank_overall"][TRUST]  # combined; the buyers' own is below
    assert buyers["score"] is not None
    assert trust["verdict"] != "ready" and "ready" not in trust.get("between", [])


def test_buyers_who_are_clearly_positive_can_make_trust_ready(shipped_banks):
    trust, _ = trust_verdict(shipped_banks, buyer_level=0.95, manager_level=0.95)
    assert trust["verdict"] == "ready" or "ready" in trust.get("between", [])


def test_ready_needs_the_buyers_view_of_most_of_what_the_bank_measures(shipped_banks):
    """Four buyers who answered two items, and a manager who rated everything top: the
    buyers have no overall on the consultative bank, so no "ready" — the verdict
    names what is missing instead."""
    rng = random.Random(3)
    made = [
        RaterResponse(
            "m", "manager", "manager_review",
            synthetic_answers(shipped_banks["manager_review"], Profile(default=1.0, noise=0), rng),
        )
    ]  # fmt: skip
    made += [
        RaterResponse(f"b{n}", "customer", "buyer_feedback", {"bf_listened": 5, "bf_kept_word": 5})
        for n in range(4)
    ]
    banks = {key: shipped_banks[key] for key in ("consultative_selling", "trustworthiness",
                                                   "manager_review", "buyer_feedback")}  # fmt: skip
    result = score_rep(banks, made, rep_name="Al").to_dict()
    for entry in result["verdict"]["by_bank"]:
        assert entry["verdict"] != "ready" and "ready" not in entry["between"], entry["bank_id"]
    assert {"what": "buyer_coverage"} in result["verdict"]["missing"]
