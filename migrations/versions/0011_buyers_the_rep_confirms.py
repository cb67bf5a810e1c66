"""buyers the rep confirms: a buyer a manager adds waits for the rep's yes

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 09:00:00

A buyer a manager adds is asked only once the rep confirms they dealt with them
("awaiting_rep"); a buyer the rep says they never dealt with is never asked
("declined_by_rep"). Without that, a manager could add people they control as buyers
and read the one real buyer's answers out of a group of three. Existing invitations
keep their status: links already out stay out.

Downgrading refuses while any invitation is in one of the new states: the older check
would reject those rows, and deciding for the rep is not a schema change's call.
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

OLD = "'awaiting_approval', 'pending', 'opened', 'in_progress', 'completed', 'revoked'"
NEW = (
    "'awaiting_approval', 'awaiting_rep', 'declined_by_rep', 'pending', 'opened', "
    "'in_progress', 'completed', 'revoked'"
)


def _replace_check(statuses: str) -> None:
    with op.batch_alter_table("invitations", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_invitations_status"), type_="check")
        batch_op.create_check_constraint("status", f"status IN ({statuses})")


def upgrade() -> None:
    _replace_check(NEW)


def downgrade() -> None:
    held = op.get_bind().scalar(
        sa.text(
            "SELECT COUNT(*) FROM invitations WHERE status IN ('awaiting_rep', 'declined_by_rep')"
        )
    )
    if held:
        raise RuntimeError(
            f"{held} invitation(s) wait for a rep's confirmation or were declined by the "
            "rep, states revision 0010 does not know. Revoke those invitations first, or "
            "stay at 0011."
        )
    _replace_check(OLD)
