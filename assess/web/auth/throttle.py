"""Failed sign-in throttle: per account and per client address, over the last hour.

Counted in the database so it holds across every web process and host.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from assess.models import FailedLogin, utcnow

WINDOW = timedelta(hours=1)
MAX_FAILURES_PER_ACCOUNT = 20
MAX_FAILURES_PER_ADDRESS = 100


def is_throttled(session: Session, email: str, ip_address: str) -> bool:
    since = utcnow() - WINDOW
    per_account = session.scalar(
        select(func.count())
        .select_from(FailedLogin)
        .where(FailedLogin.email == email, FailedLogin.attempted_at > since)
    )
    if per_account >= MAX_FAILURES_PER_ACCOUNT:
        return True
    per_address = session.scalar(
        select(func.count())
        .select_from(FailedLogin)
        .where(FailedLogin.ip_address == ip_address, FailedLogin.attempted_at > since)
    )
    return per_address >= MAX_FAILURES_PER_ADDRESS


def record_failure(session: Session, email: str, ip_address: str) -> None:
    session.add(FailedLogin(email=email, ip_address=ip_address))
    session.execute(delete(FailedLogin).where(FailedLogin.attempted_at < utcnow() - WINDOW))


def clear_failures(session: Session, email: str) -> None:
    session.execute(delete(FailedLogin).where(FailedLogin.email == email))
