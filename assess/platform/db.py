"""Engine and sessions: one `Database` per app, one session per request or job.

SQLite is tuned for many small concurrent writers (WAL, foreign keys, busy timeout, and
`BEGIN IMMEDIATE` so that a transaction takes the write lock up front instead of failing
with "database is locked" when it tries to upgrade a read lock later). PostgreSQL gets a
connect timeout and pre-ping so the app recovers by itself after a server restart.

The rule from indico: operations `flush()`; only the request handler or the job commits,
so one request is one transaction.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress

from flask import Flask, current_app, g
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from assess.platform.config import ConfigError
from assess.platform.sqlite_writers import WriterTurns, lock_path_for

log = logging.getLogger(__name__)

SQLITE_BUSY_TIMEOUT_MS = 30_000
# Execution option marking a connection that only reads: on SQLite it begins DEFERRED and
# so never waits for (or blocks) writers.
READ_ONLY = "candor_read_only"


class Database:
    """An engine and the session factory bound to it."""

    def __init__(self, url: str, **engine_options):
        self.url = make_url(url)
        self.engine = make_engine(url, **engine_options)
        self.sessionmaker = sessionmaker(self.engine, expire_on_commit=False)

    def check_connection(self, wait: float = 0.0) -> None:
        """Prove the database answers, or stop the start with one clear line.

        Tries again for up to ``wait`` seconds first: a gunicorn worker that boots while
        the database restarts (or drops its connections) must not fail to boot, because
        gunicorn then stops every other worker with it.
        """
        deadline = time.monotonic() + wait
        while True:
            try:
                with self.read_connection() as connection:
                    connection.execute(text("SELECT 1"))
                return
            except DBAPIError as error:
                if time.monotonic() < deadline:
                    self.engine.dispose()  # no pooled connection from before the failure
                    time.sleep(min(0.5, max(0.0, deadline - time.monotonic())))
                    continue
                reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
                raise ConfigError(
                    f"DATABASE_URL: cannot connect to "
                    f"{self.url.render_as_string(hide_password=True)} ({reason}) — start the "
                    "database server, fix the URL, or unset DATABASE_URL to use the embedded "
                    "SQLite file."
                ) from None

    @contextmanager
    def read_connection(self):
        """A connection for reading only (see READ_ONLY)."""
        with self.engine.connect() as connection:
            yield connection.execution_options(**{READ_ONLY: True})

    @contextmanager
    def session_scope(self) -> Iterator[Session]:
        """A session for work outside a request (jobs, CLI): commit on success."""
        session = self.sessionmaker()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()


def make_engine(url: str, **options) -> Engine:
    """Create the engine with the per-backend settings described in the module doc."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        connect_args = {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "check_same_thread": False}
        engine = create_engine(url, connect_args=connect_args, **options)
        _tune_sqlite(engine)
        return engine
    connect_args = {"connect_timeout": 5} if parsed.get_backend_name() == "postgresql" else {}
    options.setdefault("pool_pre_ping", True)
    return create_engine(url, connect_args=connect_args, **options)


def _tune_sqlite(engine: Engine) -> None:
    """WAL + foreign keys + busy timeout on every connection; BEGIN IMMEDIATE on write."""

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):
        # Let SQLAlchemy, not the sqlite3 module, decide when a transaction begins.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        # Freed pages are zeroed, so an erased respondent's rows do not linger in the
        # file (some SQLite builds do this by default; this one says so).
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()

    # Writers take turns before BEGIN IMMEDIATE (threads and processes queue instead of
    # sleeping in SQLite's busy handler; see assess.platform.sqlite_writers).
    writers = WriterTurns(lock_path_for(engine.url.database))

    @event.listens_for(engine, "begin")
    def on_begin(connection):
        if connection.get_execution_options().get(READ_ONLY, False):
            connection.exec_driver_sql("BEGIN")
            return
        if writers.acquire(timeout=SQLITE_BUSY_TIMEOUT_MS / 1000):
            connection.info[_WRITER_TURN] = writers
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            _end_writer_turn(connection)
            raise

    event.listen(engine, "commit", _end_writer_turn)
    event.listen(engine, "rollback", _end_writer_turn)


_WRITER_TURN = "candor_writer_turn"


def _end_writer_turn(connection) -> None:
    turn = connection.info.pop(_WRITER_TURN, None)
    if turn is not None:
        turn.release()  # does nothing in a thread that does not hold the turn


def init_app(app: Flask) -> Database:
    """Create the app's Database, check it answers, and close sessions after requests."""
    database = Database(app.config["DATABASE_URL"])
    if app.config.get("CANDOR_CHECK_DATABASE", True):
        database.check_connection(wait=app.config.get("CANDOR_DATABASE_WAIT", 0.0))
    app.extensions["candor.db"] = database
    app.teardown_appcontext(_close_request_session)
    return database


def get_database(app: Flask | None = None) -> Database:
    return (app or current_app).extensions["candor.db"]


def db_session() -> Session:
    """The session of the current request (or app context), created on first use."""
    if "db_session" not in g:
        g.db_session = get_database().sessionmaker()
    return g.db_session


def begin_read_only(session: Session) -> None:
    """Start ``session``'s next transaction as a reader (see READ_ONLY).

    On SQLite a request that only reads then neither waits for nor blocks writers; a
    write must come in a transaction of its own (commit first), which takes the write
    lock up front as usual. Does nothing when a transaction is already under way.
    """
    if not session.in_transaction():
        session.connection(execution_options={READ_ONLY: True})


def _close_request_session(_exception=None) -> None:
    session = g.pop("db_session", None)
    if session is None:
        return
    try:
        session.close()  # rolls back whatever the handler did not commit
    except DBAPIError as error:
        # The connection died after the handler had answered (a database restart): the
        # server has dropped the transaction with it, so there is nothing left to roll
        # back. Throw the connection away instead of turning a finished answer into a 500.
        log.warning("database connection lost while closing the request session: %s", error)
        with suppress(DBAPIError):
            session.invalidate()


#: How often an erasure's checkpoint is tried while readers hold the log, and the pause.
CHECKPOINT_TRIES = 20
CHECKPOINT_PAUSE = 0.1


def scrub_freed_space(session) -> None:
    """After an erasure has committed: on SQLite, copy the write-ahead log into the
    database and truncate it, so the erased rows' old versions leave the -wal file too
    (secure_delete zeroes them in the database file). A reader holding an old snapshot
    keeps the log until it finishes, so the checkpoint is tried again for up to two
    seconds; a reader held open longer than that leaves it to the next checkpoint.
    PostgreSQL reclaims dead rows with autovacuum (docs/anonymity.md)."""
    bind = session.get_bind()
    engine = getattr(bind, "engine", bind)
    if engine.dialect.name != "sqlite" or bind is not engine:
        return  # PostgreSQL; or a session inside an outer transaction: nothing to scrub
    raw = engine.raw_connection()  # no transaction: a checkpoint cannot run inside one
    try:
        cursor = raw.cursor()
        for _attempt in range(CHECKPOINT_TRIES):  # readers finish in milliseconds
            busy, _, _ = cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            if not busy:
                break
            time.sleep(CHECKPOINT_PAUSE)
        cursor.close()
    finally:
        raw.close()
