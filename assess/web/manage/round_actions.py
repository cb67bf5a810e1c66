"""What a manager does to a running round, each guarded against a slip of the mouse.

Buttons that cannot be taken back — close, reopen, revoke, delete answers, remind
everyone — first answer with a page that states the consequence in numbers and names
("4 reps have not finished: Ana, Ben…") and acts only when that page's own button is
pressed. The first press is answered with a redirect to that page (a GET, which never
acts), so Back and Reload never ask to send a form again. Reminders (in
`reminders.py`) go to a person at most once a day. Messages say "sent" only
when a mail server is configured: otherwise the email waits in the outbox and the
manager is told to copy the link from there.
"""

from __future__ import annotations

from datetime import date, timedelta

from flask import abort, flash, redirect, request, url_for
from sqlalchemy import select

from assess.core.text import plural
from assess.models import UNFINISHED_STATUSES, Invitation, Rep, Round, utcnow
from assess.platform.db import db_session
from assess.platform.settings import get_settings
from assess.platform.transaction import commit
from assess.services import rounds as ops
from assess.services.bank_versions import buyers_a_verdict_needs
from assess.services.buyer_addresses import buyer_rule
from assess.services.buyer_confirmation import awaiting_yes
from assess.services.frozen_scores import scores_frozen
from assess.services.round_evidence import evidence_by_rep, short_of_a_verdict
from assess.services.round_kinds import assessment_rounds, is_pulse
from assess.web.manage import blueprint
from assess.web.manage.confirmation import confirm_page, confirmed
from assess.web.manage.forms import (
    ExtendForm,
    ReopenForm,
    acts_on_nothing,
    require_confirmation,
)
from assess.web.scoping import team_row, visible, visible_or_404

NAMES_SHOWN = 8


def delivery_note() -> str:
    """How an email leaves: sent, or parked in the outbox when no mail server is set."""
    if get_settings().mail.smtp_url:
        return "the email is on its way"
    return (
        "the email waits in the Outbox (no mail server is set up): copy the link from "
        "there and send it yourself"
    )


def rep_note(reps: int = 1) -> str:
    """How a rep learns that buyers wait for their answer."""
    whom = "the rep" if reps == 1 else "each rep"
    if get_settings().mail.smtp_url:
        return f"{whom} gets an email asking"
    return (
        f"the email asking {whom} waits in the Outbox (no mail server is set up): "
        "tell them to open their survey link"
    )


def names(people: list[str]) -> str:
    shown = ", ".join(people[:NAMES_SHOWN])
    more = len(people) - NAMES_SHOWN
    return shown + (f" and {more} more" if more > 0 else "")


def round_state(assessment_round: Round) -> str:
    """What a close or reopen confirmation saw of the round: when it closes and when it
    last closed. A confirmation replayed after either changed (a second tab, a saved
    request) finds it out of date instead of acting on a round it never saw."""
    closed = assessment_round.closed_at.isoformat() if assessment_round.closed_at else "-"
    return f"{assessment_round.status}|{assessment_round.closes_at.isoformat()}|{closed}"


def out_of_date(assessment_round: Round) -> bool:
    """Whether the confirmation posted a state the round is no longer in (flashes why).
    A confirmation without one (an older page) is taken at its word."""
    seen = request.form.get("state")
    if seen is None or seen == round_state(assessment_round):
        return False
    flash(
        "Nothing was done: the round changed after that page was shown (closed, reopened "
        "or extended). Look at the board and press the button again if you still mean it.",
        "error",
    )
    return True


def board_url(round_id: int, anchor: str = "") -> str:
    return url_for("manage.round_board", round_id=round_id) + anchor


def open_round_or_400(round_id: int) -> Round:
    assessment_round = visible_or_404(Round, round_id)
    if assessment_round.status == "closed":
        flash("This round is closed; nothing more can be sent.", "error")
        abort(redirect(board_url(round_id)))
    return assessment_round


def owned_invitation(invitation_id: int) -> Invitation:
    invitation = visible_or_404(Invitation, invitation_id)
    require_confirmation()
    return invitation


def who(invitation: Invitation) -> str:
    return invitation.rater_name or invitation.rater_role


@blueprint.post("/invitations/<int:invitation_id>/approve")
@team_row(Invitation, "invitation_id")
def approve_invitation(invitation_id: int):
    invitation = owned_invitation(invitation_id)
    open_round_or_400(invitation.round_id)
    refusal = None
    if invitation.status == "awaiting_approval" and invitation.rep is not None:
        refusal = buyer_rule(db_session(), invitation.rep).refusal(invitation.rater_email or "")
    if refusal is not None:
        flash(
            f"{who(invitation)} was not approved: {refusal.for_manager(invitation.rep.name)} "
            "Revoke the suggestion.",
            "error",
        )
    elif invitation.status == "awaiting_approval":
        invitation.status = "pending"
        database = db_session()
        database.flush()
        ops.compose_invitation(database, get_settings(), invitation)
        commit(database)
        flash(f"Approved: {who(invitation)} is asked; {delivery_note()}.", "success")
    return redirect(board_url(invitation.round_id))


