"""API tokens: made by the owner, shown once, kept only as a SHA-256.

A token reads as ``cnd_`` and 43 random URL-safe characters. The prefix makes a
leaked token easy to find in logs and code (secret scanners look for such shapes);
the stored hash makes a copy of the database useless for calling the API.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from assess.models import ApiToken, User, utcnow
from assess.platform.security import hash_token

TOKEN_PREFIX = "cnd_"  # noqa: S105 (the shape of a token, not a token)
#: How much of a token the list shows, so the owner can tell which one a system holds.
SHOWN_CHARACTERS = 12


@dataclass(frozen=True)
class ApiCaller:
    """Who an API request acts as: the organization, with the owner's view of it (the
    rule `services.access.visible_to` applies) and the token's scope."""

    organization_id: int
    token_id: int
    scope: str
    role: str = "owner"
    id: int | None = None

    def may(self, scope: str) -> bool:
        return scope == "read" or self.scope == "write"


def create_token(session: Session, owner: User, name: str, scope: str) -> tuple[ApiToken, str]:
    """A new token (flushed) and its text, which is never available again."""
    text = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        organization_id=owner.organization_id,
        name=name,
        scope=scope,
        prefix=text[:SHOWN_CHARACTERS],
        token_hash=hash_token(text),
        created_by_id=owner.id,
    )
    session.add(token)
    session.flush()
    return token, text


def caller_for(session: Session, text: str) -> tuple[ApiToken | None, ApiCaller | None]:
    """The live token whose text this is, and whom it acts as (None, None if none)."""
    if not text.startswith(TOKEN_PREFIX) or len(text) > 200:
        return None, None
    token = session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(text)))
    if token is None or token.revoked_at is not None:
        return None, None
    return token, ApiCaller(token.organization_id, token.id, token.scope)


def revoke(token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = utcnow()
