"""The pushy rep's coaching plan, as far as it has got when the demo is loaded.

Marcus Hale's manager confirmed a plan from the autumn round's focus areas two days
after the round closed. Its 30- and 60-day pulses were sent when due, the buyers asked
again were confirmed by Marcus the next morning, he, his manager and all but one of
the buyers answered, and each pulse closed after its fourteen days and was scored. His
listening has moved; putting the buyer first and being open about the offer have not
(buyers still feel pushed). The 90-day pulse is due after the day the demo is loaded.

Everything goes through the services a manager's clicks and the scheduler use
(`plan_proposal`, `confirm_plan`, `send_due_pulses`, the rep's yes to the buyers,
`score_round`); only the clock is set back, so each date reads as it would have.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from assess.core.banks import BUYER_ROLES
from assess.demo.rounds import DemoRounds
from assess.demo.synthetic import Profile
from assess.models import CoachingPlan, Invitation, OutboxMessage, Round
from assess.platform.settings import ServiceSettings
from assess.services.buyer_confirmation import decide, waiting
from assess.services.coaching import confirm_plan, plan_proposal
from assess.services.pulses import send_due_pulses
from assess.services.round_scoring import score_round

PLAN_REP = "Marcus Hale"
#: When the manager confirmed the plan: two days after the round closed, mid-morning.
CONFIRMED_AFTER = timedelta(days=2, hours=10)
#: When the scheduler sent a due pulse, and when the rep said yes to its buyers.
SENT_AT = time(7)
CONFIRMED_BUYERS_AFTER = timedelta(days=1, hours=2)
#: How Marcus comes across at each pulse that has run: to himself, to his manager and
#: to buyers. Listening moves (he pauses, plays the buyer's point back); he still
#: pushes for a decision, and buyers still say so.
PULSE_VIEWS = {
    30: (
        Profile(default=0.86, noise=0.1),
        Profile(default=0.55, noise=0.05, levels={"listening": 0.55, "buyer_first": 0.35}),
        Profile(default=0.3, pushy=True, levels={"listening": 0.45, "buyer_first": 0.22}),
    ),
    60: (
        Profile(default=0.88, noise=0.1),
        Profile(default=0.55, noise=0.05, levels={"listening": 0.66, "buyer_first": 0.38}),
        Profile(default=0.3, pushy=True, levels={"listening": 0.55, "buyer_first": 0.24}),
    ),
}
#: Of the buyers asked again, how many answered: all but one.
SILENT_BUYERS = 1


def coach_the_pushy_rep(
    session: Session, settings: ServiceSettings, field_sales: DemoRounds, autumn: Round
) -> tuple[CoachingPlan, list[Round]]:
    """Confirm the plan and run its pulses due before today; the plan and the pulse
    rounds (closed and scored, their reports not yet queued)."""
    rep = field_sales.reps[PLAN_REP]
    proposal = plan_proposal(session, autumn, rep)
    focus = [choice for choice in proposal if choice.proposed]
    plan = confirm_plan(
        session,
        autumn,
        rep,
        field_sales.manager,
        [choice.competency_id for choice in focus],
        {choice.competency_id: "\n".join(choice.actions) for choice in focus},
        now=autumn.closed_at + CONFIRMED_AFTER,
    )
    pulse_rounds = []
    for pulse in sorted(plan.pulses, key=lambda pulse: pulse.kind):
        if pulse.kind not in PULSE_VIEWS:
            continue  # still to come
        sent_at = datetime.combine(pulse.due_on, SENT_AT, UTC)
        if sent_at >= field_sales.today:
            raise ValueError(f"the {pulse.kind}-day pulse is not due before today")
        before = latest_message(session)
        (pulse_round,) = send_due_pulses(session, settings, sent_at)
        backdate(session, pulse_round, sent_at, before)
        before = latest_message(session)
        buyers = waiting(session, pulse_round.id, rep.id)
        decide(session, settings, buyers, {buyer.id for buyer in buyers})
        backdate(session, pulse_round, sent_at + CONFIRMED_BUYERS_AFTER, before)
        answer_pulse(field_sales, pulse_round, PULSE_VIEWS[pulse.kind])
        pulse_round.status, pulse_round.closed_at = "closed", pulse_round.closes_at
        session.flush()
        score_round(session, pulse_round)
        pulse_rounds.append(pulse_round)
    return plan, pulse_rounds


def answer_pulse(field_sales: DemoRounds, pulse_round: Round, views) -> None:
    """The rep, the manager and the buyers but the last `SILENT_BUYERS` answer."""
    self_view, manager_view, buyer_view = views
    invitations = field_sales.session.scalars(
        select(Invitation).where(Invitation.round_id == pulse_round.id).order_by(Invitation.id)
    ).all()
    buyers = [invitation for invitation in invitations if invitation.rater_role in BUYER_ROLES]
    answering = set(buyers[: len(buyers) - SILENT_BUYERS])
    for number, invitation in enumerate(invitations):
        seed = f"{pulse_round.name}/{number}"
        if invitation.rater_role == "self":
            field_sales.answer(invitation, self_view, seed)
        elif invitation.rater_role == "manager":
            field_sales.answer(invitation, manager_view, seed)
        elif invitation in answering:
            field_sales.answer(invitation, buyer_view, seed)
    field_sales.save_answers()


def latest_message(session: Session) -> int:
    """The id of the outbox's latest message (0 when it is empty)."""
    return session.scalar(select(func.max(OutboxMessage.id))) or 0


def backdate(session: Session, pulse_round: Round, moment: datetime, after_message: int) -> None:
    """Stamp `moment` on what the services just stamped with the clock: the pulse
    round's links sent (their `sent_at`) and the emails written since `after_message`."""
    session.flush()
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id > after_message)
        .values(created_at=moment)
        .execution_options(synchronize_session=False)
    )
    for invitation in session.scalars(
        select(Invitation).where(
            Invitation.round_id == pulse_round.id, Invitation.sent_at.is_not(None)
        )
    ):
        if invitation.sent_at > moment:
            invitation.sent_at = moment
    session.flush()
