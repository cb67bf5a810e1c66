"""Flask extensions, created without an app and bound in `init_extensions`."""

from __future__ import annotations

from flask import Flask, current_app, request
from flask_login import LoginManager
from flask_wtf import CSRFProtect

csrf = CSRFProtect()
login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = "Please sign in to see that page."
login_manager.login_message_category = "info"


def accepts_upload(limit: int):
    """Mark a view that takes a file upload larger than the app's request limit."""

    def mark(view):
        view.upload_limit = limit
        return view

    return mark


def raise_upload_limit() -> None:
    """A marked view's larger limit, set before CSRF protection reads the form (it runs
    before the view, so a limit the view set itself came too late: 512 KB applied)."""
    view = current_app.view_functions.get(request.endpoint or "")
    limit = getattr(view, "upload_limit", None)
    if limit is not None:
        request.max_content_length = limit


def init_extensions(app: Flask) -> None:
    app.before_request(raise_upload_limit)  # registered first: before CSRF's check
    csrf.init_app(app)
    login_manager.init_app(app)
