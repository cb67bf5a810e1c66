"""Flask blueprints. Each feature's routes, forms and templates sit together."""

from flask import Flask

from assess.web import auth, home, manage, survey
from assess.web.converters import init_converters
from assess.web.extensions import init_extensions
from assess.web.protection import init_protection
from assess.web.scoping import check_every_route_declares_access


def register_blueprints(app: Flask) -> None:
    init_converters(app)
    init_extensions(app)
    init_protection(app)
    app.register_blueprint(home.blueprint)
    app.register_blueprint(auth.blueprint)
    app.register_blueprint(manage.blueprint)
    app.register_blueprint(survey.blueprint)
    check_every_route_declares_access(app)
