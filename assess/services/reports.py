"""A round's reports as records: queue them, fill their plain inputs, tell the owner.

Reports are made from the round's stored score snapshots, never from live answers, so
rendering one again gives the same document. A round is scored when it closes: its
snapshots are then what was issued, and neither "render again" nor an erasure scores
it again — new numbers after an erasure, subtracted from the old ones, would give back
what the erased respondent answered (docs/anonymity.md). A round that was reopened is
scored again when it closes again, from the answers it then holds: the manager was
told its scores and reports would be replaced, and answers given (or erased) while it
was open must count (or not). Operations flush; the caller commits.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from assess.core.banks import Bank
from assess.core.i18n import DEFAULT_LANGUAGE, Catalogs, best_language, format_date
from assess.core.reports.inputs import READERS, ReportInputs
from assess.models import OutboxMessage, Rep, Report, Round, ScoreSnapshot, User, utcnow
from assess.platform.settings import ServiceSettings
from assess.platform.transaction import after_commit
from assess.services.coaching_progress import coaching_inputs
from assess.services.frozen_scores import frozen_rounds, scores_frozen
from assess.services.outbox import compose
from assess.services.round_kinds import pulse_rep_id
from assess.services.round_scoring import previous_round, round_banks, score_round
from assess.services.webhook_events import report_ready

RENDER_TASK = "render_report"
SCORE_TASK = "close_round"
#: Queues again whatever is still waiting after a restart, a crash or a queue outage.
RESUME_TASK = "resume_pending"


def queue_reports(session: Session, assessment_round: Round) -> list[int]:
    """(Re)queue the round's reports: the team's, and two per scored rep — the rep's own
    copy and the manager's, each its own PDF; for a pulse round, the rep's two copies of
    the pulse report (flushes)."""
    tone = assessment_round.organization.report_tone
    rep_ids = session.scalars(
        select(ScoreSnapshot.rep_id).where(
            ScoreSnapshot.round_id == assessment_round.id, ScoreSnapshot.scope == "rep"
        )
    ).all()
    pulse_rep = pulse_rep_id(session, assessment_round.id)
    if pulse_rep is not None:  # a pulse: its own rep's one-page report only
        wanted = [("pulse", pulse_rep, reader) for reader in READERS if pulse_rep in rep_ids]
    else:
        wanted = [("team", None, "manager")] + [
            ("rep", rep_id, reader) for rep_id in rep_ids for reader in READERS
        ]
    existing = {
        (report.kind, report.rep_id, report.reader): report
        for report in session.scalars(select(Report).where(Report.round_id == assessment_round.id))
    }
    reports = []
    for kind, rep_id, reader in wanted:
        report = existing.get((kind, rep_id, reader))
        if report is None:
            report = Report(
                organization_id=assessment_round.organization_id,
                round_id=assessment_round.id,
                kind=kind,
                rep_id=rep_id,
                reader=reader,
            )
            session.add(report)
        report.tone, report.status, report.progress, report.error = tone, "queued", 0, None
        reports.append(report)
    session.flush()
    return [report.id for report in reports]


def is_scored(session: Session, assessment_round: Round) -> bool:
    """Whether the round's score snapshots are stored and were computed at its latest
    closing: a round reopened and closed again still holds the scores of its first
    closing, which its second replaces — unless those scores are frozen
    (`frozen_scores`): then they stand."""
    snapshots = select(ScoreSnapshot.id).where(ScoreSnapshot.round_id == assessment_round.id)
    if session.scalar(snapshots.limit(1)) is None:
        return False
    if assessment_round.closed_at is None or scores_frozen(session, assessment_round):
        return True
    stale = snapshots.where(ScoreSnapshot.computed_at < assessment_round.closed_at)
    return session.scalar(stale.limit(1)) is None


def score_and_render(session: Session, assessment_round: Round) -> list[int]:
    """Score the round unless it was scored at its latest closing already, queue its
    reports and render them after the commit (from the stored snapshots, as issued)."""
    if not is_scored(session, assessment_round):
        score_round(session, assessment_round)
    report_ids = queue_reports(session, assessment_round)
    for report_id in report_ids:
        after_commit(session, RENDER_TASK, report_id)
    return report_ids


def score_after_commit(session: Session, assessment_round: Round) -> None:
    """Once the caller commits, score the closed round if it never was, and render its
    reports again from its snapshots."""
    after_commit(session, SCORE_TASK, assessment_round.id)


def unfinished_reports(session: Session) -> list[int]:
    """Reports left queued or half-rendered (after a restart or a crash)."""
    return list(
        session.scalars(
            select(Report.id).where(Report.status.in_(("queued", "running"))).order_by(Report.id)
        )
    )


def unscored_rounds(session: Session) -> list[int]:
    """Closed rounds that have no reports at all, or only the scores of a closing before
    they were reopened: their scoring never ran (the queue was down when they were
    closed, or the process stopped first)."""
    has_reports = select(Report.id).where(Report.round_id == Round.id).exists()
    stale = (
        select(ScoreSnapshot.id)
        .where(ScoreSnapshot.round_id == Round.id, ScoreSnapshot.computed_at < Round.closed_at)
        .exists()
    )
    return list(
        session.scalars(
            select(Round.id)
            .where(
                Round.status == "closed", ~has_reports | (stale & Round.id.not_in(frozen_rounds()))
            )
            .order_by(Round.id)
        )
    )


def start_rendering(session: Session, report: Report) -> None:
    """Mark `report` as being rendered (the caller commits, so the page shows it)."""
    report.status, report.progress, report.error = "running", 1, None
    report.attempts += 1
    report.started_at = utcnow()


def record_progress(session: Session, report_id: int, progress: int) -> None:
    """Move a running report's progress forward (never back, never to 100 early)."""
    report = session.get(Report, report_id)
    if report is not None and report.status == "running":
        report.progress = max(report.progress, min(99, int(progress)))


