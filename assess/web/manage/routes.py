"""Dashboard, people (owner invites managers) and the outbox."""

from __future__ import annotations

import re

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from assess.models import DEMO_SLUG, HeldInvitation, OutboxMessage, Round, Team, User
from assess.platform.db import db_session
from assess.platform.security import hash_password, new_link_token
from assess.platform.settings import get_settings
from assess.platform.transaction import commit
from assess.services import held_invitations as held
from assess.services import message_links
from assess.services.accounts import AccountError, normalize_email
from assess.services.outbox import MAX_ATTEMPTS
from assess.services.password_links import send_password_link
from assess.services.round_kinds import pulse_round_ids
from assess.web.auth.forms import InviteManagerForm
from assess.web.manage import blueprint
from assess.web.manage.forms import ConfirmForm, require_confirmation
from assess.web.scoping import owner_only, signed_in, visible


@blueprint.get("/")
@signed_in
def dashboard():
    database = db_session()
    teams = database.scalars(visible(Team).where(Team.archived_at.is_(None)).order_by(Team.name))
    rounds = list(database.scalars(visible(Round).order_by(Round.opens_at.desc()).limit(20)))
    # a coaching pulse has no readiness page (no team report): the list links none
    pulse_ids = set(database.scalars(pulse_round_ids()))
    return render_template(
        "manage/dashboard.html",
        teams=list(teams),
        rounds=rounds,
        pulse_ids=pulse_ids,
        demo_slug=DEMO_SLUG,
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
    database, settings = db_session(), get_settings()
    organization_id = current_user.organization_id
    if form.validate_on_submit():
        try:
            email = normalize_email(form.email.data)
        except AccountError as error:
            form.email.errors.append(str(error))
        else:
            name = form.name.data.strip()
            here = next(
                (p for p in held.people(database, settings, organization_id) if p.email == email),
                None,
            )  # a held invitation answers as a user here does (services.held_invitations)
            existing = database.scalar(select(User).where(User.email == email))
            if here is not None:
                form.email.errors.append(f"{here.name} already has this address here.")
            elif existing is not None:
                held.hold(database, settings, current_user.organization, name, email)
                commit(database)
                flash(invited(name), "success")
                return redirect(url_for("manage.people"))
            else:
                manager = User(
                    organization_id=organization_id,
                    email=email,
                    name=name,
                    role="manager",
                    # Unusable until the manager sets one through the welcome link.
                    password_hash=hash_password(new_link_token()[0]),
                )
                database.add(manager)
                database.flush()
                send_password_link(database, settings, manager, "welcome")
                commit(database)
                flash(invited(manager.name), "success")
                return redirect(url_for("manage.people"))
    return render_template(
        "manage/people.html",
        form=form,
        people=held.people(database, settings, organization_id),
        hand_over=not settings.mail.delivers,
        confirm=ConfirmForm(),
    )


@blueprint.post("/people/<key>/welcome")
@owner_only
def new_welcome_link(key: str):
    """A fresh welcome link for a manager who never signed in (the last one expired)."""
    require_confirmation()
    database, settings = db_session(), get_settings()
    person = held.find_person(database, settings, current_user.organization_id, key)
    if isinstance(person, HeldInvitation):
        held.tell(database, settings, person, current_user.organization)
    elif person is None or person.role != "manager" or person.last_login_at is not None:
        abort(404)
    else:
        send_password_link(database, settings, person, "welcome")
    commit(database)
    flash(f"A new welcome link for {person.name} is ready.", "success")
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
