"""Would buyers recommend the rep? Page one of the rep report and the team report say it
in one of three bands, always with how many answered, never as a count or a percentage
from which one buyer's answer could be read off (docs/scoring.md, "Would buyers
recommend the rep?")."""

from __future__ import annotations

import copy
from dataclasses import replace
from fractions import Fraction

import pytest

from assess.core.reports.rep_raters import referral_band
from assess.demo.samples import demo_rep_inputs
from assess.services import report_pdfs
from tests.reports.conftest import PdfText, with_rep_payload

WORDS = {
    "few": "A third or fewer",
    "middle": "Between a third and two thirds",
    "most": "Two thirds or more",
}


def reference_band(answered: int, would: int) -> str:
    """The band by exact fractions, the rule as docs/scoring.md words it."""
    share = Fraction(would, answered)
    if share <= Fraction(1, 3):
        return "few"
    if share >= Fraction(2, 3):
        return "most"
    return "middle"


def referral_paragraph(page: str) -> str:
    text = " ".join(page.split())
    start = text.index("Would buyers recommend you?")
    return text[start : text.index(".", text.index("out of 10", start)) + 1]


@pytest.mark.parametrize("answered", range(3, 13))
def test_no_band_means_none_or_all_of_them(answered):
    """None and one of them share a band, and so do all and all but one: the band never
    says "none of them" or "all of them", so it tells no buyer's own answer."""
    bands = [referral_band(answered, would) for would in range(answered + 1)]
    for would, (band, words, _) in enumerate(bands):
        assert band == reference_band(answered, would)
        assert words == WORDS[band]
    assert bands[0] == bands[1]
    assert bands[answered] == bands[answered - 1]


def test_fewer_than_three_answers_have_no_band():
    with pytest.raises(ValueError, match="at least 3 answers"):
        referral_band(2, 1)


def test_page_one_gives_a_band_and_how_many_answered_never_a_count(banks):
    inputs = demo_rep_inputs(
        archetype="trusted", buyers={"referral": 3, "customer": 4}, banks=banks
    )
    found = inputs.rep_payload["buyers"]["referral"]
    answered = found["answered"]
    assert answered >= 6
    for would in sorted({0, 1, answered // 2, answered - 1, answered}):
        changed = {**inputs.rep_payload["buyers"], "referral": {**found, "would_refer": would}}
        page_one = PdfText(
            report_pdfs.rep_report_pdf(with_rep_payload(inputs, buyers=changed))
        ).pages[0]
        paragraph = referral_paragraph(page_one)
        band = reference_band(answered, would)
        assert paragraph == (
            f"Would buyers recommend you? {WORDS[band]} of the {answered} buyers who "
            "answered would recommend you to a friend or colleague (9 or 10 out of 10)."
        ), paragraph
        flat = " ".join(page_one.split())
        assert "%" not in flat and "half" not in flat.lower()
        assert f"{would} of the {answered}" not in flat


def test_too_few_answers_to_the_question_show_nothing(banks):
    """A bank whose anonymity minimum is 2 stores the outcome of 2 answers: no band is
    printed from them ("a third or fewer" of 2 would be none of them)."""
    inputs = demo_rep_inputs(archetype="trusted", banks=banks)
    buyers = {**inputs.rep_payload["buyers"], "referral": {"answered": 2, "would_refer": 2}}
    text = PdfText(report_pdfs.rep_report_pdf(with_rep_payload(inputs, buyers=buyers))).flat()
    assert "Would buyers recommend you?" not in text and "would recommend" not in text


def test_the_team_report_lists_reps_by_band_then_name_and_its_lede_gives_nothing_away(
    team_inputs,
):
    """The psychologist's case: none of 7 printed as "fewer than half" (the lede said so)
    and sorted by a made-up 25 % above a rep at 1 of 7 (14 %). Both are now "a third or
    fewer", listed by name; nothing in the section is a count of recommenders or a
    percentage."""
    reps = copy.deepcopy(list(team_inputs.rep_payloads))
    shown = [rep for rep in reps if (rep["buyers"].get("referral") or {}).get("answered")]
    assert len(shown) >= 4
    for rep, would in zip(shown, (0, 1, 3, 5), strict=False):
        rep["buyers"]["referral"] = {"answered": 7, "would_refer": would, "share": would / 7}
    wanted = {
        rep["rep_name"]: (
            rep["buyers"]["referral"]["answered"],
            reference_band(
                rep["buyers"]["referral"]["answered"], rep["buyers"]["referral"]["would_refer"]
            ),
        )
        for rep in shown
    }
    inputs = replace(team_inputs, rep_payloads=reps)
    order = {"most": 0, "middle": 1, "few": 2}
    expected = sorted(wanted, key=lambda name: (order[wanted[name][1]], name))
    assert [row["name"] for row in report_pdfs.team_view(inputs)["referrals"]] == expected
    text = PdfText(report_pdfs.team_report_pdf(inputs)).flat()
    start = text.index("Would buyers recommend them?")
    rows = [f"{name} {wanted[name][0]} {WORDS[wanted[name][1]].lower()}" for name in expected]
    positions = [text.index(row, start) for row in rows]
    assert positions == sorted(positions)
    section = text[start : positions[-1] + len(rows[-1])]
    assert "%" not in section
    lowered = section.lower()
    assert "half" not in lowered and "none" not in lowered
    lede = section[: section.index("REP ANSWERED")]
    for words in WORDS.values():
        assert words.lower() in lede.lower()  # the lede names the three bands, no more
