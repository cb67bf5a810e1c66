"""Talking to an OpenID Connect provider: discovery, the authorization request, the code
exchange and the ID token's checks.

Authlib does the OAuth 2.0 parts (the authorization URL with PKCE S256, the token
request with the client's credentials); joserfc, which Authlib itself now uses, checks
the ID token's signature against the provider's published keys, and Authlib's
`CodeIDToken` its claims (issuer, audience, expiry, nonce). Every request to a provider
goes through `oidc_http` (a deadline for the whole request, a size cap), and what a
provider publishes (its discovery document, its keys) is reused for a few minutes.
Nothing here reads the database or the request: the caller passes the organization's
settings in and gets plain values (or a `ProviderError` whose message a person can act
on) back.
"""

from __future__ import annotations

import ipaddress
import re
import secrets
from dataclasses import dataclass
from urllib.parse import urlsplit

from authlib.integrations.base_client import OAuthError
from authlib.integrations.requests_client import OAuth2Session
from authlib.oidc.core import CodeIDToken
from joserfc import jwt
from joserfc.errors import ExpiredTokenError, JoseError
from joserfc.jwk import KeySet

from assess.platform import oidc_http
from assess.platform.oidc_http import DEADLINE_SECONDS, Deadline, FetchFailed

SCOPES = "openid email profile"
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
#: The most of a provider's own words (an error's description) shown on a page.
PROVIDER_WORDS = 200
#: One DNS label once in ASCII (IDNA); the underscore of internal names allowed.
HOST_LABEL = re.compile(r"(?!-)[a-z0-9_-]{1,63}(?<!-)", re.IGNORECASE)
NOT_A_WEB_ADDRESS = "it is not a web address like https://login.example.com"
#: Checked discovery documents by (issuer, allow_http), and key sets by jwks_uri.
DISCOVERED = oidc_http.Memory()
KEY_SETS = oidc_http.Memory()


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
    """Why `url` cannot be a provider's address, or None: it must parse, be http(s),
    name a valid host, and carry no user name, password, query or fragment.

    >>> url_problem("https://id.example.com", allow_http=False) is None
    True
    >>> url_problem("http://127.0.0.1:9400", allow_http=False)
    'it is not https:// (plain http is allowed only when CANDOR_SSO_ALLOW_HTTP is on)'
    >>> url_problem("http://a..b", allow_http=True)
    "'a..b' is not a valid host name"
    """
    if any(not character.isprintable() or character.isspace() for character in url):
        return "it has a space or a control character in it"
    try:
        parts = urlsplit(url)
        hostname, _port = parts.hostname, parts.port  # .port raises on a bad one
    except ValueError:
        return NOT_A_WEB_ADDRESS
    if parts.scheme not in ("https", "http") or not hostname:
        return NOT_A_WEB_ADDRESS
    if parts.username is not None or parts.password is not None:
        return "it has a user name or password in it, which an issuer never has"
    if "?" in url or "#" in url:
        return "it has a ? or # part, which an issuer never has"
    if not valid_host(hostname):
        return f"{hostname[:80]!r} is not a valid host name"
    if parts.scheme == "http" and not allow_http:
        return "it is not https:// (plain http is allowed only when CANDOR_SSO_ALLOW_HTTP is on)"
    return None


def valid_host(hostname: str) -> bool:
    """An IP address, or a name whose every label is a valid DNS label (IDNA allowed)."""
    try:
        ipaddress.ip_address(hostname)
        return True
    except ValueError:
        pass
    try:
        labels = hostname.encode("idna").decode("ascii").split(".")
    except UnicodeError:
        return False
    return all(HOST_LABEL.fullmatch(label) for label in labels)


def provider_words(text: object) -> str:
    """A provider's own words, as shown on a page: printable, at most `PROVIDER_WORDS`."""
    if not isinstance(text, str):
        return ""
    printable = "".join(c if c.isprintable() else " " for c in text)
    return " ".join(printable.split())[:PROVIDER_WORDS]


def same_issuer(typed: str, published: str) -> bool:
    """An issuer typed with or without its trailing slash still names the provider."""
    return typed.rstrip("/") == published.rstrip("/")


def discover(
    issuer: str, *, allow_http: bool, seconds: float = DEADLINE_SECONDS, fresh: bool = False
) -> Provider:
    """The provider's checked discovery document (reused for a few minutes unless
    `fresh`), or `ProviderError` saying whether it is unreachable, not an OpenID Connect
    issuer, or another issuer."""
    problem = url_problem(issuer, allow_http=allow_http)
    if problem:
        raise ProviderError(f"The issuer {issuer!r} will not do: {problem}.")
    known = None if fresh else DISCOVERED.get((issuer, allow_http))
    if known is not None:
        return known
    provider = read_discovery(issuer, allow_http=allow_http, seconds=seconds)
    DISCOVERED.put((issuer, allow_http), provider)
    return provider


