"""a started response belongs to the browser that started it

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28 22:40:00

responses.browser_key_hash holds the SHA-256 of a random key kept in a cookie of the
browser that first saved the response; pages of a started response open only with
it, so whoever else holds the link (a manager who handed it over) can neither read
nor change the answers. move_nonce and move_expires_at stand for a one-time link,
emailed to the respondent, that moves the response to another browser. Responses
started before this revision have no key and are bound at their next save.
"""

import sqlalchemy as sa
from alembic import op

from assess.models.base import UTCDateTime

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.add_column(sa.Column("browser_key_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("move_nonce", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("move_expires_at", UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.drop_column("move_expires_at")
        batch_op.drop_column("move_nonce")
        batch_op.drop_column("browser_key_hash")
