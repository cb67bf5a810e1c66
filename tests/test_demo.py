"""The demo organization tells the stories it promises, the same way every time."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from assess.demo import load_demo
from assess.models import (
    Answer,
    Invitation,
    Organization,
    Rep,
    Report,
    Response,
    Round,
    ScoreSnapshot,
)
from assess.services.report_pdfs import report_pdf
from assess.services.reports import report_inputs
from assess.services.round_scoring import score_round
from tests.reports.conftest import PdfText


def rep_payloads(session, round_name: str) -> dict[str, dict]:
    rows = session.scalars(
        select(ScoreSnapshot)
        .join(Round, Round.id == ScoreSnapshot.round_id)
        .where(Round.name == round_name, ScoreSnapshot.scope == "rep")
    )
    return {snapshot.payload["rep_name"]: snapshot.payload for snapshot in rows}


def test_demo_loads_once_with_three_rounds_and_queued_reports(session):
    report_ids = load_demo(session, "test-secret-key")
    # every closed round's reports: Field Sales' Autumn team report and two copies for
    # each of its 12 reps, Spring's and two for each of 10; two copies of the pulse
    # report for each of Marcus Hale's two pulses; Inside Sales' two rounds, a team
    # report and two copies for each of its 14 reps in each
    assert len(report_ids) == (1 + 2 * 12) + (1 + 2 * 10) + 2 * 2 + 2 * (1 + 2 * 14)
    assert load_demo(session, "test-secret-key") == []
    assert session.scalar(select(func.count()).select_from(Organization)) == 1
    statuses = dict(session.execute(select(Round.name, Round.status)).all())
    assert statuses == {
        "Spring 2026 round": "closed",
        "Autumn 2026 round": "closed",
        "Winter 2026 pulse": "open",
        "Spring 2026 review": "closed",
        "Autumn 2026 review": "closed",
        "Marcus Hale: 30-day pulse (Autumn 2026 round)": "closed",
        "Marcus Hale: 60-day pulse (Autumn 2026 round)": "closed",
    }
    queued = session.scalars(select(Report.status).where(Report.id.in_(report_ids)))
    assert set(queued) == {"queued"}


def test_demo_stories_show_in_the_scores(session):
    load_demo(session, "test-secret-key")
    autumn = rep_payloads(session, "Autumn 2026 round")
    spring = rep_payloads(session, "Spring 2026 round")

    marcus = autumn["Marcus Hale"]
    assert marcus["verdict"]["verdict"] == "trust_risk"
    assert [flag["id"] for flag in marcus["red_flags"]] == ["referrals_pushy_or_unheard"]
    assert any(gap["kind"] == "blind_spot" for gap in marcus["gaps"])

    chloe_flags = {flag["code"] for r in autumn["Chloe Dubois"]["quality"] for flag in r["flags"]}
    assert "social_desirability" in chloe_flags

    assert autumn["Alex Moreno"]["verdict"]["verdict"] == "ready"
    assert autumn["Alex Moreno"]["red_flags"] == []
    priya_now = autumn["Priya Natarajan"]["overall"]["combined"]["score"]
    priya_before = spring["Priya Natarajan"]["overall"]["combined"]["score"]
    assert priya_now - priya_before >= 10
    assert autumn["Hannah Cole"]["buyers"]["shown"] is False  # two buyers: kept anonymous
    assert autumn["Sam Okafor"]["verdict"]["verdict"] == "coach"


def test_buyers_and_the_manager_say_not_seen_where_they_could_not_see(session):
    """A prospect has not found out whether the offer held, a manager rarely hears what
    a buyer said in confidence: the demo's raters answer "not seen" there, and leave an
    optional question blank, as real ones do — never on what a red flag reads."""
    load_demo(session, "test-secret-key")
    autumn = session.scalar(select(Round).where(Round.name == "Autumn 2026 round"))
    rows = session.execute(
        select(Invitation.rater_role, Answer.item_id, Answer.value)
        .join(Response, Response.invitation_id == Invitation.id)
        .join(Answer, Answer.response_id == Response.id)
        .where(Invitation.round_id == autumn.id)
    ).all()
    not_seen = {(role, item) for role, item, value in rows if value == "not_observed"}
    assert {role for role, _ in not_seen} >= {"prospect", "referral", "manager"}
    assert not {item for _, item in not_seen} & {"bf_pushed", "bf_listened", "bf_kept_word"}
    prospects = set(
        session.scalars(
            select(Invitation.id).where(
                Invitation.round_id == autumn.id,
                Invitation.rater_role == "prospect",
                Invitation.status == "completed",
            )
        )
    )
    referred = set(
        session.scalars(
            select(Response.invitation_id)
            .join(Answer, Answer.response_id == Response.id)
            .where(Answer.item_id == "bf_would_refer")
        )
    )
    assert prospects - referred, "no prospect left the optional referral question blank"
    payloads = rep_payloads(session, "Autumn 2026 round")
    marcus = payloads["Marcus Hale"]["buyers"]
    assert marcus["referral"]["answered"] < marcus["raters"]  # "of the N who answered"


def test_the_open_round_is_in_progress(session):
    load_demo(session, "test-secret-key")
    winter = session.scalar(select(Round).where(Round.name == "Winter 2026 pulse"))
    statuses = set(
        session.scalars(select(Invitation.status).where(Invitation.round_id == winter.id))
    )
    assert {"completed", "in_progress", "opened", "pending", "awaiting_approval"} <= statuses


def test_scoring_a_closed_round_again_reproduces_every_number(session):
    """Spring closed before Autumn: scoring Spring again after Autumn closed must give
    the very snapshots Spring issued (its percentile reference was fixed when it
    closed), and Autumn's reference holds the spring scores of other reps only."""
    load_demo(session, "test-secret-key")
    issued = {
        name: dict(payload) for name, payload in rep_payloads(session, "Spring 2026 round").items()
    }
    spring = session.scalar(select(Round).where(Round.name == "Spring 2026 round"))
    score_round(session, spring)
    session.expire_all()
    assert rep_payloads(session, "Spring 2026 round") == issued
    autumn = rep_payloads(session, "Autumn 2026 round")
    # the scores of the rounds that closed before Field Sales' autumn round: its spring
    # round, and Inside Sales' two rounds (each closed a day before Field Sales')
    before = len(issued) + sum(
        len(rep_payloads(session, name)) for name in ("Spring 2026 review", "Autumn 2026 review")
    )
    for payload in autumn.values():
        for competency in payload["competencies"]:
            reference = competency.get("percentile_reference")
            if competency.get("percentile_source") == "history":
                # at most the other reps' earlier scores: never the rep's own, never the
                # round's own
                assert reference <= before - (payload["rep_name"] in issued)


