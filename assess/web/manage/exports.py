"""A round's raw answers as CSV or JSON, and deleting one respondent's data.

What an export holds is decided in `assess.services.round_export` (docs/anonymity.md):
self-assessments and manager reviews item by item; buyers and organization-wide
surveys only as the group scores the closed round issued. CSV cells that a spreadsheet
would run as a formula (a leading = + - @, tab or carriage return) are neutralized with
a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
import json

from flask import Response as HttpResponse
from flask import flash, redirect, url_for
from sqlalchemy import func, select

from assess.core.banks import BUYER_ROLES
from assess.core.reports.rep_raters import DEFAULT_MINIMUM
from assess.core.text import plural
from assess.models import Invitation, Round
from assess.platform.db import db_session, scrub_freed_space
from assess.platform.transaction import commit
from assess.services.bank_versions import buyers_a_verdict_needs
from assess.services.erasure import erase_respondent, has_answers
from assess.services.round_export import COLUMNS
from assess.services.round_export import export_rows as round_export_rows
from assess.web.manage import blueprint
from assess.web.manage.confirmation import confirm_page, confirmed
from assess.web.manage.forms import require_confirmation
from assess.web.manage.round_actions import who
from assess.web.scoping import team_row, visible_or_404

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralize(cell):
    """Make a cell safe to open in a spreadsheet (OWASP CSV injection advice)."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def export_rows(assessment_round: Round) -> list[dict]:
    """What the export of the round may hold, one dict per row."""
    return round_export_rows(db_session(), assessment_round)


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
@team_row(Round, "round_id")
def export_round(round_id: int, kind: str):
    assessment_round = visible_or_404(Round, round_id)
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


def buyers_left(invitation: Invitation) -> str:
    """For a buyer's answers: how many finished buyers the rep keeps, and whether that
    is still enough for a verdict (the board already shows each buyer's status)."""
    if invitation.rep is None or invitation.rater_role not in BUYER_ROLES:
        return ""
    finished = db_session().scalar(
        select(func.count())
        .select_from(Invitation)
        .where(
            Invitation.round_id == invitation.round_id,
            Invitation.rep_id == invitation.rep_id,
            Invitation.rater_role.in_(BUYER_ROLES),
            Invitation.status == "completed",
            Invitation.id != invitation.id,
        )
    )
    rep = invitation.rep.name
    needed = buyers_a_verdict_needs([entry.bank_version for entry in invitation.round.banks])
    # A count below the minimum is never shown: it would say how few answered.
    if needed is not None and finished < needed:
        return (
            f"{rep} would have fewer than the {needed} finished buyer surveys a verdict "
            "needs: no verdict until more answer."
        )
    if finished < DEFAULT_MINIMUM:
        return (
            f"{rep} would have fewer than the {DEFAULT_MINIMUM} finished buyer surveys "
            "their buyers' scores need."
        )
    return f"{rep} keeps {plural(finished, 'finished buyer survey')}."


@blueprint.route("/invitations/<int:invitation_id>/delete-data", methods=["GET", "POST"])
@team_row(Invitation, "invitation_id")
def delete_respondent_data(invitation_id: int):
    """Erase what one respondent answered (on their request). The link is revoked so it
    cannot be refilled; scores computed later no longer include it, and scores a closed
    round already issued stay as they were (docs/anonymity.md)."""
    invitation = visible_or_404(Invitation, invitation_id)
    require_confirmation()
    back = url_for("manage.round_board", round_id=invitation.round_id)
    if not has_answers(db_session(), invitation):  # said, and nothing is done
        return confirm_page(
            f"Nothing to delete for {who(invitation)}",
            [
                f"Nothing to delete: {who(invitation)} has not answered anything through "
                "this link, so there are no answers to erase.",
                "The link stays as it is; revoke it if it should stop working.",
            ],
            None,
            back,
        )
    if not confirmed():
        closed = invitation.round.status == "closed"
        return confirm_page(
            f"Delete {invitation.rater_name or invitation.rater_role}'s answers?",
            [
                "Every answer they gave is erased for good, and their link is revoked.",
                buyers_left(invitation),
                "Reports rendered from now on leave them out; the scores this closed "
                "round already issued stay as they were."
                if closed
                else "The round's scores will be computed without them.",
            ],
            "Delete the answers",
            back,
        )
    erase_respondent(db_session(), invitation)
    commit(db_session())
    scrub_freed_space(db_session())
    flash("The respondent's answers are deleted and their link revoked.", "success")
    return redirect(back)
