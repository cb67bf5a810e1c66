"""Words the reports build from numbers."""

from __future__ import annotations

from assess.core.reports.wording import ordinal, percentile_words


def test_ordinals_are_english():
    numbers = (1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 33, 83, 101, 111, 112)
    assert [ordinal(n) for n in numbers] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd",
        "33rd", "83rd", "101st", "111th", "112th",
    ]  # fmt: skip


def test_a_percentile_names_its_reference_and_never_says_0th():
    history = {"percentile_source": "history", "percentile_reference": 40}
    assert percentile_words({**history, "percentile": 62.4}) == (
        "62nd percentile of 40 earlier scores of other reps here"
    )
    assert percentile_words({**history, "percentile": 0.2}).startswith("below all of 40")
    norm = {"percentile": 83, "percentile_source": "norm"}
    assert percentile_words(norm) == "83rd percentile of the bank's norm group"
    assert percentile_words({"percentile": None}) is None
