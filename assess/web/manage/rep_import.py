"""Reps from a CSV file: upload, a preview of every row, then all saved or none."""

from __future__ import annotations

from pathlib import Path

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from assess.core.team_names import team_key, team_shown
from assess.core.text import plural
from assess.models import Rep, Team
from assess.platform.db import db_session
from assess.platform.uploads import drop_upload, keep_upload, read_upload
from assess.services.teams import create_team
from assess.web.extensions import accepts_upload
from assess.web.manage import blueprint
from assess.web.manage.csv_import import (
    MAX_CSV_BYTES,
    MAX_UPLOAD_REQUEST,
    NOT_TEXT,
    TOO_LARGE,
    decode_csv,
    parse_reps_csv,
)
from assess.web.manage.forms import ImportRepsForm
from assess.web.scoping import owned, signed_in, visible


@blueprint.route("/reps/import", methods=["GET", "POST"])
@signed_in
@accepts_upload(MAX_UPLOAD_REQUEST)
def import_reps():
    """Upload → preview every row (bad ones with why) → confirm → all rows saved at once.

    The upload is answered with a redirect to the preview (`?upload=<token>`, a GET), so
    Back and Reload on the preview never ask to send the file again."""
    form = ImportRepsForm()
    folder = Path(current_app.config["UPLOADS_DIR"])
    if form.validate_on_submit():
        if request.form.get("confirm") == "1":  # the preview's button
            token = form.upload.data or ""
            text = read_upload(folder, current_user.id, token)
            if text is None:
                form.file.errors.append(EXPIRED)
            else:
                preview = reps_preview(text)
                if not preview.ok:  # the teams changed since: show the preview again
                    return redirect(url_for("manage.import_reps", upload=token), 303)
                created_teams, created_reps = save_import(preview)
                db_session().commit()
                drop_upload(folder, current_user.id, token)
                flash(
                    f"Imported {plural(created_reps, 'rep')}"
                    + (f" and created {plural(created_teams, 'team')}." if created_teams else "."),
                    "success",
                )
                return redirect(url_for("manage.teams"))
        else:
            text = read_uploaded_csv(form)
            if text is not None:
                token = keep_upload(folder, current_user.id, text)
                return redirect(url_for("manage.import_reps", upload=token), 303)
    preview = None
    token = request.args.get("upload", "") if request.method == "GET" else ""
    if token:
        text = read_upload(folder, current_user.id, token)
        if text is None:
            form.file.errors = [*form.file.errors, EXPIRED]  # a GET: the form was not validated
        else:
            preview = reps_preview(text)
            form.upload.data = token
    return render_template(
        "manage/import_reps.html",
        form=form,
        preview=preview,
        new_teams=new_team_names(preview) if preview else [],
    )


#: What a preview whose upload is gone (an hour later, or already imported) says.
EXPIRED = (
    "This preview is no longer there (an upload waits an hour, and goes once imported) — "
    "choose the file and preview it again."
)


def reps_preview(text: str):
    """Every row of `text` checked against the organization's reps and teams."""
    existing = set(db_session().scalars(select(Rep.email).where(
        Rep.organization_id == current_user.organization_id)))  # fmt: skip
    preview = parse_reps_csv(text, existing)
    match_existing_teams(preview)
    refuse_teams_not_managed(preview)
    return preview


def read_uploaded_csv(form: ImportRepsForm) -> str | None:
    upload = form.file.data
    if not (upload and getattr(upload, "filename", "")):
        form.file.errors.append("Choose a CSV file to upload.")
        return None
    raw = upload.read(MAX_CSV_BYTES + 1)
    if len(raw) > MAX_CSV_BYTES:
        form.file.errors.append(TOO_LARGE)
        return None
    text = decode_csv(raw)
    if text is None:
        form.file.errors.append(NOT_TEXT)
    return text


def visible_team_names() -> list[str]:
    return list(db_session().scalars(visible(Team).with_only_columns(Team.name)))


def match_existing_teams(preview) -> None:
    """Write each row's team as the existing team it names (case and spaces aside)."""
    known = {
        team_key(name): name
        for name in db_session().scalars(visible(Team).with_only_columns(Team.name))
    }
    for row in preview.rows:
        row.team = known.get(team_key(row.team), row.team)


def new_team_names(preview) -> list[str]:
    """The teams the import would create, so the preview says so before anything is
    saved (a misspelt team would otherwise appear as a new, managerless team)."""
    known = {
        team_key(name) for name in db_session().scalars(visible(Team).with_only_columns(Team.name))
    }
    names: dict[str, str] = {}
    for row in preview.rows:
        if row.team and team_key(row.team) not in known:
            names.setdefault(team_key(row.team), row.team)
    return sorted(names.values())


def refuse_teams_not_managed(preview) -> None:
    """A manager imports only into teams they manage (or new ones, which they will)."""
    database = db_session()
    seen = set(
        database.scalars(
            select(Team.name).where(Team.id.in_(visible(Team).with_only_columns(Team.id)))
        )
    )
    seen = {team_key(name) for name in seen}
    taken = {team_key(name) for name in database.scalars(owned(Team).with_only_columns(Team.name))}
    for row in preview.rows:
        if team_key(row.team) in taken and team_key(row.team) not in seen:
            row.problems.append(f"You do not manage the team “{row.team}”: ask the owner.")


def save_import(preview) -> tuple[int, int]:
    """Create missing teams and every rep of a fully valid preview (flushes)."""
    database = db_session()
    teams = {team_key(team.name): team for team in database.scalars(visible(Team))}
    created_teams = 0
    for row in preview.rows:
        team = teams.get(team_key(row.team))
        if team is None:  # one new team per name as compared, spelled as first written
            team = create_team(database, current_user, team_shown(row.team), None)
            teams[team_key(row.team)] = team
            created_teams += 1
        database.add(
            Rep(
                organization_id=current_user.organization_id,
                team_id=team.id,
                name=row.name,
                email=row.email,
            )
        )
    database.flush()
    return created_teams, len(preview.rows)
