"""The self-versus-others chart draws like with like: each dot pair is a gap of the
table, never the rep's side of one gap against the other group's whole score."""

from __future__ import annotations

from assess.core.reports.rep_report import like_for_like_views


def payload(*gaps):
    return {
        "gaps": [dict(zip(("competency", "versus", "self", "other"), g, strict=True)) for g in gaps]
    }


def test_the_dots_are_the_gaps_numbers_and_a_manager_on_other_statements_is_left_out():
    entry = {"id": "listening", "views": {"self": 90.0, "buyers": 55.0, "manager": 50.0}}
    # buyers compared on the rep's 100, the manager on the rep's 75: different statements
    views = like_for_like_views(
        entry, payload(("listening", "buyers", 100.0, 50.0), ("listening", "manager", 75.0, 50.0))
    )
    assert views == {"self": 100.0, "buyers": 50.0, "manager": None}
    same = like_for_like_views(
        entry, payload(("listening", "buyers", 75.0, 50.0), ("listening", "manager", 75.0, 37.5))
    )
    assert same == {"self": 75.0, "buyers": 50.0, "manager": 37.5}


def test_without_buyers_the_managers_gap_is_drawn_and_without_any_gap_nothing():
    entry = {"id": "qualifying", "views": {"self": 80.0, "buyers": None, "manager": 40.0}}
    assert like_for_like_views(entry, payload(("qualifying", "manager", 70.0, 40.0))) == {
        "self": 70.0, "buyers": None, "manager": 40.0,
    }  # fmt: skip
    assert like_for_like_views(entry, payload()) == {"self": None, "buyers": None, "manager": None}
