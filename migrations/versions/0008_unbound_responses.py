"""responses started before 0007 open in no browser until their respondent moves them

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-28 23:05:00

0007 left responses started before it without a browser key, to be bound "at their
next save" — by whoever saved next, so a manager holding the link could read the
answers and take the response over. Each such unfinished response now holds a key
hash no browser key has (the text below is not a SHA-256): it opens nowhere until the
respondent moves it with the link emailed to them (see respondent_browser).
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

#: Not a SHA-256 in hex, so no cookie ever matches it (assess.services.respondent_browser).
BOUND_TO_NO_BROWSER = "bound-to-no-browser"


def upgrade() -> None:
    op.execute(
        f"UPDATE responses SET browser_key_hash = '{BOUND_TO_NO_BROWSER}' "  # noqa: S608
        "WHERE browser_key_hash IS NULL AND completed_at IS NULL"
    )


def downgrade() -> None:
    op.execute(
        f"UPDATE responses SET browser_key_hash = NULL "  # noqa: S608
        f"WHERE browser_key_hash = '{BOUND_TO_NO_BROWSER}'"
    )
