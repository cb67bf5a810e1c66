"""Coaching plans: what a manager and a rep agreed to work on after a round, and the
pulses that re-measure it at 30, 60 and 90 days.

A plan is the rep's (like an outcome): it names the closed round whose focus areas it
came from, and each focus keeps the score and standard error that round issued, so a
pulse is compared with the number the rep was shown, never with one scored again.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assess.models.base import Base, JSONValue, UTCDateTime, check_in, utcnow

PLAN_STATUSES = ("active", "closed")
PULSE_STATUSES = ("scheduled", "sent", "closed")
#: Days after the plan's confirmation at which each pulse is due.
PULSE_KINDS = (30, 60, 90)


class CoachingPlan(Base):
    """One rep's plan from one closed round, confirmed by a manager (or the owner).

    One plan per rep and round; confirming a plan from a later round closes the rep's
    earlier active plan, so a rep has one active plan at a time.
    """

    __tablename__ = "coaching_plans"
    __table_args__ = (
        UniqueConstraint("organization_id", "id"),
        UniqueConstraint("rep_id", "round_id"),
        ForeignKeyConstraint(["organization_id", "rep_id"], ["reps.organization_id", "reps.id"]),
        ForeignKeyConstraint(
            ["organization_id", "round_id"], ["rounds.organization_id", "rounds.id"]
        ),
        ForeignKeyConstraint(
            ["organization_id", "confirmed_by"], ["users.organization_id", "users.id"]
        ),
        CheckConstraint(check_in("status", PLAN_STATUSES), name="status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    rep_id: Mapped[int] = mapped_column(Integer, index=True)
    round_id: Mapped[int] = mapped_column(Integer, index=True)
    confirmed_by: Mapped[int] = mapped_column(Integer)
    confirmed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    status: Mapped[str] = mapped_column(String(12), default="active")

    focuses: Mapped[list[PlanFocus]] = relationship(
        primaryjoin="and_(CoachingPlan.organization_id == PlanFocus.organization_id, "
        "CoachingPlan.id == PlanFocus.plan_id)",
        foreign_keys="[PlanFocus.organization_id, PlanFocus.plan_id]",
        order_by="PlanFocus.position",
        viewonly=True,
    )
    pulses: Mapped[list[Pulse]] = relationship(
        primaryjoin="and_(CoachingPlan.organization_id == Pulse.organization_id, "
        "CoachingPlan.id == Pulse.plan_id)",
        foreign_keys="[Pulse.organization_id, Pulse.plan_id]",
        order_by="Pulse.due_on",
        viewonly=True,
    )


def plan_key() -> ForeignKeyConstraint:
    """The composite key keeping a plan's child row in the plan's organization."""
    return ForeignKeyConstraint(
        ["organization_id", "plan_id"],
        ["coaching_plans.organization_id", "coaching_plans.id"],
        ondelete="CASCADE",
    )


class PlanFocus(Base):
    """One competency of a plan, its baseline and the actions agreed for it.

    `baseline_score` and `baseline_se` are the round's issued combined score and its
    standard error (None for a snapshot made before standard errors existed: such a
    baseline gives no verdict on change). `actions` is a list of one to three texts.
    """

    __tablename__ = "plan_focuses"
    __table_args__ = (
        plan_key(),
        UniqueConstraint("plan_id", "competency_id"),
        CheckConstraint("position BETWEEN 1 AND 3", name="position_range"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    plan_id: Mapped[int] = mapped_column(Integer, index=True)
    position: Mapped[int] = mapped_column(Integer)
    competency_id: Mapped[str] = mapped_column(String(80))
    bank_id: Mapped[str] = mapped_column(String(80))
    baseline_score: Mapped[float] = mapped_column(Float)
    baseline_se: Mapped[float | None] = mapped_column(Float)
    actions: Mapped[list] = mapped_column(JSONValue)


class Pulse(Base):
    """A short re-measurement of a plan's competencies, due `kind` days after the plan
    was confirmed.

    When due it is run as a small round of its own (`round_id`, set when it is sent):
    the survey pages, links, reminders and anonymity rules of any round apply. The link
    sits here rather than on `rounds` so that no query over rounds changes shape; a
    query that wants assessment rounds only leaves out the rounds a pulse names
    (`services.pulses.pulse_round_ids`)."""

    __tablename__ = "pulses"
    __table_args__ = (
        plan_key(),
        UniqueConstraint("plan_id", "kind"),
        UniqueConstraint("round_id"),
        ForeignKeyConstraint(
            ["organization_id", "round_id"], ["rounds.organization_id", "rounds.id"]
        ),
        CheckConstraint("kind IN (30, 60, 90)", name="kind"),
        CheckConstraint(check_in("status", PULSE_STATUSES), name="status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    plan_id: Mapped[int] = mapped_column(Integer, index=True)
    kind: Mapped[int] = mapped_column(Integer)
    due_on: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(12), default="scheduled")
    round_id: Mapped[int | None] = mapped_column(Integer)
