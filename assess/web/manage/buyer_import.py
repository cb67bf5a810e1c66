"""Buyers for many reps at once from a CSV file: upload, a preview of every row, then
all asked on the preview's button, or none.

The upload is answered with a redirect to the preview (a GET), so Back and Reload on
the preview never ask to send the file again; the text waits in `platform.uploads`.
"""

from __future__ import annotations

from pathlib import Path

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from assess.core.banks import BUYER_ROLES
from assess.core.text import plural
from assess.models import Rep, Round
from assess.platform.db import db_session
from assess.platform.settings import get_settings
from assess.platform.transaction import commit
from assess.platform.uploads import drop_upload, keep_upload, read_upload
from assess.services import rounds as ops
from assess.services.buyer_addresses import BuyerRule, organization_mailboxes, rule_for
from assess.services.buyer_confirmation import add_buyers
from assess.services.round_kinds import pulse_rep_id
from assess.web.manage import blueprint
from assess.web.manage.csv_import import (
    MAX_CSV_BYTES,
    NOT_TEXT,
    TOO_LARGE,
    decode_csv,
    parse_buyers_csv,
)
from assess.web.manage.forms import ConfirmForm, require_confirmation
from assess.web.manage.rep_import import EXPIRED
from assess.web.manage.round_actions import confirmed, open_round_or_400, rep_note
from assess.web.scoping import team_row, visible

NO_FILE = "Choose a CSV file with the columns rep_email, name, email, role."


def uploads() -> Path:
    return Path(current_app.config["UPLOADS_DIR"])


def refused_buyer(rule: BuyerRule, rep: Rep, email: str) -> str | None:
    """Why `email` cannot answer about `rep`, worded for a row of the buyers file."""
    refusal = rule.refusal(email)
    return None if refusal is None else f"{email}: {refusal.for_manager(rep.name)}"


def buyer_rows(assessment_round: Round, bank_version_id: int | None, text: str):
    """The file's rows as (rep, name, email, role), and every problem with them."""
    if bank_version_id is None:
        return [], ["This round has no buyer feedback survey."]
    reps = db_session().scalars(
        visible(Rep).where(Rep.team_id == assessment_round.team_id, Rep.archived_at.is_(None))
    )
    only = pulse_rep_id(db_session(), assessment_round.id)  # a pulse is about one rep
    reps = [rep for rep in reps if only is None or rep.id == only]
    mailboxes = organization_mailboxes(db_session(), assessment_round.organization_id)
    rows, problems = parse_buyers_csv(
        text,
        {rep.email: rep for rep in reps},
        set(BUYER_ROLES),
        refuse=lambda rep, email: refused_buyer(rule_for(rep, mailboxes), rep, email),
        languages=get_settings().catalogs.languages(),
    )
    for rep, _, email, *_ in rows:  # the file's own problems too, so one upload lists all
        if ops.existing_rater(db_session(), assessment_round, rep.id, bank_version_id, email):
            problems.append(f"{email} is already asked about {rep.name}.")
    return rows, problems


def refused(assessment_round: Round, problems: list[str]):
    return render_template(
        "manage/buyers_import.html", round=assessment_round, problems=problems
    ), 422


@blueprint.post("/rounds/<int:round_id>/buyers.csv")
@team_row(Round, "round_id")
def import_buyers(round_id: int):
    """The upload (kept, then the preview) or the preview's button (all asked)."""
    assessment_round = open_round_or_400(round_id)
    require_confirmation()
    bank_version_id = ops.buyer_bank_version_id(assessment_round)
    if not confirmed():
        upload = request.files.get("file")
        raw = upload.read(MAX_CSV_BYTES + 1) if upload else b""
        text = decode_csv(raw) if raw and len(raw) <= MAX_CSV_BYTES else None
        if bank_version_id is None:
            return refused(assessment_round, ["This round has no buyer feedback survey."])
        if not raw:
            return refused(assessment_round, [NO_FILE])
        if len(raw) > MAX_CSV_BYTES:
            return refused(assessment_round, [TOO_LARGE])
        if text is None:
            return refused(assessment_round, [NOT_TEXT])
        token = keep_upload(uploads(), current_user.id, text)
        return redirect(url_for("manage.preview_buyers", round_id=round_id, upload=token), 303)
    token = request.form.get("upload", "")
    text = read_upload(uploads(), current_user.id, token)
    if text is None:
        return refused(assessment_round, [EXPIRED])
    rows, problems = buyer_rows(assessment_round, bank_version_id, text)
    if problems:  # checked again: someone may have been asked meanwhile
        return refused(assessment_round, problems)
    database = db_session()
    invitations = add_buyers(database, get_settings(), assessment_round, bank_version_id, rows)
    commit(database)
    drop_upload(uploads(), current_user.id, token)
    flash(
        f"{plural(len(invitations), 'buyer')} added. Nobody is written to until their rep "
        f"confirms they dealt with them; {rep_note(len({rep.id for rep, *_ in rows}))}.",
        "success",
    )
    return redirect(url_for("manage.round_board", round_id=round_id))


@blueprint.get("/rounds/<int:round_id>/buyers/preview")
@team_row(Round, "round_id")
def preview_buyers(round_id: int):
    """Every row of a kept upload, and the button that asks them all."""
    assessment_round = open_round_or_400(round_id)
    token = request.args.get("upload", "")
    text = read_upload(uploads(), current_user.id, token)
    if text is None:  # Back after the import, or an hour later: a page that says so
        return render_template(
            "manage/buyers_import.html", round=assessment_round, problems=[EXPIRED]
        )
    rows, problems = buyer_rows(assessment_round, ops.buyer_bank_version_id(assessment_round), text)
    if problems:
        return refused(assessment_round, problems)
    return render_template(
        "manage/buyers_import.html",
        round=assessment_round,
        problems=[],
        rows=rows,
        upload=token,
        confirm=ConfirmForm(),
    )
