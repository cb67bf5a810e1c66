"""two copies of a rep's report: the rep's own and the manager's

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 10:00:00

reports.reader says whom a report is written for. A rep's report now comes in two
copies, each its own row and file: "rep" (their own, spoken to them) and "manager" (the
same, plus a coaching guide per focus area). Reports rendered before were the only copy
of a rep's report, so they become the rep's copy ("Render again" adds the manager's); a
team report is read by managers.

Downgrading deletes the manager's copies' rows (their files stay on disk, unserved):
the older schema has one report per rep, and those rows would otherwise read as a
second rep's copy.
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("reader", sa.String(length=8), server_default="rep", nullable=False)
        )
    op.execute("UPDATE reports SET reader = 'manager' WHERE kind = 'team'")
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.create_check_constraint("reader", "reader IN ('rep', 'manager')")
        batch_op.create_check_constraint("team_for_managers", "kind = 'rep' OR reader = 'manager'")


def downgrade() -> None:
    op.execute("DELETE FROM reports WHERE kind = 'rep' AND reader = 'manager'")
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_reports_team_for_managers"), type_="check")
        batch_op.drop_constraint(op.f("ck_reports_reader"), type_="check")
        batch_op.drop_column("reader")