def record_rendered(
    session: Session, settings: ServiceSettings, report: Report, path: str, checksum: str, size: int
) -> None:
    """The PDF is written: the report is done, and for a team report every owner is
    told — in the same transaction, so a crash cannot leave it done and untold (and so
    are the webhooks listening for `report.ready`)."""
    report.file_path, report.checksum, report.size_bytes = path, checksum, size
    report.status, report.progress, report.finished_at = "done", 100, utcnow()
    if report.kind == "team":
        notify_owners(session, settings, report)
    report_ready(session, report)


def record_failure(session: Session, report: Report, message: str) -> None:
    """Rendering failed: say why on the report (the round's data is untouched)."""
    report.status, report.error, report.finished_at = "failed", message, utcnow()


def report_language(
    session: Session,
    report: Report,
    banks: Mapping[str, Bank],
    catalogs: Catalogs | None = None,
) -> str:
    """The language a report is written in: the rep's own copy of a rep or pulse report
    in the language the rep reads (`Rep.reading_language`: their own, else their team's);
    the manager's copies and the team report in English.

    Only a language Candor has a catalogue for and every bank of the round is written
    in (else the nearest one, else English): a report is never half in one language.
    """
    if report.kind not in ("rep", "pulse") or (report.reader or "rep") != "rep":
        return DEFAULT_LANGUAGE
    if report.rep_id is None:
        return DEFAULT_LANGUAGE
    rep = session.scalar(
        select(Rep).where(Rep.organization_id == report.organization_id, Rep.id == report.rep_id)
    )
    if rep is None:
        return DEFAULT_LANGUAGE
    offered = [
        code
        for code in (catalogs or Catalogs()).languages()
        if all(code in bank.locales for bank in banks.values())
    ]
    return best_language(rep.reading_language, offered, DEFAULT_LANGUAGE)


def closed_day(moment, language: str) -> str:
    """ "23 November 2026" as the report's language writes a day."""
    if language == DEFAULT_LANGUAGE:
        return f"{moment.day} {moment:%B %Y}"
    return format_date(moment, locale=language)


def report_inputs(
    session: Session, report: Report, catalogs: Catalogs | None = None
) -> ReportInputs:
    """Fill a report's plain inputs from the round's stored snapshots, in the report's
    language (`report_language`; `catalogs`: the languages Candor speaks, the
    shipped ones unless given)."""
    assessment_round = session.get(Round, report.round_id)
    snapshots = session.scalars(
        select(ScoreSnapshot).where(ScoreSnapshot.round_id == assessment_round.id)
    ).all()
    team_payload = next((s.payload for s in snapshots if s.scope == "team"), None)
    rep_payloads = sorted(
        (s.payload for s in snapshots if s.scope == "rep"), key=lambda p: p["rep_name"]
    )
    before = previous_round(session, assessment_round)
    previous_rep_payload = None
    if report.kind == "rep" and before is not None:
        previous_rep_payload = session.scalar(
            select(ScoreSnapshot.payload).where(
                ScoreSnapshot.round_id == before.id, ScoreSnapshot.rep_id == report.rep_id
            )
        )
    closed = assessment_round.closed_at or utcnow()
    banks = round_banks(assessment_round)
    language = report_language(session, report, banks, catalogs)
    return ReportInputs(
        kind=report.kind,
        organization_name=assessment_round.organization.name,
        team_name=assessment_round.team.name,
        round_name=assessment_round.name,
        round_closed_on=closed_day(closed, language),
        tone=report.tone,
        banks=banks,
        rep_payload=next(
            (s.payload for s in snapshots if s.scope == "rep" and s.rep_id == report.rep_id),
            None,
        ),
        previous_rep_payload=previous_rep_payload,
        team_payload=team_payload,
        rep_payloads=tuple(rep_payloads) if report.kind == "team" else (),
        previous_round_name=before.name if before else None,
        reader=report.reader or "rep",  # a Report not yet saved has no default yet
        coaching=coaching_inputs(session, report, assessment_round, language),
        locale=language,
    )


def notify_owners(
    session: Session, settings: ServiceSettings, report: Report
) -> list[OutboxMessage]:
    """Email every owner of the organization that the team report is ready (once)."""
    assessment_round = session.get(Round, report.round_id)
    owners = session.scalars(
        select(User).where(
            User.organization_id == report.organization_id, User.role == "owner", User.is_active
        )
    )
    return [
        compose(
            session,
            settings,
            "team_report_ready",
            to=owner.email,
            subject=f"Team readiness report: {assessment_round.name}",
            organization_id=report.organization_id,
            dedupe_key=f"report:{report.id}:owner:{owner.id}:{report.checksum[:16]}",
            owner=owner,
            round=assessment_round,
            link=settings.absolute_url(f"/manage/reports/{report.id}.pdf"),
        )
        for owner in owners
    ]