@blueprint.route("/invitations/<int:invitation_id>/revoke", methods=["GET", "POST"])
@team_row(Invitation, "invitation_id")
def revoke_invitation(invitation_id: int):
    invitation = owned_invitation(invitation_id)
    back = board_url(invitation.round_id)
    if invitation.round.status == "closed":
        flash(
            "This round is closed: its links already open nothing, and they stay as they "
            "were when it closed.",
            "error",
        )
        return redirect(back)
    if invitation.status == "completed":
        flash("A finished response cannot be revoked; delete its answers instead.", "error")
        return redirect(back)
    if invitation.status == "revoked":
        return redirect(back)
    if not confirmed():
        saved = invitation.status == "in_progress"
        return confirm_page(
            f"Revoke {who(invitation)}'s link?",
            [
                "The link stops opening anything at once, and it cannot be turned back on.",
                "The answers saved so far stay in the round; delete them separately."
                if saved
                else "Nothing was answered through it yet.",
            ],
            "Revoke the link",
            back,
        )
    invitation.status = "revoked"
    invitation.revoked_at = utcnow()
    commit(db_session())
    flash(f"{who(invitation)}'s link is revoked; it no longer opens anything.", "success")
    return redirect(back)


@blueprint.post("/rounds/<int:round_id>/extend")
@team_row(Round, "round_id")
def extend_round(round_id: int):
    assessment_round = open_round_or_400(round_id)
    form = ExtendForm()
    opens_on = assessment_round.opens_at.date()
    valid = form.validate_on_submit()
    if valid and form.closes_on.data <= opens_on:
        form.closes_on.errors.append(
            f"The round opens on {opens_on:%d %B %Y}; pick a closing day after that."
        )
        valid = False
    if valid:
        ops.extend_round(db_session(), assessment_round, form.closes_on.data)
        commit(db_session())
        flash(f"The round now closes on {form.closes_on.data:%d %B %Y}.", "success")
    else:
        problems = [message for errors in form.errors.values() for message in errors]
        flash(problems[0] if problems else "Pick a closing date from today on.", "error")
    return redirect(board_url(round_id))


def unfinished_reps(assessment_round: Round) -> list[str]:
    """Names of the reps with a link of theirs (or about them) still unfinished."""
    rows = db_session().scalars(
        select(Rep.name)
        .join(Invitation, Invitation.rep_id == Rep.id)
        .where(
            Invitation.round_id == assessment_round.id,
            Invitation.status.in_(UNFINISHED_STATUSES),
        )
        .distinct()
        .order_by(Rep.name)
    )
    return list(rows)


@blueprint.route("/rounds/<int:round_id>/close", methods=["GET", "POST"])
@team_row(Round, "round_id")
def close_round(round_id: int):
    assessment_round = open_round_or_400(round_id)
    require_confirmation()
    if not confirmed():
        waiting = ops.unfinished(db_session(), assessment_round)
        reps = unfinished_reps(assessment_round)
        consequences = [
            f"{len(waiting)} {'link is' if len(waiting) == 1 else 'links are'} not finished; "
            "they stop working. What they saved so far is kept but not scored: only "
            "finished surveys count."
            if waiting
            else "Everyone has finished.",
        ]
        held = awaiting_yes(db_session(), assessment_round)
        if held:
            consequences.append(
                f"{plural(len(held), 'buyer')} still {'waits' if len(held) == 1 else 'wait'} "
                "for a yes (the rep's or yours) and will not be asked."
            )
        pulse = is_pulse(db_session(), assessment_round.id)
        needed = buyers_a_verdict_needs([entry.bank_version for entry in assessment_round.banks])
        short = (
            []
            if pulse
            else short_of_a_verdict(evidence_by_rep(db_session(), assessment_round), needed)
        )
        if pulse:
            consequences.append(
                "A pulse gives no verdict: its report compares the plan's competencies with "
                "where the plan started, and with fewer than 3 finished buyer surveys it "
                "shows the manager's view alone."
            )
        elif short:
            consequences.append(
                f"{plural(len(short), 'rep')} would get no verdict yet — no manager's "
                f"review, or fewer than {needed} finished buyer surveys: {names(short)}."
            )
        others = [name for name in reps if name not in short]
        if others and not pulse:
            consequences.append(
                f"{plural(len(others), 'other rep' if short else 'rep')} still "
                f"{'has' if len(others) == 1 else 'have'} answers missing, but enough "
                f"for a verdict: {names(others)}."
            )
        consequences.append(
            (
                "The pulse is scored and its report rendered. "
                if pulse
                else "The round is scored and the reports rendered. "
            )
            + "You can reopen it for a few "
            "days afterwards if someone still needs to answer."
        )
        return confirm_page(
            f"Close {assessment_round.name} now?",
            consequences,
            "Close the round and score it",
            board_url(round_id),
            fields={"state": round_state(assessment_round)},
        )
    if out_of_date(assessment_round):
        return redirect(board_url(round_id))
    frozen = scores_frozen(db_session(), assessment_round)
    ops.close_round(db_session(), assessment_round)
    commit(db_session())
    if frozen:
        flash(
            "The round is closed. Its scores and reports stay as first issued: answers "
            "they counted were deleted on request, and scoring again without them would "
            "give those answers back by subtraction. Answers given while it was reopened "
            "are kept, not scored.",
            "success",
        )
        return redirect(board_url(round_id))
    flash(
        "The round is closed. Scores are being computed and the reports rendered; the "
        "owner gets an email when the team report is ready.",
        "success",
    )
    return redirect(board_url(round_id))


