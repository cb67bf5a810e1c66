"""Rounds: launch, the completion board, buyers, reminders, revoke/extend/resend, close."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from functools import partial

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from wtforms import SelectChoice

from assess.core.text import plural
from assess.models import (
    NOT_SENT_STATUSES,
    UNFINISHED_STATUSES,
    Invitation,
    Rep,
    Round,
    Team,
)
from assess.platform.db import db_session
from assess.platform.settings import get_settings
from assess.platform.transaction import commit
from assess.services import round_launch
from assess.services import rounds as ops
from assess.services.accounts import normalize_email
from assess.services.bank_versions import bank_for_version, shipped_banks
from assess.services.buyer_addresses import buyer_rule
from assess.services.buyer_confirmation import add_buyers
from assess.services.invitations import shown_link
from assess.services.journeys import journey_places, journey_start
from assess.services.reminders import last_emailed
from assess.services.round_kinds import is_pulse, pulse_rep_id
from assess.web.manage import blueprint
from assess.web.manage.csv_import import (
    parse_marketers,
)
from assess.web.manage.forms import (
    BuyerForm,
    ConfirmForm,
    ExtendForm,
    ReopenForm,
    RoundForm,
)
from assess.web.manage.languages import offer_languages
from assess.web.manage.reports import latest_round_reports
from assess.web.manage.round_actions import (
    closed_after,
    confirmed,
    delivery_note,
    open_round_or_400,
    rep_note,
)
from assess.web.scoping import signed_in, team_row, visible, visible_or_404

STATUS_LABELS = {
    "awaiting_approval": "awaiting your approval",
    "awaiting_rep": "waiting for the rep's yes",
    "declined_by_rep": "the rep never dealt with them",
    "pending": "not opened",
    "opened": "opened",
    "in_progress": "started",
    "completed": "finished",
    "revoked": "revoked",
}


#: Who answers a bank, in the words the rest of the product uses.
ROLE_WORDS = {
    "self": "the rep",
    "manager": "the manager",
    "marketing": "marketing",
    "operations": "delivery",
}


def bank_choices() -> list[SelectChoice]:
    choices = []
    for bank_id, bank in sorted(shipped_banks().items()):
        roles = [ROLE_WORDS.get(role, role + "s") for role in bank.rater_roles]
        who = ", ".join(roles[:-1]) + (" and " if len(roles) > 1 else "") + roles[-1]
        choices.append(SelectChoice(bank_id, f"{bank.text(bank.title)} — answered by {who}"))
    return choices


@blueprint.route("/rounds/new", methods=["GET", "POST"])
@signed_in
def new_round():
    form = RoundForm()
    teams = db_session().scalars(
        visible(Team).where(Team.archived_at.is_(None)).order_by(Team.name)
    )
    form.team_id.choices = [SelectChoice(team.id, team.name) for team in teams]
    form.bank_ids.choices = bank_choices()
    if request.method == "GET":
        # Ticked by default: what a rep answers about themself, the buyers' survey and
        # the manager's review — everything a verdict needs.
        form.bank_ids.data = round_launch.default_bank_ids()
        form.opens_on.data = date.today()
    if form.validate_on_submit():
        team = visible_or_404(Team, form.team_id.data)
        staff, problems = {}, []
        for role, field in (("marketing", form.marketing_raters),
                            ("operations", form.operations_raters)):  # fmt: skip
            staff[role], listed = parse_marketers(field.data)
            field.errors.extend(listed)
            problems.extend(listed)
        twice = sorted({email for _, email in staff["marketing"]}
                       & {email for _, email in staff["operations"]})  # fmt: skip
        if twice:  # one person answers the alignment survey once, for one side
            listed = [f"{', '.join(twice)}: listed in marketing too — keep each person "
                      "in the one list they belong to."]  # fmt: skip
            form.operations_raters.errors.extend(listed)
            problems.extend(listed)
        blocking, warnings = round_launch.launch_check(team, form.bank_ids.data, staff)
        form.team_id.errors.extend(blocking)
        if not problems and not blocking and warnings and not confirmed():
            return render_template("manage/new_round.html", form=form, warnings=warnings)
        if not problems and not blocking:
            database, settings = db_session(), get_settings()
            outcome = round_launch.launch_round(
                database,
                settings,
                team=team,
                name=form.name.data.strip(),
                bank_ids=form.bank_ids.data,
                opens_on=form.opens_on.data,
                closes_on=form.closes_on.data,
                created_by=current_user,
                staff=staff,
            )
            for invitation in outcome.invitations:
                if journey_start(database, invitation):  # a rep: one email, one link
                    ops.compose_invitation(database, settings, invitation)
            commit(database)
            for warning in outcome.warnings:
                flash(warning, "error")
            flash(
                f"Round launched with {plural(len(outcome.invitations), 'invitation')}: "
                f"{delivery_note()}. Add each rep's buyers on the board.",
                "success",
            )
            return redirect(url_for("manage.round_board", round_id=outcome.round.id))
    return render_template("manage/new_round.html", form=form, warnings=[])


ROW_ORDER = {"self": 0, "manager": 1, "marketing": 2, "operations": 3}


def board_rows(assessment_round: Round):
    """Invitations grouped per rep (and the organization-wide ones), with progress."""
    invitations = db_session().scalars(
        select(Invitation)
        .where(Invitation.round_id == assessment_round.id)
        .options(selectinload(Invitation.rep), selectinload(Invitation.bank_version))
        .order_by(Invitation.rater_role, Invitation.rater_name)
    )
    per_rep: dict[int | None, list[Invitation]] = defaultdict(list)
    # the rep's own surveys, then the manager's review, then the buyers by name
    for invitation in sorted(
        invitations, key=lambda i: (ROW_ORDER.get(i.rater_role, 9), (i.rater_name or "").casefold())
    ):
        per_rep[invitation.rep_id].append(invitation)
    reps = db_session().scalars(
        select(Rep).where(Rep.team_id == assessment_round.team_id).order_by(Rep.name)
    )
    rows = []
    pulse = is_pulse(db_session(), assessment_round.id)  # about one rep: the others are not in it
    for rep in reps:
        if rep.id in per_rep or (rep.archived_at is None and not pulse):
            rows.append(board_row(rep, per_rep.get(rep.id, [])))
    if None in per_rep:
        rows.append(board_row(None, per_rep[None]))
    return rows


def remind_buttons(invitations) -> dict[int, str]:
    """Invitation id → the label of its "Remind" button. A rep's own surveys are one
    journey with one email, so only the one waiting first has a button."""
    own = sorted(
        (i for i in invitations if i.rater_role == "self" and i.status != "revoked"),
        key=lambda i: (i.bank_version.bank_key, i.id),
    )
    waiting_first = next((i for i in own if i.status != "completed"), None)
    journey_sent = any(i.sent_at for i in own)
    buttons = {}
    for invitation in invitations:
        if invitation.status not in UNFINISHED_STATUSES or not invitation.rater_email:
            continue
        own_survey = invitation.rater_role == "self"
        if own_survey and invitation is not waiting_first:
            continue
        sent = journey_sent if own_survey else invitation.sent_at is not None
        buttons[invitation.id] = "Remind" if sent else "Send"
    return buttons


def board_row(rep, invitations):
    counted = [i for i in invitations if i.status not in NOT_SENT_STATUSES]
    finished = sum(1 for i in counted if i.status == "completed")
    return {
        "rep": rep,
        "invitations": invitations,
        "journey": journey_places(invitations) if rep is not None else {},
        "remind": remind_buttons(invitations),
        "finished": finished,
        "total": len(counted),
        "percent": round(100 * finished / len(counted)) if counted else 0,
    }


@blueprint.get("/rounds/<int:round_id>")
@team_row(Round, "round_id")
def round_board(round_id: int):
    return board_page(visible_or_404(Round, round_id))


def board_page(assessment_round: Round, *, buyer_form=None, buyer_rep_id=None, status=200):
    """The completion board; with `buyer_form`, that rep's "Ask a buyer" form comes back
    open, with what was typed and the message under the field at fault."""
    rows = board_rows(assessment_round)
    finished = sum(row["finished"] for row in rows)
    total = sum(row["total"] for row in rows)
    banks = [bank_for_version(rb.bank_version) for rb in assessment_round.banks]
    return render_template(
        "manage/round_board.html",
        round=assessment_round,
        rows=rows,
        finished=finished,
        total=total,
        percent=round(100 * finished / total) if total else 0,
        banks=banks,
        has_buyer_bank=ops.buyer_bank_version_id(assessment_round) is not None,
        status_labels=STATUS_LABELS,
        bank_titles={rb.bank_version_id: rb.bank_version.title for rb in assessment_round.banks},
        link_for=partial(shown_link, get_settings()),
        last_emailed=last_emailed,
        reports=latest_round_reports(assessment_round.id),
        buyer_form=buyer_form or buyer_form_for(assessment_round.team, formdata=None),
        buyer_rep_id=buyer_rep_id,
        extend_form=ExtendForm(),
        reopen_form=ReopenForm(),
        can_reopen=assessment_round.status == "closed" and closed_after(assessment_round) is None,
        confirm=ConfirmForm(),
    ), status


def buyer_form_for(team: Team, **kwargs) -> BuyerForm:
    """The board's "ask a buyer" form, its language picker filled in (first: the
    team's, which is also what a form sent without one gets)."""
    form = BuyerForm(**kwargs)
    offer_languages(form.language, team.language)
    return form


