"""Signing in through the organization's OpenID Connect provider.

`/sso` asks for a work email (or the organization's sign-in name), finds the
organization by the address's domain alone — so an address with an account and one
without get the same answer — and sends the browser to that organization's provider
with a fresh state, nonce and PKCE verifier kept in the signed session. `/sso/callback`
takes them back once, checks them, has the ID token checked (`platform.oidc`), finds
the account by the rules of `services.sso` and signs in the way a password does
(`routes.begin_session`). Whatever goes wrong ends on a page saying what and what to
do, never on a stack trace.
"""

from __future__ import annotations

import hmac
import time

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from assess.models import SsoSettings
from assess.platform import oidc
from assess.platform.db import db_session
from assess.platform.settings import get_settings
from assess.platform.transaction import commit
from assess.services import sso
from assess.web.auth.devices import recognised_device
from assess.web.auth.routes import begin_session, blueprint, safe_next
from assess.web.forms import CandorForm
from assess.web.scoping import public

#: The sign-in under way in this browser: state, nonce, PKCE verifier and where to go.
FLOW = "sso_flow"
#: The provider settings this browser's user last signed in through (a fingerprint):
#: what lets the owner switch "SSO only" on without locking anyone out.
PROOF = "sso_proof"
#: Seconds a started sign-in may take at the provider before it must start again.
FLOW_SECONDS = 600


class SsoStartForm(CandorForm):
    identifier = StringField(
        "Work email or organization sign-in name",
        validators=[DataRequired(message="Type your work email."), Length(max=254)],
    )


def allow_http() -> bool:
    return bool(current_app.config.get("CANDOR_SSO_ALLOW_HTTP"))


def redirect_uri() -> str:
    """The address the provider sends people back to (registered at the provider)."""
    return get_settings().absolute_url(url_for("auth.sso_callback"))


def problem(message: str, status: int, title: str = "Single sign-on did not work"):
    """The page every failed single sign-on ends on: what happened, what to do."""
    return render_template("auth/sso_problem.html", title=title, message=message), status


def start_flow(
    settings: SsoSettings,
    *,
    login_hint: str | None = None,
    next_path: str | None = None,
    trial_user_id: int | None = None,
):
    """Send the browser to the provider of `settings`; a trial (the owner checking the
    settings from their page) proves them without starting a new session."""
    try:
        provider = oidc.discover(settings.issuer, allow_http=allow_http())
    except oidc.ProviderError as error:
        return problem(f"Your organization's identity provider cannot be used: {error}", 502)
    sent = oidc.authorization_request(provider, settings.client_id, redirect_uri(), login_hint)
    session[FLOW] = {
        "organization_id": settings.organization_id,
        "settings": sso.settings_fingerprint(settings),
        "state": sent.state,
        "nonce": sent.nonce,
        "code_verifier": sent.code_verifier,
        "started_at": int(time.time()),
        "next": next_path,
        "trial_user_id": trial_user_id,
    }
    # A page that moves on by itself, not a 302: the form that got here may only post to
    # Candor (CSP form-action 'self'), and Chromium applies that to a redirect after it.
    return render_template("auth/sso_redirect.html", url=sent.url)


@blueprint.route("/sso", methods=["GET", "POST"])
@public
def sso_start():
    if current_user.is_authenticated:
        return redirect(url_for("manage.dashboard"))
    form = SsoStartForm()
    if request.method == "GET" and request.args.get("name"):
        form.identifier.data = request.args["name"][:254]
    if form.validate_on_submit():
        typed = form.identifier.data.strip()
        database = db_session()
        try:
            organization = sso.organization_for(database, typed)
        except sso.SignOnRefused as error:
            form.identifier.errors.append(str(error))
        else:
            return start_flow(
                sso.settings_of(database, organization.id),
                login_hint=typed if "@" in typed else None,
                next_path=request.args.get("next"),
            )
    return render_template("auth/sso.html", form=form)


def provider_said(error: str, description: str) -> str:
    """The provider's own error, in words a person can act on."""
    if error == "access_denied":
        return (
            "You cancelled the sign-in at your identity provider, or it did not let you in. "
            "Nobody was signed in; start again when you are ready."
        )
    detail = f" ({description[:200]})" if description else ""
    return (
        f"Your identity provider answered with the error “{error[:60]}”{detail}. Nobody was "
        "signed in. Start again; if it keeps happening, show this message to your owner."
    )


@blueprint.get("/sso/callback")
@public
def sso_callback():
    flow = session.pop(FLOW, None)  # one use, whatever happens next
    if request.args.get("error"):  # signs nobody in, so shown even without a state
        status = 403 if request.args["error"] == "access_denied" else 400
        return problem(
            provider_said(request.args["error"], request.args.get("error_description", "")),
            status,
        )
    if not isinstance(flow, dict):
        return problem(
            "This answer from the identity provider belongs to no sign-in started in this "
            "browser, or that sign-in has already finished. Start again.",
            400,
        )
    if not hmac.compare_digest(request.args.get("state", ""), flow["state"]):
        return problem(
            "This answer from the identity provider does not match the sign-in started in "
            "this browser (its state differs), so it was refused. Start again.",
            400,
        )
    if time.time() - flow["started_at"] > FLOW_SECONDS:
        return problem(
            f"The sign-in took longer than {FLOW_SECONDS // 60} minutes at the identity "
            "provider and has expired. Start again.",
            400,
        )
    if not request.args.get("code"):
        return problem("The identity provider sent no authorization code. Start again.", 400)
    database = db_session()
    settings = sso.settings_of(database, flow["organization_id"])
    trial = flow.get("trial_user_id")
    if (
        settings is None
        or sso.settings_fingerprint(settings) != flow["settings"]
        or not (settings.enabled or trial)
    ):
        return problem(
            "Your organization's single sign-on settings changed during the sign-in. Start again.",
            400,
        )
    try:
        provider = oidc.discover(settings.issuer, allow_http=allow_http())
        claims = oidc.signed_in_claims(
            provider,
            client_id=settings.client_id,
            client_secret=settings.client_secret,
            redirect_uri=redirect_uri(),
            code=request.args["code"],
            code_verifier=flow["code_verifier"],
            nonce=flow["nonce"],
        )
        user = sso.user_for_claims(database, settings, provider.issuer, claims)
    except oidc.ProviderError as error:
        return problem(str(error), 502)
    except sso.SignOnRefused as error:
        return problem(str(error), 403)
    proof = {"user_id": user.id, "settings": flow["settings"]}
    if trial:
        if not current_user.is_authenticated or current_user.id != trial or user.id != trial:
            database.rollback()
            return problem(
                "The identity provider signed in someone other than the owner who started "
                "this check, so it proves nothing. Sign in at the provider as yourself and "
                "try again.",
                403,
            )
        commit(database)
        session[PROOF] = proof
        flash(
            f"Single sign-on works: your provider signed you in as {user.email}. "
            "You can switch SSO only on now.",
            "success",
        )
        return redirect(url_for("manage.sign_on"))
    answer = begin_session(database, user, recognised_device(user), safe_next(flow.get("next")))
    session[PROOF] = proof
    return answer


def proven_settings(user_id: int) -> str | None:
    """The fingerprint of the settings `user_id` last signed in through in this browser."""
    proof = session.get(PROOF)
    if isinstance(proof, dict) and proof.get("user_id") == user_id:
        return proof.get("settings")
    return None