def reopen_form() -> ReopenForm:
    """The reopen choice: posted by the board's button, or carried in the confirmation
    page's address (a GET, which acts on nothing and so needs no CSRF token)."""
    if acts_on_nothing():
        return ReopenForm(formdata=request.args, meta={"csrf": False})
    return ReopenForm()


def closed_after(assessment_round: Round) -> Round | None:
    """A round of the organization — any team's, seen by this user or not — that closed
    after this one (its percentile reference was fixed on this one's scores, so this
    one may not reopen)."""
    if assessment_round.closed_at is None:
        return None
    return db_session().scalar(
        select(Round)
        .where(
            Round.organization_id == assessment_round.organization_id,
            Round.status == "closed",
            Round.closed_at > assessment_round.closed_at,
            Round.id != assessment_round.id,
            assessment_rounds(),
        )
        .limit(1)
    )


def later_round_name(later: Round) -> str:
    """How to name a round that closed later: by name if the user may see it."""
    seen = db_session().scalar(visible(Round).where(Round.id == later.id))
    return later.name if seen is not None else "A later round of your organization"


@blueprint.route("/rounds/<int:round_id>/reopen", methods=["GET", "POST"])
@team_row(Round, "round_id")
def reopen_round(round_id: int):
    assessment_round = visible_or_404(Round, round_id)
    back = board_url(round_id)
    if assessment_round.status != "closed":
        return redirect(back)
    form = reopen_form()
    if not form.validate():
        problems = [message for errors in form.errors.values() for message in errors]
        flash(problems[0] if problems else "Pick how many days to reopen it for.", "error")
        return redirect(back)
    if scores_frozen(db_session(), assessment_round):
        flash(
            "This round cannot be reopened: answers its reports counted were deleted on "
            "request, and scoring it again without them would give those answers back "
            "by subtraction. Start a new round for whoever still needs to answer.",
            "error",
        )
        return redirect(back)
    later = closed_after(assessment_round)
    if later is not None:
        flash(
            f"{later_round_name(later)} closed after this round and compares its scores with this "
            "round's; reopening this one would change that round's reference. Start a new "
            "round instead.",
            "error",
        )
        return redirect(back)
    closes_on = date.today() + timedelta(days=form.days.data)
    if not confirmed():
        waiting = ops.unfinished(db_session(), assessment_round)
        reps = unfinished_reps(assessment_round)
        about = f": about {names(reps)}" if reps else ""
        return confirm_page(
            f"Reopen {assessment_round.name} until {closes_on:%d %B %Y}?",
            [
                f"{plural(len(waiting), 'unfinished link')} open again until then{about}; "
                "finished ones stay finished.",
                f"It was due to close on {assessment_round.closes_at:%d %B %Y}; it now "
                f"closes on {closes_on:%d %B %Y}.",
                "The scores and reports issued at closing are replaced when the round "
                "closes again. Buyers' answers given in the extra days join the scores "
                "only when at least 3 join each group they belong to together (a group "
                "that grew by one would give that one buyer away); until then they wait.",
            ],
            "Reopen the round",
            back,
            fields={"days": str(form.days.data), "state": round_state(assessment_round)},
        )
    if out_of_date(assessment_round):
        return redirect(back)
    ops.reopen_round(db_session(), assessment_round, closes_on)
    commit(db_session())
    flash(f"The round is open again until {closes_on:%d %B %Y}.", "success")
    return redirect(back)
