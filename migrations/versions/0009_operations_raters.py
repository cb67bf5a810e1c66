"""operations raters: delivery staff answer the alignment survey

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 09:00:00

The alignment survey gains a third group: the people who produce and deliver what
sales sells (operations, delivery, customer service), invited by name like marketers,
about nobody in particular. Both checks on invitations.rater_role learn the new role.

Downgrading refuses while any invitation has that role: the older checks would reject
those rows, and deleting someone's answers is not a schema change's call.
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

OLD_ROLES = "'self', 'manager', 'prospect', 'referral', 'customer', 'marketing'"
NEW_ROLES = f"{OLD_ROLES}, 'operations'"
OLD_ORG_WIDE = "rep_id IS NOT NULL OR rater_role IN ('manager', 'marketing')"
NEW_ORG_WIDE = "rep_id IS NOT NULL OR rater_role IN ('manager', 'marketing', 'operations')"


def _replace_checks(roles: str, org_wide: str) -> None:
    with op.batch_alter_table("invitations", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_invitations_rater_role"), type_="check")
        batch_op.drop_constraint(op.f("ck_invitations_rep_unless_org_wide"), type_="check")
        batch_op.create_check_constraint("rater_role", f"rater_role IN ({roles})")
        batch_op.create_check_constraint("rep_unless_org_wide", org_wide)


def upgrade() -> None:
    _replace_checks(NEW_ROLES, NEW_ORG_WIDE)


def downgrade() -> None:
    held = op.get_bind().scalar(
        sa.text("SELECT COUNT(*) FROM invitations WHERE rater_role = 'operations'")
    )
    if held:
        raise RuntimeError(
            f"{held} invitation(s) have the rater role 'operations', which revision 0008 "
            "does not know. Delete those invitations (and their answers) first, or stay "
            "at 0009."
        )
    _replace_checks(OLD_ROLES, OLD_ORG_WIDE)
