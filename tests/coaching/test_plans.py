"""The pure rules of a coaching plan, without an app: the proposal is the rep report's
focus areas with their actions, an edited plan holds one to three competencies the
round scored with sensible actions, and pulses fall 30, 60 and 90 days after."""

from __future__ import annotations

from datetime import date

import pytest

from assess.core.coaching.plans import (
    ACTION_CHARS,
    check_plan,
    propose_plan,
    pulse_schedule,
)
from assess.core.reports.rep_report import rep_view
from assess.demo.samples import demo_rep_inputs


@pytest.fixture(scope="module")
def pushy():
    """The demo's pushy rep: a report with focus areas, and its snapshot payload."""
    inputs = demo_rep_inputs(archetype="pushy")
    return inputs.rep_payload, rep_view(inputs)


def scored(payload) -> dict[str, dict]:
    return {e["id"]: e for e in payload["competencies"] if e["combined"]["score"] is not None}


def test_the_proposal_is_the_reports_focus_areas_with_their_actions(pushy):
    payload, view = pushy
    proposal = propose_plan(payload, view["focus"], view["competencies"])
    ticked = [choice for choice in proposal if choice.proposed]
    assert view["focus"]  # the pushy rep has something to work on
    assert [c.competency_id for c in ticked] == [item["id"] for item in view["focus"]]
    assert [list(c.actions) for c in ticked] == [item["actions"] for item in view["focus"]]
    # every other scored competency is offered, unticked, with actions to start from
    others = [choice for choice in proposal if not choice.proposed]
    assert {c.competency_id for c in proposal} == set(scored(payload))
    assert all(choice.actions for choice in others)


def test_the_baseline_is_the_rounds_issued_combined_score_and_error(pushy):
    payload, view = pushy
    chosen = [item["id"] for item in view["focus"]]
    plan = check_plan(payload, chosen, {c: "Ask two open questions per call" for c in chosen})
    for choice in plan:
        combined = scored(payload)[choice.competency_id]["combined"]
        assert (choice.score, choice.se) == (combined["score"], combined["se"])
        assert choice.actions == ("Ask two open questions per call",)


@pytest.mark.parametrize(
    ("chosen", "message"),
    [
        ([], "Tick at least one competency"),
        (["four"], "at most 3 competencies"),
        (["no_such_competency"], "gave no score for the competency"),
    ],
)
def test_a_plan_needs_one_to_three_known_competencies(pushy, chosen, message):
    payload, _ = pushy
    ids = list(scored(payload))
    if chosen == ["four"]:
        chosen = ids[:4]
    with pytest.raises(ValueError, match=message):
        check_plan(payload, chosen, {c: "Practise the pause" for c in ids})


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Listen\x00 more", "NUL character"),
        ("", "at least one action"),
        ("one\ntwo\nthree\nfour", "at most 3 per competency"),
        ("x" * (ACTION_CHARS + 1), f"{ACTION_CHARS} at most"),
        ("\u202e live", "text-direction override"),  # would print as "evil" reversed
        ("Call 2\u200f5 buyers a week", "text-direction override"),  # prints as 52
    ],
)
def test_actions_are_one_to_three_lines_of_plain_text(pushy, text, message):
    payload, _ = pushy
    first = next(iter(scored(payload)))
    with pytest.raises(ValueError, match=message):
        check_plan(payload, [first], {first: text})


def test_three_actions_of_300_characters_are_kept_one_per_line(pushy):
    payload, _ = pushy
    first = next(iter(scored(payload)))
    text = "\n".join(["a" * ACTION_CHARS, "", "  second  ", "third"])
    (choice,) = check_plan(payload, [first], {first: text})
    assert choice.actions == ("a" * ACTION_CHARS, "second", "third")


def test_pulses_fall_30_60_and_90_days_after_confirmation():
    schedule = pulse_schedule(date(2026, 12, 31))
    assert schedule == [
        (30, date(2027, 1, 30)),
        (60, date(2027, 3, 1)),
        (90, date(2027, 3, 31)),
    ]