@blueprint.route("/rounds/<int:round_id>/reps/<int:rep_id>/buyers", methods=["GET", "POST"])
@team_row(Round, "round_id")
def add_buyer(round_id: int, rep_id: int):
    assessment_round = open_round_or_400(round_id)
    rep = visible_or_404(Rep, rep_id)
    if rep.team_id != assessment_round.team_id:
        abort(404)
    only = pulse_rep_id(db_session(), assessment_round.id)
    if only is not None and rep.id != only:
        abort(404)  # a pulse is about one rep: nobody else's buyers belong in it
    if request.method == "GET":  # the form's address reloaded after a refusal: its card
        return redirect(url_for("manage.round_board", round_id=round_id) + f"#rep-{rep.id}")
    form = buyer_form_for(assessment_round.team)
    bank_version_id = ops.buyer_bank_version_id(assessment_round)
    if bank_version_id is None:
        flash("This round has no buyer feedback survey.", "error")
        return redirect(url_for("manage.round_board", round_id=round_id))
    email = None
    if form.validate_on_submit():
        email = normalize_email(form.email.data)
        refusal = buyer_rule(db_session(), rep).refusal(email)
        if refusal is not None:
            form.email.errors.append(refusal.for_manager(rep.name))
        elif ops.existing_rater(db_session(), assessment_round, rep.id, bank_version_id, email):
            form.email.errors.append(f"{email} is already asked about {rep.name}.")
    if email is None or form.errors:
        return board_page(assessment_round, buyer_form=form, buyer_rep_id=rep.id, status=422)
    database = db_session()
    (invitation,) = add_buyers(
        database, get_settings(), assessment_round, bank_version_id,
        [(rep, form.name.data.strip(), email, form.role.data, form.language.data or None)],
    )  # fmt: skip
    commit(database)
    flash(
        f"{invitation.rater_name} waits for {rep.name} to confirm they dealt with them; "
        f"nobody is written to before that — {rep_note()}.",
        "success",
    )
    return redirect(url_for("manage.round_board", round_id=round_id) + f"#rep-{rep.id}")
