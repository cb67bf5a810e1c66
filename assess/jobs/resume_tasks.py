"""Task: queue again whatever work is still waiting.

Work is recorded in the database before it is queued (a message `queued`, a report
`queued`, a round `closed`, a webhook delivery waiting for its next try), so when a
job is lost — the queue was down at the commit, the process stopped, a worker died,
the mail server refused, a retry's timer died with its process — this finds it and
queues it again. It runs when a server starts, every few minutes in the embedded default, and
from cron with `flask --app app reminders send`. Every task it queues is idempotent.
"""

from __future__ import annotations

from assess.platform.db import db_session
from assess.platform.queue import enqueue, task
from assess.services.outbox import DELIVER_TASK, waiting_messages
from assess.services.reports import (
    RENDER_TASK,
    RESUME_TASK,
    SCORE_TASK,
    unfinished_reports,
    unscored_rounds,
)
from assess.services.webhooks import DELIVER_TASK as WEBHOOK_TASK
from assess.services.webhooks import due_deliveries


@task(RESUME_TASK)
def resume_pending(app) -> int:
    """Queue every waiting report, unscored closed round, undelivered message and
    webhook delivery whose try is due; return how many jobs were queued."""
    database = db_session()
    work = [(RENDER_TASK, report_id) for report_id in unfinished_reports(database)]
    work += [(SCORE_TASK, round_id) for round_id in unscored_rounds(database)]
    work += [(DELIVER_TASK, message_id) for message_id in waiting_messages(database)]
    work += [(WEBHOOK_TASK, *due) for due in due_deliveries(database)]  # (id, tries so far)
    database.rollback()  # read only: end the transaction before the jobs run
    for name, *args in work:
        enqueue(name, *args)
    return len(work)
