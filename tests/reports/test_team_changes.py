"""The team report prints one change for one quantity: the difference of the two whole
numbers it prints, on every page (the psychologist's "+2" in the competency table
beside "69 → 72, +3" in the trend section, for a matched change of +2.50)."""

from __future__ import annotations

import copy
import re
from dataclasses import replace

from assess.services import report_pdfs
from tests.reports.conftest import PdfText

#: 69.49 → 71.99 prints as 69 → 72: a change of +3, where +2.50 rounded half to even is +2.
MATCHED = {
    "n": 9,
    "before": 69.49,
    "now": 71.99,
    "change": 2.5,
    "se": 4.0,
    "moved": "steady",
    "manager_only": False,
}


def test_a_change_is_the_same_whole_number_in_every_table_and_on_page_one(team_inputs):
    payload = copy.deepcopy(team_inputs.team_payload)
    team = payload["team"]
    competency = team["competencies"][0]
    competency["matched_change"] = dict(MATCHED)
    team["overall"]["matched_change"] = dict(MATCHED)
    inputs = replace(team_inputs, team_payload=payload)
    view = report_pdfs.team_view(inputs)
    name = view["competency_table"][0]["name"]
    assert view["competency_table"][0]["change"] == 3
    assert view["trend"]["rows"][0]["change"] == 3
    for table_row, trend_row in zip(view["competency_table"], view["trend"]["rows"], strict=True):
        assert table_row["change"] == trend_row["change"], table_row["name"]

    pdf = PdfText(report_pdfs.team_report_pdf(inputs))
    text = pdf.flat()
    trend = text[text.rindex("Since Autumn 2025") :]
    assert "Team average 69 → 72 (+3)" in trend
    assert re.search(rf"{re.escape(name)} 69 72 \+3 noise", trend), trend[:400]
    start = text.index("Competencies across the team")
    table = text[start : text.index("Trust risks", start)]
    row = table[table.index(name) :].split(" noise", 1)[0]
    assert row.endswith("+3"), row
    first = " ".join(pdf.pages[0].split())
    assert "went 69 → 72 (+3)" in first
    assert "+2" not in row and "(+2)" not in first and "(+2)" not in trend


def test_the_competency_table_says_whose_change_it_prints(team_inputs):
    """The average is over every rep scored this round, the change over the reps scored
    in both: the table says so, since the two can point different ways."""
    payload = copy.deepcopy(team_inputs.team_payload)
    payload["team"]["overall"]["matched_change"] = dict(MATCHED)
    for competency in payload["team"]["competencies"]:
        competency["matched_change"] = dict(MATCHED)
    pdf = PdfText(report_pdfs.team_report_pdf(replace(team_inputs, team_payload=payload)))
    assert "the change is over the 9 reps scored in both rounds" in pdf.flat()
