"""Flask blueprints. Each feature's routes, forms and templates sit together."""

from flask import Flask

from assess.web import home


def register_blueprints(app: Flask) -> None:
    app.register_blueprint(home.blueprint)
