"""The respondent's side of Candor: survey links, paged forms, thanks, nominations."""

from assess.web.survey.routes import blueprint

__all__ = ["blueprint"]
