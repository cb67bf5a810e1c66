"""What a pulse must not do (from the attacker's review): tell the rep which buyers
answered last time, follow a rep into another team with the old team's results, or
start from a plan for an archived rep."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from assess.core.banks import BUYER_ROLES
from assess.models import CoachingPlan, Invitation, Rep, Team, User, utcnow
from assess.platform.settings import get_settings
from assess.services.coaching import confirm_plan
from assess.services.pulses import send_pulse
from tests.coaching.test_pulse_reports import PLAN, unplanned_rep
from tests.support.demo_pages import demo_round, load_signed_in_demo
from tests.support.http import csrf_token

ACTIONS = {c: "Ask two open questions per call" for c in PLAN}


@pytest.fixture
def planned(app, client, session):
    load_signed_in_demo(client, session, "owner")
    autumn = demo_round(session)
    rep = unplanned_rep(session, autumn)
    owner = session.scalar(select(User).where(User.role == "owner"))
    plan = confirm_plan(session, autumn, rep, owner, PLAN, ACTIONS)
    session.flush()
    thirty = next(pulse for pulse in plan.pulses if pulse.kind == 30)
    return rep, autumn, plan, thirty


def test_every_buyer_who_was_asked_is_asked_again_not_only_those_who_answered(
    app, session, planned
):
    rep, autumn, plan, thirty = planned
    source = select(Invitation).where(
        Invitation.round_id == autumn.id,
        Invitation.rep_id == rep.id,
        Invitation.rater_role.in_(BUYER_ROLES),
    )
    silent = session.scalars(source.where(Invitation.status == "completed")).first()
    silent.status = "opened"  # this buyer never finished
    session.flush()
    pulse_round = send_pulse(session, get_settings(app), thirty, plan.confirmed_at + timedelta(30))
    asked_again = set(
        session.scalars(
            select(Invitation.rater_email).where(
                Invitation.round_id == pulse_round.id, Invitation.rater_role.in_(BUYER_ROLES)
            )
        )
    )
    assert silent.rater_email in asked_again


def test_a_rep_who_moved_team_takes_no_pulse_and_no_old_results_along(app, session, planned):
    rep, autumn, plan, thirty = planned
    other = session.scalar(select(Team).where(Team.id != rep.team_id))
    assert other is not None
    rep.team_id = other.id
    session.flush()
    assert send_pulse(session, get_settings(app), thirty, plan.confirmed_at + timedelta(30)) is None
    session.refresh(thirty)
    assert (thirty.status, thirty.round_id) == ("closed", None)


def test_no_plan_is_made_for_an_archived_rep(client, session):
    load_signed_in_demo(client, session, "owner")
    autumn = demo_round(session)
    rep = unplanned_rep(session, autumn)
    rep.archived_at = utcnow()
    session.commit()
    url = f"/manage/reps/{rep.id}/rounds/{autumn.id}/coaching-plan"
    page = client.get(url)
    answer = client.post(
        url,
        data={
            "csrf_token": csrf_token(page.get_data(as_text=True)),
            "competency": PLAN,
            "confirmed": "yes",
            **{f"actions-{c}": text for c, text in ACTIONS.items()},
        },
    )
    assert answer.status_code in (404, 422), answer.status_code
    if answer.status_code == 422:
        assert "is archived" in answer.get_data(as_text=True)


def test_no_plan_from_an_older_round_replaces_the_plan_from_a_later_one(client, session):
    """The demo's pushy rep has an active plan from the autumn round: the history page
    offers no plan from spring, and one posted anyway is refused, the autumn plan kept."""
    load_signed_in_demo(client, session, "owner")
    rep = session.scalar(select(Rep).where(Rep.name == "Marcus Hale"))
    spring = demo_round(session, "Spring 2026 round")
    history = client.get(f"/manage/reps/{rep.id}/history").get_data(as_text=True)
    assert f"/rounds/{spring.id}/coaching-plan" not in history
    url = f"/manage/reps/{rep.id}/rounds/{spring.id}/coaching-plan"
    page = client.get(url)
    answer = client.post(
        url,
        data={
            "csrf_token": csrf_token(page.get_data(as_text=True)),
            "competency": ["listening"],
            "actions-listening": "Ask two open questions per call",
            "confirmed": "yes",
        },
    )
    assert answer.status_code == 422
    assert "has a plan from a later round" in answer.get_data(as_text=True)
    statuses = session.scalars(select(CoachingPlan.status).where(CoachingPlan.rep_id == rep.id))
    assert sorted(statuses) == ["active"]


def test_a_pulse_takes_no_buyers_of_another_rep_and_reports_on_its_own_rep_only(
    app, client, session, planned
):
    rep, autumn, plan, thirty = planned
    pulse_round = send_pulse(session, get_settings(app), thirty, plan.confirmed_at + timedelta(30))
    session.commit()
    other = session.scalar(
        select(Rep).where(Rep.team_id == rep.team_id, Rep.id != rep.id, Rep.archived_at.is_(None))
    )
    board = f"/manage/rounds/{pulse_round.id}"
    token = csrf_token(client.get(board).get_data(as_text=True))
    answer = client.post(
        f"{board}/reps/{other.id}/buyers",
        data={"csrf_token": token, "name": "Eve", "email": "eve@buyer.example", "role": "customer"},
    )
    assert answer.status_code == 404
    asked = session.scalars(
        select(Invitation.rep_id).where(Invitation.round_id == pulse_round.id).distinct()
    ).all()
    assert asked == [rep.id]
