"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-23 18:38:24.495648
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import assess.models.base

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "bank_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bank_key", sa.String(length=80), nullable=False),
        sa.Column("version", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column(
            "content",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("created_at", assess.models.base.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bank_versions")),
        sa.UniqueConstraint("content_hash", name=op.f("uq_bank_versions_content_hash")),
    )
    with op.batch_alter_table("bank_versions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_bank_versions_bank_key"), ["bank_key"], unique=False)

    op.create_table(
        "organizations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("report_tone", sa.String(length=12), nullable=False),
        sa.Column("created_at", assess.models.base.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "report_tone IN ('blunt', 'diplomatic')", name=op.f("ck_organizations_report_tone")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organizations")),
        sa.UniqueConstraint("slug", name=op.f("uq_organizations_slug")),
    )
    op.create_table(
        "outbox_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=True),
        sa.Column("dedupe_key", sa.String(length=200), nullable=True),
        sa.Column("to_address", sa.String(length=254), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("body_text", sa.Text(), nullable=False),
        sa.Column("body_html", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", assess.models.base.UTCDateTime(), nullable=False),
        sa.Column("sent_at", assess.models.base.UTCDateTime(), nullable=True),
        sa.CheckConstraint(
            "status IN ('kept', 'queued', 'sent', 'failed')", name=op.f("ck_outbox_messages_status")
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_outbox_messages_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_messages")),
        sa.UniqueConstraint("dedupe_key", name=op.f("uq_outbox_messages_dedupe_key")),
    )
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_outbox_messages_organization_id"), ["organization_id"], unique=False
        )

    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=12), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("created_at", assess.models.base.UTCDateTime(), nullable=False),
        sa.Column("last_login_at", assess.models.base.UTCDateTime(), nullable=True),
        sa.CheckConstraint("role IN ('owner', 'manager')", name=op.f("ck_users_role")),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_users_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("email", name=op.f("uq_users_email")),
        sa.UniqueConstraint("organization_id", "id", name=op.f("uq_users_organization_id_id")),
    )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_users_organization_id"), ["organization_id"], unique=False
        )

    op.create_table(
        "teams",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("manager_id", sa.Integer(), nullable=True),
        sa.Column("archived_at", assess.models.base.UTCDateTime(), nullable=True),
        sa.Column("created_at", assess.models.base.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id", "manager_id"],
            ["users.organization_id", "users.id"],
            name=op.f("fk_teams_organization_id_manager_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_teams_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_teams")),
        sa.UniqueConstraint("organization_id", "id", name=op.f("uq_teams_organization_id_id")),
        sa.UniqueConstraint("organization_id", "name", name=op.f("uq_teams_organization_id_name")),
    )
    with op.batch_alter_table("teams", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_teams_organization_id"), ["organization_id"], unique=False
        )

    op.create_table(
        "reps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("archived_at", assess.models.base.UTCDateTime(), nullable=True),
        sa.Column("created_at", assess.models.base.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id", "team_id"],
            ["teams.organization_id", "teams.id"],
            name=op.f("fk_reps_organization_id_team_id_teams"),
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_reps_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reps")),
        sa.UniqueConstraint("organization_id", "email", name=op.f("uq_reps_organization_id_email")),
        sa.UniqueConstraint("organization_id", "id", name=op.f("uq_reps_organization_id_id")),
    )
    with op.batch_alter_table("reps", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_reps_organization_id"), ["organization_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_reps_team_id"), ["team_id"], unique=False)

    op.create_table(
        "rounds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("opens_at", assess.models.base.UTCDateTime(), nullable=False),
        sa.Column("closes_at", assess.models.base.UTCDateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("closed_at", assess.models.base.UTCDateTime(), nullable=True),
        sa.Column("created_at", assess.models.base.UTCDateTime(), nullable=False),
        sa.CheckConstraint("status IN ('draft', 'open', 'closed')", name=op.f("ck_rounds_status")),
        sa.CheckConstraint("closes_at > opens_at", name=op.f("ck_rounds_closes_after_opening")),
        sa.ForeignKeyConstraint(
            ["organization_id", "created_by_id"],
            ["users.organization_id", "users.id"],
            name=op.f("fk_rounds_organization_id_created_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["organization_id", "team_id"],
            ["teams.organization_id", "teams.id"],
            name=op.f("fk_rounds_organization_id_team_id_teams"),
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_rounds_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rounds")),
        sa.UniqueConstraint("organization_id", "id", name=op.f("uq_rounds_organization_id_id")),
    )
    with op.batch_alter_table("rounds", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_rounds_organization_id"), ["organization_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_rounds_team_id"), ["team_id"], unique=False)

    op.create_table(
        "reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("rep_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("tone", sa.String(length=12), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("progress", sa.Integer(), nullable=False),
        sa.Column("file_path", sa.String(length=500), nullable=True),
        sa.Column("checksum", sa.String(length=64), nullable=True),
        sa.Column("size_bytes", sa.Integer(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("created_at", assess.models.base.UTCDateTime(), nullable=False),
        sa.Column("started_at", assess.models.base.UTCDateTime(), nullable=True),
        sa.Column("finished_at", assess.models.base.UTCDateTime(), nullable=True),
        sa.CheckConstraint(
            "(kind = 'rep') = (rep_id IS NOT NULL)", name=op.f("ck_reports_rep_matches_kind")
        ),
        sa.CheckConstraint("kind IN ('rep', 'team')", name=op.f("ck_reports_kind")),
        sa.CheckConstraint(
            "status IN ('queued', 'running', 'done', 'failed')", name=op.f("ck_reports_status")
        ),
        sa.CheckConstraint("tone IN ('blunt', 'diplomatic')", name=op.f("ck_reports_tone")),
        sa.CheckConstraint("progress BETWEEN 0 AND 100", name=op.f("ck_reports_progress_range")),
        sa.ForeignKeyConstraint(
            ["organization_id", "rep_id"],
            ["reps.organization_id", "reps.id"],
            name=op.f("fk_reports_organization_id_rep_id_reps"),
        ),
        sa.ForeignKeyConstraint(
            ["organization_id", "round_id"],
            ["rounds.organization_id", "rounds.id"],
            name=op.f("fk_reports_organization_id_round_id_rounds"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_reports_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reports")),
    )
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_reports_organization_id"), ["organization_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_reports_round_id"), ["round_id"], unique=False)

    op.create_table(
        "round_banks",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("bank_version_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["bank_version_id"],
            ["bank_versions.id"],
            name=op.f("fk_round_banks_bank_version_id_bank_versions"),
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["rounds.id"],
            name=op.f("fk_round_banks_round_id_rounds"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("round_id", "bank_version_id", name=op.f("pk_round_banks")),
    )
    op.create_table(
        "score_snapshots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=8), nullable=False),
        sa.Column("rep_id", sa.Integer(), nullable=True),
        sa.Column("scoring_version", sa.String(length=40), nullable=False),
        sa.Column("inputs_digest", sa.String(length=64), nullable=False),
        sa.Column(
            "payload",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("computed_at", assess.models.base.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "(scope = 'rep') = (rep_id IS NOT NULL)",
            name=op.f("ck_score_snapshots_rep_matches_scope"),
        ),
        sa.CheckConstraint("scope IN ('rep', 'team')", name=op.f("ck_score_snapshots_scope")),
        sa.ForeignKeyConstraint(
            ["organization_id", "rep_id"],
            ["reps.organization_id", "reps.id"],
            name=op.f("fk_score_snapshots_organization_id_rep_id_reps"),
        ),
        sa.ForeignKeyConstraint(
            ["organization_id", "round_id"],
            ["rounds.organization_id", "rounds.id"],
            name=op.f("fk_score_snapshots_organization_id_round_id_rounds"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_score_snapshots_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_score_snapshots")),
        sa.UniqueConstraint(
            "round_id", "scope", "rep_id", name=op.f("uq_score_snapshots_round_id_scope_rep_id")
        ),
    )
    with op.batch_alter_table("score_snapshots", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_score_snapshots_organization_id"), ["organization_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_score_snapshots_round_id"), ["round_id"], unique=False)
        batch_op.create_index(
            "uq_score_snapshots_team_per_round",
            ["round_id"],
            unique=True,
            sqlite_where=sa.text("scope = 'team'"),
            postgresql_where=sa.text("scope = 'team'"),
        )

    op.create_table(
        "invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("rep_id", sa.Integer(), nullable=False),
        sa.Column("bank_version_id", sa.Integer(), nullable=False),
        sa.Column("rater_role", sa.String(length=12), nullable=False),
        sa.Column("rater_key", sa.String(length=254), nullable=False),
        sa.Column("rater_name", sa.String(length=200), nullable=True),
        sa.Column("rater_email", sa.String(length=254), nullable=True),
        sa.Column("rater_user_id", sa.Integer(), nullable=True),
        sa.Column("nominated_by_rep", sa.Boolean(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("expires_at", assess.models.base.UTCDateTime(), nullable=False),
        sa.Column("sent_at", assess.models.base.UTCDateTime(), nullable=True),
        sa.Column("last_reminded_at", assess.models.base.UTCDateTime(), nullable=True),
        sa.Column("reminder_count", sa.Integer(), nullable=False),
        sa.Column("revoked_at", assess.models.base.UTCDateTime(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", assess.models.base.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "rater_role IN ('self', 'manager', 'prospect', 'referral', 'customer', 'marketing')",
            name=op.f("ck_invitations_rater_role"),
        ),
        sa.CheckConstraint(
            "status IN ('awaiting_approval', 'pending', 'opened', 'in_progress', 'completed', 'revoked')",
            name=op.f("ck_invitations_status"),
        ),
        sa.ForeignKeyConstraint(
            ["organization_id", "rater_user_id"],
            ["users.organization_id", "users.id"],
            name=op.f("fk_invitations_organization_id_rater_user_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["organization_id", "rep_id"],
            ["reps.organization_id", "reps.id"],
            name=op.f("fk_invitations_organization_id_rep_id_reps"),
        ),
        sa.ForeignKeyConstraint(
            ["organization_id", "round_id"],
            ["rounds.organization_id", "rounds.id"],
            name=op.f("fk_invitations_organization_id_round_id_rounds"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_invitations_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["round_id", "bank_version_id"],
            ["round_banks.round_id", "round_banks.bank_version_id"],
            name=op.f("fk_invitations_round_id_bank_version_id_round_banks"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invitations")),
        sa.UniqueConstraint(
            "organization_id", "id", name=op.f("uq_invitations_organization_id_id")
        ),
        sa.UniqueConstraint(
            "round_id",
            "rep_id",
            "bank_version_id",
            "rater_key",
            name=op.f("uq_invitations_round_id_rep_id_bank_version_id_rater_key"),
        ),
        sa.UniqueConstraint("token_hash", name=op.f("uq_invitations_token_hash")),
    )
    with op.batch_alter_table("invitations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_invitations_organization_id"), ["organization_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_invitations_rep_id"), ["rep_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_invitations_round_id"), ["round_id"], unique=False)

    op.create_table(
        "responses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("invitation_id", sa.Integer(), nullable=False),
        sa.Column("locale", sa.String(length=12), nullable=False),
        sa.Column("current_page", sa.Integer(), nullable=False),
        sa.Column("started_at", assess.models.base.UTCDateTime(), nullable=False),
        sa.Column("updated_at", assess.models.base.UTCDateTime(), nullable=False),
        sa.Column("completed_at", assess.models.base.UTCDateTime(), nullable=True),
        sa.Column("active_seconds", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id", "invitation_id"],
            ["invitations.organization_id", "invitations.id"],
            name=op.f("fk_responses_organization_id_invitation_id_invitations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_responses_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_responses")),
        sa.UniqueConstraint("invitation_id", name=op.f("uq_responses_invitation_id")),
    )
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_responses_organization_id"), ["organization_id"], unique=False
        )

    op.create_table(
        "answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.String(length=80), nullable=False),
        sa.Column(
            "value",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("saved_at", assess.models.base.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["responses.id"],
            name=op.f("fk_answers_response_id_responses"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_answers")),
        sa.UniqueConstraint("response_id", "item_id", name=op.f("uq_answers_response_id_item_id")),
    )


def downgrade() -> None:

    op.drop_table("answers")
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_responses_organization_id"))

    op.drop_table("responses")
    with op.batch_alter_table("invitations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_invitations_round_id"))
        batch_op.drop_index(batch_op.f("ix_invitations_rep_id"))
        batch_op.drop_index(batch_op.f("ix_invitations_organization_id"))

    op.drop_table("invitations")
    with op.batch_alter_table("score_snapshots", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_score_snapshots_team_per_round",
            sqlite_where=sa.text("scope = 'team'"),
            postgresql_where=sa.text("scope = 'team'"),
        )
        batch_op.drop_index(batch_op.f("ix_score_snapshots_round_id"))
        batch_op.drop_index(batch_op.f("ix_score_snapshots_organization_id"))

    op.drop_table("score_snapshots")
    op.drop_table("round_banks")
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reports_round_id"))
        batch_op.drop_index(batch_op.f("ix_reports_organization_id"))

    op.drop_table("reports")
    with op.batch_alter_table("rounds", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rounds_team_id"))
        batch_op.drop_index(batch_op.f("ix_rounds_organization_id"))

    op.drop_table("rounds")
    with op.batch_alter_table("reps", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reps_team_id"))
        batch_op.drop_index(batch_op.f("ix_reps_organization_id"))

    op.drop_table("reps")
    with op.batch_alter_table("teams", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_teams_organization_id"))

    op.drop_table("teams")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_users_organization_id"))

    op.drop_table("users")
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_messages_organization_id"))

    op.drop_table("outbox_messages")
    op.drop_table("organizations")
    with op.batch_alter_table("bank_versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bank_versions_bank_key"))

    op.drop_table("bank_versions")
