"""Task: one try at delivering one webhook message, and the next try scheduled.

The try is claimed and committed before the request goes out, and its outcome is
committed after, so no transaction waits on a slow receiver. A retry is queued with a
delay (`enqueue_later`) after the outcome is committed; should that timer die with the
process, or Redis refuse the job, the delivery waits in the log with its
`next_attempt_at`, and `resume_pending` queues it again once that has passed.
"""

from __future__ import annotations

import logging

from assess.platform.db import db_session
from assess.platform.queue import QueueUnavailable, enqueue_later, task
from assess.platform.transaction import commit
from assess.services import webhooks

log = logging.getLogger(__name__)


@task(webhooks.DELIVER_TASK)
def deliver_webhook(app, delivery_id: int, attempts_before: int = 0) -> str:
    """Try delivery `delivery_id` if it has had `attempts_before` tries (else this job
    is a duplicate and does nothing); return what became of it."""
    database = db_session()
    claimed = webhooks.claim(database, delivery_id, attempts_before)
    commit(database)
    if claimed is None:
        return "skipped"
    outcome = webhooks.send(claimed, app.config.get("CANDOR_WEBHOOKS_ALLOW_PRIVATE", False))
    retry_seconds = app.config.get("CANDOR_WEBHOOK_RETRY_SECONDS", webhooks.DEFAULT_RETRY_SECONDS)
    delay = webhooks.record(database, claimed, outcome, retry_seconds)
    commit(database)
    if outcome.delivered:
        return "delivered"
    if delay is None:
        return "failed"
    try:
        enqueue_later(webhooks.DELIVER_TASK, delay, delivery_id, claimed.attempts)
    except QueueUnavailable as error:
        log.warning("webhook delivery %s: retry left to resume_pending (%s)", delivery_id, error)
    return "retrying"
