"""A due pulse is sent as a small round of its own: the rep and the manager are asked
at most six items on the plan's competencies only, the buyers who answered about the rep
wait for the rep's yes, nothing goes out before the due date, and running the job twice
sends once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from assess.core.banks import BUYER_ROLES
from assess.demo import load_demo
from assess.models import Invitation, OutboxMessage, Pulse, Rep, Round, User
from assess.platform.settings import get_settings
from assess.services.bank_versions import bank_for_version
from assess.services.coaching import confirm_plan
from assess.services.pulses import send_due_pulses
from assess.services.round_kinds import pulse_round_ids
from tests.coaching.test_pulse_reports import unplanned_rep
from tests.support.demo_pages import demo_round

PLAN = ["listening", "transparency"]


@pytest.fixture
def plan(app, session):
    load_demo(session, "test-secret-key")
    autumn = demo_round(session)
    rep = unplanned_rep(session, autumn)  # the demo's pushy rep has a plan already
    for pulse in session.scalars(select(Pulse).where(Pulse.status == "scheduled")):
        pulse.status = "closed"  # the demo plan's own due pulse: only this plan's are sent
    owner = session.scalar(select(User).where(User.organization_id == rep.organization_id))
    made = confirm_plan(
        session, autumn, rep, owner, PLAN, {c: "Ask two open questions per call" for c in PLAN}
    )
    session.flush()
    return made


def pulse_rounds(session, plan) -> list[Round]:
    """The rounds of `plan`'s pulses (the demo's own plan has pulse rounds too)."""
    own = pulse_round_ids().where(Pulse.plan_id == plan.id)
    return list(session.scalars(select(Round).where(Round.id.in_(own))))


def test_nothing_is_sent_before_the_due_date(app, session, plan):
    first = min(pulse.due_on for pulse in plan.pulses)
    day_before = plan.confirmed_at.replace(year=first.year, month=first.month, day=first.day)
    assert send_due_pulses(session, get_settings(app), day_before - timedelta(days=1)) == []
    assert pulse_rounds(session, plan) == []
    assert {pulse.status for pulse in plan.pulses} == {"scheduled"}


def test_a_due_pulse_becomes_one_short_round_asking_the_right_people(app, session, plan):
    settings = get_settings(app)
    thirty = next(pulse for pulse in plan.pulses if pulse.kind == 30)
    due = plan.confirmed_at + timedelta(days=30)
    sent = send_due_pulses(session, settings, due)
    assert len(sent) == 1
    pulse_round = sent[0]
    session.refresh(thirty)
    assert (thirty.status, thirty.round_id) == ("sent", pulse_round.id)
    assert pulse_round.status == "open"
    rep = session.get(Rep, plan.rep_id)
    assert pulse_round.team_id == rep.team_id
    assert (pulse_round.closes_at - due).days in (13, 14)
    # at most six items per respondent, only the plan's competencies
    asked: dict[str, int] = {}
    for entry in pulse_round.banks:
        bank = bank_for_version(entry.bank_version)
        assert {item.competency for item in bank.items} <= set(PLAN)
        for role in bank.rater_roles:
            asked[role] = asked.get(role, 0) + len(bank.for_role(role).items)
    assert asked and max(asked.values()) <= 6
    invitations = list(
        session.scalars(select(Invitation).where(Invitation.round_id == pulse_round.id))
    )
    assert all(invitation.rep_id == rep.id for invitation in invitations)
    roles = [invitation.rater_role for invitation in invitations]
    assert roles.count("self") == sum(
        1 for e in pulse_round.banks if "self" in bank_for_version(e.bank_version).rater_roles
    )
    manager = [i for i in invitations if i.rater_role == "manager"]
    assert [i.rater_user_id for i in manager] == [rep.team.manager.id]
    # the buyers who answered about the rep in the plan's round, waiting for the rep's yes
    answered = set(
        session.scalars(
            select(Invitation.rater_email).where(
                Invitation.round_id == plan.round_id,
                Invitation.rep_id == rep.id,
                Invitation.rater_role.in_(BUYER_ROLES),
                Invitation.status == "completed",
            )
        )
    )
    buyers = [i for i in invitations if i.rater_role in BUYER_ROLES]
    assert answered and {i.rater_email for i in buyers} == answered
    assert {i.status for i in buyers} == {"awaiting_rep"}
    # the rep and the manager are emailed their links; the rep is asked about the buyers
    firsts = {f"invitation:{i.id}:first" for i in invitations}
    sent_now = set(
        session.scalars(
            select(OutboxMessage.to_address).where(OutboxMessage.dedupe_key.in_(firsts))
        )
    )
    assert sent_now == {rep.email, rep.team.manager.email}
    confirm = select(func.count()).where(
        OutboxMessage.dedupe_key.like(f"confirm-buyers:{pulse_round.id}:{rep.id}:%")
    )
    assert session.scalar(confirm) == 1


def test_running_the_job_twice_sends_once(app, session, plan):
    settings = get_settings(app)
    due = plan.confirmed_at + timedelta(days=61)  # two pulses due by now
    assert len(send_due_pulses(session, settings, due)) == 2
    assert send_due_pulses(session, settings, due) == []
    assert len(pulse_rounds(session, plan)) == 2
    statuses = session.scalars(select(Pulse.status).where(Pulse.plan_id == plan.id))
    assert sorted(statuses) == ["scheduled", "sent", "sent"]
    count = session.scalar(select(func.count()).select_from(Round))
    assert send_due_pulses(session, settings, due) == []
    assert session.scalar(select(func.count()).select_from(Round)) == count
