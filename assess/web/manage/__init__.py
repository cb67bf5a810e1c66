"""The manager's and owner's side: dashboard, people, teams, rounds, outbox."""

from assess.web.manage.routes import blueprint

__all__ = ["blueprint"]
