"""password links and failed logins

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 18:46:54.996805
"""

import sqlalchemy as sa
from alembic import op

import assess.models.base

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "failed_logins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("ip_address", sa.String(length=45), nullable=False),
        sa.Column("attempted_at", assess.models.base.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_failed_logins")),
    )
    with op.batch_alter_table("failed_logins", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_failed_logins_attempted_at"), ["attempted_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_failed_logins_email"), ["email"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_failed_logins_ip_address"), ["ip_address"], unique=False
        )

    op.create_table(
        "password_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=10), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("expires_at", assess.models.base.UTCDateTime(), nullable=False),
        sa.Column("used_at", assess.models.base.UTCDateTime(), nullable=True),
        sa.Column("created_at", assess.models.base.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "purpose IN ('reset', 'welcome')", name=op.f("ck_password_links_purpose")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_password_links_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_password_links")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_password_links_token_hash")),
    )
    with op.batch_alter_table("password_links", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_password_links_user_id"), ["user_id"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("password_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_password_links_user_id"))

    op.drop_table("password_links")
    with op.batch_alter_table("failed_logins", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_failed_logins_ip_address"))
        batch_op.drop_index(batch_op.f("ix_failed_logins_email"))
        batch_op.drop_index(batch_op.f("ix_failed_logins_attempted_at"))

    op.drop_table("failed_logins")
