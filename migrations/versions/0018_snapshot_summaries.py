"""snapshot summaries: each rep snapshot's verdict and combined scores beside it

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-03 09:00:00

"Does it predict here?" read every rep's whole snapshot (about 19 KB of JSON each) to
use a few hundred bytes of it; for 10,000 reps the decoding took eight seconds. The row
now also holds `summary` (`assess.core.validity.summary`), made from the payload when it
is written; existing snapshots are summarized here, in batches.

Downgrading drops the column (the payloads hold everything it held).
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from assess.core.validity.summary import snapshot_summary

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
BATCH = 500


def upgrade() -> None:
    with op.batch_alter_table("score_snapshots", schema=None) as batch_op:
        batch_op.add_column(sa.Column("summary", JSON, nullable=True))
    snapshots = sa.table(
        "score_snapshots",
        sa.column("id", sa.Integer),
        sa.column("scope", sa.String),
        sa.column("payload", JSON),
        sa.column("summary", JSON),
    )
    connection = op.get_bind()
    last = 0
    while True:
        rows = connection.execute(
            sa.select(snapshots.c.id, snapshots.c.payload)
            .where(snapshots.c.scope == "rep", snapshots.c.id > last)
            .order_by(snapshots.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            break
        for snapshot_id, payload in rows:
            connection.execute(
                sa.update(snapshots)
                .where(snapshots.c.id == snapshot_id)
                .values(summary=snapshot_summary(payload))
            )
        last = rows[-1][0]


def downgrade() -> None:
    with op.batch_alter_table("score_snapshots", schema=None) as batch_op:
        batch_op.drop_column("summary")
