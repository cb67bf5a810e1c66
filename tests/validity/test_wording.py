"""The words a manager reads: each kind of result, from real results where it matters."""

from __future__ import annotations

import pytest

from assess.core.validity import (
    CAUSATION_NOTE,
    Correlation,
    GroupOutcome,
    correlation_sentence,
    group_sentence,
    link,
    outcome_by_verdict,
    spearman,
)
from assess.core.validity.wording import decimal, figures


def given(rho, low, high, n=38):
    return Correlation(n=n, min_reps=20, rho=rho, interval=(low, high))


@pytest.mark.parametrize(
    ("result", "sentence"),
    [
        (
            given(0.41, 0.12, 0.64),
            "Listening goes with win rate here: ρ 0.41 (0.12 to 0.64), 38 reps.",
        ),
        (
            given(0.08, -0.20, 0.35, n=44),
            "No clear link between Listening and win rate here: ρ 0.08 (−0.20 to 0.35), 44 reps.",
        ),
        (
            given(-0.35, -0.58, -0.08, n=40),
            "Listening goes with lower win rate here: ρ −0.35 (−0.58 to −0.08), 40 reps.",
        ),
        (
            given(0.06, 0.04, 0.08, n=9800),
            "Listening goes only weakly with win rate here: ρ 0.06 (0.04 to 0.08), 9,800 reps.",
        ),
        (
            given(-0.05, -0.07, -0.03, n=9800),
            "Listening goes only weakly with lower win rate here: "
            "ρ −0.05 (−0.07 to −0.03), 9,800 reps.",
        ),
        (
            Correlation(n=12, min_reps=20, status="not_enough_reps"),
            "Not enough reps to say (12 of the 20 needed).",
        ),
    ],
)
def test_each_kind_of_result_in_words(result, sentence):
    assert correlation_sentence(result, "Listening", "win rate") == sentence


def test_goes_with_needs_the_whole_interval_on_one_side_of_zero():
    assert link(given(0.30, 0.001, 0.55)) == "positive"
    assert link(given(0.30, 0.0, 0.55)) == "unclear"  # touching 0 is not excluding it
    assert link(given(0.30, -0.04, 0.58, n=25)) == "unclear"  # a fair rho, too few reps
    assert link(given(-0.30, -0.55, -0.001)) == "negative"
    assert link(given(0.099, 0.05, 0.15, n=2000)) == "weak_positive"
    assert link(given(0.10, 0.05, 0.15, n=2000)) == "positive"


def test_words_from_a_real_result_show_its_own_numbers():
    # 38 reps whose win rates follow their listening scores, with some noise
    scores = [40 + (rep * 37) % 55 for rep in range(38)]
    win_rates = [score / 100 + ((rep * 11) % 7 - 3) / 20 for rep, score in enumerate(scores)]
    result = spearman(scores, win_rates)
    low, high = result.interval
    sentence = correlation_sentence(result, "Listening", "win rate")
    assert sentence == (
        f"Listening goes with win rate here: ρ {result.rho:.2f} ({low:.2f} to {high:.2f}), 38 reps."
    )
    assert low > 0


def test_a_constant_side_is_said_in_words():
    flat_scores = spearman([60] * 25, list(range(25)))
    assert correlation_sentence(flat_scores, "Listening", "win rate") == (
        "No link can be measured between Listening and win rate here: "
        "all 25 reps have the same Listening score."
    )
    flat_both = spearman([60] * 25, [0.3] * 25)
    assert correlation_sentence(flat_both, "Listening", "win rate").endswith(
        "all 25 reps have the same Listening score and the same win rate."
    )
    flat_outcome = spearman(list(range(25)), [0.3] * 25)
    assert correlation_sentence(flat_outcome, "Listening", "win rate").endswith(
        "all 25 reps have the same win rate."
    )


def test_too_few_reps_never_shows_a_coefficient():
    result = spearman(list(range(12)), list(range(12)))  # a perfect rho from 12 reps
    sentence = correlation_sentence(result, "Listening", "win rate")
    assert sentence == "Not enough reps to say (12 of the 20 needed)."
    assert "ρ" not in sentence
    assert figures(result) == "12 reps"


def test_the_standing_note_says_a_correlation_is_not_a_cause():
    assert CAUSATION_NOTE.startswith("A correlation is not a cause.")


def test_group_sentences():
    verdicts = ["ready"] * 5 + ["coach"] * 6 + ["trust_risk"] * 3
    win_rates = [0.5, 0.3, 0.4, 0.6, 0.2, 0.1, 0.3, 0.2, 0.2, 0.3, 0.1, 0.05, 0.1, 0.0]
    sentences = [group_sentence(g, "win rate") for g in outcome_by_verdict(verdicts, win_rates)]
    assert sentences == [
        "Ready: win rate 0.40 on average (0.25 to 0.55), 5 reps.",
        "Worth coaching: win rate 0.20 on average (0.13 to 0.27), 6 reps.",
        "Trust risk: not enough reps to say (3 of the 5 needed).",
    ]


def test_group_sentence_in_the_outcomes_own_units():
    deal_size = GroupOutcome(
        verdict="coach", n=14, min_reps=5, mean=45210.4, interval=(38120.0, 52300.9)
    )
    assert group_sentence(deal_size, "average deal size", decimals=0) == (
        "Worth coaching: average deal size 45,210 on average (38,120 to 52,301), 14 reps."
    )


@pytest.mark.parametrize(
    ("value", "text"),
    [(0.414, "0.41"), (-0.2, "−0.20"), (-0.004, "0.00"), (-1.0, "−1.00"), (-1234.5, "−1,234.50")],
)
def test_numbers_use_a_true_minus_and_never_minus_zero(value, text):
    assert decimal(value) == text
