"""`flask --app app user create|reset-link`: owner and manager accounts."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from assess.models import USER_ROLES, User
from assess.platform.db import get_database
from assess.platform.settings import get_settings
from assess.services.accounts import AccountError, create_user
from assess.services.message_links import password_link_url
from assess.services.password_links import new_password_link
from assess.services.sso import password_refused


@click.group("user", cls=AppGroup, help="Owner and manager accounts.")
def user_group():
    pass


@user_group.command("create")
@click.option("--org", "org_slug", required=True, help="Organization slug (created if new).")
@click.option("--org-name", help="Name for a new organization (default: the slug).")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", type=click.Choice(USER_ROLES), default="manager", show_default=True)
@click.password_option(help="Prompted for when not given.")
def user_create(org_slug, org_name, email, name, role, password):
    """Create a user who can sign in."""
    try:
        with get_database().session_scope() as session:
            user = create_user(
                session,
                org_slug=org_slug,
                org_name=org_name,
                email=email,
                name=name,
                role=role,
                password=password,
            )
            summary = f"Created {user.role} {user.email} in organization {org_slug}."
    except AccountError as error:
        raise click.ClickException(str(error)) from None
    except IntegrityError:
        raise click.ClickException(
            f"email {email!r} is already taken — choose another address."
        ) from None
    click.echo(summary)


@user_group.command("reset-link")
@click.argument("email")
def user_reset_link(email: str):
    """Print a one-time link that sets EMAIL's password (for an owner locked out, or any
    account when no mail server is configured). It works once, for two hours."""
    with get_database().session_scope() as session:
        user = session.scalar(select(User).where(User.email == email.strip().lower()))
        if user is None:
            raise click.ClickException(
                f"no account has the email {email!r} — `flask --app app user create` makes one."
            )
        if password_refused(session, user):
            slug = user.organization.slug
            raise click.ClickException(
                f"{user.organization.name} signs in with single sign-on only, so a password "
                f"would not work — run `flask --app app sso allow-passwords {slug}` first."
            )
        link = new_password_link(session, get_settings(), user, "reset")
        url = password_link_url(get_settings(), link)
    click.echo(url)
