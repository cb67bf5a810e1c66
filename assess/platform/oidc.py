"""Talking to an OpenID Connect provider: discovery, the authorization request, the code
exchange and the ID token's checks.

Authlib does the OAuth 2.0 parts (the authorization URL with PKCE S256, the token
request with the client's credentials); joserfc, which Authlib itself now uses, checks
the ID token's signature against the provider's published keys, and Authlib's
`CodeIDToken` its claims (issuer, audience, expiry, nonce). Nothing here reads the
database or the request: the caller passes the organization's settings in and gets
plain values (or a `ProviderError` whose message a person can act on) back.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests
from authlib.integrations.base_client import OAuthError
from authlib.integrations.requests_client import OAuth2Session
from authlib.oidc.core import CodeIDToken
from joserfc import jwt
from joserfc.errors import ExpiredTokenError, JoseError
from joserfc.jwk import KeySet

SCOPES = "openid email profile"
#: Seconds Candor waits for the provider before saying it is unreachable.
TIMEOUT = 10
#: Seconds of clock difference tolerated on `exp` and `iat`.
LEEWAY = 60
#: Public-key signatures only: a token signed with a shared secret or not at all
#: ("none") could be forged by anyone who knows the secret, or by anyone.
SAFE_ALGORITHMS = (
    "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA",
)  # fmt: skip
DISCOVERY_PATH = "/.well-known/openid-configuration"
#: Token-endpoint errors that mean Candor's settings, not the person, are wrong.
CREDENTIAL_ERRORS = ("invalid_client", "unauthorized_client")
CREDENTIAL_HINT = "The owner should check the client id and secret on the Single sign-on page."


class ProviderError(Exception):
    """The provider could not be used: the message says what went wrong and what to do."""


@dataclass(frozen=True)
class Provider:
    """What a provider's discovery document says, once checked."""

    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    algorithms: tuple[str, ...]
    #: How the client proves itself at the token endpoint.
    token_auth_method: str


@dataclass(frozen=True)
class AuthorizationRequest:
    """Where to send the browser, and what the callback must find again."""

    url: str
    state: str
    nonce: str
    code_verifier: str


def discovery_url(issuer: str) -> str:
    """`<issuer>/.well-known/openid-configuration` (OpenID Connect Discovery 1.0, §4)."""
    return issuer.rstrip("/") + DISCOVERY_PATH


def url_problem(url: str, *, allow_http: bool) -> str | None:
    """Why `url` cannot be a provider's address, or None.

    >>> url_problem("https://id.example.com", allow_http=False) is None
    True
    >>> url_problem("http://127.0.0.1:9400", allow_http=False)
    'it is not https:// (plain http is allowed only when CANDOR_SSO_ALLOW_HTTP is on)'
    """
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        return "it is not a web address like https://login.example.com"
    if parts.scheme == "http" and not allow_http:
        return "it is not https:// (plain http is allowed only when CANDOR_SSO_ALLOW_HTTP is on)"
    if parts.query or parts.fragment:
        return "it has a ? or # part, which an issuer never has"
    return None


def same_issuer(typed: str, published: str) -> bool:
    """An issuer typed with or without its trailing slash still names the provider."""
    return typed.rstrip("/") == published.rstrip("/")


def discover(issuer: str, *, allow_http: bool) -> Provider:
    """Fetch and check the provider's discovery document, or raise `ProviderError`
    saying whether it is unreachable, not an OpenID Connect issuer, or another issuer."""
    problem = url_problem(issuer, allow_http=allow_http)
    if problem:
        raise ProviderError(f"The issuer {issuer!r} will not do: {problem}.")
    address = discovery_url(issuer)
    try:
        answer = requests.get(address, timeout=TIMEOUT, allow_redirects=False)
    except requests.RequestException as error:
        raise ProviderError(
            f"The provider is unreachable: {address} did not answer ({type(error).__name__}). "
            "Check the issuer address and that this server can reach it."
        ) from None
    if answer.status_code != 200:
        raise ProviderError(
            f"Not an OpenID Connect issuer: {address} answered {answer.status_code} instead "
            "of its configuration. Copy the issuer URL exactly as your provider shows it."
        )
    try:
        document = answer.json()
    except ValueError:
        document = None
    needed = ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri")
    if not isinstance(document, dict) or not all(
        isinstance(document.get(key), str) for key in needed
    ):
        raise ProviderError(
            f"Not an OpenID Connect issuer: {address} is not a discovery document (it lacks "
            "issuer, authorization_endpoint, token_endpoint or jwks_uri)."
        )
    if not same_issuer(issuer, document["issuer"]):
        raise ProviderError(
            f"Issuer mismatch: you typed {issuer!r} but the provider calls itself "
            f"{document['issuer']!r}. Type the issuer exactly as the provider names it."
        )
    for key in needed[1:]:
        problem = url_problem(document[key], allow_http=allow_http)
        if problem:
            raise ProviderError(f"The provider's {key} {document[key]!r} will not do: {problem}.")
    offered = document.get("id_token_signing_alg_values_supported") or ["RS256"]
    algorithms = tuple(alg for alg in offered if alg in SAFE_ALGORITHMS)
    if not algorithms:
        raise ProviderError(
            f"The provider signs ID tokens only with {', '.join(map(str, offered))}; Candor "
            "accepts public-key signatures (RS256, ES256…). Choose one at the provider."
        )
    methods = document.get("token_endpoint_auth_methods_supported") or ["client_secret_basic"]
    basic = "client_secret_basic" in methods or "client_secret_post" not in methods
    return Provider(
        issuer=document["issuer"],
        authorization_endpoint=document["authorization_endpoint"],
        token_endpoint=document["token_endpoint"],
        jwks_uri=document["jwks_uri"],
        algorithms=algorithms,
        token_auth_method="client_secret_basic" if basic else "client_secret_post",
    )


