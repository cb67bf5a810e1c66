"""Every story the README tells about the demo is visible in the report it names.

Read from the PDFs' text, as the owner and the reps read them — not from the scores —
so a story that the numbers hold but the pages do not show fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from assess.demo import load_demo
from assess.models import Rep, Report, Round
from assess.services.report_pdfs import report_pdf
from assess.services.reports import report_inputs
from tests.conftest import rolled_back_app
from tests.reports.conftest import PdfText

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
#: (what the README says, the rep it is about, what their report must show,
#:  what the owner's team report must show: regular expressions over the flattened,
#:  lower-cased text)
STORIES = (
    ("a trusted consultative closer", "Alex Moreno", ["Ready"], []),
    (
        "a pushy rep whom referrals call pushy and who rates himself highly (a blind spot "
        "and a trust red flag)",
        "Marcus Hale",
        ["Trust risk", "Blind spot", "Two or more referred buyers felt pushed to decide"],
        ["trust risks, by name .*marcus hale", "take .*marcus hale off referrals"],
    ),
    (
        "a rep who fakes good on the self-assessment (flagged on page one, no perception "
        "gaps drawn from it)",
        "Chloe Dubois",
        ["Your self-assessment is flagged:", "No perception gap is drawn"],
        [],
    ),
    (
        "a coachable newcomer",
        "Sam Okafor",
        ["Worth coaching"],
        [r"coachability .* rep overall coachable .* sam okafor \d+ high"],
    ),
    (
        "a rep who improved since the previous round",
        "Priya Natarajan",
        ["a reliable improvement"],
        [r"improved beyond noise change slipped beyond noise change priya natarajan \+\d+"],
    ),
    (
        "a new rep with only two buyers (no verdict yet: not enough evidence)",
        "Hannah Cole",
        ["Not enough evidence yet", "fewer than 3 buyers"],
        ["not enough evidence yet, so no decision about them .*hannah cole"],
    ),
    (
        "reps whose scores sit on a verdict's cut (borderline)",
        "Kenji Watanabe",
        ["Borderline"],
        ["borderline: the margin of error covers more than one verdict .*kenji watanabe"],
    ),
)


#: Reps whose manager's copy is read too: the rep's own says its card in plain words.
TECHNICAL = ("Kenji Watanabe", "Marcus Hale", "Sam Okafor")


@pytest.fixture(scope="module")
def autumn_reports(database_url, tmp_path_factory):
    """The Autumn round's PDFs, by rep name ("team" for the team report)."""
    with rolled_back_app(database_url, tmp_path_factory.mktemp("stories")) as app:
        session = app.extensions["candor.db"].sessionmaker()
        try:
            return _render_autumn(session)
        finally:
            session.close()


def _render_autumn(session) -> dict[str, PdfText]:
    load_demo(session, "test-secret-key")
    autumn = session.scalar(select(Round).where(Round.name == "Autumn 2026 round"))

    def render(**fields) -> PdfText:
        report = Report(
            organization_id=autumn.organization_id, round_id=autumn.id, tone="blunt", **fields
        )
        return PdfText(report_pdf(report_inputs(session, report)))

    pdfs = {"team": render(kind="team")}
    for _, name, _, _ in STORIES:
        rep = session.scalar(select(Rep).where(Rep.name == name))
        pdfs[name] = render(kind="rep", rep_id=rep.id)
    # the manager's copies keep the verdict card's scores, intervals and cuts
    for name in TECHNICAL:
        rep = session.scalar(select(Rep).where(Rep.name == name))
        pdfs[f"{name}, manager"] = render(kind="rep", rep_id=rep.id, reader="manager")
    return pdfs


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).lower()


@pytest.mark.parametrize("story", STORIES, ids=[story[1] for story in STORIES])
def test_each_readme_story_shows_in_its_reports(story, autumn_reports):
    promise, name, rep_shows, team_shows = story
    assert flat(promise) in flat(README), f"the README no longer tells: {promise}"
    rep_text = flat(autumn_reports[name].text)
    for needle in rep_shows:
        assert flat(needle) in rep_text, f"{name}'s report does not show {needle!r}"
    team_text = flat(autumn_reports["team"].text)
    for needle in team_shows:
        assert re.search(needle, team_text), f"the team report does not show {needle!r}"


def test_the_marketing_disagreement_on_follow_up_shows_in_the_team_report(autumn_reports):
    assert "marketing staff who disagree with sales on follow-up" in flat(README)
    text = flat(autumn_reports["team"].text)
    assert "sales, marketing and delivery: where they disagree" in text
    row = re.search(r"follow-up fits the channel disagree (\d+) (\d+) \+(\d+)", text)
    assert row, "the follow-up disagreement is not in the alignment table"
    sales, marketing, gap = map(int, row.groups())
    assert sales - marketing == gap >= 25


def test_delivery_says_sales_promises_what_it_cannot_deliver(autumn_reports):
    assert "delivery staff who say sales promises what delivery cannot provide" in flat(README)
    text = flat(autumn_reports["team"].text)
    row = re.search(
        r"promises delivery can keep disagree (\d+) (\d+) (\d+) \+(\d+) sales − delivery", text
    )
    assert row, "the sales–delivery disagreement is not in the alignment table"
    sales, _, delivery, gap = map(int, row.groups())
    assert sales - delivery == gap >= 25
    # the widest gap of the survey, named in words
    assert f"the widest gap: sales and delivery are {gap} points apart" in text


# The reports claim only what the evidence holds (the psychologist's review).


def test_a_rep_without_buyers_is_never_said_to_be_seen_by_buyers(autumn_reports):
    text = flat(autumn_reports["Hannah Cole"].text)
    assert "what your manager saw (too few buyers yet)" in text
    assert "what your manager and buyers saw" not in text
    assert "buyers notice" not in text and "buyers can tell" not in text
    assert "from your manager's review only" in text


def test_a_flagged_self_assessment_draws_no_gap_chart(autumn_reports):
    text = flat(autumn_reports["Chloe Dubois"].text)
    assert "no perception gap is drawn" in text
    assert "blind spots first" not in text and "the grey line is the distance" not in text


def test_every_number_on_a_borderline_card_says_whose_score_it_is(autumn_reports):
    first = flat(autumn_reports["Kenji Watanabe, manager"].pages[0])
    facts = re.findall(r"(\w[\w' ]*?) (\d+) \((\d+)–(\d+)\),? (?:straddles|sits on)", first)
    assert facts, first
    for label, *_ in facts:
        assert re.search(r"(score|rating)$", label), label


def test_each_reason_on_page_one_says_whose_score_and_which_overall(autumn_reports):
    marcus = flat(autumn_reports["Marcus Hale, manager"].pages[0])
    assert "in the gap band by the buyers' score:" in marcus
    sam = flat(autumn_reports["Sam Okafor, manager"].pages[0])
    assert re.search(r"consultative selling[^.]* overall \d+, below 75", sam), sam
