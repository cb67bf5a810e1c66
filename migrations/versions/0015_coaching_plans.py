"""coaching plans: what a manager and a rep agreed to work on, and its pulses

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-29 18:31:55

From a rep's focus areas in a closed round, the manager confirms a plan of one to three
competencies and their actions. Each focus keeps the round's issued combined score and
its standard error as the baseline a pulse is later compared with; three pulses are
scheduled at 30, 60 and 90 days from the confirmation. Plans are the rep's: nothing
cascades from the round.

Downgrading drops the three tables and every plan with them.
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import assess.models.base

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "coaching_plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("rep_id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("confirmed_by", sa.Integer(), nullable=False),
        sa.Column("confirmed_at", assess.models.base.UTCDateTime(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.CheckConstraint("status IN ('active', 'closed')", name=op.f("ck_coaching_plans_status")),
        sa.ForeignKeyConstraint(
            ["organization_id", "confirmed_by"],
            ["users.organization_id", "users.id"],
            name=op.f("fk_coaching_plans_organization_id_confirmed_by_users"),
        ),
        sa.ForeignKeyConstraint(
            ["organization_id", "rep_id"],
            ["reps.organization_id", "reps.id"],
            name=op.f("fk_coaching_plans_organization_id_rep_id_reps"),
        ),
        sa.ForeignKeyConstraint(
            ["organization_id", "round_id"],
            ["rounds.organization_id", "rounds.id"],
            name=op.f("fk_coaching_plans_organization_id_round_id_rounds"),
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_coaching_plans_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coaching_plans")),
        sa.UniqueConstraint(
            "organization_id", "id", name=op.f("uq_coaching_plans_organization_id_id")
        ),
        sa.UniqueConstraint("rep_id", "round_id", name=op.f("uq_coaching_plans_rep_id_round_id")),
    )
    with op.batch_alter_table("coaching_plans", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_coaching_plans_organization_id"), ["organization_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_coaching_plans_rep_id"), ["rep_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_coaching_plans_round_id"), ["round_id"], unique=False)

    op.create_table(
        "plan_focuses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("competency_id", sa.String(length=80), nullable=False),
        sa.Column("bank_id", sa.String(length=80), nullable=False),
        sa.Column("baseline_score", sa.Float(), nullable=False),
        sa.Column("baseline_se", sa.Float(), nullable=True),
        sa.Column(
            "actions",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.CheckConstraint("position BETWEEN 1 AND 3", name=op.f("ck_plan_focuses_position_range")),
        sa.ForeignKeyConstraint(
            ["organization_id", "plan_id"],
            ["coaching_plans.organization_id", "coaching_plans.id"],
            name=op.f("fk_plan_focuses_organization_id_plan_id_coaching_plans"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_plan_focuses_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_focuses")),
        sa.UniqueConstraint(
            "plan_id", "competency_id", name=op.f("uq_plan_focuses_plan_id_competency_id")
        ),
    )
    with op.batch_alter_table("plan_focuses", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_plan_focuses_organization_id"), ["organization_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_plan_focuses_plan_id"), ["plan_id"], unique=False)

    op.create_table(
        "pulses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.CheckConstraint(
            "status IN ('scheduled', 'sent', 'closed')", name=op.f("ck_pulses_status")
        ),
        sa.CheckConstraint("kind IN (30, 60, 90)", name=op.f("ck_pulses_kind")),
        sa.ForeignKeyConstraint(
            ["organization_id", "plan_id"],
            ["coaching_plans.organization_id", "coaching_plans.id"],
            name=op.f("fk_pulses_organization_id_plan_id_coaching_plans"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_pulses_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pulses")),
        sa.UniqueConstraint("plan_id", "kind", name=op.f("uq_pulses_plan_id_kind")),
    )
    with op.batch_alter_table("pulses", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pulses_due_on"), ["due_on"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_pulses_organization_id"), ["organization_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_pulses_plan_id"), ["plan_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("pulses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pulses_plan_id"))
        batch_op.drop_index(batch_op.f("ix_pulses_organization_id"))
        batch_op.drop_index(batch_op.f("ix_pulses_due_on"))

    op.drop_table("pulses")
    with op.batch_alter_table("plan_focuses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_focuses_plan_id"))
        batch_op.drop_index(batch_op.f("ix_plan_focuses_organization_id"))

    op.drop_table("plan_focuses")
    with op.batch_alter_table("coaching_plans", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_coaching_plans_round_id"))
        batch_op.drop_index(batch_op.f("ix_coaching_plans_rep_id"))
        batch_op.drop_index(batch_op.f("ix_coaching_plans_organization_id"))

    op.drop_table("coaching_plans")
