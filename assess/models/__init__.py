"""SQLAlchemy models, one module per aggregate. Import from here."""

from assess.models.auth import HeldInvitation, PasswordLink, ThrottleHit
from assess.models.base import Base, utcnow
from assess.models.coaching import (
    PLAN_STATUSES,
    PULSE_KINDS,
    PULSE_STATUSES,
    CoachingPlan,
    PlanFocus,
    Pulse,
)
from assess.models.integrations import (
    DELIVERY_STATUSES,
    TOKEN_SCOPES,
    WEBHOOK_EVENTS,
    ApiToken,
    IdempotentAnswer,
    SsoIdentity,
    SsoSettings,
    WebhookDelivery,
    WebhookEndpoint,
)
from assess.models.organization import (
    DEMO_SLUG,
    REPORT_TONES,
    USER_ROLES,
    Organization,
    Rep,
    Team,
    TeamManager,
    User,
)
from assess.models.outbox import LINK_PLACEHOLDER, OutboxMessage
from assess.models.outcomes import Outcome
from assess.models.responses import Answer, Response
from assess.models.results import Report, ScoreSnapshot
from assess.models.rounds import (
    AWAITING_STATUSES,
    INVITATION_STATUSES,
    NOT_SENT_STATUSES,
    NOT_STARTED_STATUSES,
    RATER_ROLES,
    UNFINISHED_STATUSES,
    BankVersion,
    Invitation,
    Round,
    RoundBank,
)

__all__ = [
    "DELIVERY_STATUSES",
    "TOKEN_SCOPES",
    "WEBHOOK_EVENTS",
    "ApiToken",
    "IdempotentAnswer",
    "SsoIdentity",
    "SsoSettings",
    "WebhookDelivery",
    "WebhookEndpoint",
    "DEMO_SLUG",
    "INVITATION_STATUSES",
    "LINK_PLACEHOLDER",
    "AWAITING_STATUSES",
    "NOT_SENT_STATUSES",
    "NOT_STARTED_STATUSES",
    "UNFINISHED_STATUSES",
    "RATER_ROLES",
    "REPORT_TONES",
    "USER_ROLES",
    "Answer",
    "BankVersion",
    "CoachingPlan",
    "PLAN_STATUSES",
    "PULSE_KINDS",
    "PULSE_STATUSES",
    "PlanFocus",
    "Pulse",
    "HeldInvitation",
    "PasswordLink",
    "Base",
    "Invitation",
    "Organization",
    "OutboxMessage",
    "Outcome",
    "Rep",
    "Report",
    "Response",
    "Round",
    "RoundBank",
    "ScoreSnapshot",
    "Team",
    "TeamManager",
    "ThrottleHit",
    "User",
    "utcnow",
]
