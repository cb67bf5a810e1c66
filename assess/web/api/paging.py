"""Cursor pagination: `?limit=` and the opaque `cursor` of the previous page.

A cursor names the last id seen, so a page never repeats or skips a row when rows are
added meanwhile (an offset would). It is opaque on purpose: clients pass it back as
given, and its form can change without breaking them.
"""

from __future__ import annotations

import base64
import binascii

from flask import request, url_for
from sqlalchemy import Select

from assess.platform.db import db_session
from assess.web.api.problems import ApiError

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


def encode_cursor(last_id: int) -> str:
    return base64.urlsafe_b64encode(f"after:{last_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        kind, _, value = text.partition(":")
        if kind != "after" or not value.isdigit() or len(value) > 18:
            raise ValueError(text)
        return int(value)
    except (ValueError, UnicodeDecodeError, binascii.Error):
        raise ApiError(
            400,
            "The cursor is not one this API gave: pass `next_cursor` of the previous page "
            "as it was, or leave it out for the first page.",
            errors=[{"field": "query:cursor", "message": "not a cursor this API gave"}],
        ) from None


def page_of(query: Select, model, args: dict) -> dict:
    """One page of `query` (rows of `model`, in id order) and the cursor of the next."""
    limit = args.get("limit") or DEFAULT_LIMIT
    cursor = args.get("cursor")
    if cursor:
        query = query.where(model.id > decode_cursor(cursor))
    rows = list(db_session().scalars(query.order_by(model.id).limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = encode_cursor(rows[-1].id) if more else None
    return {"data": rows, "next_cursor": next_cursor}


def next_link(next_cursor: str | None) -> dict:
    """The RFC 8288 `Link: <…>; rel="next"` header for a page, if there is a next."""
    if not next_cursor:
        return {}
    arguments = {**request.view_args, **request.args.to_dict(), "cursor": next_cursor}
    return {"Link": f'<{url_for(request.endpoint, **arguments)}>; rel="next"'}
