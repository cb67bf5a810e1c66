"""What the OpenAPI document says of every operation beyond its own schemas: its token
scope, and the problems it can answer (all `application/problem+json`).

Every status an operation can answer is documented, so a client generated from the
document (and Schemathesis, which checks it in `make test`) knows them all.
"""

from __future__ import annotations

from flask_smorest import Blueprint

from assess.web.api.problems import PROBLEM_TYPE
from assess.web.api.schemas import Problem

#: Only lends its decorators' documentation to `documented`; never registered.
_doc = Blueprint("api_doc_helpers", __name__)

SECURITY_SCHEME = "token"
IDEMPOTENCY_KEY = {
    "in": "header",
    "name": "Idempotency-Key",
    "required": False,
    "schema": {"type": "string", "minLength": 1, "maxLength": 255},
    "description": "Any unique string (a UUID): a retry with the same key and body returns "
    "the first answer instead of doing the work again; kept 24 hours.",
}


def documented(scope: str, *, found: bool = False, conflict: bool = False):
    """Document the refusals an operation of `scope` can answer (401 always; 403 when
    it needs a write token; 404 when its path names a row; 409 when a state forbids it;
    400, 422 and 429 for every operation)."""
    statuses = {
        400: "The request is malformed (a bad cursor, a bad Idempotency-Key).",
        401: "No valid API token.",
        422: "A field is not valid; `errors` names each one.",
        429: "Too many requests for this token; see Retry-After.",
    }
    if scope == "write":
        statuses[403] = "The token may only read."
        statuses[415] = "The body is not sent as application/json."
    if found:
        statuses[404] = "No such row in the token's organization."
    if conflict:
        statuses[409] = "The resource is not in a state that allows this."

    def decorate(view):
        for status, description in sorted(statuses.items(), reverse=True):
            view = _doc.alt_response(
                status, schema=Problem, description=description, content_type=PROBLEM_TYPE
            )(view)
        manual = view._apidoc.setdefault("manual_doc", {})
        manual["security"] = [{SECURITY_SCHEME: []}]
        if scope == "write":
            manual["parameters"] = [IDEMPOTENCY_KEY]
        return view

    return decorate