def authorization_request(
    provider: Provider, client_id: str, redirect_uri: str, login_hint: str | None = None
) -> AuthorizationRequest:
    """A fresh authorization-code request with PKCE (S256), state and nonce."""
    state, nonce = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    code_verifier = secrets.token_urlsafe(64)
    extra = {"login_hint": login_hint} if login_hint else {}
    with OAuth2Session(
        client_id, scope=SCOPES, redirect_uri=redirect_uri, code_challenge_method="S256"
    ) as client:
        url, _ = client.create_authorization_url(
            provider.authorization_endpoint,
            state=state,
            code_verifier=code_verifier,
            nonce=nonce,
            **extra,
        )
    return AuthorizationRequest(url=url, state=state, nonce=nonce, code_verifier=code_verifier)


def signed_in_claims(
    provider: Provider,
    *,
    client_id: str,
    client_secret: str,
    redirect_uri: str,
    code: str,
    code_verifier: str,
    nonce: str,
) -> dict:
    """Exchange the code for tokens and return the ID token's claims once its signature
    (the provider's JWKS), issuer, audience, expiry and nonce are checked."""
    with OAuth2Session(
        client_id,
        client_secret,
        token_endpoint_auth_method=provider.token_auth_method,
        redirect_uri=redirect_uri,
        code_challenge_method="S256",
    ) as client:
        try:
            token = client.fetch_token(
                provider.token_endpoint,
                grant_type="authorization_code",
                code=code,
                code_verifier=code_verifier,
                timeout=TIMEOUT,
            )
        except OAuthError as error:
            hint = CREDENTIAL_HINT if error.error in CREDENTIAL_ERRORS else "Start again."
            raise ProviderError(
                f"The provider refused to finish the sign-in ({error.error}: "
                f"{error.description or 'no details'}). {hint}"
            ) from None
        except (requests.RequestException, ValueError) as error:
            raise ProviderError(
                f"The provider's token endpoint failed ({type(error).__name__}). Try again."
            ) from None
    if not token.get("id_token"):
        raise ProviderError("The provider sent no ID token: is the 'openid' scope allowed?")
    return checked_claims(provider, token, client_id=client_id, nonce=nonce)


def checked_claims(provider: Provider, token: dict, *, client_id: str, nonce: str) -> dict:
    """The claims of `token["id_token"]`, or `ProviderError` when any check fails."""
    try:
        keys = requests.get(provider.jwks_uri, timeout=TIMEOUT, allow_redirects=False)
        keys.raise_for_status()
        key_set = KeySet.import_key_set(keys.json())
    except (requests.RequestException, ValueError, JoseError) as error:
        raise ProviderError(
            f"The provider's signing keys ({provider.jwks_uri}) could not be read "
            f"({type(error).__name__}). Try again."
        ) from None
    try:
        decoded = jwt.decode(token["id_token"], key_set, algorithms=list(provider.algorithms))
        claims = CodeIDToken(
            decoded.claims,
            decoded.header,
            {
                "iss": {"essential": True, "value": provider.issuer},
                "aud": {"essential": True, "value": client_id},
                "sub": {"essential": True},
                "nonce": {"essential": True, "value": nonce},
            },
            {"nonce": nonce, "client_id": client_id, "access_token": token.get("access_token")},
        )
        claims.validate(leeway=LEEWAY)
    except ExpiredTokenError:
        raise ProviderError(
            "The provider's ID token has expired: check this server's clock, then try again."
        ) from None
    except (JoseError, ValueError) as error:
        raise ProviderError(
            f"The provider's ID token did not pass Candor's checks ({error}). Nobody was signed in."
        ) from None
    return dict(claims)
