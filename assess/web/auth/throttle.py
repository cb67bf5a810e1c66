"""Failed sign-in limits: per account and per client address, over the last hour."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from assess.services import throttle

WINDOW = timedelta(hours=1)
MAX_FAILURES_PER_ACCOUNT = 20
MAX_FAILURES_PER_ADDRESS = 100
#: Reset emails one address may be sent, and requests one client may make, per hour.
MAX_RESETS_PER_ACCOUNT = 3
MAX_RESETS_PER_CLIENT = 20


def is_throttled(session: Session, email: str, ip_address: str) -> bool:
    return (
        throttle.hits(session, "login-account", email, WINDOW) >= MAX_FAILURES_PER_ACCOUNT
        or throttle.hits(session, "login-ip", ip_address, WINDOW) >= MAX_FAILURES_PER_ADDRESS
    )


def record_failure(session: Session, email: str, ip_address: str) -> None:
    throttle.record(session, "login-account", email, WINDOW)
    throttle.record(session, "login-ip", ip_address, WINDOW)


def clear_failures(session: Session, email: str) -> None:
    throttle.forget(session, "login-account", email)


def may_request_reset(session: Session, email: str, ip_address: str) -> bool:
    """Count a reset request; False once the typed address or the client has asked too
    often this hour (counted whether or not the address has an account)."""
    allowed = (
        throttle.hits(session, "reset-account", email, WINDOW) < MAX_RESETS_PER_ACCOUNT
        and throttle.hits(session, "reset-ip", ip_address, WINDOW) < MAX_RESETS_PER_CLIENT
    )
    throttle.record(session, "reset-account", email, WINDOW)
    throttle.record(session, "reset-ip", ip_address, WINDOW)
    return allowed
