"""Single sign-on rules: which organization a typed sign-in name routes to, which account
an ID token signs in, when a password stops working, and when "SSO only" may be switched
on; and the limits that go with them (starts per client address, each state used once).

The provider is talked to in `platform.oidc` and the browser in `web.auth.sso`; this
module only reads and writes rows (it flushes, the caller commits), so each rule can be
tried without a provider.

Linking is by subject first: the (issuer, subject) pair bound at the first sign-in finds
the account again even after the provider changes the person's address. Only a person
with no binding yet is found by email, and only by an address the provider says it
verified, and only an exact match of the address, within the organization whose
provider it is: one organization's identity provider can never sign anyone into another
organization. No account is ever created here; reps and raters have no account to sign
in to.

People are routed by their organization's sign-in name (its slug) alone, never by the
domain of an address: who is invited where is up to each organization's owner, so a
routing by domain could be steered by another organization (one owner inviting
`decoy@yourcompany.example` would send your people to their provider).
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from assess.models import Organization, SsoIdentity, SsoSettings, User
from assess.platform.oidc import url_problem
from assess.services import throttle

#: The longest value each setting's column holds.
ISSUER_LENGTH, CLIENT_ID_LENGTH, SECRET_LENGTH = 500, 255, 500
SIGN_IN_NAME_HINT = (
    "your owner finds it, and a link that fills it in, on Candor's Single sign-on page"
)
#: Sign-ins one client address may start (each makes Candor ask a provider) per window.
STARTS_PER_WINDOW, START_WINDOW = 20, timedelta(minutes=10)
START_SCOPE, STATE_SCOPE = "sso-start", "sso-state"
#: Lower-casing of the ASCII letters only (`str.lower` also folds look-alikes into them).
ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


class SignOnRefused(ValueError):
    """Nobody is signed in; the message tells the person why and what to do."""


class SignOnSettingsError(ValueError):
    """Settings that will not do; `field` names the form field, and nothing was saved."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class SettingsInput:
    """What the owner typed. An empty `client_secret` keeps the one already set."""

    issuer: str
    client_id: str
    client_secret: str
    enabled: bool
    sso_only: bool


def settings_of(session: Session, organization_id: int) -> SsoSettings | None:
    return session.get(SsoSettings, organization_id)


def password_refused(session: Session, user: User) -> bool:
    """True when `user`'s organization signs in through its provider only."""
    settings = settings_of(session, user.organization_id)
    return settings is not None and settings.enabled and settings.sso_only


def fingerprint(key: str, issuer: str, client_id: str, client_secret: str) -> str:
    """Names one set of provider settings, so a successful sign-in through them can be
    remembered in the signed (not encrypted) session without the secret being there:
    keyed with the app's secret key, so the cookie is no way to guess the secret."""
    joined = "\0".join(("candor-sso-proof", issuer, client_id, client_secret)).encode()
    return hmac.new(key.encode(), joined, hashlib.sha256).hexdigest()


def settings_fingerprint(key: str, settings: SsoSettings) -> str:
    return fingerprint(key, settings.issuer, settings.client_id, settings.client_secret)


def may_start(session: Session, address: str) -> bool:
    """Count a start of single sign-on from client `address`; False (nothing counted)
    past `STARTS_PER_WINDOW` in `START_WINDOW`: each start makes Candor ask a provider."""
    if throttle.hits(session, START_SCOPE, address, START_WINDOW) >= STARTS_PER_WINDOW:
        return False
    throttle.record(session, START_SCOPE, address, START_WINDOW)
    return True


def state_spent(session: Session, state: str, lifetime: timedelta) -> bool:
    """True when an answer carrying `state` came back already; otherwise remember it as
    used for `lifetime` (as long as its sign-in could still be finished) and say False."""
    if throttle.hits(session, STATE_SCOPE, state, lifetime):
        return True
    throttle.record(session, STATE_SCOPE, state, lifetime)
    return False


