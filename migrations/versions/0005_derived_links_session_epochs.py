"""derived password links, outbox link references, session epochs

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28 20:05:00

- users.session_epoch: a random value in every session id, replacing a fragment of the
  password hash; rotating it ends every session of the user.
- password_links.token_nonce: the token is derived from it (like invitations), so the
  outbox needs to store no live link.
- outbox_messages.link_ref: which link a stored body stands for. Existing bodies are
  scrubbed: each survey or password link in them is replaced by the placeholder and
  named by link_ref (found by the token's hash). Password links made before this
  revision cannot be derived again; their messages show that the link no longer works.
"""

import hashlib
import re
import secrets

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

PLACEHOLDER = "[candor:link]"
LINK = re.compile(r"https?://[^\s\"'<>]*?/(s|password)/([A-Za-z0-9_-]{20,})")


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("session_epoch", sa.String(length=32), nullable=True))
    with op.batch_alter_table("password_links", schema=None) as batch_op:
        batch_op.add_column(sa.Column("token_nonce", sa.String(length=32), nullable=True))
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("link_ref", sa.String(length=40), nullable=True))

    connection = op.get_bind()
    for (user_id,) in connection.execute(sa.text("SELECT id FROM users")).all():
        connection.execute(
            sa.text("UPDATE users SET session_epoch = :epoch WHERE id = :id"),
            {"epoch": secrets.token_hex(16), "id": user_id},
        )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.alter_column("session_epoch", existing_type=sa.String(length=32), nullable=False)
    scrub_outbox(connection)


def scrub_outbox(connection) -> None:
    """Replace every live link in stored bodies by the placeholder and a link_ref."""
    tables = {"s": "invitations", "password": "password_links"}
    kinds = {"s": "invitation", "password": "password"}
    rows = connection.execute(sa.text("SELECT id, body_text, body_html FROM outbox_messages")).all()
    for message_id, text, html in rows:
        found = LINK.search(text or "") or LINK.search(html or "")
        if found is None:
            continue
        kind, token = found.group(1), found.group(2)
        token_hash = hashlib.sha256(token.encode("utf-8")).hexdigest()
        row_id = connection.execute(
            sa.text(f"SELECT id FROM {tables[kind]} WHERE token_hash = :hash"),  # noqa: S608
            {"hash": token_hash},
        ).scalar()
        connection.execute(
            sa.text(
                "UPDATE outbox_messages SET body_text = :text, body_html = :html, "
                "link_ref = :ref WHERE id = :id"
            ),
            {
                "text": LINK.sub(PLACEHOLDER, text) if text else text,
                "html": LINK.sub(PLACEHOLDER, html) if html else html,
                "ref": f"{kinds[kind]}:{row_id}" if row_id is not None else None,
                "id": message_id,
            },
        )


def downgrade() -> None:
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.drop_column("link_ref")
    with op.batch_alter_table("password_links", schema=None) as batch_op:
        batch_op.drop_column("token_nonce")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("session_epoch")
