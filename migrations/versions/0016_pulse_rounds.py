"""pulse rounds: the round a pulse is run as

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-01 09:00:00

A due pulse is sent as a small round of its own (the plan's competencies only, at most
six items per respondent); `pulses.round_id` names it once it is sent, one round per
pulse. The link sits on the pulse, so the rounds table is unchanged.

Downgrading drops the link; the pulse rounds stay as ordinary rounds.
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("pulses", schema=None) as batch_op:
        batch_op.add_column(sa.Column("round_id", sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_pulses_round_id"), ["round_id"])
        batch_op.create_foreign_key(
            batch_op.f("fk_pulses_organization_id_round_id_rounds"),
            "rounds",
            ["organization_id", "round_id"],
            ["organization_id", "id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("pulses", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_pulses_organization_id_round_id_rounds"), type_="foreignkey"
        )
        batch_op.drop_constraint(batch_op.f("uq_pulses_round_id"), type_="unique")
        batch_op.drop_column("round_id")