def organization_for(session: Session, typed: str) -> Organization:
    """The organization whose provider a person typing the sign-in name `typed` signs
    in with; `SignOnRefused` (the same words for every address) otherwise."""
    text = typed.strip().lower()
    if "@" in text:
        raise SignOnRefused(
            "Type your organization's sign-in name here, not an email address "
            f"({SIGN_IN_NAME_HINT})."
        )
    enabled = select(SsoSettings.organization_id).where(SsoSettings.enabled)
    organization = session.scalar(
        select(Organization).where(Organization.slug == text, Organization.id.in_(enabled))
    )
    if organization is None:
        raise SignOnRefused(
            f"No organization here signs in with single sign-on under the name "
            f"{typed.strip()[:80]!r}. Check the name ({SIGN_IN_NAME_HINT})."
        )
    return organization


def no_account(session: Session, settings: SsoSettings, email: str) -> str:
    """One message for an address with no account here and one of another organization
    (an identity provider's administrator can put any address in a token: the answer
    must not tell them who uses Candor elsewhere)."""
    name = session.get(Organization, settings.organization_id).name
    return (
        f"No owner or manager of {name} signs in to Candor as {email}. Candor creates no "
        "account at sign-in: ask your owner to invite this address, or sign in as "
        "someone who has an account."
    )


def shown_address(email: object) -> str:
    """The provider's address as a message quotes it."""
    if isinstance(email, str) and email.strip():
        return email.strip()[:254]
    return "(no address)"


def exact_address(email: object) -> str | None:
    """The address as Candor stores it (lower case), when the provider's is that very
    address: no blank around it, and only ASCII letters changed by lower-casing — so
    "Kate@" spelled with the Kelvin sign U+212A (which `str.lower` turns into "k") is
    not kate@. None for anything else."""
    if not isinstance(email, str) or not email or email != email.strip() or len(email) > 254:
        return None
    if any(not c.isascii() and c.lower() != c for c in email):
        return None
    return email.translate(ASCII_LOWER)


def user_for_claims(session: Session, settings: SsoSettings, issuer: str, claims: dict) -> User:
    """The active owner or manager the checked ID token `claims` sign in, binding the
    provider's subject to them at the first sign-in; `SignOnRefused` otherwise."""
    subject = claims.get("sub")
    if not isinstance(subject, str) or not subject or len(subject) > 255:
        raise SignOnRefused("The provider's answer names nobody (no usable 'sub' claim).")
    identity = session.scalar(
        select(SsoIdentity).where(SsoIdentity.issuer == issuer, SsoIdentity.subject == subject)
    )
    email = claims.get("email")
    shown = shown_address(email)
    if identity is not None:
        user = session.get(User, identity.user_id)
        if user.organization_id != settings.organization_id or not user.is_active:
            raise SignOnRefused(no_account(session, settings, shown))
        return user
    if claims.get("email_verified") is not True:
        raise SignOnRefused(
            f"Your provider did not say it verified the address {shown} (its "
            "'email_verified' claim), so Candor cannot tell it is yours and links no account "
            "to it. Ask your provider's administrator to verify the address, then try again."
        )
    stored = exact_address(email)
    user = None
    if stored is not None:
        user = session.scalar(
            select(User).where(
                User.email == stored,
                User.organization_id == settings.organization_id,
                User.is_active,
            )
        )
    if user is None:
        raise SignOnRefused(no_account(session, settings, shown))
    bound = session.get(SsoIdentity, user.id)
    if bound is not None and bound.issuer == issuer:
        raise SignOnRefused(
            f"The Candor account of {user.email} is already linked to another person at your "
            "provider. Ask your owner to unlink it on the Single sign-on page, then try again."
        )
    if bound is None:
        session.add(SsoIdentity(user_id=user.id, issuer=issuer, subject=subject))
    else:  # the organization moved to another provider: the new one's subject counts now
        bound.issuer, bound.subject = issuer, subject
    session.flush()
    return user


