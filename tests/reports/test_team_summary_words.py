"""Page one's headline for a team of one: never "0 of 1 rep are ready"."""

from __future__ import annotations

from assess.core.reports.team_summary import headline


def test_a_team_of_one_reads_as_one_rep():
    assert headline({"coach": 1}, "blunt") == "The one rep is not ready yet."
    assert headline({"ready": 1}, "diplomatic") == "The one rep is ready."
    assert headline({"trust_risk": 1}, "blunt") == "The one rep is a trust risk."
    assert headline({"coach": 1}, "blunt", open_risks=1) == (
        "The one rep is not ready yet, and could be a trust risk."
    )
    assert headline({"ready": 1, "coach": 2}, "blunt").startswith("1 of 3 reps is ready.")


def test_possible_trust_risks_read_right_in_the_singular_and_the_plural():
    """ "1 more could be" / "2 more could be"; a borderline rep whose margin of error
    only just touches a trust risk is no possible one, and then "No trust risks" says on
    what evidence."""
    counts = {"ready": 2, "coach": 6, "trust_risk": 2, "borderline": 3}
    assert headline(counts, "blunt", open_risks=1).endswith("2 are trust risks, 1 more could be.")
    assert headline(counts, "blunt", open_risks=2).endswith("2 are trust risks, 2 more could be.")
    assert headline(counts, "blunt", faint_risks=3).endswith("2 are trust risks.")
    assert headline(counts, "diplomatic", open_risks=1) == (
        "2 of 13 reps are ready; 2 need support to earn buyers' trust, and 1 more may too."
    )
    calm = {"ready": 2, "coach": 8, "borderline": 3}
    assert headline(calm, "blunt", open_risks=1, faint_risks=1).endswith(
        "No trust risk yet: 1 borderline rep could be one."
    )
    assert headline(calm, "blunt", open_risks=2).endswith(
        "No trust risk yet: 2 borderline reps could each be one."
    )
    assert headline(calm, "blunt", faint_risks=2) == (
        "2 of 13 reps are ready. No trust risks on this evidence."
    )
    assert headline(calm, "diplomatic", faint_risks=1) == (
        "2 of 13 reps are ready, and no one is a trust risk on this evidence."
    )
    assert headline(calm, "blunt") == "2 of 13 reps are ready. No trust risks."
    assert headline({"coach": 1}, "blunt", faint_risks=1) == (
        "The one rep is not ready yet, and not a trust risk on this evidence."
    )
