"""The respondent's side of Candor: survey links, paged forms, thanks, nominations."""

from flask import Blueprint

blueprint = Blueprint("survey", __name__, url_prefix="/s")

# Route modules register themselves on the blueprint.
from assess.web.survey import confirm_buyers, moving, nominating, routes  # noqa: E402, F401

__all__ = ["blueprint"]
