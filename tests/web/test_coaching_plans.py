"""A coaching plan from a closed round, through the manager's pages (CSRF on): the
form proposes exactly the report's focus areas and actions; confirming saves the plan
with the round's issued baselines and pulses 30, 60 and 90 days later, shown on the
rep's history page; bad input is refused with a message and saves nothing; only the
rep's managers and the owner get the page."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape

import pytest
from sqlalchemy import func, select

from assess.core.reports.rep_report import rep_view
from assess.models import CoachingPlan, PlanFocus, Pulse, Report, ScoreSnapshot, utcnow
from assess.services.reports import report_inputs
from tests.conftest import csrf_from, sign_in
from tests.factories import TeamFactory, UserFactory
from tests.support.demo_pages import demo_rep, demo_round, load_signed_in_demo, visible_text
from tests.support.http import csrf_token


@pytest.fixture
def manager_client(client, session):
    load_signed_in_demo(client, session, role="manager")
    return client


@pytest.fixture
def tessa(session):
    """A rep of the demo without a plan yet (the demo's pushy rep, Marcus Hale, has one
    from the autumn round)."""
    return demo_rep(session, "Tessa Lindqvist")


def plan_url(rep, assessment_round) -> str:
    return f"/manage/reps/{rep.id}/rounds/{assessment_round.id}/coaching-plan"


def report_focus(session, rep, assessment_round) -> list[dict]:
    """The focus areas of the manager's copy of the rep's report, as it was rendered."""
    report = session.scalar(
        select(Report).where(
            Report.round_id == assessment_round.id,
            Report.rep_id == rep.id,
            Report.reader == "manager",
        )
    )
    return rep_view(report_inputs(session, report))["focus"]


def form_state(markup: str) -> tuple[list[str], dict[str, str]]:
    """(the ticked competency ids, each actions box's text) as the browser holds them."""
    ticked = re.findall(r'name="competency" value="([^"]+)" checked', markup)
    boxes = re.findall(
        r'<textarea id="actions-[^"]+" name="actions-([^"]+)"[^>]*>(.*?)</textarea>', markup, re.S
    )
    return ticked, {competency: unescape(text) for competency, text in boxes}


#: The plans the demo comes with: Marcus Hale's, with its three pulses.
DEMO_PLANS, DEMO_PULSES = 1, 3


def plan_count(session) -> int:
    return session.scalar(select(func.count()).select_from(CoachingPlan))


def test_the_form_proposes_the_reports_focus_areas_and_actions(manager_client, session, tessa):
    autumn = demo_round(session)
    focus = report_focus(session, tessa, autumn)
    answer = manager_client.get(plan_url(tessa, autumn))
    assert answer.status_code == 200
    ticked, boxes = form_state(answer.get_data(as_text=True))
    assert focus and ticked == [item["id"] for item in focus]
    for item in focus:
        assert boxes[item["id"]].split("\n") == item["actions"]
    # the history page offers the form for each closed round
    history = manager_client.get(f"/manage/reps/{tessa.id}/history").get_data(as_text=True)
    assert f'href="{plan_url(tessa, autumn)}"' in history


def test_confirming_saves_the_baselines_and_three_pulses(manager_client, session, tessa):
    autumn = demo_round(session)
    markup = manager_client.get(plan_url(tessa, autumn)).get_data(as_text=True)
    ticked, boxes = form_state(markup)
    chosen = ticked[:2]
    boxes[chosen[0]] = "Ask three open questions before any pitch\nSummarise the buyer's goal"
    data = {"csrf_token": csrf_token(markup), "competency": chosen}
    data.update({f"actions-{key}": text for key, text in boxes.items()})
    answer = manager_client.post(plan_url(tessa, autumn), data=data)
    assert answer.status_code == 302
    today = utcnow().date()

    plan = session.scalar(select(CoachingPlan).where(CoachingPlan.rep_id == tessa.id))
    assert (plan.round_id, plan.status) == (autumn.id, "active")
    payload = session.scalar(
        select(ScoreSnapshot.payload).where(
            ScoreSnapshot.round_id == autumn.id, ScoreSnapshot.rep_id == tessa.id
        )
    )
    issued = {entry["id"]: entry["combined"] for entry in payload["competencies"]}
    focuses = session.scalars(
        select(PlanFocus).where(PlanFocus.plan_id == plan.id).order_by(PlanFocus.position)
    ).all()
    assert [focus.competency_id for focus in focuses] == chosen
    for focus in focuses:
        combined = issued[focus.competency_id]
        assert (focus.baseline_score, focus.baseline_se) == (combined["score"], combined["se"])
    assert focuses[0].actions == [
        "Ask three open questions before any pitch",
        "Summarise the buyer's goal",
    ]
    pulses = session.scalars(select(Pulse).where(Pulse.plan_id == plan.id)).all()
    due = sorted((pulse.kind, pulse.due_on, pulse.status) for pulse in pulses)
    assert due == [(days, today + timedelta(days=days), "scheduled") for days in (30, 60, 90)]

    page = manager_client.get(answer.headers["Location"]).get_data(as_text=True)
    text = visible_text(page)
    assert "Coaching plan for Tessa Lindqvist saved" in text
    assert "Ask three open questions before any pitch" in text
    for days in (30, 60, 90):
        due = today + timedelta(days=days)
        assert f"{days}-day pulse due {due.day} {due:%B %Y}" in text
    # once made, the round offers no second plan
    again = manager_client.get(plan_url(tessa, autumn))
    assert again.status_code == 302 and plan_count(session) == DEMO_PLANS + 1


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        ("none", "Tick at least one competency"),
        ("four", "at most 3 competencies"),
        ("unknown", "gave no score for the competency"),
        ("nul", "contains a NUL character"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_saved(
    manager_client, session, tessa, edit, message
):
    autumn = demo_round(session)
    markup = manager_client.get(plan_url(tessa, autumn)).get_data(as_text=True)
    ticked, boxes = form_state(markup)
    chosen = {
        "none": [],
        "four": list(boxes)[:4],
        "unknown": [*ticked[:1], "telepathy"],
        "nul": ticked[:1],
    }[edit]
    assert edit != "four" or len(chosen) == 4
    if edit == "nul":
        boxes[ticked[0]] = "Listen\x00 first"
    data = {"csrf_token": csrf_token(markup), "competency": chosen}
    data.update({f"actions-{key}": text for key, text in boxes.items()})
    answer = manager_client.post(plan_url(tessa, autumn), data=data)
    assert answer.status_code == 422
    assert message in visible_text(answer.get_data(as_text=True))
    assert "Nothing was saved" in visible_text(answer.get_data(as_text=True))
    assert plan_count(session) == DEMO_PLANS
    assert session.scalar(select(func.count()).select_from(Pulse)) == DEMO_PULSES


def test_only_the_reps_managers_and_the_owner_may_make_a_plan(app, client, session):
    load_signed_in_demo(client, session, role="owner")
    tessa = demo_rep(session, "Tessa Lindqvist")
    autumn = demo_round(session)
    url = plan_url(tessa, autumn)
    assert client.get(url).status_code == 200  # the owner

    organization = autumn.organization
    other_manager = UserFactory(role="manager", organization=organization)
    TeamFactory(organization=organization, manager_id=other_manager.id)
    foreign_owner = UserFactory(role="owner")
    for person in (other_manager, foreign_owner):
        outsider = app.test_client()
        sign_in(outsider, person.email)
        assert outsider.get(url).status_code == 404
        token = csrf_from(outsider.get("/manage/teams"))
        first = report_focus(session, tessa, autumn)[0]
        refused = outsider.post(
            url,
            data={"csrf_token": token, "competency": [first["id"]], f"actions-{first['id']}": "x"},
        )
        assert refused.status_code == 404
    assert plan_count(session) == DEMO_PLANS


def test_an_open_round_makes_no_plan(manager_client, session, tessa):
    running = demo_round(session, "Winter 2026 pulse")
    answer = manager_client.get(plan_url(tessa, running))
    assert answer.status_code == 200 and 'name="competency"' not in answer.get_data(as_text=True)
    assert "starts from a closed round that scored Tessa Lindqvist" in visible_text(
        answer.get_data(as_text=True)
    )
    markup = answer.get_data(as_text=True)
    posted = manager_client.post(
        plan_url(tessa, running),
        data={"csrf_token": csrf_token(markup), "competency": ["listening"]},
    )
    assert posted.status_code == 409
    assert plan_count(session) == DEMO_PLANS
