"""Closing a round: answers in the database become score snapshots, per rep and team."""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import select

from assess.demo.synthetic import Profile, synthetic_answers
from assess.models import Answer, ScoreSnapshot, utcnow
from assess.services.bank_versions import ensure_version, shipped_banks
from assess.services.round_scoring import organization_history, score_round
from tests.factories import (
    InvitationFactory,
    RepFactory,
    ResponseFactory,
    RoundFactory,
    TeamFactory,
)


def answer(session, assessment_round, rep, version, role, key, profile, seed):
    invitation = InvitationFactory(
        round=assessment_round, rep=rep, bank_version=version, rater_role=role,
        rater_key=key, status="completed",
    )  # fmt: skip
    response = ResponseFactory(invitation=invitation, completed_at=utcnow(), active_seconds=600)
    bank = shipped_banks()[version.bank_key]
    for item_id, value in synthetic_answers(bank, profile, random.Random(seed)).items():
        session.add(Answer(response_id=response.id, item_id=item_id, value=value))
    session.flush()


def build_round(session):
    banks = shipped_banks()
    versions = {
        bank_id: ensure_version(session, banks[bank_id])
        for bank_id in (
            "consultative_selling",
            "trustworthiness",
            "buyer_feedback",
            "manager_review",
        )
    }
    team = TeamFactory()
    assessment_round = RoundFactory(team=team, bank_versions=list(versions.values()))
    trusted = RepFactory(team=team, name="Trusted Closer")
    pushy = RepFactory(team=team, name="Pushy Pete")
    RepFactory(team=team, name="Silent Sam")  # invited, never answered
    seed = 0
    for rep, self_level, buyer in (
        (trusted, 0.8, Profile(default=0.85)),
        (pushy, 0.95, Profile(default=0.3, pushy=True)),
    ):
        for bank_id in ("consultative_selling", "trustworthiness"):
            seed += 1
            answer(session, assessment_round, rep, versions[bank_id], "self", "self",
                   Profile(default=self_level), seed)  # fmt: skip
        for number in range(3):
            seed += 1
            answer(session, assessment_round, rep, versions["buyer_feedback"], "referral",
                   f"ref{number}@{rep.id}.example", buyer, seed)  # fmt: skip
        seed += 1  # a verdict rests on the manager's review too
        answer(session, assessment_round, rep, versions["manager_review"], "manager",
               "user:1", buyer, seed)  # fmt: skip
    silent = session.scalar(select(type(trusted)).where(type(trusted).name == "Silent Sam"))
    InvitationFactory(
        round=assessment_round, rep=silent, bank_version=versions["consultative_selling"]
    )
    return assessment_round, trusted, pushy, silent


def test_score_round_stores_a_snapshot_per_rep_and_one_for_the_team(session):
    assessment_round, trusted, pushy, silent = build_round(session)
    team_payload = score_round(session, assessment_round)

    snapshots = {
        s.rep_id: s.payload
        for s in session.scalars(
            select(ScoreSnapshot).where(ScoreSnapshot.round_id == assessment_round.id)
        )
    }
    assert set(snapshots) == {trusted.id, pushy.id, silent.id, None}
    pete = snapshots[pushy.id]
    assert pete["verdict"]["verdict"] == "trust_risk"
    assert any(flag["matched"] >= 2 for flag in pete["red_flags"])
    assert any(gap["kind"] == "blind_spot" for gap in pete["gaps"])
    trusted_verdict = snapshots[trusted.id]["verdict"]  # ready or coach, or on their line
    assert trusted_verdict["verdict"] in ("ready", "coach") or set(trusted_verdict["between"]) == {
        "ready",
        "coach",
    }
    assert snapshots[trusted.id]["red_flags"] == []
    assert snapshots[silent.id]["overall"]["combined"]["score"] is None
    assert team_payload["team"] == snapshots[None]["team"]


def test_scoring_twice_gives_the_same_numbers(session):
    assessment_round, *_ = build_round(session)
    first = score_round(session, assessment_round)
    digests = sorted(
        session.scalars(
            select(ScoreSnapshot.inputs_digest).where(ScoreSnapshot.round_id == assessment_round.id)
        )
    )
    second = score_round(session, assessment_round)
    assert first == second
    assert digests == sorted(
        session.scalars(
            select(ScoreSnapshot.inputs_digest).where(ScoreSnapshot.round_id == assessment_round.id)
        )
    )


def test_a_rounds_percentile_reference_is_the_rounds_closed_before_it(session):
    """Scoring a round again after a later round closed must not move its percentiles:
    its reference holds only rounds closed before it, and never the rep's own scores."""
    team = TeamFactory()
    reps = {str(index): RepFactory(team=team) for index in (1, 2)}
    start = utcnow() - timedelta(days=90)
    rounds = []
    for number in range(3):
        closed = RoundFactory(
            team=team, status="closed", opens_at=start + timedelta(days=30 * number)
        )
        closed.closed_at = closed.opens_at + timedelta(days=14)
        rounds.append(closed)
        for key, rep in reps.items():
            session.add(
                ScoreSnapshot(
                    organization_id=team.organization_id,
                    round_id=closed.id,
                    scope="rep",
                    rep_id=rep.id,
                    scoring_version=1,
                    inputs_digest="x",
                    payload={
                        "rep_id": str(rep.id),
                        "competencies": [
                            {"id": "listening", "score": 10.0 * (number + 1) + int(key)}
                        ],
                    },
                )
            )
    session.flush()
    history, own = organization_history(session, rounds[1])
    assert history == {"listening": [11.0, 12.0]}  # the first round only
    assert own[str(reps["1"].id)] == {"listening": [11.0]}
    assert organization_history(session, rounds[0])[0] == {}
