"""Flask blueprints. Each feature's routes, forms and templates sit together."""

from flask import Flask

from assess.web import auth, home, manage, survey
from assess.web.extensions import init_extensions
from assess.web.protection import init_protection


def register_blueprints(app: Flask) -> None:
    init_extensions(app)
    init_protection(app)
    app.register_blueprint(home.blueprint)
    app.register_blueprint(auth.blueprint)
    app.register_blueprint(manage.blueprint)
    app.register_blueprint(survey.blueprint)
