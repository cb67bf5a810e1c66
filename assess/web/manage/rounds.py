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

from assess.core.banks import BUYER_ROLES
from assess.models import (
    NOT_SENT_STATUSES,
    UNFINISHED_STATUSES,
    Invitation,
    Rep,
    Round,
    Team,
    utcnow,
)
from assess.platform.db import db_session
from assess.platform.settings import get_settings
from assess.platform.transaction import commit
from assess.services import rounds as ops
from assess.services.accounts import normalize_email
from assess.services.bank_versions import bank_for_version, shipped_banks
from assess.services.invitations import shown_link
from assess.web.manage import blueprint
from assess.web.manage.csv_import import (
    MAX_CSV_BYTES,
    NOT_TEXT,
    TOO_LARGE,
    decode_csv,
    parse_buyers_csv,
    parse_marketers,
)
from assess.web.manage.forms import (
    BuyerForm,
    ConfirmForm,
    ExtendForm,
    RoundForm,
    require_confirmation,
)
from assess.web.manage.reports import latest_round_reports
from assess.web.scoping import signed_in, team_row, visible, visible_or_404

STATUS_LABELS = {
    "awaiting_approval": "awaiting your approval",
    "pending": "not opened",
    "opened": "opened",
    "in_progress": "started",
    "completed": "finished",
    "revoked": "revoked",
}


def bank_choices() -> list[SelectChoice]:
    choices = []
    for bank_id, bank in sorted(shipped_banks().items()):
        who = ", ".join(bank.rater_roles)
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
        # Ticked by default: what a rep answers about themself, and the buyers' survey.
        form.bank_ids.data = [
            bank_id
            for bank_id, bank in sorted(shipped_banks().items())
            if bank.is_buyer_survey or ("self" in bank.rater_roles and not bank.is_org_wide)
        ]
        form.opens_on.data = date.today()
    if form.validate_on_submit():
        team = visible_or_404(Team, form.team_id.data)
        marketers, problems = parse_marketers(form.marketing_raters.data)
        form.marketing_raters.errors.extend(problems)
        if not problems:
            database, settings = db_session(), get_settings()
            outcome = ops.launch_round(
                database,
                settings,
                team=team,
                name=form.name.data.strip(),
                bank_ids=form.bank_ids.data,
                opens_on=form.opens_on.data,
                closes_on=form.closes_on.data,
                created_by=current_user,
                marketers=marketers,
            )
            for invitation in outcome.invitations:
                ops.compose_invitation(database, settings, invitation)
            commit(database)
            for warning in outcome.warnings:
                flash(warning, "error")
            flash(
                f"Round launched: {len(outcome.invitations)} invitations sent. "
                "Add each rep's buyers on the board.",
                "success",
            )
            return redirect(url_for("manage.round_board", round_id=outcome.round.id))
    return render_template("manage/new_round.html", form=form)


def board_rows(assessment_round: Round):
    """Invitations grouped per rep (and the organization-wide ones), with progress."""
    invitations = db_session().scalars(
        select(Invitation)
        .where(Invitation.round_id == assessment_round.id)
        .options(selectinload(Invitation.rep), selectinload(Invitation.bank_version))
        .order_by(Invitation.rater_role, Invitation.rater_name)
    )
    per_rep: dict[int | None, list[Invitation]] = defaultdict(list)
    for invitation in invitations:
        per_rep[invitation.rep_id].append(invitation)
    reps = db_session().scalars(
        select(Rep).where(Rep.team_id == assessment_round.team_id).order_by(Rep.name)
    )
    rows = []
    for rep in reps:
        if rep.id in per_rep or rep.archived_at is None:
            rows.append(board_row(rep, per_rep.get(rep.id, [])))
    if None in per_rep:
        rows.append(board_row(None, per_rep[None]))
    return rows


def board_row(rep, invitations):
    counted = [i for i in invitations if i.status not in NOT_SENT_STATUSES]
    finished = sum(1 for i in counted if i.status == "completed")
    return {
        "rep": rep,
        "invitations": invitations,
        "finished": finished,
        "total": len(counted),
        "percent": round(100 * finished / len(counted)) if counted else 0,
    }


@blueprint.get("/rounds/<int:round_id>")
@team_row(Round, "round_id")
def round_board(round_id: int):
    assessment_round = visible_or_404(Round, round_id)
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
        reports=latest_round_reports(assessment_round.id),
        buyer_form=BuyerForm(),
        extend_form=ExtendForm(),
        confirm=ConfirmForm(),
    )


def open_round_or_400(round_id: int) -> Round:
    assessment_round = visible_or_404(Round, round_id)
    if assessment_round.status == "closed":
        flash("This round is closed; nothing more can be sent.", "error")
        abort(redirect(url_for("manage.round_board", round_id=round_id)))
    return assessment_round


@blueprint.post("/rounds/<int:round_id>/reps/<int:rep_id>/buyers")
@team_row(Round, "round_id")
def add_buyer(round_id: int, rep_id: int):
    assessment_round = open_round_or_400(round_id)
    rep = visible_or_404(Rep, rep_id)
    if rep.team_id != assessment_round.team_id:
        abort(404)
    form = BuyerForm()
    bank_version_id = ops.buyer_bank_version_id(assessment_round)
    back = redirect(url_for("manage.round_board", round_id=round_id) + f"#rep-{rep.id}")
    if bank_version_id is None:
        flash("This round has no buyer feedback survey.", "error")
        return back
    if not form.validate_on_submit():
        for field_name, errors in form.errors.items():
            flash(f"Buyer not added — {field_name}: {'; '.join(errors)}", "error")
        return back
    email = normalize_email(form.email.data)
    database, settings = db_session(), get_settings()
    if ops.existing_rater(database, assessment_round, rep.id, bank_version_id, email):
        flash(f"{email} is already asked about {rep.name}.", "error")
        return back
    invitation = ops.add_invitation(
        database, settings, assessment_round, bank_version_id, form.role.data, email, rep=rep,
        rater_name=form.name.data.strip(), rater_email=email,
    )  # fmt: skip
    database.flush()
    ops.compose_invitation(database, settings, invitation)
    commit(database)
    flash(f"{invitation.rater_name} is asked about {rep.name}; the email is on its way.", "success")
    return back


