"""Passwords and link tokens.

Passwords: argon2id (argon2-cffi), the OWASP first choice; the library also tells us
when a stored hash uses outdated parameters so we can re-hash at the next login.
Link tokens: 256 random bits, URL-safe. Only their SHA-256 is stored; a stolen
database therefore holds no working link. SHA-256 without salt is right here because
the token itself is already high-entropy, and it lets us find the row by its hash.
"""

from __future__ import annotations

import hashlib
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


def new_link_token() -> tuple[str, str]:
    """Return (token for the link, hash to store)."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    return token, hash_token(token)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
