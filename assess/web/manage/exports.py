"""A round's raw answers as CSV or JSON, and deleting one respondent's data.

Buyers are anonymized in exports: no name, no email, only a pseudonym ("buyer 3") that
is stable within one export. CSV cells that a spreadsheet would run as a formula (a
leading = + - @, tab or carriage return) are neutralized with a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
import json

from flask import Response as HttpResponse
from flask import flash, redirect, url_for
from flask_login import login_required
from sqlalchemy import select

from assess.core.banks import BUYER_ROLES
from assess.models import Answer, Invitation, Rep, Response, Round
from assess.platform.db import db_session
from assess.platform.transaction import commit
from assess.services.erasure import erase_respondent
from assess.web.manage import blueprint
from assess.web.manage.forms import require_confirmation
from assess.web.scoping import owned_or_404

COLUMNS = (
    "round", "bank", "bank_version", "rep", "rater_role", "rater", "response",
    "completed", "item", "value", "saved_at",
)  # fmt: skip
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralize(cell):
    """Make a cell safe to open in a spreadsheet (OWASP CSV injection advice)."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def export_rows(assessment_round: Round) -> list[dict]:
    """Every saved answer of the round, one dict per answer, buyers anonymized."""
    results = db_session().execute(
        select(Invitation, Response, Answer, Rep.name)
        .join(Response, Response.invitation_id == Invitation.id)
        .join(Answer, Answer.response_id == Response.id)
        .outerjoin(Rep, Rep.id == Invitation.rep_id)
        .where(Invitation.round_id == assessment_round.id)
        .order_by(Invitation.id, Answer.item_id)
    )
    pseudonyms: dict[int, str] = {}
    rows = []
    for invitation, response, answer, rep_name in results:
        if invitation.rater_role in BUYER_ROLES:
            rater = pseudonyms.setdefault(invitation.id, f"buyer {len(pseudonyms) + 1}")
        else:
            rater = invitation.rater_name or invitation.rater_role
        rows.append(
            {
                "round": assessment_round.name,
                "bank": invitation.bank_version.bank_key,
                "bank_version": invitation.bank_version.content_hash[:12],
                "rep": rep_name or "",
                "rater_role": invitation.rater_role,
                "rater": rater,
                "response": f"r{response.id}",
                "completed": response.completed_at.isoformat() if response.completed_at else "",
                "item": answer.item_id,
                "value": answer.value,
                "saved_at": answer.saved_at.isoformat(),
            }
        )
    return rows


def to_csv(rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    for row in rows:
        value = row["value"]
        flat = json.dumps(value) if isinstance(value, (dict, list, bool)) else value
        writer.writerow({key: neutralize(flat if key == "value" else row[key]) for key in COLUMNS})
    return buffer.getvalue()


@blueprint.get("/rounds/<int:round_id>/export.<any(csv, json):kind>")
@login_required
def export_round(round_id: int, kind: str):
    assessment_round = owned_or_404(Round, round_id)
    rows = export_rows(assessment_round)
    filename = f"candor-round-{assessment_round.id}-answers.{kind}"
    if kind == "csv":
        body, mimetype = to_csv(rows), "text/csv"
    else:
        body, mimetype = json.dumps(rows, indent=1, ensure_ascii=False), "application/json"
    return HttpResponse(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@blueprint.post("/invitations/<int:invitation_id>/delete-data")
@login_required
def delete_respondent_data(invitation_id: int):
    """Erase what one respondent answered (on their request). The link is revoked so it
    cannot be refilled; scores computed later simply no longer include it."""
    invitation = owned_or_404(Invitation, invitation_id)
    require_confirmation()
    erase_respondent(db_session(), invitation)
    commit(db_session())
    flash("The respondent's answers are deleted and their link revoked.", "success")
    return redirect(url_for("manage.round_board", round_id=invitation.round_id))
