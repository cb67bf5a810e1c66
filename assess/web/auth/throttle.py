"""Failed sign-in limits: growing waits, never a lock (see `services.throttle`).

Three counts, each over the last hour, and a try waits for the longest of them:

- the account from this address (5 free misses, then up to 15 minutes): one guesser
  slows only themself;
- the account from anywhere (20 free, then at most a minute): guessers spread over
  many addresses are slowed to a try a minute, and the account's owner, signing in
  from anywhere, waits at most that minute;
- this address, whatever the account (100 free, then at most a minute): one address
  trying many accounts.

A browser that signed in to the account before (`devices`) is limited only by its own
failures ("login-device", like the first): strangers failing on purpose never keep
the account's owner waiting at their usual browser.

A wrong try while waiting is not counted (nor checked), and a right password ends the
account's counts. Reset requests keep plain hourly limits: they only send mail.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from assess.services import throttle

WINDOW = timedelta(hours=1)
#: (scope, free misses, longest wait)
LOGIN_LIMITS = (
    ("login-pair", 5, timedelta(minutes=15)),
    ("login-account", 20, timedelta(minutes=1)),
    ("login-ip", 100, timedelta(minutes=1)),
)
#: Reset emails one address may be sent, and requests one client may make, per hour.
MAX_RESETS_PER_ACCOUNT = 3
MAX_RESETS_PER_CLIENT = 20


DEVICE_LIMIT = ("login-device", 5, timedelta(minutes=15))


def keys(email: str, ip_address: str, device: str | None = None) -> dict[str, str]:
    """The counts a try from this client falls under (a known device: its own only)."""
    if device is not None:
        return {"login-device": f"{email}|{device}"}
    return {"login-pair": f"{email}|{ip_address}", "login-account": email, "login-ip": ip_address}


def seconds_to_wait(
    session: Session, email: str, ip_address: str, device: str | None = None
) -> int:
    """0, or how many seconds this client must wait before trying this account again."""
    key_of = keys(email, ip_address, device)
    return max(
        throttle.wait_seconds(session, scope, key_of[scope], WINDOW, free=free, cap=cap)
        for scope, free, cap in (*LOGIN_LIMITS, DEVICE_LIMIT)
        if scope in key_of
    )


def record_failure(
    session: Session, email: str, ip_address: str, device: str | None = None
) -> None:
    for scope, key in keys(email, ip_address, device).items():
        throttle.record(session, scope, key, WINDOW)


def clear_failures(
    session: Session, email: str, ip_address: str | None = None, device: str | None = None
) -> None:
    """A right password (or a new one): the account's counts, and this client's, end."""
    throttle.forget(session, "login-account", email)
    if ip_address is not None:
        throttle.forget(session, "login-pair", keys(email, ip_address)["login-pair"])
    if device is not None:
        throttle.forget(
            session, "login-device", keys(email, ip_address or "", device)["login-device"]
        )


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
