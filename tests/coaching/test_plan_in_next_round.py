"""The next round's rep report looks back at the rep's coaching plan, read from
outside: a plan made from the demo's autumn round, its 30-day pulse answered by three
buyers and its 60-day pulse by two, both closed on their boards; then a new round of
the team answered and closed on its board, and the rep's coaching report downloaded
from the board in both copies.

Every number the section prints is checked against the issued snapshots (the plan's
baseline is the autumn round's, "now" the new round's combined score), and every
verdict against an independent reliable-change test on them: like for like only.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from assess.core.scoring.precision import reliable_change
from assess.models import PlanFocus, ScoreSnapshot, utcnow
from assess.services.bank_versions import ensure_version, shipped_banks
from tests.factories import RoundFactory
from tests.support.answered_rounds import AnsweredRound
from tests.support.demo_pages import demo_rep
from tests.support.pulses import plan_with_pulses, rep_report

WORDS = {
    "improved": "a reliable improvement",
    "slipped": "a reliable slip",
    "steady": "within the noise",
}
NAMES = {"listening": "Listening", "transparency": "Transparency"}
BANKS = ("consultative_selling", "trustworthiness", "buyer_feedback", "manager_review")
NEXT = "Spring 2027 round"


def answer_everything(later: AnsweredRound, buyers: int) -> None:
    """The rep's self-assessments, the manager's review and `buyers` buyers."""
    for bank_id in ("consultative_selling", "trustworthiness"):
        later.answer(bank_id, "self")
    later.answer("manager_review", "manager")
    for index in range(buyers):
        later.answer("buyer_feedback", ("customer", "referral", "prospect")[index % 3])


@pytest.fixture
def next_round(app, client, session):
    """The plan and its pulses, then the team's next round, answered about the rep with
    the plan and about a rep without one, and closed on its board."""
    followed = plan_with_pulses(app, client, session, {30: 3, 60: 2})
    versions = {bank_id: ensure_version(session, shipped_banks()[bank_id]) for bank_id in BANKS}
    later_round = RoundFactory(
        team=followed.rep.team,
        name=NEXT,
        bank_versions=list(versions.values()),
        opens_at=utcnow() - timedelta(days=1),
    )
    for rep, seed in ((followed.rep, 0), (demo_rep(session, "Chloe Dubois"), 100)):
        answer_everything(AnsweredRound(client, session, later_round, rep, versions, seed), 4)
    session.commit()
    AnsweredRound(client, session, later_round, followed.rep, versions).close()
    followed.later = later_round
    return followed


def issued(session, round_id: int, rep_id: int) -> dict[str, dict]:
    """The rep's issued snapshot of a round: competency id → its entry."""
    payload = session.scalar(
        select(ScoreSnapshot.payload).where(
            ScoreSnapshot.round_id == round_id,
            ScoreSnapshot.scope == "rep",
            ScoreSnapshot.rep_id == rep_id,
        )
    )
    return {entry["id"]: entry for entry in payload["competencies"]}


def whole(value: float) -> str:
    return f"{value:.0f}"


def verdict(before: float, before_se: float, now: dict) -> str:
    return WORDS[reliable_change(before, before_se, now["score"], now["se"])]


def day(moment) -> str:
    return f"{moment.day} {moment:%B %Y}"


def expected_rows(session, followed, reader: str) -> list[str]:
    """What the section should print per competency, from the snapshots alone: the
    new round's line, then the pulses' row."""
    rep_id = followed.rep.id
    source = issued(session, followed.source.id, rep_id)
    later = issued(session, followed.later.id, rep_id)
    pulse30 = issued(session, followed.pulses[30].id, rep_id)
    pulse60 = issued(session, followed.pulses[60].id, rep_id)
    focuses = session.scalars(
        select(PlanFocus).where(PlanFocus.plan_id == followed.plan.id).order_by(PlanFocus.position)
    ).all()
    assert [focus.competency_id for focus in focuses] == list(NAMES)
    whose = "your manager's" if reader == "rep" else "the manager's"
    rows = []
    for focus in focuses:
        base, now = focus.baseline_score, later[focus.competency_id]["combined"]
        # the baseline is what the autumn round issued; both rounds had buyers in it
        issued_then = source[focus.competency_id]["combined"]
        assert (base, focus.baseline_se) == (issued_then["score"], issued_then["se"])
        assert now["groups_used"] == issued_then["groups_used"] == ["manager", "buyers"]
        first = pulse30[focus.competency_id]["combined"]
        assert first["groups_used"] == now["groups_used"]  # three buyers: like for like
        second = pulse60[focus.competency_id]
        assert second["groups"]["buyers"]["status"] != "ok"  # two buyers: not shown
        rows.append(
            f"{NAMES[focus.competency_id]}: {whole(base)} → {whole(now['score'])}, "
            f"{verdict(base, focus.baseline_se, now)}"
            f"Pulses: 30-day {whole(first['score'])}, {verdict(base, focus.baseline_se, first)}"
            f" · 60-day {whole(second['groups']['manager']['score'])} ({whose} view alone)"
        )
    return rows


@pytest.mark.parametrize("reader", ["rep", "manager"])
def test_the_next_rounds_report_reads_the_plan_against_this_round(
    client, session, next_round, reader
):
    pdf = rep_report(client, next_round.later.id, next_round.rep.name, reader)
    agreed_on = day(next_round.plan.confirmed_at)
    if reader == "rep":
        heading = "Your coaching plan from Autumn 2026 round"
        assert pdf.has(f"You agreed it on {agreed_on}.")
        rule = "your manager's ratings are compared on their own"
    else:
        heading = f"{next_round.rep.name}'s coaching plan from Autumn 2026 round"
        assert pdf.has(f"Agreed on {agreed_on} by {next_round.manager.name}.")
        rule = "the manager's ratings are compared alone"
    assert pdf.has(heading)
    for row in expected_rows(session, next_round, reader):
        assert pdf.has(row), row
    assert pdf.has(rule)  # the like-for-like rule in plain words, in the copy's voice
    # where progress is read: just before the change since the previous round
    flat = pdf.flat()
    assert flat.index(heading) < flat.index("Since Autumn 2026 round")


def test_a_rep_without_a_plan_gets_no_plan_section(client, next_round):
    for reader in ("rep", "manager"):
        pdf = rep_report(client, next_round.later.id, "Chloe Dubois", reader)
        assert pdf.has("Since Autumn 2026 round")  # the same report, with its trend
        assert "coaching plan from" not in pdf.flat()
        assert "Pulses:" not in pdf.flat()
