"""The demo organization `make run` loads on first start: Field Sales (twelve reps with
stories, two closed rounds scored with their reports queued, one round in progress,
and the pushy rep's coaching plan with two pulses run), Inside Sales (fourteen reps,
two closed rounds), and every rep's win rate after each closed round, for "Does it
predict here?".

Idempotent: the organization's slug is the marker; loading again changes nothing.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from assess.demo.coaching import coach_the_pushy_rep
from assess.demo.inside_sales import INSIDE_SALES
from assess.demo.organization import DEMO_LOGINS, DEMO_SLUG, create_people
from assess.demo.outcomes import save_demo_outcomes
from assess.demo.rounds import CLOSED_ROUNDS, INSIDE_ROUNDS, DemoRounds
from assess.demo.stories import STORIES
from assess.models import Organization, utcnow
from assess.platform.config import DEFAULT_BASE_URL
from assess.platform.mail import MailSettings
from assess.platform.settings import ServiceSettings, email_environment
from assess.services.reports import queue_reports
from assess.services.round_scoring import score_round

__all__ = ["DEMO_LOGINS", "DEMO_SLUG", "demo_settings", "load_demo", "load_demo_if_fresh"]

#: The email templates (the app's `templates/email/`): the pulses' emails are written to
#: the outbox like any other, and kept there, as all the demo's mail is.
EMAIL_TEMPLATES = Path(__file__).resolve().parents[2] / "templates" / "email"


def demo_settings(secret_key: str) -> ServiceSettings:
    """What the services the demo runs need: the instance's secret key (the links) and
    the email templates; no mail server (the demo's mail is never sent anyway)."""
    return ServiceSettings(
        secret_key=secret_key,
        base_url=DEFAULT_BASE_URL,
        mail=MailSettings(smtp_url=None, sender="candor@localhost"),
        reports_dir=Path("reports"),  # the demo renders nothing itself
        emails=email_environment(EMAIL_TEMPLATES),
    )


def load_demo(
    session: Session, secret_key: str, settings: ServiceSettings | None = None
) -> list[int]:
    """Create the demo organization and return the ids of reports waiting to be
    rendered (empty when the demo was already there)."""
    if session.scalar(select(Organization.id).where(Organization.slug == DEMO_SLUG)):
        return []
    settings = settings or demo_settings(secret_key)
    today = utcnow().replace(hour=0, minute=0, second=0, microsecond=0)
    people = create_people(session)
    field_sales = DemoRounds(session, secret_key, people.field_sales, STORIES, today)
    inside_sales = DemoRounds(session, secret_key, people.inside_sales, INSIDE_SALES, today)
    ours = [field_sales.closed_round(spec) for spec in CLOSED_ROUNDS]
    theirs = [inside_sales.closed_round(spec) for spec in INSIDE_ROUNDS]
    field_sales.open_round()
    # in the order they closed: a round's percentiles are read from those closed before
    for assessment_round in sorted([*ours, *theirs], key=lambda done: done.closed_at):
        score_round(session, assessment_round)
    organization_id = people.field_sales.organization_id
    save_demo_outcomes(session, organization_id, list(zip(ours, theirs, strict=True)))
    _, pulse_rounds = coach_the_pushy_rep(session, settings, field_sales, ours[-1])
    # every closed round gets its reports on first start: Field Sales' first (the
    # latest round first), then the pulses', then Inside Sales'
    queued = [*reversed(ours), *pulse_rounds, *reversed(theirs)]
    return [report for done in queued for report in queue_reports(session, done)]


def load_demo_if_fresh(session: Session, secret_key: str) -> bool:
    """Load the demo on a fresh instance (no organization at all); return whether the
    demo organization is there afterwards. Once an organization exists — the demo handed
    over to its real owner, or one made with `flask user create` — a restart must not
    bring the demo, and its public sign-ins, back."""
    if session.scalar(select(Organization.id).limit(1)) is None:
        load_demo(session, secret_key)
    return session.scalar(select(Organization.id).where(Organization.slug == DEMO_SLUG)) is not None
