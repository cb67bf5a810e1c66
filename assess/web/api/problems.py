"""Errors as RFC 9457 problem details: ``application/problem+json`` with a type, a
title, the status and a detail a developer can act on (what, where, how to fix).

Validation problems carry `errors`, one per field, named by its place in the request
(``reps[3].email``), so a sync job can report the exact rows to fix.
"""

from __future__ import annotations

import logging

from flask import Response, json, request
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)

PROBLEM_TYPE = "application/problem+json"
#: The `type` of a request whose fields are wrong; others use "about:blank".
VALIDATION_TYPE = "urn:candor:problem:validation"
#: What each status says when the code gives no detail of its own.
DETAILS = {
    400: "The request is not valid JSON or has a malformed parameter.",
    401: "Send an API token: `Authorization: Bearer cnd_…` (the owner creates one under "
    "Integrations → API tokens).",
    403: "This token's scope does not allow this operation: it needs a write token.",
    404: "No such resource in your organization.",
    405: "This address does not take this method.",
    406: "This resource answers JSON (or a PDF where documented).",
    409: "The resource is not in a state that allows this.",
    413: "The request body is too large.",
    415: "Send the body as application/json.",
    422: "Some fields are not valid: see `errors`.",
    429: "Too many requests for this token: wait for the number of seconds in Retry-After.",
    500: "Something went wrong on our side; the request changed nothing. Retry later.",
    503: "The service is briefly unavailable; retry later.",
}


def problem(status: int, detail: str | None = None, *, errors=None, headers=None) -> Response:
    """A problem-details response."""
    body = {
        "type": VALIDATION_TYPE if errors else "about:blank",
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": detail or DETAILS.get(status, TITLES.get(status, "Error")),
        "instance": request.path,
    }
    if errors:
        body["errors"] = errors
    answer = Response(json.dumps(body), status=status, mimetype=PROBLEM_TYPE)
    for name, value in (headers or {}).items():
        answer.headers[name] = value
    return answer


def field_errors(messages, prefix: str = "") -> list[dict]:
    """marshmallow's nested messages as a flat list of {field, message}."""
    found = []
    if isinstance(messages, dict):
        for key, value in messages.items():
            if isinstance(key, int):
                name = f"{prefix}[{key}]"
            elif key == "_schema":
                name = prefix or "body"
            else:
                name = f"{prefix}.{key}" if prefix else str(key)
            found.extend(field_errors(value, name))
    elif isinstance(messages, list) and all(isinstance(item, str) for item in messages):
        found.extend({"field": prefix or "body", "message": text} for text in messages)
    elif isinstance(messages, list):
        for item in messages:
            found.extend(field_errors(item, prefix))
    else:
        found.append({"field": prefix or "body", "message": str(messages)})
    return found


def from_http_exception(error: HTTPException) -> Response:
    """An abort() or webargs' refusal, as a problem."""
    status = error.code or 500
    data = getattr(error, "data", None) or {}
    if "messages" in data:  # webargs: {location: {field: [messages]}}
        messages = data["messages"]
        flat = []
        for location, fields in messages.items():
            prefix = "" if location in ("json", "json_or_form") else f"{location}:"
            flat.extend(
                {"field": prefix + item["field"], "message": item["message"]}
                for item in field_errors(fields)
            )
        return problem(422, DETAILS[422], errors=flat)
    detail = error.description if data.get("custom") or status in (409,) else None
    headers = {}
    if status == 401:
        headers["WWW-Authenticate"] = 'Bearer realm="candor"'
    return problem(status, detail or DETAILS.get(status), headers=headers)


class ApiError(HTTPException):
    """An API refusal with a detail of its own (`raise ApiError(409, "…")`)."""

    def __init__(self, status: int, detail: str, errors=None):
        super().__init__(description=detail)
        self.code = status
        self.data = {"custom": True}
        self.errors = errors


TITLES = {
    400: "Bad request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    406: "Not acceptable",
    409: "Conflict",
    413: "Content too large",
    415: "Unsupported media type",
    422: "Unprocessable content",
    429: "Too many requests",
    500: "Internal server error",
    503: "Service unavailable",
}
