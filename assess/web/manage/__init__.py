"""The manager's and owner's side: dashboard, people, teams and reps, rounds, outbox."""

from flask import Blueprint

blueprint = Blueprint("manage", __name__, url_prefix="/manage")

# Route modules register themselves on the blueprint.
from assess.web.manage import (  # noqa: E402, F401
    api_tokens,
    banks,
    buyer_import,
    coaching,
    exports,
    fresh_links,
    handover,
    history,
    outcomes,
    readiness,
    reminders,
    rep_import,
    reports,
    round_actions,
    rounds,
    routes,
    sign_on,
    teams,
    validity,
    webhooks,
)

__all__ = ["blueprint"]
