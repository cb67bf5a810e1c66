"""A coaching plan's pulses on the rep's history page, read as the manager sees it:
each pulse's state (due, waiting for answers, closed), a closed one's lines in the pulse
PDF's words with a link to that PDF, and nothing of any pulse to a manager of another
team, even once the rep has moved to theirs. The anonymity contract holds on the page: a
pulse answered by two buyers shows no buyers' count and no buyers' score
(docs/anonymity.md)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from assess.core.coaching.progress import MANAGER_ONLY
from assess.core.scoring.precision import reliable_change
from assess.demo import DEMO_LOGINS
from assess.models import PlanFocus, ScoreSnapshot
from tests.conftest import sign_in
from tests.factories import TeamFactory, UserFactory
from tests.support.answered_rounds import rater_counts
from tests.support.demo_pages import visible_text
from tests.support.pulses import pdf_at, plan_with_pulses, send_pulse

WORDS = {
    "improved": "a reliable improvement",
    "slipped": "a reliable slip",
    "steady": "within the noise",
}
NAMES = {"listening": "Listening", "transparency": "Transparency"}
PULSE_BLOCK = re.compile(
    r'<li class="plan-pulse pulse-[a-z]+">(.*?)</li>\s*(?=<li class="plan-pulse|</ol>)', re.S
)
PULSE_LINK = re.compile(r'<a href="(/manage/reports/\d+\.pdf)"[^>]*>Pulse report')


@pytest.fixture
def followed(app, client, session):
    """Alex Moreno's plan from the autumn round: the 30-day pulse answered by three
    buyers, the 60-day by two, both closed; the 90-day not sent yet."""
    return plan_with_pulses(app, client, session, {30: 3, 60: 2})


def history(client, rep) -> str:
    answer = client.get(f"/manage/reps/{rep.id}/history")
    assert answer.status_code == 200
    return answer.get_data(as_text=True)


def pulse_blocks(markup: str) -> dict[int, str]:
    """Pulse kind → its block's HTML on the history page."""
    blocks = PULSE_BLOCK.findall(markup)
    return {int(re.search(r"(\d+)-day pulse", block).group(1)): block for block in blocks}


def issued(session, round_id: int, rep_id: int) -> dict[str, dict]:
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


def day(moment) -> str:
    return f"{moment.day} {moment:%B %Y}"


def focuses(session, followed) -> list[PlanFocus]:
    return session.scalars(
        select(PlanFocus).where(PlanFocus.plan_id == followed.plan.id).order_by(PlanFocus.position)
    ).all()


def test_each_pulse_says_its_state_and_a_closed_one_how_the_plan_moved(
    app, client, session, followed
):
    rep_id = followed.rep.id
    source = issued(session, followed.source.id, rep_id)
    thirty = issued(session, followed.pulses[30].id, rep_id)
    blocks = pulse_blocks(history(client, followed.rep))
    assert sorted(blocks) == [30, 60, 90]

    closed = followed.pulses[30]
    session.refresh(closed)
    text = visible_text(blocks[30])
    assert text.startswith(f"30-day pulse closed {day(closed.closed_at)}")
    lines = []
    for focus in focuses(session, followed):
        now = thirty[focus.competency_id]["combined"]
        assert now["groups_used"] == source[focus.competency_id]["combined"]["groups_used"]
        moved = reliable_change(focus.baseline_score, focus.baseline_se, now["score"], now["se"])
        lines.append(
            f"{NAMES[focus.competency_id]}: {whole(focus.baseline_score)} → "
            f"{whole(now['score'])}, {WORDS[moved]}"
        )
    assert [visible_text(li) for li in re.findall(r"<li>(.*?)</li>", blocks[30])] == lines
    assert "3 buyer surveys" in text

    # the link is the manager's copy of the pulse report, and it says the same words
    (link,) = PULSE_LINK.findall(blocks[30])
    pdf = pdf_at(client, link)
    assert pdf.has("30-day pulse") and pdf.has("Manager's copy")
    for line in lines:
        assert pdf.has(line), line

    # the 90-day pulse is due, as scheduled; once sent, it waits for answers
    ninety = next(pulse for pulse in followed.plan.pulses if pulse.kind == 90)
    assert visible_text(blocks[90]) == f"90-day pulse due {day(ninety.due_on)}"
    sent = send_pulse(app, session, followed.plan, 90)
    waiting = visible_text(pulse_blocks(history(client, followed.rep))[90])
    assert waiting == f"90-day pulse waiting for answers until {day(sent.closes_at)}"
    assert not PULSE_LINK.findall(pulse_blocks(history(client, followed.rep))[90])


