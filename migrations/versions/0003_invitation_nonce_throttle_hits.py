"""invitation token nonce and generic throttle

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 18:52:51.451894
"""

import sqlalchemy as sa
from alembic import op

import assess.models.base

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "throttle_hits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=20), nullable=False),
        sa.Column("key", sa.String(length=254), nullable=False),
        sa.Column("hit_at", assess.models.base.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_throttle_hits")),
    )
    with op.batch_alter_table("throttle_hits", schema=None) as batch_op:
        batch_op.create_index(
            "ix_throttle_hits_scope_key_hit_at", ["scope", "key", "hit_at"], unique=False
        )

    with op.batch_alter_table("failed_logins", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_failed_logins_attempted_at"))
        batch_op.drop_index(batch_op.f("ix_failed_logins_email"))
        batch_op.drop_index(batch_op.f("ix_failed_logins_ip_address"))

    op.drop_table("failed_logins")
    with op.batch_alter_table("invitations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("token_nonce", sa.String(length=32), nullable=False))
        batch_op.create_unique_constraint(batch_op.f("uq_invitations_token_nonce"), ["token_nonce"])


def downgrade() -> None:

    with op.batch_alter_table("invitations", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_invitations_token_nonce"), type_="unique")
        batch_op.drop_column("token_nonce")

    op.create_table(
        "failed_logins",
        sa.Column("id", sa.INTEGER(), nullable=False),
        sa.Column("email", sa.VARCHAR(length=254), nullable=False),
        sa.Column("ip_address", sa.VARCHAR(length=45), nullable=False),
        sa.Column("attempted_at", assess.models.base.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_failed_logins")),
    )
    with op.batch_alter_table("failed_logins", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_failed_logins_ip_address"), ["ip_address"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_failed_logins_email"), ["email"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_failed_logins_attempted_at"), ["attempted_at"], unique=False
        )

    with op.batch_alter_table("throttle_hits", schema=None) as batch_op:
        batch_op.drop_index("ix_throttle_hits_scope_key_hit_at")

    op.drop_table("throttle_hits")
