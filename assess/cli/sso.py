"""`flask --app app sso allow-passwords ORG`: the way back in when the identity provider
fails while "SSO only" is on (only someone with the server's command line can use it)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from assess.platform.db import get_database
from assess.services.sso import SignOnRefused, allow_passwords


@click.group("sso", cls=AppGroup, help="Single sign-on.")
def sso_group():
    pass


@sso_group.command("allow-passwords")
@click.argument("org_slug")
def sso_allow_passwords(org_slug: str):
    """Switch "SSO only" off for ORG_SLUG: its owners and managers can sign in with
    their passwords (or ask for a reset link) again; single sign-on keeps working."""
    try:
        with get_database().session_scope() as session:
            organization = allow_passwords(session, org_slug.strip().lower())
            name = organization.name
    except SignOnRefused as error:
        raise click.ClickException(str(error)) from None
    click.echo(
        f"Passwords work again for {name}. Switch SSO only on again on the Single sign-on "
        "page once the provider works."
    )
