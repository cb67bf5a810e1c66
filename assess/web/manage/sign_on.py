"""The owner's single sign-on page: the organization's OpenID Connect provider (issuer,
client id, secret), "Check the provider", a trial sign-in, "SSO only", and who is linked.

The client secret is write-only: the page says whether one is set and never shows it.
"SSO only" is switched on only for settings the owner has just signed in through
(`services.sso.save_settings`), so a mistyped setting cannot lock the organization out;
switching it on signs everyone else of the organization out.
"""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_user
from wtforms import BooleanField, PasswordField, StringField
from wtforms.validators import DataRequired, Length

from assess.platform import oidc
from assess.platform.db import db_session
from assess.platform.transaction import commit
from assess.services import sso
from assess.web.auth.sso import (
    fetch_seconds,
    proof_key,
    proven_settings,
    redirect_uri,
    start_flow,
)
from assess.web.forms import CandorForm
from assess.web.manage import blueprint
from assess.web.manage.forms import ConfirmForm, require_confirmation
from assess.web.scoping import owner_only


class SignOnForm(CandorForm):
    issuer = StringField("Issuer URL", validators=[DataRequired(), Length(max=sso.ISSUER_LENGTH)])
    client_id = StringField(
        "Client ID", validators=[DataRequired(), Length(max=sso.CLIENT_ID_LENGTH)]
    )
    client_secret = PasswordField("Client secret", validators=[Length(max=sso.SECRET_LENGTH)])
    enabled = BooleanField("Turn on single sign-on")
    sso_only = BooleanField("SSO only: owners and managers sign in through the provider only")


def allow_http() -> bool:
    return bool(current_app.config.get("CANDOR_SSO_ALLOW_HTTP"))


def page(form: SignOnForm, settings, status: int = 200, checked: dict | None = None):
    database = db_session()
    proven = proven_settings(current_user.id)
    return (
        render_template(
            "manage/sign_on.html",
            form=form,
            settings=settings,
            redirect_uri=redirect_uri(current_user.organization.slug),
            sign_in_name=current_user.organization.slug,
            sign_in_link=url_for(
                "auth.sso_start", name=current_user.organization.slug, _external=True
            ),
            proven=settings is not None
            and proven == sso.settings_fingerprint(proof_key(), settings),
            linked=sso.people_and_links(database, current_user.organization_id),
            checked=checked,
            confirm=ConfirmForm(),
        ),
        status,
    )


@blueprint.route("/sign-on", methods=["GET", "POST"])
@owner_only
def sign_on():
    """GET shows the settings; POST with `action=check` fetches the typed issuer's
    discovery document and says what is wrong (nothing saved); any other POST saves."""
    database = db_session()
    settings = sso.settings_of(database, current_user.organization_id)
    form = SignOnForm(obj=settings if request.method == "GET" else None)
    if request.method == "GET":
        form.client_secret.data = ""  # write-only: never put back into the page
        form.enabled.data = settings.enabled if settings else True
    if not form.validate_on_submit():
        return page(form, settings, 400 if request.method == "POST" else 200)
    if request.form.get("action") == "check":
        # a secret typed before the check is not sent back to the page: say so
        checked = {"retype_secret": bool(form.client_secret.data)}
        commit(database)  # nothing written: no transaction waits on the provider
        try:
            checked["provider"] = oidc.discover(
                form.issuer.data.strip(),
                allow_http=allow_http(),
                seconds=fetch_seconds(),
                fresh=True,
            )
        except oidc.ProviderError as error:
            checked["message"] = str(error)
        return page(form, settings, 200, checked)
    typed = sso.SettingsInput(
        issuer=form.issuer.data,
        client_id=form.client_id.data,
        client_secret=form.client_secret.data or "",
        enabled=form.enabled.data,
        sso_only=form.sso_only.data,
    )
    was_sso_only = settings is not None and settings.enabled and settings.sso_only
    try:
        saved = sso.save_settings(
            database,
            current_user.organization_id,
            typed,
            key=proof_key(),
            proven=proven_settings(current_user.id),
            acting_user_id=current_user.id,
            allow_http=allow_http(),
        )
    except sso.SignOnSettingsError as error:
        getattr(form, error.field).errors.append(f"Nothing was saved: {error}")
        return page(form, settings, 400)
    switched_on = saved.sso_only and not was_sso_only
    commit(database)
    if switched_on:  # every session ended, the owner's elsewhere too: keep only this one
        login_user(current_user._get_current_object())
        flash(
            "The single sign-on settings are saved, and SSO only is on: everyone here was "
            "signed out — you too, everywhere but in this browser — and signs in through "
            "your provider from now on.",
            "success",
        )
    else:
        flash("The single sign-on settings are saved.", "success")
    return redirect(url_for("manage.sign_on"))


@blueprint.post("/sign-on/try")
@owner_only
def try_sign_on():
    """Sign in through the saved settings once, as the owner, to prove they work."""
    require_confirmation()
    settings = sso.settings_of(db_session(), current_user.organization_id)
    if settings is None:
        flash("Save the provider settings first, then try them.", "error")
        return redirect(url_for("manage.sign_on"))
    return start_flow(settings, login_hint=current_user.email, trial_user_id=current_user.id)


@blueprint.post("/sign-on/linked/<int:user_id>/unlink")
@owner_only
def unlink_sign_on(user_id: int):
    """Forget a person's provider identity: their next sign-in links again by their
    verified email (after the provider gave their address to someone new, say)."""
    require_confirmation()
    database = db_session()
    user = sso.unlink(database, current_user.organization_id, user_id)
    if user is None:
        abort(404)
    commit(database)
    flash(
        f"{user.name} is no longer linked: their next single sign-on links them again "
        "by their verified email.",
        "success",
    )
    return redirect(url_for("manage.sign_on"))
