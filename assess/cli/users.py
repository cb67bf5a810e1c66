"""`flask --app app user create`: owner and manager accounts."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy.exc import IntegrityError

from assess.models import USER_ROLES
from assess.platform.db import get_database
from assess.services.accounts import AccountError, create_user


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
