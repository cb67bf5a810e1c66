"""The tenant boundary: an organization, its users (owner, managers), teams and reps.

Every tenant-owned table carries `organization_id`, and every reference between two of
them is a composite foreign key on (organization_id, id). That makes a row pointing at
another organization's team, rep or round impossible in the database itself.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    ForeignKeyConstraint,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assess.models.base import Base, UTCDateTime, check_in, utcnow

USER_ROLES = ("owner", "manager")
#: The slug of the demo organization `make run` loads: its mail is never sent, and its
#: owner can hand the instance over to a real organization.
DEMO_SLUG = "demo"


def new_session_epoch() -> str:
    return secrets.token_hex(16)


REPORT_TONES = ("blunt", "diplomatic")


class Organization(Base):
    __tablename__ = "organizations"
    __table_args__ = (CheckConstraint(check_in("report_tone", REPORT_TONES), name="report_tone"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    report_tone: Mapped[str] = mapped_column(String(12), default="blunt")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    users: Mapped[list[User]] = relationship(back_populates="organization")
    teams: Mapped[list[Team]] = relationship(back_populates="organization")


class User(Base):
    """Someone who signs in: the owner or a manager. Reps and raters never do."""

    __tablename__ = "users"
    __table_args__ = (
        UniqueConstraint("organization_id", "id"),
        CheckConstraint(check_in("role", USER_ROLES), name="role"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(12))
    password_hash: Mapped[str] = mapped_column(String(255))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Random; part of every session of this user. A new value ends them all.
    session_epoch: Mapped[str] = mapped_column(String(32), default=new_session_epoch)

    organization: Mapped[Organization] = relationship(back_populates="users")

    # The interface Flask-Login expects, without importing it here.
    is_authenticated = True
    is_anonymous = False

    def get_id(self) -> str:
        """Session identity: the id and the current session epoch (random, no secret
        of the account), so ending the epoch ends every session that holds it."""
        return f"{self.id}:{self.session_epoch}"

    def end_sessions(self) -> None:
        """Sign this user out everywhere (on sign-out and on every password change)."""
        self.session_epoch = new_session_epoch()


class Team(Base):
    __tablename__ = "teams"
    __table_args__ = (
        UniqueConstraint("organization_id", "id"),
        UniqueConstraint("organization_id", "name"),
        ForeignKeyConstraint(
            ["organization_id", "manager_id"], ["users.organization_id", "users.id"]
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    manager_id: Mapped[int | None] = mapped_column(Integer)
    # The language its surveys, emails and rep reports are in unless a rep or a buyer is
    # given another (assess.core.i18n: "en", "es").
    language: Mapped[str] = mapped_column(String(12), default="en", server_default="en")
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    organization: Mapped[Organization] = relationship(back_populates="teams")
    manager: Mapped[User | None] = relationship(
        primaryjoin="and_(Team.organization_id == User.organization_id, "
        "Team.manager_id == User.id)",
        foreign_keys=[manager_id],
    )
    reps: Mapped[list[Rep]] = relationship(
        back_populates="team",
        primaryjoin="and_(Team.organization_id == Rep.organization_id, Team.id == Rep.team_id)",
        foreign_keys="[Rep.team_id]",
    )


class TeamManager(Base):
    """A manager who may see and run a team (a team may have several; the team's
    `manager_id` names the one who answers its manager reviews, always one of them)."""

    __tablename__ = "team_managers"
    __table_args__ = (
        ForeignKeyConstraint(
            ["organization_id", "team_id"],
            ["teams.organization_id", "teams.id"],
            ondelete="CASCADE",
        ),
        ForeignKeyConstraint(
            ["organization_id", "user_id"],
            ["users.organization_id", "users.id"],
            ondelete="CASCADE",
        ),
    )

    organization_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(Integer, primary_key=True, index=True)


class Rep(Base):
    """A sales rep being assessed. Has no login; answers through invitation links."""

    __tablename__ = "reps"
    __table_args__ = (
        UniqueConstraint("organization_id", "id"),
        UniqueConstraint("organization_id", "email"),
        ForeignKeyConstraint(["organization_id", "team_id"], ["teams.organization_id", "teams.id"]),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    team_id: Mapped[int] = mapped_column(Integer, index=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    # The rep's own surveys, emails and coaching report; None: the team's language.
    language: Mapped[str | None] = mapped_column(String(12))
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def reading_language(self) -> str:
        """The language the rep reads: their own, else their team's."""
        return self.language or self.team.language

    team: Mapped[Team] = relationship(
        back_populates="reps",
        primaryjoin="and_(Team.organization_id == Rep.organization_id, Team.id == Rep.team_id)",
        foreign_keys=[team_id],
    )
