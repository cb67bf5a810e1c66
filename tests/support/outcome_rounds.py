"""A team's closed round, answered and scored for real, with each rep's outcome for the
quarter after it: what "Does it predict here?" compares (the owner's page, the team
report's section, the bank page's items).

Each rep has a level from low to high, give or take a little per competency: their
self-assessment, their manager's review and their buyers' surveys are the demo's
synthetic answers at those levels, and their win rate rises with the level (with a
wobble), so some links are there to find; deals won go with nothing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from assess.demo.synthetic import Profile, synthetic_answers
from assess.models import Answer, BankVersion, Rep, Round, utcnow
from assess.services.bank_versions import ensure_version, shipped_banks
from assess.services.round_scoring import score_round
from tests.factories import (
    InvitationFactory,
    OutcomeFactory,
    RepFactory,
    ResponseFactory,
    RoundFactory,
    TeamFactory,
)

BANKS = ("consultative_selling", "buyer_feedback", "manager_review")
SPRING = date(2026, 4, 1), date(2026, 6, 30)
CLOSED = datetime(2026, 3, 31, tzinfo=UTC)


@dataclass
class ScoredTeam:
    round: Round
    reps: list[Rep]
    versions: dict[str, BankVersion]
    win_rates: list[float] = field(default_factory=list)
    deals_won: list[int] = field(default_factory=list)


def answer(session, assessment_round, rep, version, role, key, profile, seed) -> None:
    bank = shipped_banks()[version.bank_key].for_role(role)
    invitation = InvitationFactory(
        round=assessment_round, rep=rep, bank_version=version, rater_role=role,
        rater_key=key, rater_email=None if role == "self" else key, status="completed",
    )  # fmt: skip
    response = ResponseFactory(invitation=invitation, completed_at=utcnow(), active_seconds=600)
    answers = synthetic_answers(bank, profile, random.Random(seed))
    for item_id, value in answers.items():
        session.add(Answer(response_id=response.id, item_id=item_id, value=value))


def scored_team(
    session,
    organization,
    reps: int,
    *,
    name: str = "North",
    buyers: int = 3,
    outcomes: bool = True,
    seed: int = 0,
    manager_id: int | None = None,
) -> ScoredTeam:
    """`reps` reps of a new team, each rated by themself, their manager and `buyers`
    customers in a round closed on 31 March and scored; with `outcomes`, each rep's
    spring quarter (win rate, deals won) linked to that round."""
    versions = {bank_id: ensure_version(session, shipped_banks()[bank_id]) for bank_id in BANKS}
    team = TeamFactory(organization=organization, name=name, manager_id=manager_id)
    assessment_round = RoundFactory(
        team=team, name=f"{name} March review", status="closed",
        opens_at=CLOSED.replace(day=1), closes_at=CLOSED, closed_at=CLOSED,
        bank_versions=list(versions.values()),
    )  # fmt: skip
    scored = ScoredTeam(assessment_round, [], versions)
    rng = random.Random(seed)
    competencies = sorted(
        {c.id for bank_id in BANKS for c in shipped_banks()[bank_id].rubric.competencies}
    )
    for number in range(reps):
        level = 0.25 + 0.6 * number / max(1, reps - 1)
        levels = {c: min(1.0, max(0.0, level + rng.uniform(-0.3, 0.3))) for c in competencies}
        seen = Profile(default=level, levels=levels)
        rep = RepFactory(team=team, name=f"{name} Rep {number:02d}")
        scored.reps.append(rep)
        key = seed * 1000 + number * 10
        answer(session, assessment_round, rep, versions["consultative_selling"], "self",
               "self", Profile(default=min(1.0, level + 0.1)), key)  # fmt: skip
        answer(session, assessment_round, rep, versions["manager_review"], "manager",
               "user:1", seen, key + 1)  # fmt: skip
        for buyer in range(buyers):
            answer(session, assessment_round, rep, versions["buyer_feedback"], "customer",
                   f"b{buyer}-{rep.id}@example.com", seen, key + 2 + buyer)  # fmt: skip
        scored.win_rates.append(round(15 + 45 * level + rng.uniform(-14, 14), 1))
        scored.deals_won.append(rng.randint(2, 14))
    session.flush()
    score_round(session, assessment_round)
    session.flush()
    if outcomes:
        for rep, win_rate, deals_won in zip(
            scored.reps, scored.win_rates, scored.deals_won, strict=True
        ):
            OutcomeFactory(
                rep=rep, round=assessment_round, period_start=SPRING[0], period_end=SPRING[1],
                win_rate=win_rate, deals_won=deals_won,
            )  # fmt: skip
    return scored
