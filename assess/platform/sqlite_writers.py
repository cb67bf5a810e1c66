"""Whose turn it is to write to a SQLite file: threads and processes queue, not poll.

SQLite lets one writer at a time in and makes the others wait in its busy handler, which
polls with growing sleeps (up to 100 ms). Under many concurrent writers most of them
sleep straight through the moment the lock is released: throughput falls, and the
unluckiest request waits seconds while the database sits idle. So writers take turns
here before ``BEGIN IMMEDIATE``:

- the threads of one process wait on a reentrant lock (woken the moment it is free);
- the processes sharing the file (gunicorn workers, the CLI, a job) then take an
  ``flock`` on a lock file beside the database, polled every millisecond at most, so
  the hand-over between processes costs about a millisecond instead of up to 100.

Nothing here is needed for correctness — SQLite still arbitrates, and a writer that
cannot get its turn within the timeout goes ahead and lets SQLite's busy timeout decide.
A process that dies holding the file lock loses it with its file descriptors.
"""

from __future__ import annotations

import os
import threading
import time
from contextlib import suppress

try:
    import fcntl
except ImportError:  # not on POSIX: threads still queue, processes fall back to SQLite
    fcntl = None

#: Longest sleep between two tries for another process's lock (seconds).
MAX_POLL_SLEEP = 0.001


class WriterTurns:
    """One writer at a time per database file, across the threads and processes using it.

    ``acquire`` is reentrant for the thread holding the turn; ``release`` from a thread
    that does not hold it does nothing.
    """

    def __init__(self, lock_path: str | None):
        self.lock_path = lock_path
        self.threads = threading.RLock()
        self.owner: int | None = None
        self.depth = 0
        self._file: int | None = None
        self._file_pid: int | None = None

    def acquire(self, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds for the turn; True when it is held."""
        deadline = time.monotonic() + timeout
        if not self.threads.acquire(timeout=timeout):
            return False
        if self.depth == 0 and not self._lock_file(deadline):
            self.threads.release()
            return False
        self.owner = threading.get_ident()
        self.depth += 1
        return True

    def release(self) -> None:
        if self.owner != threading.get_ident() or self.depth == 0:
            return
        self.depth -= 1
        if self.depth == 0:
            self.owner = None
            self._unlock_file()
        self.threads.release()

    # -- the file lock (processes) --------------------------------------------------------

    def _descriptor(self) -> int | None:
        """This process's descriptor of the lock file (a forked child opens its own: a
        lock taken through the parent's would be shared with the parent)."""
        if fcntl is None or self.lock_path is None:
            return None
        if self._file is None or self._file_pid != os.getpid():
            try:
                self._file = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o600)
            except OSError:
                self.lock_path = None  # an unwritable folder: let SQLite arbitrate
                return None
            self._file_pid = os.getpid()
        return self._file

    def _lock_file(self, deadline: float) -> bool:
        descriptor = self._descriptor()
        if descriptor is None:
            return True
        pause = 0.0001
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return True
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    return False
                time.sleep(pause)
                pause = min(pause * 2, MAX_POLL_SLEEP)
            except OSError:
                return True  # a filesystem without flock: SQLite arbitrates alone

    def _unlock_file(self) -> None:
        if self._file is not None and self._file_pid == os.getpid():
            with suppress(OSError):
                fcntl.flock(self._file, fcntl.LOCK_UN)


def lock_path_for(database: str | None) -> str | None:
    """The lock file beside a SQLite database file; None for an in-memory database."""
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return f"{database}-writers.lock"
