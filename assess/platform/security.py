"""Passwords and link tokens.

Passwords: argon2id (argon2-cffi), the OWASP first choice; the library also tells us
when a stored hash uses outdated parameters so we can re-hash at the next login.
Link tokens: HMAC-SHA256(SECRET_KEY, purpose + ":" + nonce), 256 bits, URL-safe. The
database holds the random nonce and the token's SHA-256, never the token, so a stolen
database holds no working link, while the app can derive the same link again when it
sends or shows it. SHA-256 without salt is right for the stored hash because the token
is already high-entropy, and it lets us find the row by its hash.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

TOKEN_BYTES = 32
_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def password_needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


def new_nonce() -> str:
    """128 random bits, hex: what a link's token is derived from."""
    return secrets.token_hex(16)


def derived_token(secret_key: str, purpose: str, nonce: str) -> str:
    """The link token for `nonce` ("invitation" or "password" links)."""
    digest = hmac.new(secret_key.encode(), f"{purpose}:{nonce}".encode(), hashlib.sha256)
    return base64.urlsafe_b64encode(digest.digest()).rstrip(b"=").decode("ascii")


def new_link_token() -> tuple[str, str]:
    """Return (token for the link, hash to store)."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    return token, hash_token(token)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
