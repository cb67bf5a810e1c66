"""What scoring and rendering produce: score snapshots and report files."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from assess.core.reports.inputs import READERS
from assess.core.validity.summary import snapshot_summary
from assess.models.base import Base, JSONValue, UTCDateTime, check_in, utcnow
from assess.models.organization import REPORT_TONES
from assess.models.rounds import round_and_rep_keys

SNAPSHOT_SCOPES = ("rep", "team")
REPORT_KINDS = ("rep", "team", "pulse")
#: The kinds written about one rep (in a rep's copy and a manager's).
REP_KINDS = ("rep", "pulse")
REPORT_STATUSES = ("queued", "running", "done", "failed")


def default_reader(context) -> str:
    """A team report is read by the owner and managers; a rep report, unless a copy is
    named, is the rep's own."""
    return "manager" if context.get_current_parameters().get("kind") == "team" else "rep"


class ScoreSnapshot(Base):
    """The scoring engine's output for one rep (or the whole team) in a closed round.

    Stored as plain JSON with the scoring version and a digest of its inputs, so a
    report can be re-rendered years later and say exactly what it said the first time.
    """

    __tablename__ = "score_snapshots"
    __table_args__ = (
        UniqueConstraint("round_id", "scope", "rep_id"),
        # NULLs are distinct in unique constraints: one team-level snapshot per round.
        Index(
            "uq_score_snapshots_team_per_round",
            "round_id",
            unique=True,
            sqlite_where=text("scope = 'team'"),
            postgresql_where=text("scope = 'team'"),
        ),
        *round_and_rep_keys(),
        CheckConstraint(check_in("scope", SNAPSHOT_SCOPES), name="scope"),
        CheckConstraint("(scope = 'rep') = (rep_id IS NOT NULL)", name="rep_matches_scope"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    round_id: Mapped[int] = mapped_column(Integer, index=True)
    scope: Mapped[str] = mapped_column(String(8))
    rep_id: Mapped[int | None] = mapped_column(Integer)
    scoring_version: Mapped[str] = mapped_column(String(40))
    inputs_digest: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict] = mapped_column(JSONValue)
    #: A rep snapshot's verdict and combined scores (`core.validity.summary`), made from
    #: `payload` whenever it is written: what the validity analyses read (None: team).
    summary: Mapped[dict | None] = mapped_column(JSONValue, nullable=True)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


@event.listens_for(ScoreSnapshot, "before_insert")
@event.listens_for(ScoreSnapshot, "before_update")
def _summarize(mapper, connection, snapshot: ScoreSnapshot) -> None:
    """Keep `summary` made from the payload as written, whoever writes it."""
    snapshot.summary = snapshot_summary(snapshot.payload) if snapshot.scope == "rep" else None


class Report(Base):
    """A PDF to render or already rendered. The file is moved into place only when
    complete, and `checksum` is the SHA-256 of exactly those bytes.

    A rep has two: `reader` "rep" is their own copy, "manager" the same report with a
    coaching guide for the manager. The team report has one, read by managers. A pulse
    round (a coaching plan's re-measurement) has only its rep's pulse report, in the
    same two copies."""

    __tablename__ = "reports"
    __table_args__ = (
        *round_and_rep_keys(),
        CheckConstraint(check_in("kind", REPORT_KINDS), name="kind"),
        CheckConstraint(check_in("status", REPORT_STATUSES), name="status"),
        CheckConstraint(check_in("tone", REPORT_TONES), name="tone"),
        CheckConstraint("progress BETWEEN 0 AND 100", name="progress_range"),
        CheckConstraint(
            f"({check_in('kind', REP_KINDS)}) = (rep_id IS NOT NULL)",
            name="rep_matches_kind",
        ),
        CheckConstraint(check_in("reader", READERS), name="reader"),
        CheckConstraint(
            f"{check_in('kind', REP_KINDS)} OR reader = 'manager'",
            name="team_for_managers",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    round_id: Mapped[int] = mapped_column(Integer, index=True)
    rep_id: Mapped[int | None] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(8))
    reader: Mapped[str] = mapped_column(String(8), default=default_reader, server_default="rep")
    tone: Mapped[str] = mapped_column(String(12), default="blunt")
    status: Mapped[str] = mapped_column(String(12), default="queued")
    progress: Mapped[int] = mapped_column(Integer, default=0)
    file_path: Mapped[str | None] = mapped_column(String(500))
    checksum: Mapped[str | None] = mapped_column(String(64))
    size_bytes: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
