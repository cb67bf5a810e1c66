"""What reps sold: one row of outcome figures per rep and period, imported from a CSV.

The figures are the company's own (from its CRM), kept beside the assessment so the
owner can check whether the scores go with results here ("Does it predict here?").
Each row names the round that preceded its period: the scores it is compared with.
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
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from assess.models.base import Base, UTCDateTime, utcnow


class Outcome(Base):
    """One rep's figures for one period; a figure not given is NULL, never 0.

    `round_id` is the latest closed round, closed on or before `period_start`, that
    scored the rep (None when there was none yet). Unlike the rows a round owns, an
    outcome is the rep's: the composite keys keep its rep and round in its own
    organization, and nothing cascades from the round.
    """

    __tablename__ = "outcomes"
    __table_args__ = (
        UniqueConstraint("rep_id", "period_start", "period_end"),
        ForeignKeyConstraint(["organization_id", "rep_id"], ["reps.organization_id", "reps.id"]),
        ForeignKeyConstraint(
            ["organization_id", "round_id"], ["rounds.organization_id", "rounds.id"]
        ),
        CheckConstraint("period_end > period_start", name="period_order"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    rep_id: Mapped[int] = mapped_column(Integer)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    round_id: Mapped[int | None] = mapped_column(Integer, index=True)
    #: Percent of quota reached (0–1000).
    quota_attainment: Mapped[float | None] = mapped_column(Float)
    #: Percent of decided deals won (0–100).
    win_rate: Mapped[float | None] = mapped_column(Float)
    deals_won: Mapped[int | None] = mapped_column(Integer)
    #: In the company's currency, whatever it is (never converted).
    average_deal_size: Mapped[float | None] = mapped_column(Float)
    sales_cycle_days: Mapped[float | None] = mapped_column(Float)
    referrals_received: Mapped[int | None] = mapped_column(Integer)
    accounts_lost: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
