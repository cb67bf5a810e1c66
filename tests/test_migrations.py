"""The migrations build exactly the schema the models describe, and run both ways."""

from __future__ import annotations

import json
import os
import sqlite3
from contextlib import closing

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from assess.models import Base
from assess.platform import migrate
from assess.platform.db import Database
from assess.services.respondent_browser import BOUND_TO_NO_BROWSER, opens
from tests.support.postgres import PostgresSchema


def test_migrated_schema_matches_the_models(database_url):
    database = Database(database_url)
    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    database.dispose()
    assert differences == []


def test_migrations_are_at_head(database_url):
    database = Database(database_url)
    assert migrate.is_up_to_date(database)
    database.dispose()


def test_downgrade_to_base_and_upgrade_again(tmp_path):
    database = Database(f"sqlite:///{tmp_path / 'roundtrip.db'}")
    migrate.upgrade(database)
    migrate.downgrade(database, "base")
    assert set(inspect(database.engine).get_table_names()) == {"alembic_version"}
    migrate.upgrade(database)
    tables = set(inspect(database.engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    database.dispose()


def test_a_response_started_before_browser_binding_opens_in_no_browser(tmp_path):
    """0007 left responses started before it unbound, to be bound by whoever saved next;
    0008 binds the unfinished ones to no browser (their respondent moves them by email)."""
    database = Database(f"sqlite:///{tmp_path / 'old.db'}")
    migrate.upgrade(database, "0007")
    database.dispose()
    # The rows alone, as the older version left them (its foreign keys are not the point)
    with closing(sqlite3.connect(tmp_path / "old.db")) as raw, raw:
        for number, completed in ((1, None), (2, "2026-01-03 00:00:00")):
            raw.execute(
                "INSERT INTO responses (id, organization_id, invitation_id, locale, "
                "current_page, started_at, updated_at, completed_at, active_seconds) "
                "VALUES (?, 1, ?, 'en', 1, '2026-01-02 00:00:00', '2026-01-02 00:00:00', ?, 60)",
                (number, number, completed),
            )
    migrate.upgrade(database)
    with database.engine.connect() as connection:
        rows = connection.exec_driver_sql("SELECT id, browser_key_hash FROM responses").all()
        keys = {number: key for number, key in rows}
    assert keys == {1: BOUND_TO_NO_BROWSER, 2: None}
    assert not opens(keys[1], "any browser key at all")
    database.dispose()


@pytest.fixture
def fresh_database(tmp_path):
    """An empty database of the kind this half of the suite runs on: a private schema on
    the PostgreSQL server when TEST_DATABASE_URL is set, else a SQLite file."""
    server_url = os.environ.get("TEST_DATABASE_URL")
    if not server_url:
        database = Database(f"sqlite:///{tmp_path / 'fresh.db'}")
        yield database
        database.dispose()
        return
    schema = PostgresSchema(server_url, prefix="candor_mig")
    database = Database(schema.url())
    try:
        yield database
    finally:
        database.dispose()
        schema.drop()


def role_checks(database) -> str:
    """The text of the invitations table's checks on rater_role, as the database holds
    them (a CHECK constraint is not compared by autogenerate)."""
    checks = inspect(database.engine).get_check_constraints("invitations")
    return " ".join(
        check["sqltext"] for check in checks if check["name"].endswith(("rater_role", "org_wide"))
    )


def test_0009_lets_delivery_staff_answer_and_0008_takes_it_back(fresh_database):
    migrate.upgrade(fresh_database, "0008")
    assert "operations" not in role_checks(fresh_database)
    migrate.upgrade(fresh_database)
    checks = role_checks(fresh_database)
    # both checks: the role exists, and it may answer about nobody in particular
    assert checks.count("operations") == 2, checks
    migrate.downgrade(fresh_database, "0008")
    assert "operations" not in role_checks(fresh_database)
    migrate.upgrade(fresh_database)
    assert role_checks(fresh_database).count("operations") == 2


def invite_operations(path) -> None:
    """An organization-wide invitation of someone in delivery, as a row (its foreign
    keys are not the point)."""
    with closing(sqlite3.connect(path)) as raw, raw:
        raw.execute(
            "INSERT INTO invitations (id, organization_id, round_id, rep_id, bank_version_id, "
            "rater_role, rater_key, nominated_by_rep, token_nonce, token_hash, status, "
            "expires_at, reminder_count, created_at) VALUES (1, 1, 1, NULL, 1, 'operations', "
            "'olga@example.com', 0, 'n', 'h', 'pending', '2026-12-31 00:00:00', 0, "
            "'2026-12-01 00:00:00')"
        )


def test_an_operations_invitation_is_refused_before_0009_and_stops_a_downgrade(tmp_path):
    path = tmp_path / "roles.db"
    database = Database(f"sqlite:///{path}")
    migrate.upgrade(database, "0008")
    with pytest.raises(sqlite3.IntegrityError, match="CHECK constraint failed"):
        invite_operations(path)
    # to 0009's successor only: later revisions rebuild the table, which this row's
    # made-up foreign keys would not survive
    migrate.upgrade(database, "0010")
    invite_operations(path)
    with pytest.raises(RuntimeError, match="1 invitation.* 'operations'.* Delete those"):
        migrate.downgrade(database, "0008")
    assert migrate.current_revision(database) == "0010"  # nothing half done
    with closing(sqlite3.connect(path)) as raw, raw:
        raw.execute("DELETE FROM invitations")
    migrate.downgrade(database, "0008")
    database.dispose()


PARENTS = (
    "INSERT INTO organizations (id, name, slug, report_tone, created_at) "
    "VALUES (1, 'Org', 'org', 'blunt', '2026-01-01')",
    "INSERT INTO teams (id, organization_id, name, created_at) VALUES (1, 1, 'T', '2026-01-01')",
    "INSERT INTO rounds (id, organization_id, team_id, name, status, opens_at, closes_at, "
    "created_at) VALUES (1, 1, 1, 'R', 'closed', '2026-01-01', '2026-02-01', '2026-01-01')",
    "INSERT INTO reps (id, organization_id, team_id, name, email, created_at) "
    "VALUES (7, 1, 1, 'Rep', 'rep@example.com', '2026-01-01')",
)


def add_reports(path, *rows: tuple[int, str, int | None]) -> None:
    """Report rows (id, kind, rep_id) of one round, as an older version left them."""
    with closing(sqlite3.connect(path)) as raw, raw:
        for statement in PARENTS:
            raw.execute(statement)
        for number, kind, rep_id in rows:
            raw.execute(
                "INSERT INTO reports (id, organization_id, round_id, rep_id, kind, tone, "
                "status, progress, attempts, created_at) VALUES (?, 1, 1, ?, ?, 'blunt', "
                "'done', 100, 1, '2026-12-01 00:00:00')",
                (number, rep_id, kind),
            )


def readers(path) -> dict[int, str]:
    with closing(sqlite3.connect(path)) as raw:
        return dict(raw.execute("SELECT id, reader FROM reports").fetchall())


def test_0010_makes_earlier_rep_reports_the_reps_copy_and_adds_the_managers(tmp_path):
    """A rep's report rendered before two copies existed is the rep's copy; a team report
    is read by managers; a team report can be nothing else, and a downgrade leaves one
    report per rep."""
    path = tmp_path / "copies.db"
    database = Database(f"sqlite:///{path}")
    migrate.upgrade(database, "0009")
    add_reports(path, (1, "team", None), (2, "rep", 7))
    migrate.upgrade(database)
    assert readers(path) == {1: "manager", 2: "rep"}
    with closing(sqlite3.connect(path)) as raw, raw:
        raw.execute(
            "INSERT INTO reports (id, organization_id, round_id, rep_id, kind, reader, tone, "
            "status, progress, attempts, created_at) VALUES (3, 1, 1, 7, 'rep', 'manager', "
            "'blunt', 'done', 100, 1, '2026-12-01 00:00:00')"
        )
    with (
        pytest.raises(sqlite3.IntegrityError, match="CHECK constraint failed"),
        closing(sqlite3.connect(path)) as raw,
        raw,
    ):
        raw.execute("UPDATE reports SET reader = 'rep' WHERE kind = 'team'")
    migrate.downgrade(database, "0009")
    with closing(sqlite3.connect(path)) as raw:
        assert raw.execute("SELECT id, kind FROM reports ORDER BY id").fetchall() == [
            (1, "team"),
            (2, "rep"),
        ]
    database.dispose()


def test_a_buyer_waiting_for_the_rep_is_refused_before_0011_and_stops_a_downgrade(tmp_path):
    path = tmp_path / "waiting.db"
    database = Database(f"sqlite:///{path}")
    migrate.upgrade(database, "0010")
    waiting = (
        "INSERT INTO invitations (id, organization_id, round_id, rep_id, bank_version_id, "
        "rater_role, rater_key, nominated_by_rep, token_nonce, token_hash, status, "
        "expires_at, reminder_count, created_at) VALUES (1, 1, 1, 7, 1, 'customer', "
        "'cy@example.com', 0, 'n', 'h', 'awaiting_rep', '2026-12-31 00:00:00', 0, "
        "'2026-12-01 00:00:00')"
    )
    with (
        closing(sqlite3.connect(path)) as raw,
        raw,
        pytest.raises(sqlite3.IntegrityError, match="CHECK constraint failed"),
    ):
        raw.execute(waiting)
    migrate.upgrade(database)
    with closing(sqlite3.connect(path)) as raw, raw:
        raw.execute("PRAGMA foreign_keys = OFF")
        raw.execute(waiting)
    with pytest.raises(RuntimeError, match="1 invitation.* rep's confirmation.* Revoke"):
        migrate.downgrade(database, "0010")
    assert migrate.is_up_to_date(database)  # nothing half done
    database.dispose()


def test_0018_summarizes_every_rep_snapshot_issued_before_it(tmp_path):
    """Snapshots issued before summaries existed get theirs from their payload, so the
    validity page reads the same scores and verdicts as before the upgrade."""
    path = tmp_path / "summaries.db"
    database = Database(f"sqlite:///{path}")
    migrate.upgrade(database, "0017")
    payload = (
        '{"verdict": {"verdict": "coach"}, "competencies": [{"id": "listening", '
        '"bank_id": "cs", "name": {"en": "Listening"}, "combined": {"score": 47.5}}]}'
    )
    add_reports(path)  # the organization, team, rep and round the snapshot needs
    with closing(sqlite3.connect(path)) as raw, raw:
        raw.execute(
            "INSERT INTO score_snapshots (id, organization_id, round_id, scope, rep_id, "
            "scoring_version, inputs_digest, payload, computed_at) VALUES "
            "(1, 1, 1, 'rep', 7, 'v', 'd', ?, '2026-12-01 00:00:00')",
            (payload,),
        )
        raw.execute(
            "INSERT INTO score_snapshots (id, organization_id, round_id, scope, rep_id, "
            "scoring_version, inputs_digest, payload, computed_at) VALUES "
            "(2, 1, 1, 'team', NULL, 'v', 'd', '{}', '2026-12-01 00:00:00')"
        )
    migrate.upgrade(database)
    with closing(sqlite3.connect(path)) as raw:
        found = dict(raw.execute("SELECT id, summary FROM score_snapshots").fetchall())
    assert json.loads(found[1]) == {
        "verdict": "coach",
        "competencies": [["cs/listening", "Listening", 47.5]],
    }
    assert found[2] is None
    migrate.downgrade(database, "0017")
    database.dispose()
