"""organization-wide invitations

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 18:57:03.991605
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:

    with op.batch_alter_table("invitations", schema=None) as batch_op:
        batch_op.alter_column("rep_id", existing_type=sa.INTEGER(), nullable=True)
        batch_op.create_index(
            "uq_invitations_org_wide_rater",
            ["round_id", "bank_version_id", "rater_key"],
            unique=True,
            sqlite_where=sa.text("rep_id IS NULL"),
            postgresql_where=sa.text("rep_id IS NULL"),
        )
        batch_op.create_check_constraint(
            "rep_unless_org_wide", "rep_id IS NOT NULL OR rater_role IN ('manager', 'marketing')"
        )


def downgrade() -> None:

    with op.batch_alter_table("invitations", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_invitations_rep_unless_org_wide"), type_="check")
        batch_op.drop_index(
            "uq_invitations_org_wide_rater",
            sqlite_where=sa.text("rep_id IS NULL"),
            postgresql_where=sa.text("rep_id IS NULL"),
        )
        batch_op.alter_column("rep_id", existing_type=sa.INTEGER(), nullable=False)
