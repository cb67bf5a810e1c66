"""Webhooks: which endpoints hear of an event, the signed message, and what became of
each try (the delivery log).

An event is written as one `WebhookDelivery` per active endpoint subscribed to it, in
the transaction that made the event happen, and its delivery job is queued only once
that transaction commits (`after_commit`): a launch that rolls back tells nobody, and a
delivery whose job is lost (queue down, restart) stays in the log as waiting, where
`resume_pending` finds it.

Messages follow Standard Webhooks (https://www.standardwebhooks.com): the body is
``{"type", "timestamp", "data"}``, signed with the endpoint's ``whsec_`` secret by the
spec's own package over ``webhook-id.webhook-timestamp.body``. The id stays the same on
every retry, so a receiver can drop a message it has already handled.

A try happens in three steps, so that no transaction stays open while a receiver
takes its time (on SQLite a writing transaction holds the database's write lock):
`claim` — a conditional update that only the job expecting the delivery's current
number of tries wins, so a duplicate job (Celery re-delivering, `resume_pending`
re-queueing) sends nothing, and a delivered message is never sent again; `send`, with
no database at all; and `record`: delivered on a 2xx answer, else another try after
``base · 2^(tries − 1)`` seconds, and failed after `MAX_ATTEMPTS`.
"""

from __future__ import annotations

import base64
import json
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session
from standardwebhooks import Webhook

from assess.models import WEBHOOK_EVENTS, WebhookDelivery, WebhookEndpoint, utcnow
from assess.platform.outbound import OutboundFailed, OutboundRefused, check_destination, post
from assess.platform.transaction import after_commit

DELIVER_TASK = "webhooks.deliver"
#: Sent only by the owner's "Send test event" button, to that one endpoint.
TEST_EVENT = "webhook.test"
#: Tries before a delivery is given up ("failed"): about an hour at the default base.
MAX_ATTEMPTS = 8
DEFAULT_RETRY_SECONDS = 30.0
WAITING = ("pending", "retrying")
#: How long a claimed try may take before `resume_pending` may queue the delivery again
#: (the worker was killed mid-try); a try gives up after about twenty seconds.
IN_FLIGHT = timedelta(minutes=5)
#: How many deliveries an endpoint's log shows.
LOG_LENGTH = 50
DISABLED = "Not sent: the endpoint was disabled before this message could be delivered."


