"""What the domain services need from the configuration, as one plain value.

Services never reach for ``current_app``: the factory builds a `ServiceSettings` once
from the app's configuration, and request handlers, jobs and commands pass it in. The
email templates get a Jinja2 environment of their own (not Flask's), so a job that
sends mail renders exactly what a page would, with no request around it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask import Flask, current_app
from jinja2 import Environment, FileSystemLoader, select_autoescape

from assess.core.i18n import Catalogs, format_date, install
from assess.core.i18n.catalogs import SHIPPED_DIR
from assess.platform.mail import MailSettings

EXTENSION_KEY = "candor.settings"


@dataclass(frozen=True)
class ServiceSettings:
    """Secret key, public address, mail and report folders, the email templates, and the
    fewest reps a correlation of scores with outcomes needs."""

    secret_key: str
    base_url: str
    mail: MailSettings
    reports_dir: Path
    emails: Environment
    #: Fewest reps with a score and an outcome before a correlation is given.
    validity_min_reps: int = 20
    #: The message catalogues: which languages respondents, emails and reports speak.
    catalogs: Catalogs = Catalogs()

    def absolute_url(self, path: str) -> str:
        """A link for an email: the public base address plus `path`."""
        return self.base_url + path


def email_environment(templates_dir: Path) -> Environment:
    """Jinja2 over ``templates/email/`` with Flask's own choices (HTML escaped, an
    absent optional value renders empty), so the mail reads as it did from a page, in
    the language in force (`assess.core.i18n.speaking`)."""
    environment = Environment(
        loader=FileSystemLoader(templates_dir), autoescape=select_autoescape(["html"])
    )
    install(environment)
    environment.filters["long_date"] = format_date  # in the locale in force
    return environment


def init_app(app: Flask) -> ServiceSettings:
    """Build the app's settings from its configuration (once, in the factory)."""
    settings = ServiceSettings(
        secret_key=app.config["SECRET_KEY"],
        base_url=app.config["CANDOR_BASE_URL"],
        mail=MailSettings(
            smtp_url=app.config.get("SMTP_URL"), sender=app.config["CANDOR_MAIL_FROM"]
        ),
        reports_dir=Path(app.config["REPORTS_DIR"]),
        emails=email_environment(Path(app.template_folder) / "email"),
        validity_min_reps=app.config.get("CANDOR_VALIDITY_MIN_REPS", 20),
        catalogs=Catalogs(Path(app.config.get("CANDOR_TRANSLATIONS_DIR") or SHIPPED_DIR)),
    )
    app.extensions[EXTENSION_KEY] = settings
    return settings


def get_settings(app: Flask | None = None) -> ServiceSettings:
    """The settings of `app` (default: the app of the current context)."""
    return (app or current_app).extensions[EXTENSION_KEY]
