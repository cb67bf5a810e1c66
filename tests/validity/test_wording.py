"""The words a manager reads: each kind of result, from real results where it matters."""

from __future__ import annotations

import pytest

from assess.core.validity import (
    CAUSATION_NOTE,
    Correlation,
    GroupOutcome,
    correlation_sentence,
    coverage_sentence,
    group_sentence,
    link,
    link_words,
    multiplicity_sentence,
    outcome_by_verdict,
    spearman,
    verdict_coverage,
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
    # and the two judgement calls behind every link: competencies move together, and
    # the manager who rates the rep knows the rep's results
    assert "Competencies move together, so a link for one is not evidence that it" in (
        CAUSATION_NOTE
    )
    assert "the manager knows the rep's sales results" in CAUSATION_NOTE


def test_a_link_that_does_not_hold_among_the_pairs_tested_could_be_chance():
    held = Correlation(n=26, min_reps=20, rho=0.75, interval=(0.55, 0.87), p_value=5e-6,
                       adjusted_p=6e-5, tested=11)  # fmt: skip
    chance = Correlation(n=26, min_reps=20, rho=-0.37, interval=(-0.63, -0.04), p_value=0.067,
                         adjusted_p=0.31, tested=77)  # fmt: skip
    assert link(held) == "positive" and link_words(held) == "goes with"
    assert link(chance) == "chance"
    assert link_words(chance) == "could be chance among 77 pairs"
    assert correlation_sentence(chance, "Listening", "win rate") == (
        "The link between Listening and win rate could be chance among 77 pairs tested: "
        "ρ −0.37 (−0.63 to −0.04), 26 reps."
    )
    # held at exactly the rate is held; an interval touching 0 is unclear whatever p says
    at_the_rate = Correlation(n=26, min_reps=20, rho=0.4, interval=(0.1, 0.6), adjusted_p=0.1)
    assert link(at_the_rate) == "positive"
    touching = Correlation(n=26, min_reps=20, rho=0.3, interval=(0.0, 0.6), adjusted_p=0.01)
    assert link(touching) == "unclear"


@pytest.mark.parametrize(
    ("tested", "chance", "sentence"),
    [
        (
            77,
            0,
            "Of 77 pairs tested, about 8 would show a link by chance alone at this level; "
            "the links named below hold after allowing for that (Benjamini–Hochberg, 10 % "
            "false discovery rate).",
        ),
        (
            11,
            1,
            "Of 11 pairs tested, about 1 would show a link by chance alone at this level; "
            "the links named below hold after allowing for that (Benjamini–Hochberg, 10 % "
            "false discovery rate), and the 1 other pair whose interval leaves out 0 is "
            "marked “could be chance”.",
        ),
        (
            4,
            2,
            "Of 4 pairs tested, fewer than one would show a link by chance alone at this "
            "level; the links named below hold after allowing for that (Benjamini–Hochberg, "
            "10 % false discovery rate), and the 2 other pairs whose interval leaves out 0 "
            "are marked “could be chance”.",
        ),
        (1, 0, "1 pair was tested: a link is named when its interval leaves out 0."),
    ],
)
def test_what_testing_many_pairs_means_in_words(tested, chance, sentence):
    assert multiplicity_sentence(tested, chance) == sentence


@pytest.mark.parametrize(
    ("verdicts", "sentence"),
    [
        (
            ["ready"] * 3 + ["coach"] * 4 + ["trust_risk"] * 2 + [None] * 17,
            "9 of 26 reps have a verdict (ready 3, worth coaching 4, trust risk 2); the "
            "other 17 had no verdict — too close to a cut, or not enough evidence yet — and "
            "are not in this table.",
        ),
        (
            ["ready"] * 5 + ["coach"] * 5 + ["trust_risk"] * 5 + [None],
            "15 of 16 reps have a verdict (ready 5, worth coaching 5, trust risk 5); the "
            "other rep had no verdict — too close to a cut, or not enough evidence yet — and "
            "is not in this table.",
        ),
        (
            ["ready", "coach", "coach", "trust_risk"],
            "All 4 reps have a verdict (ready 1, worth coaching 2, trust risk 1).",
        ),
        (
            [None] * 6,
            "None of the 6 reps has a verdict yet (too close to a cut, or not enough "
            "evidence yet): this table is empty.",
        ),
        (
            ["ready"] * 4 + ["not_a_fit"] * 2 + [None] * 3,
            "4 of 9 reps have one of these verdicts (ready 4, worth coaching 0, trust risk "
            "0); the other 5 are not in this table: 3 had no verdict (too close to a cut, or "
            "not enough evidence yet) and 2 were called not a fit.",
        ),
    ],
)
def test_the_verdict_table_says_which_reps_it_holds(verdicts, sentence):
    assert coverage_sentence(verdict_coverage(verdicts)) == sentence


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
