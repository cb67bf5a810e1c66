"""Browsers that have signed in before: the account-wide sign-in limits pass them by.

Limits per account (failures from anywhere) stop guessers spread over many addresses,
but they also let anyone keep the owner waiting by failing on purpose. So a successful
sign-in leaves a signed cookie naming the account and a random device id (OWASP's
"device cookie"); a sign-in from such a browser is limited only by its own failures,
so strangers' failures never keep the account's owner out. A new password ends every
device cookie of the account (see `_serializer`); the browser that set it gets a new one.
"""

from __future__ import annotations

import hashlib
import secrets

from flask import current_app, request
from itsdangerous import BadSignature, URLSafeSerializer

from assess.models import User

DEVICE_COOKIE = "candor_device"
DEVICE_DAYS = 365


def _serializer(user: User) -> URLSafeSerializer:
    """Signed with the secret key and a salt made from the user's current password
    hash: a new password ends every device cookie (someone who once knew the old one
    keeps no guessing allowance), while the cookie itself carries nothing of the hash."""
    salt = "candor-device:" + hashlib.sha256(user.password_hash.encode()).hexdigest()
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=salt)


def recognised_device(user: User | None) -> str | None:
    """The device id of this browser when it has signed in to `user` before, else None."""
    raw = request.cookies.get(DEVICE_COOKIE)
    if user is None or not raw:
        return None
    try:
        user_id, device = _serializer(user).loads(raw)
    except (BadSignature, ValueError, TypeError):
        return None
    return device if user_id == user.id and isinstance(device, str) else None


def remember_device(answer, user: User, device: str | None = None):
    """Set the device cookie for `user` on the response `answer` (kept a year)."""
    value = _serializer(user).dumps([user.id, device or secrets.token_urlsafe(16)])
    answer.set_cookie(
        DEVICE_COOKIE,
        value,
        max_age=DEVICE_DAYS * 86400,
        secure=current_app.config.get("SESSION_COOKIE_SECURE", False),
        httponly=True,
        samesite="Lax",
    )
    return answer
