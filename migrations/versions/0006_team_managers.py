"""team managers; the team an outbox message is about

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28 20:25:00

A manager sees only the teams they manage: team_managers lists them (a team may have
several). Every team's current manager becomes its first row. outbox_messages.team_id
lets a manager's outbox show only their teams' mail; existing invitation emails get it
from their invitation's round.
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "team_managers",
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id", "team_id"],
            ["teams.organization_id", "teams.id"],
            name=op.f("fk_team_managers_organization_id_team_id_teams"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id", "user_id"],
            ["users.organization_id", "users.id"],
            name=op.f("fk_team_managers_organization_id_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "organization_id", "team_id", "user_id", name=op.f("pk_team_managers")
        ),
    )
    with op.batch_alter_table("team_managers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_team_managers_user_id"), ["user_id"], unique=False)
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("team_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_outbox_messages_team_id"), ["team_id"], unique=False)

    op.execute(
        "INSERT INTO team_managers (organization_id, team_id, user_id) "
        "SELECT organization_id, id, manager_id FROM teams WHERE manager_id IS NOT NULL"
    )
    connection = op.get_bind()
    rows = connection.execute(
        sa.text(
            "SELECT outbox_messages.id, rounds.team_id FROM outbox_messages "
            "JOIN invitations ON outbox_messages.link_ref = 'invitation:' || invitations.id "
            "JOIN rounds ON rounds.id = invitations.round_id"
        )
    ).all()
    for message_id, team_id in rows:
        connection.execute(
            sa.text("UPDATE outbox_messages SET team_id = :team WHERE id = :id"),
            {"team": team_id, "id": message_id},
        )


def downgrade() -> None:
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_messages_team_id"))
        batch_op.drop_column("team_id")
    with op.batch_alter_table("team_managers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_team_managers_user_id"))
    op.drop_table("team_managers")
