"""pulse reports: a one-page PDF per pulse, for the rep and for the manager

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-02 09:00:00

A closed pulse round gets no rep or team report: its rep gets a one-page pulse report
(kind "pulse"), in the rep's copy and the manager's, like a rep report.

Downgrading deletes the pulse reports' records (their files stay on disk).
"""

from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def _constraints(kinds: str, per_rep: str) -> None:
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_reports_kind"), type_="check")
        batch_op.drop_constraint(op.f("ck_reports_rep_matches_kind"), type_="check")
        batch_op.drop_constraint(op.f("ck_reports_team_for_managers"), type_="check")
        batch_op.create_check_constraint("kind", f"kind IN ({kinds})")
        batch_op.create_check_constraint(
            "rep_matches_kind", f"(kind IN ({per_rep})) = (rep_id IS NOT NULL)"
        )
        batch_op.create_check_constraint(
            "team_for_managers", f"kind IN ({per_rep}) OR reader = 'manager'"
        )


def upgrade() -> None:
    _constraints("'rep', 'team', 'pulse'", "'rep', 'pulse'")


def downgrade() -> None:
    op.execute("DELETE FROM reports WHERE kind = 'pulse'")
    _constraints("'rep', 'team'", "'rep'")
