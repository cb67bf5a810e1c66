"""held invitations: an owner's invitation of an address another organization uses

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 11:00:00

An address belongs to one organization. Inviting one that another organization uses
used to leave no trace in the inviting organization — no one in the people list, no
welcome email in the outbox — which told the owner who uses Candor elsewhere. Such an
invitation is now kept here and shown like one nobody has taken up yet.

Downgrading drops the table: the held invitations only ever stood for nothing.
"""

import sqlalchemy as sa
from alembic import op

import assess.models.base

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "held_invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("sent_at", assess.models.base.UTCDateTime(), nullable=False),
        sa.Column("created_at", assess.models.base.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_held_invitations_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_held_invitations")),
        sa.UniqueConstraint(
            "organization_id", "email", name=op.f("uq_held_invitations_organization_id_email")
        ),
    )
    with op.batch_alter_table("held_invitations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_held_invitations_organization_id"), ["organization_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("held_invitations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_held_invitations_organization_id"))
    op.drop_table("held_invitations")
