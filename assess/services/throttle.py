"""Sliding-window limits on guessing (sign-in failures, unknown link tokens).

Operations only: they flush; the request commits. A hit is recorded even when the
request then fails, because the handler commits the hit before answering.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import bindparam, delete, func, select
from sqlalchemy.orm import Session

from assess.models import ThrottleHit, utcnow

#: Built once (it runs on every survey request); the values are bound per call.
HITS = (
    select(func.count())
    .select_from(ThrottleHit)
    .where(
        ThrottleHit.scope == bindparam("scope"),
        ThrottleHit.key == bindparam("key"),
        ThrottleHit.hit_at > bindparam("since", type_=ThrottleHit.hit_at.type),
    )
)


def hits(session: Session, scope: str, key: str, window: timedelta) -> int:
    return session.scalar(HITS, {"scope": scope, "key": key, "since": utcnow() - window})


def record(session: Session, scope: str, key: str, window: timedelta) -> None:
    """Count one hit, and forget hits of this scope older than `window`."""
    session.add(ThrottleHit(scope=scope, key=key[:254]))
    session.execute(
        delete(ThrottleHit).where(
            ThrottleHit.scope == scope, ThrottleHit.hit_at < utcnow() - window
        )
    )


def forget(session: Session, scope: str, key: str) -> None:
    session.execute(delete(ThrottleHit).where(ThrottleHit.scope == scope, ThrottleHit.key == key))
