"""The board's reminder buttons: "Remind" on one link and "Remind everyone".

Both reach a person at most once a day (`assess.services.reminders`): a rep is reminded
once for all their own surveys, with the one link of the survey waiting first, and an
address asked about several reps gets one reminder, about the first; the page says who
waits and why.
"""

from __future__ import annotations

from flask import flash, redirect

from assess.core.text import plural
from assess.models import UNFINISHED_STATUSES, Invitation, Round, utcnow
from assess.platform.db import db_session
from assess.platform.settings import get_settings
from assess.platform.transaction import commit
from assess.services import rounds as ops
from assess.services.journeys import waiting_first
from assess.services.reminders import (
    ReminderPlan,
    address_reminded,
    journey_sent,
    next_allowed,
    person_emailed_at,
    plan_reminders,
    reminder_target,
)
from assess.web.manage import blueprint
from assess.web.manage.forms import require_confirmation
from assess.web.manage.round_actions import (
    board_url,
    confirm_page,
    confirmed,
    delivery_note,
    names,
    open_round_or_400,
    owned_invitation,
    who,
)
from assess.web.scoping import team_row


def about(invitation: Invitation) -> str:
    return invitation.rep.name if invitation.rep is not None else "the organization-wide survey"


def too_soon(invitation: Invitation, after) -> str:
    """Why a reminder about `invitation` must wait until `after`: when the person was
    last emailed, or when their address got a reminder about someone else."""
    database = db_session()
    emailed = person_emailed_at(database, invitation)
    reminded = address_reminded(database, invitation)
    if reminded is not None and (emailed is None or reminded.last_reminded_at > emailed):
        when = f"{reminded.last_reminded_at:%d %b at %H:%M} UTC (about {about(reminded)})"
    else:
        when = f"{emailed:%d %b at %H:%M} UTC"
    return (
        f"{who(invitation)} was emailed on {when}; one email a day is enough. The next "
        f"reminder can go after {after:%d %b, %H:%M} UTC."
    )


@blueprint.post("/invitations/<int:invitation_id>/remind")
@team_row(Invitation, "invitation_id")
def remind_invitation(invitation_id: int):
    """Email one link again. For any of a rep's own surveys this is the rep's one
    journey email, carrying the link of the survey waiting first."""
    invitation = owned_invitation(invitation_id)
    open_round_or_400(invitation.round_id)
    database, now = db_session(), utcnow()
    back = board_url(invitation.round_id)
    if invitation.status not in UNFINISHED_STATUSES or not invitation.rater_email:
        flash("Nothing to send for this link.", "error")
        return redirect(back)
    target = reminder_target(database, invitation)
    after = next_allowed(database, target, now)
    if after is not None:
        flash(too_soon(target, after), "error")
        return redirect(back)
    message = ops.compose_invitation(
        database, get_settings(), target, reminder=journey_sent(database, target)
    )
    commit(database)
    if message:
        flash(f"{who(target)} is reminded; {delivery_note()}.", "success")
    return redirect(back)


def left_out(plan: ReminderPlan) -> list[str]:
    """What the plan leaves out and why, in sentences for the manager."""
    lines = []
    if plan.recent:
        lines.append(
            f"{plural(len(plan.recent), 'link')} emailed in the last 24 hours "
            f"{'is' if len(plan.recent) == 1 else 'are'} left out."
        )
    firsts = {invitation.rater_email.lower(): invitation for invitation in plan.due}
    waiting: dict[str, list[Invitation]] = {}
    for invitation in plan.shared:
        waiting.setdefault(invitation.rater_email.lower(), []).append(invitation)
    for address, rest in waiting.items():
        first = firsts[address]
        lines.append(
            f"{who(first)} is asked about {len(rest) + 1} reps: one reminder goes, about "
            f"{about(first)}; the others wait, as one email a day is enough "
            f"({', '.join(about(entry) for entry in rest)})."
        )
    return lines


@blueprint.route("/rounds/<int:round_id>/remind", methods=["GET", "POST"])
@team_row(Round, "round_id")
def remind_round(round_id: int):
    """Remind everyone who has not finished: one email per person and address."""
    assessment_round = open_round_or_400(round_id)
    require_confirmation()
    database, settings = db_session(), get_settings()
    candidates = [
        invitation
        for invitation in ops.unfinished(database, assessment_round)
        if invitation.rater_email and waiting_first(database, invitation)
    ]  # a rep: their next survey only
    plan = plan_reminders(database, candidates, utcnow())
    skipped = " ".join(left_out(plan))
    if not plan.due:
        flash(f"Everyone who has not finished was emailed in the last 24 hours. {skipped}", "error")
        return redirect(board_url(round_id))
    if not confirmed():
        count = len(plan.due)
        return confirm_page(
            f"Remind {count} {'person' if count == 1 else 'people'}?",
            [f"A reminder goes to {names([who(i) for i in plan.due])}.", *left_out(plan)],
            "Send the reminders",
            board_url(round_id),
            danger=False,
        )
    for invitation in plan.due:
        ops.compose_invitation(
            database, settings, invitation, reminder=journey_sent(database, invitation)
        )
    commit(database)
    flash(f"{len(plan.due)} reminded; {delivery_note()}. {skipped}".strip(), "success")
    return redirect(board_url(round_id))
