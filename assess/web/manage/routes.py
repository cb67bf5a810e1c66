"""Dashboard, people (owner invites managers) and the outbox."""

from __future__ import annotations

import re

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from assess.models import DEMO_SLUG, OutboxMessage, Round, Team, User
from assess.platform.db import db_session
from assess.platform.security import hash_password, new_link_token
from assess.platform.settings import get_settings
from assess.platform.transaction import commit
from assess.services import message_links
from assess.services.accounts import AccountError, normalize_email
from assess.services.outbox import MAX_ATTEMPTS
from assess.services.password_links import (
    send_address_taken,
    send_password_link,
    welcome_link_url,
)
from assess.web.auth.forms import InviteManagerForm
from assess.web.manage import blueprint
from assess.web.manage.forms import ConfirmForm, require_confirmation
from assess.web.scoping import owned, owner_only, signed_in, visible, visible_or_404


@blueprint.get("/")
@signed_in
def dashboard():
    database = db_session()
    teams = database.scalars(visible(Team).where(Team.archived_at.is_(None)).order_by(Team.name))
    rounds = database.scalars(visible(Round).order_by(Round.opens_at.desc()).limit(20))
    return render_template(
        "manage/dashboard.html", teams=list(teams), rounds=list(rounds), demo_slug=DEMO_SLUG
    )


#: What inviting a manager says, whether or not the address can join (see `people`).
INVITED = "{name} is invited; the welcome email is on its way to that address."
#: The same without a mail server: nothing claims to be sent.
INVITED_NO_MAIL = (
    "{name} is invited. No mail server is set up, so the welcome email waits: copy the "
    "welcome link from the list below and send it yourself."
)


def invited(name: str) -> str:
    """What inviting a manager says — the same for every address (see `people`)."""
    template = INVITED if get_settings().mail.smtp_url else INVITED_NO_MAIL
    return template.format(name=name)


@blueprint.route("/people", methods=["GET", "POST"])
@owner_only
def people():
    form = InviteManagerForm()
    database = db_session()
    if form.validate_on_submit():
        try:
            email = normalize_email(form.email.data)
        except AccountError as error:
            form.email.errors.append(str(error))
        else:
            existing = database.scalar(select(User).where(User.email == email))
            if existing is not None and existing.organization_id == current_user.organization_id:
                form.email.errors.append(f"{existing.name} already has this address here.")
            elif existing is not None:
                # Someone of another organization: say what a new invitation says, so the
                # page does not tell who uses Candor elsewhere; their mailbox learns why.
                send_address_taken(database, get_settings(), email, current_user.organization)
                commit(database)
                flash(invited(form.name.data.strip()), "success")
                return redirect(url_for("manage.people"))
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
                flash(invited(manager.name), "success")
                return redirect(url_for("manage.people"))
    users = list(database.scalars(owned(User).order_by(User.role.desc(), User.name)))
    settings = get_settings()
    # Without a mail server the owner hands a new manager their welcome link in person;
    # it is derived here, for the owner's eyes only, and never stored.
    welcome_links = (
        {}
        if settings.mail.delivers
        else {
            user.id: welcome_link_url(database, settings, user)
            for user in users
            if user.role == "manager" and user.last_login_at is None
        }
    )
    return render_template(
        "manage/people.html",
        form=form,
        users=users,
        welcome_links=welcome_links,
        confirm=ConfirmForm(),
    )


@blueprint.post("/people/<int:user_id>/welcome")
@owner_only
def new_welcome_link(user_id: int):
    """A fresh welcome link for a manager who never signed in (the last one expired)."""
    require_confirmation()
    manager = visible_or_404(User, user_id)
    if manager.role != "manager" or manager.last_login_at is not None:
        abort(404)
    database = db_session()
    send_password_link(database, get_settings(), manager, "welcome")
    commit(database)
    flash(f"A new welcome link for {manager.name} is ready.", "success")
    return redirect(url_for("manage.people"))


@blueprint.get("/outbox")
@signed_in
def outbox():
    """Every email Candor wrote for this organization; without SMTP, the only copy."""
    database, settings = db_session(), get_settings()
    messages = database.scalars(
        visible(OutboxMessage).order_by(OutboxMessage.created_at.desc()).limit(200)
    )
    shown = [
        (message, message_links.for_display(database, settings, message)) for message in messages
    ]
    return render_template(
        "manage/outbox.html",
        messages=[(message, body, SURVEY_LINK.findall(body)) for message, body in shown],
        max_attempts=MAX_ATTEMPTS,
    )


#: A survey link in a message's text, offered with a Copy button (the text itself is
#: hard to select on a phone).
SURVEY_LINK = re.compile(r"https?://\S+/s/[\w-]+")