def read_discovery(issuer: str, *, allow_http: bool, seconds: float) -> Provider:
    """Fetch `<issuer>/.well-known/openid-configuration` and check what it says."""
    address = discovery_url(issuer)
    try:
        answer = oidc_http.get(address, seconds=seconds)
    except FetchFailed as error:
        raise ProviderError(
            f"The provider could not be reached: {address} {error}. Check the issuer "
            "address and that this server can reach it."
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
            f"{provider_words(document['issuer'])!r}. Type the issuer exactly as the provider "
            "names it."
        )
    for key in needed[1:]:
        problem = url_problem(document[key], allow_http=allow_http)
        if problem:
            shown = provider_words(document[key])
            raise ProviderError(f"The provider's {key} {shown!r} will not do: {problem}.")
    offered = listed(document, "id_token_signing_alg_values_supported", ["RS256"])
    algorithms = tuple(alg for alg in offered if alg in SAFE_ALGORITHMS)
    if not algorithms:
        raise ProviderError(
            f"The provider signs ID tokens only with {provider_words(', '.join(offered))}; "
            "Candor accepts public-key signatures (RS256, ES256…). Choose one at the provider."
        )
    methods = listed(document, "token_endpoint_auth_methods_supported", ["client_secret_basic"])
    basic = "client_secret_basic" in methods or "client_secret_post" not in methods
    return Provider(
        issuer=document["issuer"],
        authorization_endpoint=document["authorization_endpoint"],
        token_endpoint=document["token_endpoint"],
        jwks_uri=document["jwks_uri"],
        algorithms=algorithms,
        token_auth_method="client_secret_basic" if basic else "client_secret_post",
    )


def listed(document: dict, key: str, default: list[str]) -> list[str]:
    """The strings the document lists under `key`; `default` when it lists none."""
    value = document.get(key)
    if not isinstance(value, list):
        return default
    return [str(item) for item in value] or default


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
    seconds: float = DEADLINE_SECONDS,
) -> dict:
    """Exchange the code for tokens and return the ID token's claims once its signature
    (the provider's JWKS), issuer, audience, expiry and nonce are checked."""
    with (
        Deadline(seconds) as deadline,
        OAuth2Session(
            client_id,
            client_secret,
            token_endpoint_auth_method=provider.token_auth_method,
            redirect_uri=redirect_uri,
            code_challenge_method="S256",
        ) as client,
    ):
        oidc_http.bound(client, deadline)
        try:
            token = client.fetch_token(
                provider.token_endpoint,
                grant_type="authorization_code",
                code=code,
                code_verifier=code_verifier,
            )
            deadline.check()
        except OAuthError as error:
            if deadline.passed:  # an answer cut short: its error is not the provider's
                raise token_failure(deadline, error) from None
            hint = CREDENTIAL_HINT if error.error in CREDENTIAL_ERRORS else "Start again."
            said = provider_words(error.description) or "no details"
            raise ProviderError(
                f"The provider refused to finish the sign-in ({provider_words(error.error)[:60]}: "
                f"{said}). {hint}"
            ) from None
        except Exception as error:  # every failure of the fetch is the provider's, in words
            raise token_failure(deadline, error) from None
    if not token.get("id_token"):
        raise ProviderError("The provider sent no ID token: is the 'openid' scope allowed?")
    return checked_claims(provider, token, client_id=client_id, nonce=nonce, seconds=seconds)


def token_failure(deadline: Deadline, error: BaseException) -> ProviderError:
    return ProviderError(f"The provider's token endpoint {deadline.failure(error)}. Start again.")


def signing_keys(jwks_uri: str, *, seconds: float, fresh: bool) -> tuple[KeySet, bool]:
    """The provider's key set, and whether it was remembered rather than just fetched."""
    known = None if fresh else KEY_SETS.get(jwks_uri)
    if known is not None:
        return known, True
    try:
        answer = oidc_http.get(jwks_uri, seconds=seconds)
        answer.raise_for_status()
        key_set = KeySet.import_key_set(answer.json())
    except FetchFailed as error:
        raise ProviderError(
            f"The provider's signing keys could not be read: {jwks_uri} {error}. Start again."
        ) from None
    except Exception as error:  # not a key set: an error page, broken JSON, a bad key
        raise ProviderError(
            f"The provider's signing keys ({jwks_uri}) could not be read "
            f"({type(error).__name__}). Start again."
        ) from None
    KEY_SETS.put(jwks_uri, key_set)
    return key_set, False


def checked_claims(
    provider: Provider,
    token: dict,
    *,
    client_id: str,
    nonce: str,
    seconds: float = DEADLINE_SECONDS,
) -> dict:
    """The claims of `token["id_token"]`, or `ProviderError` when any check fails. Keys
    remembered from earlier are fetched again once when they do not verify the token
    (the provider rotated its keys)."""
    key_set, remembered = signing_keys(provider.jwks_uri, seconds=seconds, fresh=False)
    try:
        try:
            decoded = jwt.decode(token["id_token"], key_set, algorithms=list(provider.algorithms))
        except (JoseError, ValueError):
            if not remembered:
                raise
            key_set, _ = signing_keys(provider.jwks_uri, seconds=seconds, fresh=True)
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
            f"The provider's ID token did not pass Candor's checks ({provider_words(str(error))})."
            " Nobody was signed in."
        ) from None
    return dict(claims)
