"""A pulse, from the sending to its report, read from outside: the manager closes the
pulse round on its board, and downloads the one-page pulse report; the rep's history
and the next round leave the pulse round out of what means "assessment".

The answers are written as rows (the demo's synthetic answers), everything read goes
through the manager's pages and the PDFs they download.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from assess.models import (
    CoachingPlan,
    Invitation,
    OutboxMessage,
    Pulse,
    Rep,
    Report,
    Round,
    ScoreSnapshot,
    User,
)
from assess.platform.settings import get_settings
from assess.services.api_tokens import create_token
from assess.services.coaching import confirm_plan
from assess.services.pulses import send_pulse
from tests.reports.conftest import PdfText
from tests.support.demo_pages import demo_round, load_signed_in_demo, visible_text
from tests.support.pulses import answer_pulse, board_post

PLAN = ["listening", "transparency"]


@pytest.fixture
def pulse_round(app, client, session):
    """The demo, the manager signed in, a plan for a rep without one, its 30-day pulse sent."""
    load_signed_in_demo(client, session, "manager")
    autumn = demo_round(session)
    rep = unplanned_rep(session, autumn)
    owner = session.scalar(select(User).where(User.organization_id == rep.organization_id))
    plan = confirm_plan(
        session, autumn, rep, owner, PLAN, {c: "Ask two open questions per call" for c in PLAN}
    )
    session.flush()
    thirty = next(pulse for pulse in plan.pulses if pulse.kind == 30)
    sent = send_pulse(session, get_settings(app), thirty, plan.confirmed_at + timedelta(days=30))
    session.commit()
    return sent


def unplanned_rep(session, autumn: Round) -> Rep:
    """A rep the autumn round scored who has no plan from it yet (the demo has one)."""
    planned = select(CoachingPlan.rep_id).where(CoachingPlan.round_id == autumn.id)
    return session.scalar(
        select(Rep)
        .join(ScoreSnapshot, ScoreSnapshot.rep_id == Rep.id)
        .where(ScoreSnapshot.round_id == autumn.id, Rep.id.not_in(planned))
        .order_by(Rep.name)
        .limit(1)
    )


def pulse_rep(session, pulse_round: Round) -> Rep:
    return session.get(
        Rep,
        session.scalar(
            select(Invitation.rep_id).where(Invitation.round_id == pulse_round.id).limit(1)
        ),
    )


def downloaded(client, pulse_round: Round, reader: str) -> PdfText:
    listed = client.get(f"/manage/rounds/{pulse_round.id}/reports.json").json
    (report,) = [entry for entry in listed if entry["reader"] == reader]
    assert (report["kind"], report["status"]) == ("pulse", "done"), report
    answer = client.get(f"/manage/reports/{report['id']}.pdf")
    assert answer.status_code == 200
    return PdfText(answer.data)


def test_a_closed_pulse_gives_a_one_page_pulse_report_and_nothing_else(
    client, session, pulse_round
):
    answer_pulse(session, pulse_round, buyers=3)
    board_post(client, pulse_round.id, "close", confirmed="yes")
    kinds = session.scalars(select(Report.kind).where(Report.round_id == pulse_round.id)).all()
    assert sorted(kinds) == ["pulse", "pulse"]  # the rep's copy and the manager's; no team
    # the board says what the round is, and stops waiting for a team report it never gets
    board = visible_text(client.get(f"/manage/rounds/{pulse_round.id}").get_data(as_text=True))
    assert "This round is a coaching pulse" in board and "Scoring the" not in board
    name = pulse_rep(session, pulse_round).name
    assert f"{name}'s pulse report: manager's copy (PDF)" in client.get(
        f"/manage/rounds/{pulse_round.id}"
    ).get_data(as_text=True).replace("&#39;", "'")
    for reader in ("rep", "manager"):
        pdf = downloaded(client, pulse_round, reader)
        assert pdf.count == 1, pdf.count
        assert pdf.has("30-day pulse")
        assert pdf.has("coaching plan from Autumn 2026 round")
        assert pdf.has("Ask two open questions per call")
        # each competency of the plan is compared with its baseline, like for like
        assert pdf.has("Listening:") and pdf.has("Transparency:")
        assert "reliable" in pdf.flat() or "within the noise" in pdf.flat()
        assert pdf.has("3 buyer surveys")


def test_the_pulse_board_and_close_page_are_about_its_one_rep(client, session, pulse_round):
    rep = pulse_rep(session, pulse_round)
    board = visible_text(client.get(f"/manage/rounds/{pulse_round.id}").get_data(as_text=True))
    others = session.scalars(select(Rep.name).where(Rep.team_id == rep.team_id, Rep.id != rep.id))
    assert rep.name in board
    assert not [name for name in others if name in board]  # not "0 of 0" rows of the team
    close = client.get(f"/manage/rounds/{pulse_round.id}/close")
    words = visible_text(close.get_data(as_text=True))
    assert "A pulse gives no verdict" in words and "enough for a verdict" not in words
    assert client.get(f"/manage/rounds/{pulse_round.id}/readiness").status_code == 404
    # ... and nothing links to it: the dashboard's rounds list offers no readiness page
    dashboard = client.get("/manage/").get_data(as_text=True)
    assert f'/manage/rounds/{pulse_round.id}"' in dashboard
    assert f"/manage/rounds/{pulse_round.id}/readiness" not in dashboard
    # the rep's history links the pulse to its board
    history = client.get(f"/manage/reps/{rep.id}/history").get_data(as_text=True)
    assert f'/manage/rounds/{pulse_round.id}"' in history


def test_the_pulse_emails_say_they_are_a_coaching_check_in(session, pulse_round):
    rep = pulse_rep(session, pulse_round)
    subjects = {
        message.to_address: message.subject
        for message in session.scalars(
            select(OutboxMessage).where(OutboxMessage.dedupe_key.like("invitation:%:first"))
        )
        if message.to_address in (rep.email, rep.team.manager.email)
        and "check-in" in message.subject
    }
    bodies = session.scalars(
        select(OutboxMessage.body_text).where(OutboxMessage.subject.like("%check-in%"))
    ).all()
    assert bodies and not [body for body in bodies if " 1 minutes" in body]
    assert subjects == {
        rep.email: "Northwind Demo Co.: your 30-day coaching check-in",
        rep.team.manager.email: f"Northwind Demo Co.: a 30-day check-in on {rep.name}",
    }


def test_below_the_buyer_minimum_the_pulse_shows_no_buyer_view_and_no_verdict(
    client, session, pulse_round
):
    answer_pulse(session, pulse_round, buyers=2)
    board_post(client, pulse_round.id, "close", confirmed="yes")
    pdf = downloaded(client, pulse_round, "manager")
    assert pdf.has("fewer than 3 buyer surveys")
    assert pdf.has("the manager's view alone")
    assert "reliable improvement" not in pdf.flat() and "reliable slip" not in pdf.flat()


def test_a_pulse_round_is_no_assessment_round(client, session, pulse_round):
    answer_pulse(session, pulse_round, buyers=3)
    board_post(client, pulse_round.id, "close", confirmed="yes")
    rep = pulse_rep(session, pulse_round)
    # the rep's history lists the assessment rounds only
    history = visible_text(client.get(f"/manage/reps/{rep.id}/history").get_data(as_text=True))
    assert "30-day pulse" not in history.split("Coaching plan")[0]
    # no coaching plan is made from a pulse
    plan_page = client.get(f"/manage/reps/{rep.id}/rounds/{pulse_round.id}/coaching-plan")
    assert plan_page.status_code == 404
    # the autumn round may still be reopened: a pulse closing later fixes no percentile
    autumn = demo_round(session)
    board = f"/manage/rounds/{autumn.id}"
    reopen = client.get(f"{board}/reopen")
    assert "closed after" not in visible_text(reopen.get_data(as_text=True))
    # the pulse is sent once, as its round
    pulse = session.scalar(select(Pulse).where(Pulse.round_id == pulse_round.id))
    assert pulse.kind == 30 and pulse.status == "sent"


def test_the_api_tells_a_pulse_round_from_an_assessment(app, session, pulse_round):
    owner = session.scalar(select(User).where(User.role == "owner"))
    token = create_token(session, owner, "read token", "read")[1]
    session.commit()
    client, headers = app.test_client(), {"Authorization": f"Bearer {token}"}

    class Caller:
        def get(self, url):
            return client.get(url, headers=headers)

    caller = Caller()
    pulses = caller.get("/api/v1/rounds?kind=pulse").json["data"]
    expected = session.scalars(select(Pulse.round_id).where(Pulse.round_id.is_not(None))).all()
    assert pulse_round.id in expected  # the demo's own pulses are listed too
    assert sorted((r["id"], r["kind"]) for r in pulses) == [(i, "pulse") for i in sorted(expected)]
    assessments = caller.get("/api/v1/rounds?kind=assessment").json["data"]
    assert assessments and {r["kind"] for r in assessments} == {"assessment"}
    assert pulse_round.id not in {r["id"] for r in assessments}
    assert caller.get(f"/api/v1/rounds/{pulse_round.id}").json["kind"] == "pulse"


def test_a_spanish_reps_copy_of_the_pulse_report_is_in_spanish(client, session, pulse_round):
    """The rep reads Spanish: their copy of the pulse report is Spanish from the title
    to the reading note, dates and numbers included; the manager's copy stays English."""
    rep = pulse_rep(session, pulse_round)
    rep.language = "es"
    session.commit()
    answer_pulse(session, pulse_round, buyers=3)
    board_post(client, pulse_round.id, "close", confirmed="yes")
    spanish, english = (
        downloaded(client, pulse_round, "rep"),
        downloaded(client, pulse_round, "manager"),
    )
    assert spanish.count == 1
    for words in ("Seguimiento a los 30 días", "plan de coaching de Autumn 2026 round",
                  "Las competencias del plan, una a una", "Lo acordado", "Escucha:",
                  "Transparencia:", "Ask two open questions per call"):  # fmt: skip
        assert spanish.has(words), words
    assert re.search(r"cerrado el \d{1,2} de \w+ de \d{4}", spanish.flat())
    # (the pulse round's own name, "…: 30-day pulse (Autumn 2026 round)", is a name)
    english_only = (
        *("30-day pulse ·", "coaching plan from", "Each competency of the plan"),
        *("What was agreed", "Listening:", "within the noise", "reliable", "Page 1"),
    )
    for words in english_only:
        assert not spanish.has(words), words
    assert english.has("30-day pulse") and english.has("Listening:")
