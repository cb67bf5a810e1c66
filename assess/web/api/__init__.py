"""The JSON API, `/api/v1`: what an HRIS, a CRM or a script can do without the pages.

flask-smorest turns the views' marshmallow schemas into the OpenAPI 3.1 document at
`/api/v1/openapi.json` (and its readable form at `/api/v1/docs`), so the document is
made from the code and cannot drift from it. Every request is authenticated by an
API token (`access`), every POST is committed once with its `Idempotency-Key`
(`replay`), reads carry ETags, lists are cursor-paginated (`paging`), and every error
is an RFC 9457 problem (`problems`). Roles and anonymity are the pages' own rules:
the token acts with the owner's view of its organization (`services.access`), and
results come from the issued snapshots as the reports show them.
"""

from __future__ import annotations

import re

from flask import Flask, jsonify, render_template
from flask_smorest import Api
from markupsafe import Markup, escape
from werkzeug.exceptions import HTTPException

from assess.web.api import outcomes, people, results, rounds
from assess.web.api.access import authenticate, readable_body
from assess.web.api.problems import ApiError, from_http_exception, problem
from assess.web.api.replay import finish, replay_kept_answer
from assess.web.api.spec import SECURITY_SCHEME
from assess.web.extensions import csrf
from assess.web.scoping import public

PREFIX = "/api/v1"
API_VERSION = "1.0.0"
BLUEPRINTS = (people.blueprint, rounds.blueprint, results.blueprint, outcomes.blueprint)


class CandorApi(Api):
    """flask-smorest's Api, without its app-wide error handler: the pages keep their
    HTML error pages, and the API's blueprints answer problems of their own (each
    operation documents them; smorest's generic default error would be a lie)."""

    DEFAULT_ERROR_RESPONSE_NAME = None

    def _register_error_handlers(self):
        return None


def handle_error(error: HTTPException):
    if isinstance(error, ApiError):
        return problem(error.code, error.description, errors=error.errors)
    return from_http_exception(error)


for _blueprint in BLUEPRINTS:
    _blueprint.before_request(authenticate)
    _blueprint.before_request(readable_body)
    _blueprint.before_request(replay_kept_answer)
    _blueprint.after_request(finish)
    _blueprint.register_error_handler(HTTPException, handle_error)
    csrf.exempt(_blueprint)


def code_spans(text: str) -> Markup:
    """The document's Markdown `code` spans as <code>, everything else escaped."""
    escaped = str(escape(text or ""))  # the text is escaped first: only <code> is ours
    return Markup(re.sub(r"`([^`]+)`", r"<code>\1</code>", escaped))  # noqa: S704


def init_api(app: Flask) -> None:
    app.config.update(
        API_TITLE="Candor API",
        API_VERSION=API_VERSION,
        OPENAPI_VERSION="3.1.0",
        API_SPEC_OPTIONS={
            "info": {
                "description": "Teams, reps (with a bulk sync by email), rounds, invitation "
                "status, results as the reports show them, and report PDFs. Send "
                "Authorization: Bearer <token>; the owner creates tokens under "
                "Integrations → API tokens.",
            },
            "servers": [{"url": "/"}],
            "security": [{SECURITY_SCHEME: []}],
        },
    )
    api = CandorApi(app)
    api.spec.components.security_scheme(
        SECURITY_SCHEME,
        {"type": "http", "scheme": "bearer", "description": "An API token (cnd_…)."},
    )
    for blueprint in BLUEPRINTS:
        api.register_blueprint(blueprint, url_prefix=PREFIX)
    document = api.spec.to_dict()
    for unused in ("Error", "PaginationMetadata"):  # smorest's own; ours are Problem, cursors
        document.get("components", {}).get("schemas", {}).pop(unused, None)

    @public
    def openapi_json():
        return jsonify(document)

    @public
    def api_docs():
        return render_template("api/docs.html", spec=document, prefix=PREFIX)

    app.add_template_filter(code_spans, "code_spans")
    app.add_url_rule(f"{PREFIX}/openapi.json", "api_openapi", openapi_json)
    app.add_url_rule(f"{PREFIX}/docs", "api_docs", api_docs)


__all__ = ["PREFIX", "init_api", "problem"]
