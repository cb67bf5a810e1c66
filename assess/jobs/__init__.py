"""Background work behind one small interface: `enqueue(task_name, *args)`.

Without REDIS_URL, tasks run on a small thread pool inside the web process, so the
embedded default needs no server. Each task gets its own app context and session and
commits its own transaction.
"""

from __future__ import annotations

from assess.jobs.queue import InProcessQueue, enqueue, get_queue, init_jobs, task

__all__ = ["InProcessQueue", "enqueue", "get_queue", "init_jobs", "task"]
