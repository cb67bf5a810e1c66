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
