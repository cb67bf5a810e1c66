"""A coaching plan's pulses run as a user would see them: the plan confirmed, a pulse
sent when due, answered (the demo's synthetic answers, written as rows) and closed on
the manager's board; reports downloaded from the links the pages offer."""

from __future__ import annotations

import html
import random
import re
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from assess.core.banks import BUYER_ROLES
from assess.demo import DEMO_LOGINS
from assess.demo.synthetic import Profile, synthetic_answers
from assess.models import Answer, CoachingPlan, Invitation, Pulse, Rep, Round, User, utcnow
from assess.platform.settings import get_settings
from assess.services.bank_versions import bank_for_version
from assess.services.coaching import confirm_plan
from assess.services.pulses import due_pulses
from assess.services.pulses import send_pulse as send_one_pulse
from tests.factories import ResponseFactory
from tests.reports.conftest import PdfText
from tests.support.demo_pages import demo_rep, demo_round, load_signed_in_demo
from tests.support.http import csrf_from

BETTER = Profile(default=0.95)


def send_pulse(app, session, plan: CoachingPlan, days: int) -> Round | None:
    """Send the plan's pulse due `days` after its confirmation, as the scheduler sends
    a due pulse on that day (only this plan's: the demo has a plan of its own); its
    round, or None when it was not sent (the rep archived or moved)."""
    pulse = session.scalar(select(Pulse).where(Pulse.plan_id == plan.id, Pulse.kind == days))
    assert pulse in due_pulses(session, (plan.confirmed_at + timedelta(days=days)).date())
    pulse_round = send_one_pulse(
        session, get_settings(app), pulse, plan.confirmed_at + timedelta(days=days)
    )
    session.commit()
    return pulse_round


def answer_pulse(session, pulse_round: Round, buyers: int, profile: Profile = BETTER) -> None:
    """The rep, the manager and `buyers` of the invited buyers answer the pulse."""
    invitations = session.scalars(
        select(Invitation).where(Invitation.round_id == pulse_round.id).order_by(Invitation.id)
    ).all()
    taken = 0
    for seed, invitation in enumerate(invitations):
        if invitation.rater_role in BUYER_ROLES:
            if taken >= buyers:
                continue
            taken += 1
        bank = bank_for_version(invitation.bank_version).for_role(invitation.rater_role)
        invitation.status = "completed"
        response = ResponseFactory(invitation=invitation, completed_at=utcnow(), active_seconds=90)
        for item_id, value in synthetic_answers(bank, profile, random.Random(seed)).items():
            session.add(Answer(response_id=response.id, item_id=item_id, value=value))
    assert taken == buyers, f"only {taken} buyers were invited"
    session.commit()


def board_post(client, round_id: int, action: str, **fields) -> None:
    """Press a board button (close, reopen…) with the board's own CSRF token."""
    board = f"/manage/rounds/{round_id}"
    token = csrf_from(client.get(board))
    answer = client.post(f"{board}/{action}", data={"csrf_token": token, **fields})
    assert answer.status_code == 302, (action, answer.status_code)


def close_on_board(client, round_id: int) -> None:
    """Close a round on its board: scored and its reports rendered (jobs run at once)."""
    board_post(client, round_id, "close", confirmed="yes")


#: A rep's coaching-report link on the board, by the label a screen reader reads out.
BOARD_LINK = re.compile(r'<a href="(/manage/reports/\d+\.pdf)" aria-label="([^"]+)"')


def rep_report(client, round_id: int, rep_name: str, reader: str) -> PdfText:
    """A rep's coaching report in `reader`'s copy, downloaded from the link on the
    round's board."""
    board = html.unescape(client.get(f"/manage/rounds/{round_id}").get_data(as_text=True))
    label = {"rep": "rep's copy", "manager": "manager's copy, with coaching guide"}[reader]
    links = {aria: href for href, aria in BOARD_LINK.findall(board)}
    return pdf_at(client, links[f"{rep_name}'s coaching report: {label} (PDF)"])


def pdf_at(client, url: str) -> PdfText:
    answer = client.get(url)
    assert answer.status_code == 200, (url, answer.status_code)
    return PdfText(answer.data)


#: The plan the follow-up tests make: two competencies every bank of the demo scores.
PLAN = ("listening", "transparency")
ACTIONS = {
    "listening": "Ask two open questions before any pitch",
    "transparency": "Say what the offer does not do",
}
#: A demo rep with seven buyers and no plan of the demo's own.
PLAN_REP = "Alex Moreno"


@dataclass
class FollowedPlan:
    """A demo rep's plan from the autumn round, and its pulses."""

    rep: Rep
    source: Round
    manager: User
    plan: CoachingPlan
    pulses: dict[int, Round]  # kind → its round
    later: Round | None = None  # the team's next assessment round, once a test makes one


def plan_with_pulses(app, client, session, answered: dict[int, int]) -> FollowedPlan:
    """The demo with the manager signed in on `client`; Alex Moreno's plan confirmed
    by the manager two days after the autumn round closed; each pulse in `answered`
    (kind → how many buyers answer) sent when due, answered and closed on its board."""
    load_signed_in_demo(client, session, "manager")
    rep, source = demo_rep(session, PLAN_REP), demo_round(session, "Autumn 2026 round")
    manager = session.scalar(select(User).where(User.email == DEMO_LOGINS["manager"][0]))
    plan = confirm_plan(
        session, source, rep, manager, list(PLAN), ACTIONS, now=source.closed_at + timedelta(days=2)
    )
    session.commit()
    pulses = {}
    for kind in sorted(answered):
        pulses[kind] = send_pulse(app, session, plan, kind)
        answer_pulse(session, pulses[kind], answered[kind])
        close_on_board(client, pulses[kind].id)
    return FollowedPlan(rep, source, manager, plan, pulses)
