"""Dashboard, people (owner invites managers) and the outbox."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from assess.models import OutboxMessage, Round, Team, User
from assess.platform.db import db_session
from assess.platform.security import hash_password, new_link_token
from assess.platform.settings import get_settings
from assess.platform.transaction import commit
from assess.services.accounts import AccountError, normalize_email
from assess.services.password_links import send_password_link
from assess.web.auth.forms import InviteManagerForm
from assess.web.manage import blueprint
from assess.web.scoping import owned, owner_required


@blueprint.get("/")
@login_required
def dashboard():
    database = db_session()
    teams = database.scalars(owned(Team).where(Team.archived_at.is_(None)).order_by(Team.name))
    rounds = database.scalars(owned(Round).order_by(Round.opens_at.desc()).limit(20))
    return render_template("manage/dashboard.html", teams=list(teams), rounds=list(rounds))


@blueprint.route("/people", methods=["GET", "POST"])
@owner_required
def people():
    form = InviteManagerForm()
    database = db_session()
    if form.validate_on_submit():
        try:
            email = normalize_email(form.email.data)
        except AccountError as error:
            form.email.errors.append(str(error))
        else:
            if database.scalar(select(User.id).where(User.email == email)) is not None:
                form.email.errors.append("Someone already uses this email in Candor.")
            else:
                manager = User(
                    organization_id=current_user.organization_id,
                    email=email,
                    name=form.name.data.strip(),
                    role="manager",
                    # Unusable until the manager sets one through the welcome link.
                    password_hash=hash_password(new_link_token()[0]),
                )
                database.add(manager)
                database.flush()
                send_password_link(database, get_settings(), manager, "welcome")
                commit(database)
                flash(f"{manager.name} is invited; the welcome email is on its way.", "success")
                return redirect(url_for("manage.people"))
    users = database.scalars(owned(User).order_by(User.role.desc(), User.name))
    return render_template("manage/people.html", form=form, users=list(users))


@blueprint.get("/outbox")
@login_required
def outbox():
    """Every email Candor wrote for this organization; without SMTP, the only copy."""
    messages = db_session().scalars(
        owned(OutboxMessage).order_by(OutboxMessage.created_at.desc()).limit(200)
    )
    return render_template("manage/outbox.html", messages=list(messages))
