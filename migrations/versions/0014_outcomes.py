"""outcomes: what each rep sold per period, for "Does it predict here?"

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-29 18:20:56

Whether the assessment predicts who sells can only be checked against the company"s
own figures: quota attainment, win rate, deals won, average deal size, sales-cycle
days, referrals received and accounts lost, one row per rep and period (imported from
a CSV), each linked to the round whose scores preceded the period. A figure not given
is NULL, never 0.

Downgrading drops the table and every imported figure with it.
"""

import sqlalchemy as sa
from alembic import op

import assess.models.base

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "outcomes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("rep_id", sa.Integer(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=True),
        sa.Column("quota_attainment", sa.Float(), nullable=True),
        sa.Column("win_rate", sa.Float(), nullable=True),
        sa.Column("deals_won", sa.Integer(), nullable=True),
        sa.Column("average_deal_size", sa.Float(), nullable=True),
        sa.Column("sales_cycle_days", sa.Float(), nullable=True),
        sa.Column("referrals_received", sa.Integer(), nullable=True),
        sa.Column("accounts_lost", sa.Integer(), nullable=True),
        sa.Column("created_at", assess.models.base.UTCDateTime(), nullable=False),
        sa.Column("updated_at", assess.models.base.UTCDateTime(), nullable=False),
        sa.CheckConstraint("period_end > period_start", name=op.f("ck_outcomes_period_order")),
        sa.ForeignKeyConstraint(
            ["organization_id", "rep_id"],
            ["reps.organization_id", "reps.id"],
            name=op.f("fk_outcomes_organization_id_rep_id_reps"),
        ),
        sa.ForeignKeyConstraint(
            ["organization_id", "round_id"],
            ["rounds.organization_id", "rounds.id"],
            name=op.f("fk_outcomes_organization_id_round_id_rounds"),
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_outcomes_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outcomes")),
        sa.UniqueConstraint(
            "rep_id",
            "period_start",
            "period_end",
            name=op.f("uq_outcomes_rep_id_period_start_period_end"),
        ),
    )
    with op.batch_alter_table("outcomes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_outcomes_organization_id"), ["organization_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_outcomes_round_id"), ["round_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("outcomes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outcomes_round_id"))
        batch_op.drop_index(batch_op.f("ix_outcomes_organization_id"))

    op.drop_table("outcomes")
