"""Flask extensions, created without an app and bound in `init_extensions`."""

from __future__ import annotations

from flask import Flask
from flask_login import LoginManager
from flask_wtf import CSRFProtect

csrf = CSRFProtect()
login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = "Please sign in to see that page."
login_manager.login_message_category = "info"


def init_extensions(app: Flask) -> None:
    csrf.init_app(app)
    login_manager.init_app(app)
