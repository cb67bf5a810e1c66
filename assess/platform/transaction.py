"""Commit, then dispatch what the transaction queued: the one place it happens.

A service that wants work done once its changes are saved (an email delivered, a
report rendered) calls `after_commit(session, task, *args)`: it only records the wish
on the session. The request handler or the job then calls `commit(session)`, which
commits and only then hands the recorded tasks to the queue. So a message is never
sent, nor a report rendered, for a transaction that did not happen, and no handler
writes "commit, then enqueue each thing" by hand (Indico flushes its email queue after
the request's commit the same way).
"""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.orm import Session

from assess.platform.queue import enqueue

PENDING = "candor.after_commit"


def after_commit(session: Session, task: str, *args) -> None:
    """Run `task(*args)` on the queue once `session`'s transaction commits."""
    wish = (task, *args)
    pending = session.info.setdefault(PENDING, [])
    if wish not in pending:
        pending.append(wish)


def commit(session: Session) -> list:
    """Commit `session`, then queue every task recorded for it; return their results
    (futures), in the order the tasks were recorded."""
    session.commit()
    pending = session.info.pop(PENDING, [])
    return [enqueue(task, *args) for task, *args in pending]


@event.listens_for(Session, "after_rollback")
def _forget_pending(session: Session) -> None:
    """A rolled-back transaction's wishes die with it."""
    session.info.pop(PENDING, None)
