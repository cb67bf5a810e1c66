"""A team name that only looks like another is that team (pure: no app)."""

from __future__ import annotations

import pytest

from assess.core.team_names import team_key, team_shown


@pytest.mark.parametrize(
    "look_alike",
    [
        "Field\u2800Sales",  # a Braille blank for the space
        "Field\u3164Sales",  # a Hangul filler
        "Field\u180eSales",  # a Mongolian vowel separator
        "Fiel\u0434 Sales".replace("\u0434", "d"),
        "Fi\u0435ld Sales",  # a Cyrillic e
        "Field S\u0430les",  # a Cyrillic a
        "F\u0131eld Sales",  # a dotless i
        "Fie\u0301ld Sales",  # a combining accent
        "FIELD  sales ",
        "Field\u00a0Sales",
        "Field\u200bSales".replace("\u200b", " \u200b"),
    ],
)
def test_a_look_alike_of_a_team_name_is_that_team(look_alike):
    assert team_key(look_alike) == team_key("Field Sales")


def test_names_that_differ_stay_apart_and_are_kept_as_written():
    assert team_key("Field Sales") != team_key("Field Sale")
    assert team_key("Équipe Montréal") == team_key("equipe montreal")
    assert team_shown("  Équipe\u2800Montréal ") == "Équipe Montréal"
    assert team_shown("Field\u180eSales") == "Field Sales"