def save_settings(
    session: Session,
    organization_id: int,
    typed: SettingsInput,
    *,
    key: str,
    proven: str | None,
    acting_user_id: int,
    allow_http: bool,
) -> SsoSettings:
    """Store the organization's provider settings, or raise `SignOnSettingsError`
    (nothing changed).

    `proven` is the fingerprint (`key`ed) of the settings the owner last signed in
    through in this browser: "SSO only" is switched on (or kept on across a change of
    provider) only for settings proven to work, so a typo cannot lock everyone out.
    Switching it on signs out everyone of the organization, `acting_user_id` included
    (a session someone opened with the owner's password elsewhere ends too); the page
    then gives the acting owner's own browser a new session, and only that one.
    """
    current = settings_of(session, organization_id)
    issuer, client_id = typed.issuer.strip(), typed.client_id.strip()
    secret = typed.client_secret.strip() or (current.client_secret if current else "")
    problem = url_problem(issuer, allow_http=allow_http)
    if problem:
        raise SignOnSettingsError("issuer", f"The issuer will not do: {problem}.")
    for field, value, longest in (
        ("issuer", issuer, ISSUER_LENGTH),
        ("client_id", client_id, CLIENT_ID_LENGTH),
        ("client_secret", secret, SECRET_LENGTH),
    ):
        if not value:
            raise SignOnSettingsError(
                field, "Copy it from the application you registered at your provider."
            )
        if len(value) > longest:
            raise SignOnSettingsError(field, f"It is longer than {longest} characters.")
    if typed.sso_only and not typed.enabled:
        raise SignOnSettingsError(
            "sso_only", "SSO only needs single sign-on turned on: tick both, or neither."
        )
    new_print = fingerprint(key, issuer, client_id, secret)
    kept_on = current is not None and current.sso_only and current.enabled
    unchanged = current is not None and settings_fingerprint(key, current) == new_print
    if typed.sso_only and not (kept_on and unchanged) and proven != new_print:
        if current is not None and not unchanged:
            raise SignOnSettingsError(
                "sso_only",
                "You changed the provider settings: save them with SSO only off, sign in "
                "through them with “Try single sign-on now”, then turn SSO only on.",
            )
        raise SignOnSettingsError(
            "sso_only",
            "Sign in through the provider first (“Try single sign-on now”, below), then "
            "turn SSO only on: settings that do not work cannot lock everyone out that way.",
        )
    if current is None:
        current = SsoSettings(organization_id=organization_id)
        session.add(current)
    current.issuer, current.client_id, current.client_secret = issuer, client_id, secret
    current.enabled, current.sso_only = typed.enabled, typed.sso_only
    if typed.sso_only and not kept_on:
        everyone = select(User).where(User.organization_id == organization_id)
        for user in session.scalars(everyone):
            user.end_sessions()
    session.flush()
    return current


def people_and_links(session: Session, organization_id: int) -> list[tuple[User, SsoIdentity]]:
    """The organization's owners and managers linked to a provider identity."""
    rows = session.execute(
        select(User, SsoIdentity)
        .join(SsoIdentity, SsoIdentity.user_id == User.id)
        .where(User.organization_id == organization_id)
        .order_by(User.name)
    )
    return [(user, identity) for user, identity in rows]


def unlink(session: Session, organization_id: int, user_id: int) -> User | None:
    """Forget the provider identity of `user_id` (of this organization): their next
    sign-in is linked again by verified email. None when no such user is here."""
    user = session.get(User, user_id)
    if user is None or user.organization_id != organization_id:
        return None
    identity = session.get(SsoIdentity, user.id)
    if identity is not None:
        session.delete(identity)
        session.flush()
    return user


def allow_passwords(session: Session, slug: str) -> Organization:
    """Switch "SSO only" off for the organization `slug` (the way back in from the
    server's command line when the provider fails); `SignOnRefused` if it is unknown."""
    organization = session.scalar(select(Organization).where(Organization.slug == slug))
    if organization is None:
        raise SignOnRefused(f"No organization has the slug {slug!r}: check its spelling.")
    settings = settings_of(session, organization.id)
    if settings is not None:
        settings.sso_only = False
        session.flush()
    return organization
