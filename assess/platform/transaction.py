"""Commit, then dispatch what the transaction queued: the one place it happens.

A service that wants work done once its changes are saved (an email delivered, a
report rendered) calls `after_commit(session, task, *args)`: it only records the wish
on the session. The request handler or the job then calls `commit(session)`, which
commits and only then hands the recorded tasks to the queue. So a message is never
sent, nor a report rendered, for a transaction that did not happen, and no handler
writes "commit, then enqueue each thing" by hand (Indico flushes its email queue after
the request's commit the same way).

A plain ``session.commit()`` with wishes recorded would drop them silently; it raises
instead, so the mistake shows in the first test that takes that path. Should queueing
fail after the commit (Redis down), nothing is lost either: the rows the tasks work on
are committed, and the `resume_pending` job re-queues what is still waiting.
"""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from assess.platform.queue import enqueue

PENDING = "candor.after_commit"
DISPATCHING = "candor.dispatching"


class UndispatchedWork(RuntimeError):
    """A session with recorded work was committed without `commit` (a bug)."""


def after_commit(session: Session, task: str, *args) -> None:
    """Run `task(*args)` on the queue once `session`'s transaction commits."""
    wish = (task, *args)
    pending = session.info.setdefault(PENDING, [])
    if wish not in pending:
        pending.append(wish)


def commit(session: Session) -> list:
    """Commit `session`, then queue every task recorded for it; return their results
    (futures), in the order the tasks were recorded."""
    session.info[DISPATCHING] = True
    try:
        session.commit()
    finally:
        session.info.pop(DISPATCHING, None)
    pending = session.info.pop(PENDING, [])
    return [enqueue(task, *args) for task, *args in pending]


@event.listens_for(Session, "before_commit")
def _refuse_a_commit_that_would_drop_work(session: Session) -> None:
    if session.info.get(PENDING) and not session.info.get(DISPATCHING):
        wishes = ", ".join(task for task, *_ in session.info[PENDING])
        raise UndispatchedWork(
            f"work recorded for after the commit ({wishes}) would be lost: commit this "
            "session with assess.platform.transaction.commit"
        )


@event.listens_for(Session, "after_soft_rollback")
def _forget_pending(session: Session, previous: SessionTransaction) -> None:
    """A rolled-back transaction's wishes die with it (a savepoint's do not take the
    enclosing transaction's with them)."""
    if not previous.nested:
        session.info.pop(PENDING, None)
