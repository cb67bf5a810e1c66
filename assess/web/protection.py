"""Security headers on every answer, and friendly pages instead of stack traces."""

from __future__ import annotations

import logging

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError

from assess.platform.queue import QueueUnavailable
from assess.web.api.problems import problem
from assess.web.survey.links import speak_as_the_link

API_PREFIX = "/api/"

log = logging.getLogger(__name__)

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=()"


def init_protection(app: Flask) -> None:
    @app.after_request
    def security_headers(response):
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        if request.endpoint != "static":
            # Survey pages hold a respondent's answers and manager pages people's names and
            # scores: a shared or public computer must not keep them (ASVS 8.2.1).
            response.headers.setdefault("Cache-Control", "no-store")
        if app.config.get("SESSION_COOKIE_SECURE"):
            response.headers.setdefault(
                "Strict-Transport-Security", "max-age=31536000; includeSubDomains"
            )
        return response

    def page(template: str, status: int, **context):
        if request.path.startswith(API_PREFIX):  # a program: a problem, not a page
            return problem(status)
        if status in (400, 413):  # a respondent's form refused before its link was read
            speak_as_the_link(request.path)
        return render_template(f"errors/{template}.html", status=status, **context), status

    app.register_error_handler(CSRFError, lambda error: page("csrf", 400))
    app.register_error_handler(403, lambda error: page("generic", 403, title="Not allowed"))
    app.register_error_handler(404, lambda error: page("generic", 404, title="Not found"))
    # an address only a form sends to, opened again (Reload, Back): a page, not a bare 405
    app.register_error_handler(
        405, lambda error: page("generic", 405, title="This address is for a form")
    )
    app.register_error_handler(413, lambda error: page("too_large", 413))

    @app.errorhandler(OperationalError)
    def database_unavailable(error):
        log.warning("database unavailable during %s %s: %s", request.method, request.path, error)
        return page("retry", 503)

    @app.errorhandler(QueueUnavailable)
    def queue_unavailable(error):
        log.warning("job queue unavailable during %s %s: %s", request.method, request.path, error)
        return page("retry", 503)

    @app.errorhandler(500)
    def internal_error(error):
        return page("generic", 500, title="Something went wrong")
