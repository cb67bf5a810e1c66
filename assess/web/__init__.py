"""Flask blueprints. Each feature's routes, forms and templates sit together."""

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from assess.core.i18n.formatting import format_minutes
from assess.core.text import grouped, plural
from assess.web import auth, home, manage, survey
from assess.web.api import init_api
from assess.web.converters import init_converters
from assess.web.extensions import init_extensions
from assess.web.forms import StrictRequest
from assess.web.languages import init_languages
from assess.web.protection import init_protection
from assess.web.scoping import check_every_route_declares_access


def counted(count: int, one: str, many: str | None = None) -> str:
    """ "1 row", "3 rows": ``{{ rows|length|counted("row") }}`` in a template."""
    return plural(count, one, many)


def register_blueprints(app: Flask) -> None:
    app.request_class = StrictRequest
    proxies = app.config.get("CANDOR_TRUSTED_PROXIES", 0)
    if proxies:  # the client address and scheme as the proxies in front saw them
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)
    init_converters(app)
    app.add_template_filter(counted, "counted")
    app.add_template_filter(format_minutes, "minutes")
    app.add_template_filter(grouped, "grouped")
    init_extensions(app)
    init_languages(app)
    init_protection(app)
    app.register_blueprint(home.blueprint)
    app.register_blueprint(auth.blueprint)
    app.register_blueprint(manage.blueprint)
    app.register_blueprint(survey.blueprint)
    init_api(app)
    check_every_route_declares_access(app)
