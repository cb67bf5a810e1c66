"""Assessment rounds: which banks a team answers, and the invitation links that go out.

A round refers to exact bank versions (`BankVersion`, keyed by content hash), so
editing a bank file later never changes what an old response meant.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assess.core.banks.model import ROLES
from assess.models.base import Base, JSONValue, UTCDateTime, check_in, utcnow
from assess.models.organization import Organization, Rep, Team

ROUND_STATUSES = ("draft", "open", "closed")
RATER_ROLES = ROLES  # who may answer a bank: the banks define the vocabulary
INVITATION_STATUSES = (
    "awaiting_approval",  # a buyer the rep nominated; the manager approves before it goes out
    "awaiting_rep",  # a buyer the manager added; the rep confirms they dealt with them first
    "declined_by_rep",  # the rep says they never dealt with that buyer: never sent
    "pending",
    "opened",
    "in_progress",
    "completed",
    "revoked",
)
#: A link that was sent and not yet answered in full: reminders go to these.
UNFINISHED_STATUSES = ("pending", "opened", "in_progress")
#: A link whose respondent has not saved a single answer yet.
NOT_STARTED_STATUSES = ("pending", "opened")
#: A link that is not out there: waiting for the manager's approval or the rep's
#: confirmation, declined by the rep, or revoked. It is neither emailed nor counted on
#: the board.
NOT_SENT_STATUSES = ("awaiting_approval", "awaiting_rep", "declined_by_rep", "revoked")
#: A buyer waiting for someone's yes before their link goes out.
AWAITING_STATUSES = ("awaiting_approval", "awaiting_rep")


def round_and_rep_keys() -> tuple[ForeignKeyConstraint, ForeignKeyConstraint]:
    """Composite foreign keys keeping a row's round and rep in its own organization.

    For a table with ``organization_id``, ``round_id`` and ``rep_id``: deleting the
    round deletes the row. New constraints on every call, since one belongs to one table.
    """
    return (
        ForeignKeyConstraint(
            ["organization_id", "round_id"],
            ["rounds.organization_id", "rounds.id"],
            ondelete="CASCADE",
        ),
        ForeignKeyConstraint(["organization_id", "rep_id"], ["reps.organization_id", "reps.id"]),
    )


class BankVersion(Base):
    """The normalized content of one bank as it was when a round used it."""

    __tablename__ = "bank_versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    bank_key: Mapped[str] = mapped_column(String(80), index=True)
    version: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200))
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    content: Mapped[dict] = mapped_column(JSONValue)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Round(Base):
    __tablename__ = "rounds"
    __table_args__ = (
        UniqueConstraint("organization_id", "id"),
        ForeignKeyConstraint(["organization_id", "team_id"], ["teams.organization_id", "teams.id"]),
        ForeignKeyConstraint(
            ["organization_id", "created_by_id"], ["users.organization_id", "users.id"]
        ),
        CheckConstraint(check_in("status", ROUND_STATUSES), name="status"),
        CheckConstraint("closes_at > opens_at", name="closes_after_opening"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    team_id: Mapped[int] = mapped_column(Integer, index=True)
    name: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(12), default="draft")
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(Integer)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    banks: Mapped[list[RoundBank]] = relationship(
        back_populates="round", cascade="all, delete-orphan"
    )
    organization: Mapped[Organization] = relationship()
    team: Mapped[Team] = relationship(
        primaryjoin="and_(Round.organization_id == Team.organization_id, Round.team_id == Team.id)",
        foreign_keys=[team_id],
        viewonly=True,
    )


class RoundBank(Base):
    """One bank version a round uses. Invitations point here, so a link can only ever be
    for a bank the round actually includes."""

    __tablename__ = "round_banks"

    round_id: Mapped[int] = mapped_column(
        ForeignKey("rounds.id", ondelete="CASCADE"), primary_key=True
    )
    bank_version_id: Mapped[int] = mapped_column(ForeignKey("bank_versions.id"), primary_key=True)

    round: Mapped[Round] = relationship(back_populates="banks")
    bank_version: Mapped[BankVersion] = relationship()


class Invitation(Base):
    """One link: one rater answering one bank about one rep in one round."""

    __tablename__ = "invitations"
    __table_args__ = (
        UniqueConstraint("organization_id", "id"),
        UniqueConstraint("round_id", "rep_id", "bank_version_id", "rater_key"),
        *round_and_rep_keys(),
        ForeignKeyConstraint(
            ["organization_id", "rater_user_id"], ["users.organization_id", "users.id"]
        ),
        ForeignKeyConstraint(
            ["round_id", "bank_version_id"],
            ["round_banks.round_id", "round_banks.bank_version_id"],
        ),
        # Organization-wide surveys (the alignment survey) are answered by a manager, a
        # marketer or someone in delivery about nobody in particular; everything else
        # is about one rep.
        Index(
            "uq_invitations_org_wide_rater",
            "round_id",
            "bank_version_id",
            "rater_key",
            unique=True,
            sqlite_where=text("rep_id IS NULL"),
            postgresql_where=text("rep_id IS NULL"),
        ),
        CheckConstraint(
            "rep_id IS NOT NULL OR rater_role IN ('manager', 'marketing', 'operations')",
            name="rep_unless_org_wide",
        ),
        CheckConstraint(check_in("rater_role", RATER_ROLES), name="rater_role"),
        CheckConstraint(check_in("status", INVITATION_STATUSES), name="status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    round_id: Mapped[int] = mapped_column(Integer, index=True)
    rep_id: Mapped[int | None] = mapped_column(Integer, index=True)
    bank_version_id: Mapped[int] = mapped_column(Integer)
    rater_role: Mapped[str] = mapped_column(String(12))
    # Who answers: "self", "user:<id>" for a manager, or the lower-cased email of a buyer
    # or marketer. Unique per round, rep and bank, so nobody is invited twice.
    rater_key: Mapped[str] = mapped_column(String(254))
    rater_name: Mapped[str | None] = mapped_column(String(200))
    rater_email: Mapped[str | None] = mapped_column(String(254))
    rater_user_id: Mapped[int | None] = mapped_column(Integer)
    nominated_by_rep: Mapped[bool] = mapped_column(Boolean, default=False)
    # The language the survey and its emails are in: set from the rep or the team (or
    # for this buyer) and changed by the respondent on the landing page. None: a link
    # from before languages, which follows the browser (Accept-Language).
    language: Mapped[str | None] = mapped_column(String(12))
    # The link token is derived as HMAC(SECRET_KEY, nonce) and never stored: the manager
    # can copy a link again and reminders reuse it, while the database alone (nonce +
    # SHA-256 of the token) opens nothing. See assess.services.invitations.
    token_nonce: Mapped[str] = mapped_column(String(32), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    status: Mapped[str] = mapped_column(String(20), default="pending")
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminder_count: Mapped[int] = mapped_column(Integer, default=0)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    bank_version: Mapped[BankVersion] = relationship(
        primaryjoin="Invitation.bank_version_id == BankVersion.id",
        foreign_keys=[bank_version_id],
        viewonly=True,
    )
    rep: Mapped[Rep | None] = relationship(
        primaryjoin="and_(Invitation.organization_id == Rep.organization_id, "
        "Invitation.rep_id == Rep.id)",
        foreign_keys=[rep_id],
        viewonly=True,
    )
    round: Mapped[Round] = relationship(
        primaryjoin="and_(Invitation.organization_id == Round.organization_id, "
        "Invitation.round_id == Round.id)",
        foreign_keys=[round_id],
        viewonly=True,
    )
