"""Signing in through the organization's OpenID Connect provider.

`/sso` asks for the organization's sign-in name (its slug; the owner shares a link that
fills it in) and sends the browser to that organization's provider with a fresh state,
nonce and PKCE verifier kept in the signed session. The provider sends it back to the
organization's own address, `/sso/callback/<sign-in name>`: an answer arriving at
another organization's address, naming another issuer (`iss`, RFC 9207), with another
state, or a second time, is refused before anything is sent to a provider. The ID
token is then checked (`platform.oidc`), the account found by the rules of
`services.sso`, and the person signed in the way a password does
(`routes.begin_session`). Whatever goes wrong ends on a page saying what and what to
do, never on a stack trace.

No transaction is open while Candor waits on a provider: on SQLite the first query of
a request takes the instance's writer lock, so what the request must write first (the
start counted, the state spent) is committed before the fetch, and every fetch has a
deadline of its own (`platform.oidc_http`).
"""

from __future__ import annotations

import hmac
import time
from datetime import timedelta

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from assess.models import Organization, SsoSettings
from assess.platform import oidc
from assess.platform.db import db_session
from assess.platform.oidc_http import DEADLINE_SECONDS
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
START_AGAIN = "Nobody was signed in, and nothing was sent to any provider. Start again."
#: The provider's error codes (OAuth 2.0 §4.1.2.1, OpenID Connect Core §3.1.2.6) in words.
PROVIDER_ERRORS = {
    "access_denied": "You cancelled the sign-in at your identity provider, or it did not "
    "let you in.",
    "login_required": "Your identity provider wants you to sign in there first.",
    "interaction_required": "Your identity provider needs you to do something on its page first.",
    "consent_required": "Your identity provider needs your consent before it tells Candor "
    "who you are.",
    "account_selection_required": "Your identity provider needs you to choose an account.",
    "temporarily_unavailable": "Your identity provider is busy or down for a moment.",
    "server_error": "Your identity provider had a problem of its own.",
}
#: Errors that mean the application registered at the provider does not fit Candor's.
SETUP_ERRORS = (
    "invalid_request", "unauthorized_client", "unsupported_response_type", "invalid_scope",
    "invalid_request_uri", "invalid_request_object", "request_not_supported",
    "request_uri_not_supported", "registration_not_supported",
)  # fmt: skip


class SsoStartForm(CandorForm):
    sign_in_name = StringField(
        "Organization sign-in name",
        validators=[
            DataRequired(message="Type your organization's sign-in name."),
            Length(max=254),
        ],
    )


def allow_http() -> bool:
    return bool(current_app.config.get("CANDOR_SSO_ALLOW_HTTP"))


def fetch_seconds() -> float:
    """The deadline of each request to a provider (tests shorten it)."""
    return float(current_app.config.get("SSO_FETCH_SECONDS", DEADLINE_SECONDS))


def proof_key() -> str:
    """What the fingerprints of provider settings are keyed with: the app's secret key."""
    return get_settings().secret_key


def redirect_uri(org_slug: str) -> str:
    """The address the organization's provider sends people back to (registered there)."""
    return get_settings().absolute_url(url_for("auth.sso_callback", org_slug=org_slug))


def problem(message: str, status: int, title: str = "Single sign-on did not work", **headers):
    """The page every failed single sign-on ends on: what happened, what to do."""
    page = render_template("auth/sso_problem.html", title=title, message=message)
    return page, status, {name.replace("_", "-"): value for name, value in headers.items()}


def same_text(given: str, expected: str) -> bool:
    """A constant-time comparison that takes any text (compared as UTF-8 bytes)."""
    return hmac.compare_digest(given.encode("utf-8", "replace"), expected.encode("utf-8"))


