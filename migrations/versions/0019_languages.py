"""languages: a team's language, a rep's own, and each invitation's

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-04 09:00:00

Surveys, emails and rep reports can be in Spanish as well as English. A team has a
language (English for every existing team), a rep may have their own (None: the team's),
and each invitation records the language its survey and emails are in; existing links
keep None and go on following the browser's Accept-Language, as they did.

Downgrading drops the three columns.
"""

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("teams", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("language", sa.String(length=12), server_default="en", nullable=False)
        )
    with op.batch_alter_table("reps", schema=None) as batch_op:
        batch_op.add_column(sa.Column("language", sa.String(length=12), nullable=True))
    with op.batch_alter_table("invitations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("language", sa.String(length=12), nullable=True))


def downgrade() -> None:
    # ALTER TABLE … DROP COLUMN, not a batch copy: on SQLite a copy of `teams` or `reps`
    # would have to drop the table other tables' foreign keys point at
    for table in ("invitations", "reps", "teams"):
        op.drop_column(table, "language")
