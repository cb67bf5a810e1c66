"""The owner's integrations: the hub page, and API tokens (create, list, revoke).

A new token is shown once, in the answer to the form that made it — not through a
redirect and a flashed message, which would carry it in the (signed, not encrypted)
session cookie. Only its hash is kept.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select
from wtforms import RadioField, SelectChoice, StringField
from wtforms.validators import DataRequired, InputRequired, Length

from assess.models import ApiToken
from assess.platform.db import db_session
from assess.platform.transaction import commit
from assess.services.api_tokens import create_token, revoke
from assess.web.forms import CandorForm, PrintableText
from assess.web.manage import blueprint
from assess.web.manage.confirmation import confirm_page, confirmed
from assess.web.manage.forms import ConfirmForm, require_confirmation
from assess.web.scoping import owner_only

SCOPE_CHOICES = [
    SelectChoice("read", "Read: teams, reps, rounds, invitation status, results, reports"),
    SelectChoice(
        "write", "Read and write: also sync reps, create, launch and close rounds, see links"
    ),
]


class TokenForm(CandorForm):
    name = StringField(
        "Name (what uses it, e.g. “HRIS nightly sync”)",
        validators=[
            DataRequired("Name the token after what will use it."),
            Length(max=120),
            PrintableText(one_line=True),
        ],
    )
    scope = RadioField(
        "What it may do",
        choices=SCOPE_CHOICES,
        default="read",
        validators=[InputRequired("Choose what the token may do.")],
    )


def tokens() -> list[ApiToken]:
    return list(
        db_session().scalars(
            select(ApiToken)
            .where(ApiToken.organization_id == current_user.organization_id)
            .order_by(ApiToken.revoked_at.is_not(None), ApiToken.created_at.desc())
        )
    )


@blueprint.get("/integrations")
@owner_only
def integrations():
    return render_template("manage/integrations.html")


@blueprint.route("/api-tokens", methods=["GET", "POST"])
@owner_only
def api_tokens():
    form = TokenForm()
    shown = None
    if form.validate_on_submit():
        token, shown = create_token(
            db_session(), current_user, form.name.data.strip(), form.scope.data
        )
        commit(db_session())
        form = TokenForm(formdata=None)
    return render_template(
        "manage/api_tokens.html",
        form=form,
        tokens=tokens(),
        shown=shown,
        confirm=ConfirmForm(),
    ), (422 if form.errors else 200)


@blueprint.route("/api-tokens/<int:token_id>/revoke", methods=["GET", "POST"])
@owner_only
def revoke_api_token(token_id: int):
    """Revoke after a confirmation page: whatever uses the token stops at its next call."""
    require_confirmation()
    token = db_session().scalar(
        select(ApiToken).where(
            ApiToken.id == token_id, ApiToken.organization_id == current_user.organization_id
        )
    )
    if token is None or token.revoked_at is not None:
        abort(404)
    if not confirmed():
        return confirm_page(
            f"Revoke “{token.name}”?",
            [
                "Whatever uses it (a sync, a script) is refused from its next call: give "
                "it a new token first if it should go on.",
                "A revoked token cannot be brought back.",
            ],
            "Revoke the token",
            url_for("manage.api_tokens"),
        )
    revoke(token)
    commit(db_session())
    flash(f"“{token.name}” is revoked: calls with it are refused from now on.", "success")
    return redirect(url_for("manage.api_tokens"))
