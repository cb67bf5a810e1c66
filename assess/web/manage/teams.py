"""Teams and reps: create, edit, archive; add reps one by one or from a CSV file."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select
from wtforms import SelectChoice

from assess.core.i18n import DEFAULT_LANGUAGE
from assess.core.team_names import team_key, team_shown
from assess.core.text import plural
from assess.models import Rep, Round, Team, User, utcnow
from assess.platform.db import db_session
from assess.platform.settings import get_settings
from assess.platform.transaction import commit
from assess.services.accounts import AccountError, normalize_email
from assess.services.held_invitations import awaiting_welcome
from assess.services.rep_addresses import tell_old_address
from assess.services.teams import create_team, manager_ids, set_managers
from assess.web.manage import blueprint
from assess.web.manage.confirmation import confirm_page, confirmed
from assess.web.manage.forms import (
    ConfirmForm,
    RepEditForm,
    RepForm,
    TeamForm,
    require_confirmation,
)
from assess.web.manage.languages import offer_languages
from assess.web.scoping import owned, signed_in, team_row, visible, visible_or_404


def manager_choices(team: Team | None = None) -> list[SelectChoice]:
    """Who may be chosen as a team's manager: for the owner, every active user; for a
    manager (who cannot change it), only the team's managers and themself — a manager's
    page lists nobody else of the organization."""
    # A manager invited but not signed in yet is left out, as a held invitation is
    # (services.held_invitations): the list must not tell the two apart.
    current = manager_ids(db_session(), team) if team else set()
    query = (
        owned(User)
        .where(User.is_active, ~awaiting_welcome() | User.id.in_(current))
        .order_by(User.name)
    )
    if current_user.role != "owner":
        shown = {current_user.id} | current
        query = query.where(User.id.in_(shown))
    users = db_session().scalars(query)
    return [SelectChoice(0, "— nobody yet —")] + [
        SelectChoice(user.id, f"{user.name} ({user.role})") for user in users
    ]


def offer_managers(form: TeamForm, team: Team | None = None) -> None:
    """Fill the manager choices; only the owner may change who manages a team."""
    form.manager_id.choices = manager_choices(team)
    # the team's own manager is not one of its "other" managers
    form.other_managers.choices = [
        choice
        for choice in form.manager_id.choices[1:]
        if team is None or choice.value != team.manager_id
    ]
    if current_user.role != "owner":
        form.manager_id.render_kw = {"disabled": True}
        form.other_managers.render_kw = {"disabled": True}
    if team is not None and not form.is_submitted():
        form.other_managers.data = sorted(manager_ids(db_session(), team) - {team.manager_id})


def team_name_taken(name: str, except_id: int | None = None) -> bool:
    """Whether another team's name is this one as compared (case, spaces and invisible
    characters aside): a look-alike of a team is refused like the same name."""
    query = owned(Team).with_only_columns(Team.name)
    if except_id:
        query = query.where(Team.id != except_id)
    return team_key(name) in {team_key(taken) for taken in db_session().scalars(query)}


@blueprint.route("/teams", methods=["GET", "POST"])
@signed_in
def teams():
    form = TeamForm()
    offer_managers(form)
    offer_languages(form.language)
    database = db_session()
    if form.validate_on_submit():
        name = team_shown(form.name.data)
        if team_name_taken(name):
            form.name.errors.append("A team with this name exists already — pick another name.")
        else:
            reviewing = form.manager_id.data if current_user.role == "owner" else None
            team = create_team(database, current_user, name, reviewing or None)
            team.language = form.language.data or DEFAULT_LANGUAGE
            if current_user.role == "owner":
                set_managers(database, team, team.manager_id, set(form.other_managers.data or ()))
            database.commit()
            flash(f"Team {team.name} created. Add its reps next.", "success")
            return redirect(url_for("manage.team", team_id=team.id))
    show_archived = request.args.get("archived") == "1"
    query = visible(Team).order_by(Team.name)
    if not show_archived:
        query = query.where(Team.archived_at.is_(None))
    return render_template(
        "manage/teams.html", form=form, teams=list(database.scalars(query)), archived=show_archived
    )


@blueprint.route("/teams/<int:team_id>", methods=["GET", "POST"])
@team_row(Team, "team_id")
def team(team_id: int):
    team = visible_or_404(Team, team_id)
    database = db_session()
    # Two forms on one page: each reads the posted data only when it was the one sent.
    posted = request.form if request.method == "POST" else None
    team_form = TeamForm(
        prefix="team", obj=team, formdata=posted if posted and "team-name" in posted else None
    )
    offer_managers(team_form, team)
    offer_languages(team_form.language)
    rep_form = RepForm(prefix="rep", formdata=posted if posted and "rep-name" in posted else None)
    offer_languages(rep_form.language, team.language)
    if team_form.is_submitted() and "team-name" in request.form and team_form.validate():
        name = team_shown(team_form.name.data)
        if team_name_taken(name, except_id=team.id):
            team_form.name.errors.append("Another team has this name — pick another.")
        else:
            team.name = name
            team.language = team_form.language.data or team.language
            if current_user.role == "owner":
                others = set(team_form.other_managers.data or ())
                set_managers(database, team, team_form.manager_id.data or None, others)
            database.commit()
            flash("Team saved.", "success")
            return redirect(url_for("manage.team", team_id=team.id))
    elif (
        rep_form.is_submitted()
        and "rep-name" in request.form
        and rep_form.validate()
        and add_rep(team, rep_form)
    ):
        database.commit()
        flash(f"{rep_form.name.data.strip()} added.", "success")
        return redirect(url_for("manage.team", team_id=team.id))
    reps = database.scalars(
        visible(Rep).where(Rep.team_id == team.id).order_by(Rep.archived_at.isnot(None), Rep.name)
    )
    return render_template(
        "manage/team.html",
        team=team,
        team_form=team_form,
        rep_form=rep_form,
        reps=list(reps),
        confirm=ConfirmForm(),
    )


def add_rep(team: Team, form: RepForm) -> Rep | None:
    """Add a rep to `team` from `form`, or put the problem on the form (flushes)."""
    try:
        email = normalize_email(form.email.data)
    except AccountError as error:
        form.email.errors.append(str(error))
        return None
    if db_session().scalar(owned(Rep).where(Rep.email == email)) is not None:
        form.email.errors.append("A rep with this email exists already.")
        return None
    rep = Rep(
        organization_id=team.organization_id,
        team_id=team.id,
        name=form.name.data.strip(),
        email=email,
        language=form.language.data or None,
    )
    db_session().add(rep)
    db_session().flush()
    return rep


@blueprint.route("/teams/<int:team_id>/archive", methods=["GET", "POST"])
@team_row(Team, "team_id")
def archive_team(team_id: int):
    """Archive (or restore) a team, after a page that says what archiving does. The
    confirmation names the state it asks for, so a repeated or stale one (a second
    tab, a replayed request) cannot flip the team back."""
    team = visible_or_404(Team, team_id)
    require_confirmation()
    back = url_for("manage.team", team_id=team.id)
    if not confirmed():
        if team.archived_at:
            return confirm_page(
                f"Restore {team.name}?",
                ["It is back in the list of teams, and new rounds can be launched for it."],
                "Restore the team",
                back,
                danger=False,
                fields={"to": "active"},
            )
        return confirm_page(
            f"Archive {team.name}?",
            archive_consequences(team),
            "Archive the team",
            back,
            fields={"to": "archived"},
        )
    wanted = request.form.get("to")
    if wanted not in ("archived", "active"):
        return redirect(url_for("manage.archive_team", team_id=team.id))  # ask again
    if (team.archived_at is not None) == (wanted == "archived"):
        flash(f"Team {team.name} is {wanted} already: nothing changed.", "info")
        return redirect(back)
    team.archived_at = utcnow() if wanted == "archived" else None
    db_session().commit()
    flash(f"Team {team.name} {'archived' if team.archived_at else 'restored'}.", "success")
    return redirect(url_for("manage.teams"))


def archive_consequences(team: Team) -> list[str]:
    """What archiving `team` changes, in numbers and names."""
    database = db_session()
    reps = database.scalar(
        select(func.count())
        .select_from(Rep)
        .where(Rep.team_id == team.id, Rep.archived_at.is_(None))
    )
    running = list(
        database.scalars(
            select(Round.name).where(Round.team_id == team.id, Round.status != "closed")
        )
    )
    return [
        "It leaves the list of teams, and no new round can be launched for it.",
        f"Its {plural(reps, 'rep')} and every past round and report stay; nothing is deleted.",
        f"Its open {'round' if len(running) == 1 else 'rounds'} ({', '.join(running)}) "
        "keep running until they close."
        if running
        else "",
        "You can restore it at any time from “Show archived teams”.",
    ]


@blueprint.route("/reps/<int:rep_id>", methods=["GET", "POST"])
@team_row(Rep, "rep_id")
def rep(rep_id: int):
    rep = visible_or_404(Rep, rep_id)
    form = RepEditForm(obj=rep)
    teams = db_session().scalars(
        visible(Team).where(Team.archived_at.is_(None)).order_by(Team.name)
    )
    form.team_id.choices = [SelectChoice(team.id, team.name) for team in teams]
    offer_languages(form.language, rep.team.language)
    if form.validate_on_submit():
        visible_or_404(Team, form.team_id.data)
        try:
            email = normalize_email(form.email.data)
        except AccountError as error:
            form.email.errors.append(str(error))
        else:
            clash = db_session().scalar(owned(Rep).where(Rep.email == email, Rep.id != rep.id))
            if clash is not None:
                form.email.errors.append("Another rep has this email.")
            else:
                rep.name = form.name.data.strip()
                if email != rep.email:
                    tell_old_address(db_session(), get_settings(), rep, email)
                rep.email = email
                rep.team_id = form.team_id.data
                rep.language = form.language.data or None
                commit(db_session())
                flash("Rep saved.", "success")
                return redirect(url_for("manage.team", team_id=rep.team_id))
    return render_template("manage/rep.html", rep=rep, form=form, confirm=ConfirmForm())


@blueprint.post("/reps/<int:rep_id>/archive")
@team_row(Rep, "rep_id")
def archive_rep(rep_id: int):
    rep = visible_or_404(Rep, rep_id)
    require_confirmation()
    rep.archived_at = None if rep.archived_at else utcnow()
    db_session().commit()
    flash(f"{rep.name} {'archived' if rep.archived_at else 'restored'}.", "success")
    return redirect(url_for("manage.team", team_id=rep.team_id))
