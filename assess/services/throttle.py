"""Sliding-window limits on guessing (sign-in failures, unknown link tokens).

A limit never locks anyone out: past a number of free misses, each further miss makes
the next try wait longer (1 s, 2 s, 4 s … up to a cap), so a guesser is slowed to a
crawl while the person who knows the answer waits at most the cap.

Operations only: they flush; the request commits. A hit is recorded even when the
request then fails, because the handler commits the hit before answering.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import bindparam, delete, func, select
from sqlalchemy.orm import Session

from assess.models import ThrottleHit, utcnow
from assess.platform.security import hash_token

SCOPE_LENGTH = ThrottleHit.scope.type.length
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


def stored(key: str) -> str:
    """What the table keeps of a key: its SHA-256, so the typed sign-in address (or a
    password typed into the email field by mistake) and client addresses are not kept
    as text for the hour they count."""
    return hash_token(key)


def hits(session: Session, scope: str, key: str, window: timedelta) -> int:
    return session.scalar(HITS, {"scope": scope, "key": stored(key), "since": utcnow() - window})


def record(session: Session, scope: str, key: str, window: timedelta) -> None:
    """Count one hit, and forget hits of this scope older than `window`."""
    if len(scope) > SCOPE_LENGTH:  # SQLite would store it; PostgreSQL would refuse it
        raise ValueError(f"throttle scope {scope!r} is longer than {SCOPE_LENGTH} characters")
    session.add(ThrottleHit(scope=scope, key=stored(key)))
    session.execute(
        delete(ThrottleHit).where(
            ThrottleHit.scope == scope, ThrottleHit.hit_at < utcnow() - window
        )
    )


def forget(session: Session, scope: str, key: str) -> None:
    session.execute(
        delete(ThrottleHit).where(ThrottleHit.scope == scope, ThrottleHit.key == stored(key))
    )


#: Built once, like HITS: how many hits, and the latest.
LATEST = select(func.count(), func.max(ThrottleHit.hit_at, type_=ThrottleHit.hit_at.type)).where(
    ThrottleHit.scope == bindparam("scope"),
    ThrottleHit.key == bindparam("key"),
    ThrottleHit.hit_at > bindparam("since", type_=ThrottleHit.hit_at.type),
)


def wait_seconds(
    session: Session, scope: str, key: str, window: timedelta, *, free: int, cap: timedelta
) -> int:
    """Whole seconds until `key` may try again: 0 within the first `free` misses of
    `window`; after that the wait doubles with each miss, from 1 s up to `cap`."""
    count, latest = session.execute(
        LATEST, {"scope": scope, "key": stored(key), "since": utcnow() - window}
    ).one()
    if count < free or latest is None:
        return 0
    wait = min(2.0 ** (count - free), cap.total_seconds())
    left = (latest_aware(latest) + timedelta(seconds=wait) - utcnow()).total_seconds()
    return max(int(left + 0.999), 0)


def latest_aware(moment: datetime) -> datetime:
    """A stored hit time, aware (aggregates can come back without the column's type)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=utcnow().tzinfo)