def owned_invitation(invitation_id: int) -> Invitation:
    invitation = visible_or_404(Invitation, invitation_id)
    require_confirmation()
    return invitation


@blueprint.post("/invitations/<int:invitation_id>/approve")
@team_row(Invitation, "invitation_id")
def approve_invitation(invitation_id: int):
    invitation = owned_invitation(invitation_id)
    open_round_or_400(invitation.round_id)
    if invitation.status == "awaiting_approval":
        invitation.status = "pending"
        database = db_session()
        database.flush()
        ops.compose_invitation(database, get_settings(), invitation)
        commit(database)
        flash(f"Approved: {invitation.rater_name} gets the link now.", "success")
    return redirect(url_for("manage.round_board", round_id=invitation.round_id))


@blueprint.post("/invitations/<int:invitation_id>/revoke")
@team_row(Invitation, "invitation_id")
def revoke_invitation(invitation_id: int):
    invitation = owned_invitation(invitation_id)
    if invitation.status != "completed":
        invitation.status = "revoked"
        invitation.revoked_at = utcnow()
        commit(db_session())
        flash("The link is revoked; it no longer opens anything.", "success")
    else:
        flash("A finished response cannot be revoked; delete its data instead.", "error")
    return redirect(url_for("manage.round_board", round_id=invitation.round_id))


@blueprint.post("/invitations/<int:invitation_id>/remind")
@team_row(Invitation, "invitation_id")
def remind_invitation(invitation_id: int):
    invitation = owned_invitation(invitation_id)
    open_round_or_400(invitation.round_id)
    message = None
    database = db_session()
    if invitation.status in UNFINISHED_STATUSES:
        message = ops.compose_invitation(
            database, get_settings(), invitation, reminder=invitation.sent_at is not None
        )
    commit(database)
    flash("Reminder sent." if message else "Nothing to send for this link.", "success")
    return redirect(url_for("manage.round_board", round_id=invitation.round_id))


@blueprint.post("/rounds/<int:round_id>/remind")
@team_row(Round, "round_id")
def remind_round(round_id: int):
    assessment_round = open_round_or_400(round_id)
    require_confirmation()
    database, settings = db_session(), get_settings()
    messages = [
        ops.compose_invitation(
            database, settings, invitation, reminder=invitation.sent_at is not None
        )
        for invitation in ops.unfinished(database, assessment_round)
    ]
    messages = [message for message in messages if message]
    commit(database)
    flash(f"Reminders sent to {len(messages)} people who have not finished.", "success")
    return redirect(url_for("manage.round_board", round_id=round_id))


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
    return redirect(url_for("manage.round_board", round_id=round_id))


@blueprint.post("/rounds/<int:round_id>/close")
@team_row(Round, "round_id")
def close_round(round_id: int):
    assessment_round = open_round_or_400(round_id)
    require_confirmation()
    ops.close_round(db_session(), assessment_round)
    commit(db_session())
    flash(
        "The round is closed. Scores are being computed and the reports rendered; the "
        "owner gets an email when the team report is ready.",
        "success",
    )
    return redirect(url_for("manage.round_board", round_id=round_id))


@blueprint.post("/rounds/<int:round_id>/buyers.csv")
@team_row(Round, "round_id")
def import_buyers(round_id: int):
    """Buyers for many reps at once from a CSV file: all saved and sent, or none."""
    assessment_round = open_round_or_400(round_id)
    require_confirmation()
    bank_version_id = ops.buyer_bank_version_id(assessment_round)
    upload = request.files.get("file")
    raw = upload.read(MAX_CSV_BYTES + 1) if upload else b""
    text = decode_csv(raw)
    problems = []
    if bank_version_id is None:
        problems.append("This round has no buyer feedback survey.")
    elif not raw:
        problems.append("Choose a CSV file with the columns rep_email, name, email, role.")
    elif len(raw) > MAX_CSV_BYTES:
        problems.append(TOO_LARGE)
    elif text is None:
        problems.append(NOT_TEXT)
    rows = []
    if not problems:
        reps = db_session().scalars(
            visible(Rep).where(Rep.team_id == assessment_round.team_id, Rep.archived_at.is_(None))
        )
        rows, problems = parse_buyers_csv(
            text,
            {rep.email: rep for rep in reps},
            set(BUYER_ROLES),
        )
    if not problems:
        for rep, _, email, _ in rows:
            if ops.existing_rater(db_session(), assessment_round, rep.id, bank_version_id, email):
                problems.append(f"{email} is already asked about {rep.name}.")
    if problems:
        return render_template(
            "manage/buyers_import.html", round=assessment_round, problems=problems
        ), 422
    database, settings = db_session(), get_settings()
    invitations = [
        ops.add_invitation(
            database,
            settings,
            assessment_round,
            bank_version_id,
            role,
            email,
            rep=rep,
            rater_name=name,
            rater_email=email,
        )  # fmt: skip
        for rep, name, email, role in rows
    ]
    database.flush()
    for invitation in invitations:
        ops.compose_invitation(database, settings, invitation)
    commit(database)
    flash(f"{len(invitations)} buyers asked; their emails are on their way.", "success")
    return redirect(url_for("manage.round_board", round_id=round_id))
