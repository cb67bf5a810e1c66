"""`Idempotency-Key` on every POST, ETags on every read, and the one commit of a write.

A POST's view only flushes; its transaction is committed here, after the answer is
made, together with the answer kept under the request's `Idempotency-Key`. So the
work and the kept answer are saved together or not at all: a client that retries
after a timeout gets the first answer again (`Idempotent-Replayed: true`), never a
second round or a second import, and two requests racing with one key cannot both
do the work (the second is refused with 409 and changes nothing).

A key sent again with another request (method, path, body) is refused with 422: it is
a client's mistake that would otherwise silently return the wrong answer.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from flask import Response, g, request
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from assess.models import IdempotentAnswer, utcnow
from assess.platform.db import db_session
from assess.platform.transaction import commit
from assess.web.api.problems import problem

KEY_HEADER = "Idempotency-Key"
KEPT_FOR = timedelta(hours=24)
KEY_LENGTH = 255
REPLAYED_HEADERS = ("Content-Type", "Location")


def fingerprint() -> str:
    """The request's method, path and body, hashed once per request (the check before
    the view and the kept answer after it use the same)."""
    if "api_fingerprint" in g:
        return g.api_fingerprint
    digest = hashlib.sha256()
    for part in (request.method, request.full_path):
        digest.update(part.encode() + b"\0")
    digest.update(request.get_data(cache=True))
    g.api_fingerprint = digest.hexdigest()
    return g.api_fingerprint


def replay_kept_answer():
    """Before a POST: the kept answer for its key, a refusal, or None to go on."""
    caller = g.get("api_caller")
    key = request.headers.get(KEY_HEADER)
    if request.method != "POST" or caller is None or key is None:
        return None
    if not key or len(key) > KEY_LENGTH or not key.isprintable():
        return problem(
            400,
            f"The {KEY_HEADER} header must be 1 to {KEY_LENGTH} printable characters "
            "(a UUID is usual).",
        )
    kept = db_session().scalar(
        select(IdempotentAnswer).where(
            IdempotentAnswer.token_id == caller.token_id,
            IdempotentAnswer.key == key,
            IdempotentAnswer.created_at > utcnow() - KEPT_FOR,
        )
    )
    if kept is None:
        return None
    if kept.fingerprint != fingerprint():
        return problem(
            422,
            f"This {KEY_HEADER} was used for another request in the last 24 hours: use a "
            "new key for a new request, and the same key only to retry the same one.",
        )
    answer = Response(kept.body, status=kept.status_code, headers=kept.headers)
    answer.headers["Idempotent-Replayed"] = "true"
    g.api_replayed = True  # `finish` must not keep it a second time
    return answer


def finish(response: Response) -> Response:
    """After an API view: commit a successful POST (keeping its answer under its key),
    add the rate headers, and make a read conditional on its ETag."""
    for name, value in (g.get("api_rate") or {}).items():
        response.headers[name] = value
    if g.get("api_replayed"):
        return response
    if request.method == "POST" and g.get("api_caller") is not None:
        return commit_write(response)
    if request.method == "GET" and response.status_code == 200 and not response.direct_passthrough:
        response.add_etag(hashlib.sha256(response.get_data()).hexdigest()[:32])
        response.make_conditional(request)
        del response.headers["Date"]  # the server adds its own: one, not two
    return response


def commit_write(response: Response) -> Response:
    database = db_session()
    if response.status_code >= 300:
        database.rollback()
        return response
    key = request.headers.get(KEY_HEADER)
    caller = g.api_caller
    if key:
        database.execute(
            delete(IdempotentAnswer).where(
                IdempotentAnswer.token_id == caller.token_id,
                IdempotentAnswer.created_at <= utcnow() - KEPT_FOR,
            )
        )
        database.add(
            IdempotentAnswer(
                token_id=caller.token_id,
                key=key,
                fingerprint=fingerprint(),
                status_code=response.status_code,
                body=response.get_data(as_text=True),
                headers={h: response.headers[h] for h in REPLAYED_HEADERS if h in response.headers},
            )
        )
    try:
        commit(database)
    except IntegrityError:
        database.rollback()
        return problem(
            409,
            f"Another request with this {KEY_HEADER} was running at the same time and has "
            "done the work; retry with the same key to get its answer."
            if key
            else "Another request changed the same rows at the same time; nothing was "
            "saved. Retry.",
        )
    return response
