"""Outcomes from a CSV file: upload, a preview of every row, then all saved or none —
the reps import's flow (`rep_import`), for the figures each rep sold per period."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from assess.core.outcomes import BY_ID, MEASURES, Measure, OutcomeImport, parse_outcomes_csv
from assess.core.text import plural
from assess.core.validity.wording import decimal
from assess.models import Rep, utcnow
from assess.platform.db import db_session
from assess.platform.uploads import drop_upload, keep_upload, read_upload
from assess.services.outcomes import (
    preceding_round,
    save_outcomes,
    scored_rounds,
    stored_periods,
)
from assess.web.extensions import accepts_upload
from assess.web.manage import blueprint
from assess.web.manage.csv_import import MAX_UPLOAD_REQUEST
from assess.web.manage.forms import ImportOutcomesForm
from assess.web.manage.rep_import import EXPIRED, read_uploaded_csv
from assess.web.scoping import signed_in, visible


@dataclass
class RowContext:
    """What the preview says beside a row: whose figures, which round they follow, and
    whether they replace figures already stored."""

    rep_name: str = ""
    round_name: str | None = None
    replaces: bool = False


@blueprint.route("/outcomes/import", methods=["GET", "POST"])
@signed_in
@accepts_upload(MAX_UPLOAD_REQUEST)
def import_outcomes():
    """Upload → preview every row (bad ones with why) → confirm → every row saved at once.

    As with reps, the upload is answered with a redirect to the preview (a GET), so Back
    and Reload on the preview never send the file again."""
    form = ImportOutcomesForm()
    folder = Path(current_app.config["UPLOADS_DIR"])
    if form.validate_on_submit():
        if request.form.get("confirm") == "1":  # the preview's button
            token = form.upload.data or ""
            text = read_upload(folder, current_user.id, token)
            if text is None:
                form.file.errors.append(EXPIRED)
            else:
                preview = outcomes_preview(text)
                if not preview.ok:  # reps or teams changed since: show the preview again
                    return redirect(url_for("manage.import_outcomes", upload=token), 303)
                saved = save_outcomes(db_session(), current_user.organization_id, preview)
                db_session().commit()
                drop_upload(folder, current_user.id, token)
                replaced = f", {saved.replaced} of them replacing" if saved.replaced else ""
                flash(
                    f"Imported {plural(saved.created + saved.replaced, 'row')} of "
                    f"outcomes{replaced}.",
                    "success",
                )
                if current_user.role == "owner":
                    return redirect(url_for("manage.validity"))
                return redirect(url_for("manage.dashboard"))
        else:
            text = read_uploaded_csv(form)
            if text is not None:
                token = keep_upload(folder, current_user.id, text)
                return redirect(url_for("manage.import_outcomes", upload=token), 303)
    preview, context = None, {}
    token = request.args.get("upload", "") if request.method == "GET" else ""
    if token:
        text = read_upload(folder, current_user.id, token)
        if text is None:
            form.file.errors = [*form.file.errors, EXPIRED]  # a GET: not validated
        else:
            preview = outcomes_preview(text)
            context = row_context(preview)
            form.upload.data = token
    return render_template(
        "manage/import_outcomes.html",
        form=form,
        preview=preview,
        context=context,
        measures=MEASURES,
        columns=[BY_ID[column] for column in preview.columns] if preview else [],
        shown=shown,
    )


def shown(value: float | None, measure: Measure) -> str:
    """A figure as the pages show it ("41.5 %", "45,210", "—" for none)."""
    if value is None:
        return "—"
    text = decimal(value, 0 if isinstance(value, int) else measure.decimals)
    return f"{text} %" if measure.kind == "percent" else text


def outcomes_preview(text: str) -> OutcomeImport:
    """Every row of `text` checked against the reps the user may see: a manager's rows
    only for reps of the teams they manage. Another team's rep reads as no rep at all,
    as an unknown address does: a different message would let a manager find out which
    addresses belong to other teams' reps."""
    database = db_session()
    reps = database.execute(visible(Rep).with_only_columns(Rep.email, Rep.id)).tuples().all()
    return parse_outcomes_csv(
        text, {email.lower(): rep_id for email, rep_id in reps}, today=utcnow().date()
    )


def row_context(preview: OutcomeImport) -> dict[int, RowContext]:
    """Line → what the preview says beside the row (only rows naming a rep one may see)."""
    database = db_session()
    rep_ids = {row.rep_id for row in preview.rows if row.rep_id is not None}
    if not rep_ids:
        return {}
    names = dict(
        database.execute(select(Rep.id, Rep.name).where(Rep.id.in_(rep_ids))).tuples().all()
    )
    organization_id = current_user.organization_id
    rounds = scored_rounds(database, organization_id, rep_ids)
    stored = stored_periods(database, organization_id, rep_ids)
    context = {}
    for row in preview.rows:
        if row.rep_id is None:
            continue
        entry = RowContext(rep_name=names.get(row.rep_id, ""))
        if row.period_start is not None:
            before = preceding_round(rounds.get(row.rep_id, []), row.period_start)
            entry.round_name = before.name if before else None
        entry.replaces = (row.rep_id, row.period_start, row.period_end) in stored
        context[row.line] = entry
    return context
