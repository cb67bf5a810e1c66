"""The like-for-like rules of a plan's progress, on small payloads worked by hand."""

from __future__ import annotations

from assess.core.coaching.progress import MANAGER_ONLY, Focus, compare

BOTH = ["manager", "buyers"]


def entry(score, se, groups, manager=None):
    found = {"combined": {"score": score, "se": se, "status": "ok", "groups_used": groups}}
    if manager is not None:
        found["groups"] = {"manager": {"score": manager, "se": se, "status": "ok"}}
    return found


def test_buyers_and_manager_on_both_sides_get_the_reliable_change_verdict():
    focus = Focus("listening", "Listening", 48.0, 4.0)
    # 61 − 48 = 13 > 1.645 · √(4² + 4.5²) = 9.90: beyond noise
    row = compare(focus, entry(48.0, 4.0, BOTH), entry(61.0, 4.5, BOTH))
    assert row["line"] == "Listening: 48 → 61, a reliable improvement"
    # 55 − 48 = 7 < 9.90: within it
    row = compare(focus, entry(48.0, 4.0, BOTH), entry(55.0, 4.5, BOTH))
    assert row["words"] == "within the noise"


def test_the_manager_alone_on_both_sides_gets_no_verdict_however_large_the_change():
    focus = Focus("growth", "Growing accounts", 50.0, 5.0)
    row = compare(
        focus, entry(50.0, 5.0, ["manager"], manager=50.0), entry(100.0, 5.0, ["manager"], 100.0)
    )
    assert row["words"] == MANAGER_ONLY and row["moved"] is None
    assert row["line"] == f"Growing accounts: 50 → 100, {MANAGER_ONLY}"


def test_buyers_dropping_below_the_minimum_compares_the_manager_with_the_manager():
    focus = Focus("listening", "Listening", 59.0, 4.0)
    before = entry(59.0, 4.0, BOTH, manager=62.0)
    row = compare(focus, before, entry(75.0, 6.0, ["manager"], manager=75.0))
    assert (row["before"], row["now"], row["words"]) == (62.0, 75.0, MANAGER_ONLY)