def test_a_pulse_two_buyers_answered_shows_no_buyer_count_and_no_buyers_score(
    client, session, followed
):
    """Exactly the manager's scores and "fewer than 3": the block says nothing else."""
    rep_id = followed.rep.id
    source = issued(session, followed.source.id, rep_id)
    sixty = issued(session, followed.pulses[60].id, rep_id)
    closed = followed.pulses[60]
    session.refresh(closed)
    expected = [f"60-day pulse closed {day(closed.closed_at)}"]
    for focus in focuses(session, followed):
        groups = sixty[focus.competency_id]["groups"]
        assert groups["buyers"]["status"] != "ok"  # the engine did not show the buyers
        before = source[focus.competency_id]["groups"]["manager"]["score"]
        expected.append(
            f"{NAMES[focus.competency_id]}: {whole(before)} → "
            f"{whole(groups['manager']['score'])}, {MANAGER_ONLY}"
        )
    expected += [
        "Based on 2 self-assessments, 1 manager review and fewer than 3 buyer surveys.",
        "Pulse report, manager's copy (PDF)",
    ]
    block = visible_text(pulse_blocks(history(client, followed.rep))[60])
    assert block == " ".join(expected)
    assert rater_counts(block) == []  # no count of buyers, only "fewer than 3"
    assert "reliable" not in block and "within the noise" not in block


def test_a_manager_of_another_team_sees_no_pulse_of_this_one(app, client, session, followed):
    rep = followed.rep
    history_url = f"/manage/reps/{rep.id}/history"
    blocks = pulse_blocks(history(client, rep))
    pdf_links = [PULSE_LINK.findall(blocks[kind])[0] for kind in (30, 60)]
    assert all(client.get(link).status_code == 200 for link in pdf_links)

    organization = followed.source.organization
    other_manager = UserFactory(role="manager", organization=organization)
    other_team = TeamFactory(organization=organization, manager_id=other_manager.id)
    session.commit()
    outsider = app.test_client()
    sign_in(outsider, other_manager.email)
    assert outsider.get(history_url).status_code == 404
    for link in pdf_links:
        assert outsider.get(link).status_code == 404
    for pulse_round in followed.pulses.values():
        assert outsider.get(f"/manage/rounds/{pulse_round.id}").status_code == 404

    # The rep moves to the other team: its manager sees the rep's page, but neither
    # Field Sales's plan nor its pulses nor their reports; the 90-day pulse, due while
    # the rep is away, is not sent to the new team.
    rep.team_id = other_team.id
    session.commit()
    moved = outsider.get(history_url)
    assert moved.status_code == 200
    assert "pulse" not in visible_text(moved.get_data(as_text=True)).lower()
    assert not PULSE_LINK.findall(moved.get_data(as_text=True))
    for link in pdf_links:
        assert outsider.get(link).status_code == 404
    assert send_pulse(app, session, followed.plan, 90) is None

    # the owner sees the whole plan: the two pulses that ran, and the one that did not
    owner = app.test_client()
    sign_in(owner, *DEMO_LOGINS["owner"])
    blocks = pulse_blocks(history(owner, rep))
    assert [len(PULSE_LINK.findall(blocks[kind])) for kind in (30, 60, 90)] == [1, 1, 0]
    assert visible_text(blocks[90]) == (
        f"90-day pulse not sent: {rep.name} left the team, or was archived, before it was due"
    )
