"""Task: queue again whatever work is still waiting.

Work is recorded in the database before it is queued (a message `queued`, a report
`queued`, a round `closed`), so when a job is lost — the queue was down at the commit,
the process stopped, a worker died, the mail server refused — this finds it and queues
it again. It runs when a server starts, every few minutes in the embedded default, and
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


@task(RESUME_TASK)
def resume_pending(app) -> int:
    """Queue every waiting report, unscored closed round and undelivered message;
    return how many jobs were queued."""
    database = db_session()
    work = [(RENDER_TASK, report_id) for report_id in unfinished_reports(database)]
    work += [(SCORE_TASK, round_id) for round_id in unscored_rounds(database)]
    work += [(DELIVER_TASK, message_id) for message_id in waiting_messages(database)]
    database.rollback()  # read only: end the transaction before the jobs run
    for name, row_id in work:
        enqueue(name, row_id)
    return len(work)