def start_flow(
    settings: SsoSettings,
    *,
    login_hint: str | None = None,
    next_path: str | None = None,
    trial_user_id: int | None = None,
):
    """Send the browser to the provider of `settings`; a trial (the owner checking the
    settings from their page) proves them without starting a new session."""
    database = db_session()
    if not sso.may_start(database, request.remote_addr or "unknown"):
        minutes = int(sso.START_WINDOW.total_seconds()) // 60
        return problem(
            f"Single sign-on was started too many times from your address. Wait {minutes} "
            "minutes, then start again.",
            429,
            title="Too many single sign-on starts",
            Retry_After=str(minutes * 60),
        )
    slug = database.get(Organization, settings.organization_id).slug
    issuer, client_id = settings.issuer, settings.client_id
    proof = sso.settings_fingerprint(proof_key(), settings)
    commit(database)  # the start is counted; no transaction waits on the provider
    try:
        provider = oidc.discover(issuer, allow_http=allow_http(), seconds=fetch_seconds())
    except oidc.ProviderError as error:
        return problem(f"Your organization's identity provider cannot be used: {error}", 502)
    sent = oidc.authorization_request(provider, client_id, redirect_uri(slug), login_hint)
    session[FLOW] = {
        "organization_id": settings.organization_id,
        "organization": slug,
        "issuer": provider.issuer,
        "settings": proof,
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
        form.sign_in_name.data = request.args["name"][:254]
    if form.validate_on_submit():
        database = db_session()
        try:
            organization = sso.organization_for(database, form.sign_in_name.data)
        except sso.SignOnRefused as error:
            form.sign_in_name.errors.append(str(error))
        else:
            return start_flow(
                sso.settings_of(database, organization.id), next_path=request.args.get("next")
            )
    return render_template("auth/sso.html", form=form)


def provider_said(error: str, description: str) -> str:
    """The provider's error in words a person can act on: a known code's own
    explanation, and the provider's description only when given (a matching sign-in)."""
    if error in PROVIDER_ERRORS:
        said = PROVIDER_ERRORS[error]
    elif error in SETUP_ERRORS:
        said = (
            "Your identity provider refused Candor's request: the application registered "
            "there does not fit (its redirect URI, scopes or client). Show this to your owner."
        )
    else:
        said = "Your identity provider answered with an error."
    words = oidc.provider_words(description)
    detail = f" The provider said: “{words}”." if words else ""
    return f"{said}{detail} Nobody was signed in; start again when you are ready."


@blueprint.get("/sso/callback")
@public
def sso_callback_moved():
    """The one redirect URI of before: each organization has its own now (below)."""
    return problem(
        "Candor's single sign-on address has changed: each organization has its own "
        "redirect URI now, ending in /sso/callback/ and the organization's sign-in name. "
        "Your owner finds it on Candor's Single sign-on page and registers it at the "
        "identity provider in place of this one. Nobody was signed in.",
        410,
        title="The single sign-on address has changed",
    )


def settings_still(settings: SsoSettings | None, flow: dict) -> bool:
    """The organization's settings are those the sign-in started with, and usable."""
    return (
        settings is not None
        and sso.settings_fingerprint(proof_key(), settings) == flow["settings"]
        and bool(settings.enabled or flow.get("trial_user_id"))
    )


SETTINGS_CHANGED = (
    "Your organization's single sign-on settings changed during the sign-in. Start again."
)


@blueprint.get("/sso/callback/<org_slug>")
@public
def sso_callback(org_slug: str):
    flow = session.pop(FLOW, None)  # one use, whatever happens next
    flow = flow if isinstance(flow, dict) else None
    state = request.args.get("state", "")
    ours = (
        flow is not None
        and flow.get("organization") == org_slug
        and bool(flow.get("state"))
        and same_text(state, flow["state"])
    )
    if request.args.get("error"):  # signs nobody in; the provider's words only if ours
        description = request.args.get("error_description", "") if ours else ""
        status = 403 if request.args["error"] == "access_denied" else 400
        return problem(provider_said(request.args["error"], description), status)
    if flow is None:
        return problem(
            "This answer from the identity provider belongs to no sign-in started in this "
            "browser, or that sign-in has already finished. Start again.",
            400,
        )
    if flow.get("organization") != org_slug:
        return problem(
            "This answer came back to the single sign-on address of another organization "
            f"than the one whose sign-in started in this browser. {START_AGAIN}",
            400,
        )
    if not ours:
        return problem(
            "This answer from the identity provider does not match the sign-in started in "
            "this browser (its state differs), so it was refused. Start again.",
            400,
        )
    if "iss" in request.args and request.args["iss"] != flow.get("issuer"):
        return problem(
            "This answer names another identity provider (its “iss”) than the one the "
            f"sign-in started at. {START_AGAIN}",
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
    return finish_sign_in(flow, request.args["code"], redirect_uri(org_slug))


def finish_sign_in(flow: dict, code: str, sent_back_to: str):
    """Spend the state, exchange `code` (no transaction open meanwhile), and sign in
    whoever the checked ID token names."""
    database = db_session()
    settings = sso.settings_of(database, flow["organization_id"])
    if not settings_still(settings, flow):
        return problem(SETTINGS_CHANGED, 400)
    if sso.state_spent(database, flow["state"], timedelta(seconds=FLOW_SECONDS)):
        return problem(
            "This sign-in has already been finished once: an answer from the identity "
            f"provider counts only once. {START_AGAIN}",
            400,
        )
    issuer, client_id, client_secret = settings.issuer, settings.client_id, settings.client_secret
    commit(database)  # the state is spent; no transaction waits on the provider
    try:
        provider = oidc.discover(issuer, allow_http=allow_http(), seconds=fetch_seconds())
        claims = oidc.signed_in_claims(
            provider,
            client_id=client_id,
            client_secret=client_secret,
            redirect_uri=sent_back_to,
            code=code,
            code_verifier=flow["code_verifier"],
            nonce=flow["nonce"],
            seconds=fetch_seconds(),
        )
    except oidc.ProviderError as error:
        return problem(str(error), 502)
    settings = sso.settings_of(database, flow["organization_id"])
    if not settings_still(settings, flow) or provider.issuer != flow["issuer"]:
        return problem(SETTINGS_CHANGED, 400)
    try:
        user = sso.user_for_claims(database, settings, provider.issuer, claims)
    except sso.SignOnRefused as error:
        return problem(str(error), 403)
    proof = {"user_id": user.id, "settings": flow["settings"]}
    trial = flow.get("trial_user_id")
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