def new_secret() -> str:
    """A signing secret as Standard Webhooks writes it: ``whsec_`` + base64 of 32
    random bytes."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode("ascii")


def new_message_id() -> str:
    return "msg_" + secrets.token_urlsafe(18)


def chosen_events(events: Iterable[str]) -> list[str]:
    """The event types an endpoint subscribes to, in the documented order; empty means
    every event, those added to Candor later included. Raises ValueError naming an
    event type that does not exist."""
    wanted = set(events)
    unknown = sorted(wanted - set(WEBHOOK_EVENTS))
    if unknown:
        raise ValueError(
            f"There is no event {', '.join(unknown)}: choose among {', '.join(WEBHOOK_EVENTS)}."
        )
    return [event for event in WEBHOOK_EVENTS if event in wanted]


def add_endpoint(
    session: Session,
    organization_id: int,
    *,
    url: str,
    description: str,
    events: Iterable[str],
    allow_private: bool,
) -> WebhookEndpoint:
    """A new endpoint with a fresh secret. The URL passes the outbound guard first:
    `OutboundRefused` (or `OutboundFailed`, a host that cannot be found) says why not."""
    check_destination(url, allow_private)
    endpoint = WebhookEndpoint(
        organization_id=organization_id,
        url=url.strip(),
        description=description.strip(),
        secret=new_secret(),
        events=chosen_events(events),
        is_active=True,
    )
    session.add(endpoint)
    session.flush()
    return endpoint


def endpoints(session: Session, organization_id: int) -> list[WebhookEndpoint]:
    return list(
        session.scalars(
            select(WebhookEndpoint)
            .where(WebhookEndpoint.organization_id == organization_id)
            .order_by(WebhookEndpoint.created_at, WebhookEndpoint.id)
        )
    )


def latest_deliveries(session: Session, organization_id: int) -> dict[int, WebhookDelivery]:
    """Each endpoint's newest message, so the list shows at a glance which receivers
    are failing."""
    newest = (
        select(func.max(WebhookDelivery.id))
        .where(WebhookDelivery.organization_id == organization_id)
        .group_by(WebhookDelivery.endpoint_id)
    )
    rows = session.scalars(select(WebhookDelivery).where(WebhookDelivery.id.in_(newest)))
    return {delivery.endpoint_id: delivery for delivery in rows}


def has_endpoints(session: Session, organization_id: int) -> bool:
    """Whether anyone listens: events that take work to describe check this first."""
    active = select(WebhookEndpoint.id).where(
        WebhookEndpoint.organization_id == organization_id, WebhookEndpoint.is_active
    )
    return session.scalar(active.limit(1)) is not None


def subscribed(endpoint: WebhookEndpoint, event_type: str) -> bool:
    return not endpoint.events or event_type in endpoint.events


def message_body(event_type: str, data: dict, now: datetime) -> str:
    """The JSON body every try of a message sends, byte for byte."""
    timestamp = now.isoformat(timespec="milliseconds").replace("+00:00", "Z")
    return json.dumps(
        {"type": event_type, "timestamp": timestamp, "data": data},
        separators=(",", ":"),
        ensure_ascii=False,
    )


def emit(
    session: Session,
    organization_id: int,
    event_type: str,
    data: dict,
    *,
    endpoint_id: int | None = None,
) -> list[WebhookDelivery]:
    """Write a delivery of this event for every active endpoint subscribed to it (only
    `endpoint_id`, whatever it subscribes to, when given) and queue each once the
    caller commits."""
    query = select(WebhookEndpoint).where(
        WebhookEndpoint.organization_id == organization_id, WebhookEndpoint.is_active
    )
    if endpoint_id is not None:
        query = query.where(WebhookEndpoint.id == endpoint_id)
    targets = [
        endpoint
        for endpoint in session.scalars(query.order_by(WebhookEndpoint.id))
        if endpoint_id is not None or subscribed(endpoint, event_type)
    ]
    if not targets:
        return []
    now = utcnow()
    body = message_body(event_type, data, now)
    deliveries = [
        WebhookDelivery(
            organization_id=organization_id,
            endpoint_id=endpoint.id,
            message_id=new_message_id(),
            event_type=event_type,
            payload=body,
            status="pending",
            attempts=0,
            next_attempt_at=now,
        )
        for endpoint in targets
    ]
    session.add_all(deliveries)
    session.flush()
    for delivery in deliveries:
        after_commit(session, DELIVER_TASK, delivery.id)
    return deliveries


def send_test(session: Session, endpoint: WebhookEndpoint) -> WebhookDelivery:
    """Queue a `webhook.test` message to this endpoint alone. Raises ValueError for a
    disabled endpoint (nothing is sent to one)."""
    if not endpoint.is_active:
        raise ValueError("This endpoint is disabled: enable it, then send a test event.")
    data = {
        "endpoint_id": endpoint.id,
        "message": "A test event from Candor. If your code verified its signature, "
        "real events will verify too.",
    }
    (delivery,) = emit(session, endpoint.organization_id, TEST_EVENT, data, endpoint_id=endpoint.id)
    return delivery


def delivery_log(session: Session, endpoint: WebhookEndpoint) -> list[WebhookDelivery]:
    """The endpoint's latest deliveries, newest first."""
    return list(
        session.scalars(
            select(WebhookDelivery)
            .where(
                WebhookDelivery.organization_id == endpoint.organization_id,
                WebhookDelivery.endpoint_id == endpoint.id,
            )
            .order_by(WebhookDelivery.created_at.desc(), WebhookDelivery.id.desc())
            .limit(LOG_LENGTH)
        )
    )


def retry_delay(attempts: int, base: float) -> float:
    """Seconds between try ``attempts`` and the next one: base, 2·base, 4·base …

    >>> [retry_delay(n, 30) for n in range(1, 8)]
    [30, 60, 120, 240, 480, 960, 1920]
    """
    return base * 2 ** (attempts - 1)


def due_deliveries(session: Session, now: datetime | None = None) -> list[tuple[int, int]]:
    """(delivery id, tries so far) of every delivery whose next try is due: never
    tried, waiting for a retry, or claimed by a try that never came back."""
    rows = session.execute(
        select(WebhookDelivery.id, WebhookDelivery.attempts)
        .where(
            WebhookDelivery.status.in_(WAITING),
            WebhookDelivery.next_attempt_at <= (now or utcnow()),
        )
        .order_by(WebhookDelivery.id)
    )
    return [(delivery_id, attempts) for delivery_id, attempts in rows]