def test_a_rep_on_a_verdicts_cut_is_called_borderline_in_both_reports(session):
    """Kenji's scores sit across the rules' cuts within their 90 % intervals: his
    report names the verdicts still open and the scores that straddle, and the owner's
    report lists him apart and decides only to ask more buyers."""
    load_demo(session, "test-secret-key")
    autumn = session.scalar(select(Round).where(Round.name == "Autumn 2026 round"))
    kenji = session.scalar(select(Rep).where(Rep.name == "Kenji Watanabe"))
    payload = rep_payloads(session, "Autumn 2026 round")["Kenji Watanabe"]
    assert payload["verdict"]["verdict"] is None and len(payload["verdict"]["between"]) >= 2
    rep_report = Report(
        organization_id=autumn.organization_id, round_id=autumn.id, kind="rep",
        rep_id=kenji.id, tone="blunt",
    )  # fmt: skip
    rep_text = " ".join(PdfText(report_pdf(report_inputs(session, rep_report))).pages[0].split())
    assert "Borderline" in rep_text
    assert "You are on the line:" in rep_text or "Too close to call yet" in rep_text
    # the rep's copy, in plain words: whose ratings, never an interval
    assert re.search(
        r"Could be in the gap band[:,] [^.]*\bas (your|buyers)[^.]* rated you", rep_text
    )
    assert "90 % interval" not in rep_text
    manager_copy = Report(
        organization_id=autumn.organization_id, round_id=autumn.id, kind="rep",
        rep_id=kenji.id, tone="blunt", reader="manager",
    )  # fmt: skip
    manager_text = " ".join(
        PdfText(report_pdf(report_inputs(session, manager_copy))).pages[0].split()
    )
    # the manager's: whose scores
    assert re.search(r"Could be in the gap band[:,] [^.]*\bby the", manager_text)
    team_report = Report(
        organization_id=autumn.organization_id, round_id=autumn.id, kind="team", tone="blunt"
    )
    team_text = " ".join(PdfText(report_pdf(report_inputs(session, team_report))).pages[0].split())
    assert "Kenji Watanabe — " in team_text
    assert "Ask more buyers about" in team_text and "Kenji Watanabe" in team_text


def test_the_faker_is_named_on_page_one_and_draws_no_perception_gap(session):
    load_demo(session, "test-secret-key")
    autumn = session.scalar(select(Round).where(Round.name == "Autumn 2026 round"))
    chloe = session.scalar(select(Rep).where(Rep.name == "Chloe Dubois"))
    payload = rep_payloads(session, "Autumn 2026 round")["Chloe Dubois"]
    codes = {flag["code"] for entry in payload["quality"] for flag in entry["flags"]}
    assert "acquiescence" not in codes  # she fakes good; she does not say yes to everything
    assert payload["gaps"] == [] and payload["gaps_withheld"]
    report = Report(
        organization_id=autumn.organization_id, round_id=autumn.id, kind="rep",
        rep_id=chloe.id, tone="blunt",
    )  # fmt: skip
    pdf = PdfText(report_pdf(report_inputs(session, report)))
    assert "Your self-assessment is flagged:" in " ".join(pdf.pages[0].split())
    assert pdf.has("No perception gap is drawn")
