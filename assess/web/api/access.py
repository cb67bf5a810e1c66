"""Who calls the API: the token in `Authorization: Bearer`, its scope, its rate.

Runs before every API view (a blueprint hook), so a request without a valid token is
refused before its arguments are even read, and the view's declared scope (its
`access_rule`, see `assess.web.scoping.api_scope`) is checked in one place. A browser's
session cookie never counts: the API is for programs, and a page's signed-in user
calling it through a forged form must get 401.

The limit is a sliding window per token, counted in the database like the sign-in
throttle, so it holds across every web process.
"""

from __future__ import annotations

import json
from datetime import timedelta

from flask import current_app, g, request

from assess.models import utcnow
from assess.platform.db import db_session
from assess.services import throttle
from assess.services.api_tokens import caller_for
from assess.web.api.problems import problem

RATE_SCOPE = "api-token"
RATE_WINDOW = timedelta(minutes=1)
#: `last_used_at` is written at most this often, not on every call.
USE_STAMP_EVERY = timedelta(minutes=1)


def bearer_token() -> str:
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" else ""


def authenticate():
    """The blueprint's before-request hook: a response refuses, None lets through."""
    if request.endpoint is None or request.method == "OPTIONS":
        return None
    rule = getattr(current_app.view_functions.get(request.endpoint), "access_rule", None)
    if rule is None or rule.kind != "api":
        return None
    database = db_session()
    sent = bearer_token()
    token, caller = caller_for(database, sent)
    if caller is None:
        return problem(
            401,
            None
            if not sent
            else "This token is not valid: it is mistyped, cut short, or "
            "was revoked. Ask the owner for a new one (Integrations → API tokens).",
            headers={"WWW-Authenticate": 'Bearer realm="candor"'},
        )
    limit = current_app.config["CANDOR_API_RATE_LIMIT"]  # per minute (platform.config)
    key = str(token.id)
    used = throttle.hits(database, RATE_SCOPE, key, RATE_WINDOW)
    if used >= limit:
        database.rollback()
        return problem(429, headers={"Retry-After": "60", **rate_headers(limit, 0)})
    throttle.record(database, RATE_SCOPE, key, RATE_WINDOW)
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at > USE_STAMP_EVERY:
        token.last_used_at = now
    database.commit()  # the hit counts even if the call then fails
    g.api_caller = caller
    g.api_rate = rate_headers(limit, limit - used - 1)
    if not caller.may(rule.scope):
        return problem(403)
    return None


def rate_headers(limit: int, remaining: int) -> dict:
    return {"RateLimit-Limit": str(limit), "RateLimit-Remaining": str(max(0, remaining))}


def caller():
    """Whom the current API request acts as (`services.api_tokens.ApiCaller`)."""
    return g.api_caller


UNREADABLE = (
    "The body is not JSON this API can read: check it is valid JSON, nested at most a few "
    "hundred levels, with numbers of usual size."
)


def readable_body():
    """Before a POST's arguments are read: a body is JSON, and JSON Python can read.

    A body in another type would be silently ignored (answered "field missing"); JSON
    nested a hundred thousand deep, or a number of five thousand digits, makes the
    parser itself fail — both are the client's mistake, said as such, not a 500."""
    if request.method != "POST" or g.get("api_caller") is None:
        return None
    body = request.get_data(cache=True)
    if not body:
        return None
    if not request.is_json:
        return problem(415, "Send the body as JSON, with Content-Type: application/json.")
    try:
        json.loads(body)
    except (ValueError, RecursionError):
        return problem(400, UNREADABLE)
    return None