@dataclass(frozen=True)
class Claimed:
    """What one try needs, read while claiming it: no database access while sending."""

    delivery_id: int
    attempts: int  # this try included
    message_id: str
    payload: str
    url: str
    secret: str


@dataclass(frozen=True)
class Outcome:
    """What one try came to, for the log: the receiver's status, or why there was none."""

    status_code: int | None
    error: str | None
    delivered: bool
    final: bool = False  # trying again cannot help


def claim(session: Session, delivery_id: int, attempts_before: int) -> Claimed | None:
    """Take the delivery's next try, or None when it is not this job's to take: gone,
    delivered or failed, or already tried since this job was queued (a duplicate)."""
    row = session.execute(
        select(WebhookDelivery, WebhookEndpoint)
        .join(WebhookDelivery.endpoint)
        .where(WebhookDelivery.id == delivery_id)
    ).first()
    if row is None:
        return None
    delivery, endpoint = row
    waiting = (WebhookDelivery.id == delivery_id, WebhookDelivery.status.in_(WAITING))
    if not endpoint.is_active:
        session.execute(
            update(WebhookDelivery)
            .where(*waiting)
            # the reason replaces an earlier try's status code, which it would contradict
            .values(
                status="failed", next_attempt_at=None, last_error=DISABLED, last_status_code=None
            )  # fmt: skip
            .execution_options(synchronize_session=False)
        )
        return None
    taken = session.execute(
        update(WebhookDelivery)
        .where(*waiting, WebhookDelivery.attempts == attempts_before)
        .values(attempts=attempts_before + 1, next_attempt_at=utcnow() + IN_FLIGHT)
        .execution_options(synchronize_session=False)
    )
    if taken.rowcount != 1:
        return None
    return Claimed(
        delivery_id, attempts_before + 1, delivery.message_id, delivery.payload,
        endpoint.url, endpoint.secret,
    )  # fmt: skip


def signed_headers(secret: str, message_id: str, payload: str, now: datetime) -> dict[str, str]:
    """The Standard Webhooks headers of one try (a retry is signed anew, with its time)."""
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(int(now.timestamp())),
        "webhook-signature": Webhook(secret).sign(message_id, now, payload),
        "Content-Type": "application/json",
        "User-Agent": "Candor-Webhooks/1",
    }


def send(claimed: Claimed, allow_private: bool) -> Outcome:
    """One try: check the address again (it is resolved now, and the request goes to
    the address checked), sign, POST, and say what came of it."""
    headers = signed_headers(claimed.secret, claimed.message_id, claimed.payload, utcnow())
    try:
        destination = check_destination(claimed.url, allow_private)
        answer = post(destination, claimed.payload.encode("utf-8"), headers)
    except OutboundRefused as refusal:
        return Outcome(None, f"Not sent: {refusal}", delivered=False, final=True)
    except OutboundFailed as failure:
        return Outcome(None, str(failure), delivered=False)
    code = answer.status_code
    if 200 <= code < 300:
        return Outcome(code, None, delivered=True)
    moved = " (redirects are not followed: give the final URL)" if 300 <= code < 400 else ""
    said = f": {answer.excerpt}" if answer.excerpt else ""
    return Outcome(code, f"Answered {code}{moved}{said}", delivered=False)


def record(
    session: Session, claimed: Claimed, outcome: Outcome, retry_seconds: float
) -> float | None:
    """Write the try's outcome; return the seconds until the next try, or None when
    there is none (delivered, failed, or a later try has taken over meanwhile)."""
    delivery = session.get(
        WebhookDelivery, claimed.delivery_id, with_for_update=True, populate_existing=True
    )
    if delivery is None or delivery.status not in WAITING or delivery.attempts != claimed.attempts:
        return None
    now = utcnow()
    delivery.last_status_code = outcome.status_code
    delivery.last_error = outcome.error[:500] if outcome.error else None
    if outcome.delivered:
        delivery.status, delivery.delivered_at, delivery.next_attempt_at = "delivered", now, None
        return None
    if outcome.final or delivery.attempts >= MAX_ATTEMPTS:
        delivery.status, delivery.next_attempt_at = "failed", None
        return None
    delay = retry_delay(delivery.attempts, retry_seconds)
    delivery.status, delivery.next_attempt_at = "retrying", now + timedelta(seconds=delay)
    return delay
