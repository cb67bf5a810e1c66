"""Scoring a closed round: read its answers, run the pure engine, store snapshots.

The only place that turns database rows into the scoring engine's plain input. Every
response is scored against the exact bank version it answered; the result is stored
as JSON (`ScoreSnapshot`) with a digest of its inputs, so re-scoring the same round
gives the same numbers and a report can always be rebuilt from the snapshot alone.
Operations flush; the caller (job or route) commits.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from assess.core.banks import Bank
from assess.core.scoring import RaterResponse, score_rep
from assess.core.scoring.alignment import score_alignment
from assess.core.scoring.team import score_team
from assess.models import Answer, Invitation, Rep, Response, Round, ScoreSnapshot, utcnow
from assess.services.bank_versions import bank_for_version, shipped_banks
from assess.services.late_answers import (
    ANSWERS_THROUGH,
    LATE_ANSWERS_WAIT,
    issued_cutoffs,
    issued_part,
)
from assess.services.outcomes import relink_outcomes
from assess.services.round_kinds import assessment_rounds

SCORING_VERSION = "1"


def round_banks(assessment_round: Round) -> dict[str, Bank]:
    """The round's banks by id, plus any bank a mirrored bank needs that the round lacks
    (then the shipped one: it owns the competencies, bands and coaching)."""
    banks = {
        bank.id: bank
        for bank in (bank_for_version(rb.bank_version) for rb in assessment_round.banks)
    }
    shipped = shipped_banks()
    for bank in list(banks.values()):
        for owner in bank.mirrors:
            if owner not in banks and owner in shipped:
                banks[owner] = shipped[owner]
    return banks


def completed_responses(session: Session, assessment_round: Round):
    """(invitation, completed_at, RaterResponse) for every completed response of the
    round."""
    rows = session.execute(
        select(Invitation, Response)
        .join(Response, Response.invitation_id == Invitation.id)
        .where(Invitation.round_id == assessment_round.id, Response.completed_at.isnot(None))
        .order_by(Response.id)
    ).all()
    answers: dict[int, dict] = defaultdict(dict)
    response_ids = [response.id for _, response in rows]
    for chunk_start in range(0, len(response_ids), 500):
        chunk = response_ids[chunk_start : chunk_start + 500]
        for response_id, item_id, value in session.execute(
            select(Answer.response_id, Answer.item_id, Answer.value).where(
                Answer.response_id.in_(chunk)
            )
        ):
            answers[response_id][item_id] = value
    return [
        (
            invitation,
            response.completed_at,
            RaterResponse(
                response_id=f"r{response.id}",
                rater_role=invitation.rater_role,
                bank_id=invitation.bank_version.bank_key,
                answers=answers[response.id],
                active_seconds=float(response.active_seconds) if response.active_seconds else None,
                language=response.locale,
            ),
        )
        for invitation, response in rows
    ]


def organization_history(
    session: Session, assessment_round: Round
) -> tuple[dict[str, list[float]], dict[str, dict[str, list[float]]]]:
    """(past combined scores per competency, sorted; each rep's own among them, by rep
    id) — for percentiles when a bank ships no norm table.

    Only rounds of the organization that closed before this one count: a round's
    reference is fixed when it closes, so scoring it again later (a later round
    closing in between) gives the same percentiles.
    """
    cutoff = assessment_round.closed_at or utcnow()
    history: dict[str, list[float]] = defaultdict(list)
    own: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    rows = session.execute(
        select(ScoreSnapshot.payload)
        .join(Round, Round.id == ScoreSnapshot.round_id)
        .where(
            ScoreSnapshot.organization_id == assessment_round.organization_id,
            ScoreSnapshot.scope == "rep",
            Round.id != assessment_round.id,
            Round.status == "closed",
            Round.closed_at < cutoff,
            assessment_rounds(),
        )
    )
    for (payload,) in rows:
        for competency in payload.get("competencies", []):
            if competency.get("score") is not None:
                history[competency["id"]].append(competency["score"])
                own[str(payload.get("rep_id"))][competency["id"]].append(competency["score"])
    return {key: sorted(values) for key, values in history.items()}, own


def previous_round(session: Session, assessment_round: Round) -> Round | None:
    return session.scalar(
        select(Round)
        .where(
            Round.organization_id == assessment_round.organization_id,
            Round.team_id == assessment_round.team_id,
            Round.status == "closed",
            Round.id != assessment_round.id,
            Round.opens_at < assessment_round.opens_at,
            assessment_rounds(),
        )
        .order_by(Round.opens_at.desc())
        .limit(1)
    )


def as_input(response: RaterResponse) -> dict:
    return {
        "response_id": response.response_id,
        "rater_role": response.rater_role,
        "bank_id": response.bank_id,
        "answers": dict(sorted(response.answers.items())),
        "active_seconds": response.active_seconds,
    }


def digest(value) -> str:
    return hashlib.sha256(
        json.dumps(value, sort_keys=True, default=str, separators=(",", ":")).encode()
    ).hexdigest()


def score_round(session: Session, assessment_round: Round) -> dict:
    """Score every rep and the team; replace the round's snapshots. Returns the team
    payload."""
    banks = round_banks(assessment_round)
    org_wide = {bank_id for bank_id, bank in banks.items() if bank.is_org_wide}
    per_rep: dict[int, list] = defaultdict(list)
    alignment_entries: dict[str, list] = defaultdict(list)
    completed = completed_responses(session, assessment_round)
    for invitation, done, rater_response in completed:
        if rater_response.bank_id in org_wide:
            alignment_entries[rater_response.bank_id].append((invitation, rater_response, done))
        elif invitation.rep_id is not None:
            per_rep[invitation.rep_id].append((invitation, rater_response, done))
    # answers after the round first closed join only in groups (late_answers)
    # "now", as the latest finished answer: scoring the same answers twice gives the
    # same payload
    now = max((done for _, done, _ in completed), default=assessment_round.opens_at)
    cutoffs = issued_cutoffs(session, assessment_round)
    minimum = max((bank.rubric.min_raters_per_group for bank in banks.values()), default=3)
    alignment: dict[str, list[RaterResponse]] = {}
    team_through, team_waits = now, False
    for bank_id, entries in alignment_entries.items():
        alignment[bank_id], through, waits = issued_part(
            entries, cutoffs.get(None), minimum, now, everyone_anonymous=True
        )
        team_through, team_waits = min(team_through, through), team_waits or waits

    rep_ids = set(per_rep) | set(
        session.scalars(
            select(Invitation.rep_id).where(
                Invitation.round_id == assessment_round.id, Invitation.rep_id.isnot(None)
            )
        )
    )
    reps = session.scalars(select(Rep).where(Rep.id.in_(rep_ids)).order_by(Rep.name)).all()
    history, own_history = organization_history(session, assessment_round)
    rep_banks = {bank_id: bank for bank_id, bank in banks.items() if bank_id not in org_wide}
    session.execute(delete(ScoreSnapshot).where(ScoreSnapshot.round_id == assessment_round.id))
    rep_payloads = []
    for rep in reps:
        responses, through, waits = issued_part(
            per_rep.get(rep.id, []), cutoffs.get(rep.id), minimum, now
        )
        result = score_rep(
            rep_banks,
            responses,
            rep_name=rep.name,
            rep_id=str(rep.id),
            history=history,
            own_history=own_history.get(str(rep.id), {}),
        )
        payload = {**result.to_dict(), ANSWERS_THROUGH: through.isoformat()}
        if waits:
            payload[LATE_ANSWERS_WAIT] = True
        rep_payloads.append(payload)
        session.add(
            ScoreSnapshot(
                organization_id=assessment_round.organization_id,
                round_id=assessment_round.id,
                scope="rep",
                rep_id=rep.id,
                scoring_version=SCORING_VERSION,
                inputs_digest=digest([as_input(response) for response in responses]),
                payload=payload,
            )
        )
    before = previous_round(session, assessment_round)
    previous_payloads = None
    if before is not None:
        previous_payloads = list(
            session.scalars(
                select(ScoreSnapshot.payload).where(
                    ScoreSnapshot.round_id == before.id, ScoreSnapshot.scope == "rep"
                )
            )
        )
    team_payload = {
        "team": score_team(rep_payloads, previous_payloads or None).to_dict(),
        "alignment": {
            bank_id: score_alignment(banks[bank_id], responses).to_dict()
            for bank_id, responses in sorted(alignment.items())
        },
        "previous_round": {"id": before.id, "name": before.name} if before else None,
        ANSWERS_THROUGH: team_through.isoformat(),
    }
    if team_waits:
        team_payload[LATE_ANSWERS_WAIT] = True
    session.add(
        ScoreSnapshot(
            organization_id=assessment_round.organization_id,
            round_id=assessment_round.id,
            scope="team",
            rep_id=None,
            scoring_version=SCORING_VERSION,
            inputs_digest=digest(
                {
                    "reps": rep_payloads,
                    "alignment": {k: [r.__dict__ for r in v] for k, v in alignment.items()},
                }
            ),
            payload=team_payload,
        )
    )
    session.flush()
    relink_outcomes(session, assessment_round.organization_id, [rep.id for rep in reps])
    return team_payload
