"""A comment several raters wrote in the same words is printed once, without a count (a
count could tell how many of a small group wrote it), in the rep's report and in the
team report's alignment section. Read back from the PDFs."""

from __future__ import annotations

from dataclasses import replace

from assess.services import report_pdfs
from tests.reports.conftest import PdfText, with_rep_payload

BANK = "sales_marketing_alignment"


def test_the_same_buyer_or_manager_comment_is_printed_once(pushy_inputs):
    buyers = ["Pushy.", "pushy", "  Pushy. ", "Clear about the price."]
    inputs = with_rep_payload(
        pushy_inputs,
        buyer_comments=buyers,
        manager_comments=["Talks over buyers.", "Talks over buyers"],
    )
    for reader in ("rep", "manager"):
        text = PdfText(report_pdfs.rep_report_pdf(replace(inputs, reader=reader))).flat()
        said = text.split("What buyers said", 1)[1].split("Red flags", 1)[0]
        assert said.casefold().count("pushy") == 1, said
        assert "Clear about the price." in said
        assert said.count("Talks over buyers") == 1
        assert "buyers)" not in said and "(3" not in said


def test_the_same_alignment_comment_is_printed_once(team_inputs):
    result = dict(team_inputs.team_payload["alignment"][BANK])
    result["comments"] = [
        "Good campaigns, but we hear about them the week they launch.",
        "Good campaigns, but we hear about them the week they launch.",
        "good campaigns, but we hear about them the week they launch",
        "We share the calendar now, not yet the target account list.",
    ]
    payload = {**team_inputs.team_payload, "alignment": {BANK: result}}
    text = PdfText(report_pdfs.team_report_pdf(replace(team_inputs, team_payload=payload))).flat()
    words = text.split("In their words", 1)[1]
    assert words.casefold().count("good campaigns, but we hear about them") == 1
    assert "We share the calendar now, not yet the target account list." in words


def test_the_demo_team_report_quotes_no_comment_twice(team_pdf):
    """The demo's departments write varied comments, and none is quoted twice."""
    quoted = [
        line.strip()
        for line in team_pdf.text.split("In their words", 1)[1].splitlines()
        if len(line.strip()) > 30 and line.strip()[-1] in ".!"
    ]
    assert len(quoted) >= 3
    assert len(quoted) == len(set(quoted)), quoted
