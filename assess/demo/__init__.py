"""The demo organization `make run` loads on first start: people, a team of twelve reps
with stories, two closed rounds (scored, reports queued) and one round in progress.

Idempotent: the organization's slug is the marker; loading again changes nothing.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from assess.demo.organization import DEMO_LOGINS, DEMO_SLUG, create_people
from assess.demo.rounds import CLOSED_ROUNDS, DemoRounds
from assess.models import Organization
from assess.services.reports import queue_reports
from assess.services.round_scoring import score_round

__all__ = ["DEMO_LOGINS", "DEMO_SLUG", "load_demo", "load_demo_if_fresh"]


def load_demo(session: Session, secret_key: str) -> list[int]:
    """Create the demo organization and return the ids of reports waiting to be
    rendered (empty when the demo was already there)."""
    if session.scalar(select(Organization.id).where(Organization.slug == DEMO_SLUG)):
        return []
    team, manager = create_people(session)
    builder = DemoRounds(session, secret_key, team, manager)
    closed = [builder.closed_round(*spec) for spec in CLOSED_ROUNDS]
    builder.open_round()
    for assessment_round in closed:
        score_round(session, assessment_round)
    # every closed round gets its reports on first start, the latest first
    return [report for done in reversed(closed) for report in queue_reports(session, done)]


def load_demo_if_fresh(session: Session, secret_key: str) -> bool:
    """Load the demo on a fresh instance (no organization at all); return whether the
    demo organization is there afterwards. Once an organization exists — the demo handed
    over to its real owner, or one made with `flask user create` — a restart must not
    bring the demo, and its public sign-ins, back."""
    if session.scalar(select(Organization.id).limit(1)) is None:
        load_demo(session, secret_key)
    return session.scalar(select(Organization.id).where(Organization.slug == DEMO_SLUG)) is not None
