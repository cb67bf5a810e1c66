"""A coaching plan, proposed from the rep report's focus areas and checked as edited.

Pure: a rep's snapshot payload and the report's view-model in, plain values out (no
Flask, no database). The manager is shown the report's own focus areas, ticked, with
their two 30-day actions; every other competency the round scored is offered unticked
with the rubric's actions for its band, so the plan can differ from the report only by
the manager's choice. A plan holds one to three competencies, each with one to three
actions of at most 300 characters, and keeps as its baseline the combined score and
standard error the round issued — what a pulse is later compared with.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from assess.core.reports.focus_areas import FOCUS_ITEMS, thirty_day_actions
from assess.core.reports.wording import text_of
from assess.core.text import text_problem

MAX_COMPETENCIES = FOCUS_ITEMS  # what the report promises: at most three things
MAX_ACTIONS = 3
ACTION_CHARS = 300
#: Days after the confirmation at which each pulse is due.
PULSE_DAYS = (30, 60, 90)


@dataclass(frozen=True)
class FocusChoice:
    """One competency a plan may hold: its baseline, its actions, and whether the
    report made it a focus area (`proposed`: ticked on the form)."""

    competency_id: str
    bank_id: str
    name: str
    score: float
    se: float | None
    actions: tuple[str, ...]
    proposed: bool = False


def baselines(payload: Mapping[str, Any], locale: str = "en") -> dict[str, FocusChoice]:
    """Each competency the snapshot gave a combined score, by id, in the snapshot's
    order, with no actions yet: what a plan may hold.

    Examples
    --------
    >>> payload = {"competencies": [
    ...     {"id": "listening", "bank_id": "b", "name": {"en": "Listening"},
    ...      "combined": {"score": 41.5, "se": 9.2}},
    ...     {"id": "closing", "bank_id": "b", "name": {"en": "Closing"},
    ...      "combined": {"score": None}}]}
    >>> list(baselines(payload))
    ['listening']
    """
    found = {}
    for entry in payload.get("competencies", []):
        combined = entry.get("combined") or {}
        if combined.get("score") is None:
            continue
        found[entry["id"]] = FocusChoice(
            competency_id=entry["id"],
            bank_id=entry["bank_id"],
            name=text_of(entry.get("name"), locale) or entry["id"],
            score=combined["score"],
            se=combined.get("se"),
            actions=(),
        )
    return found


def propose_plan(
    payload: Mapping[str, Any],
    focus: Sequence[Mapping[str, Any]],
    competencies: Sequence[Mapping[str, Any]] = (),
    locale: str = "en",
) -> list[FocusChoice]:
    """What the manager is asked to confirm: the report's focus areas first, ticked,
    each with its two 30-day actions (`focus`, the report's ``focus`` list); then every
    other scored competency, unticked, with the rubric's actions for its band
    (`competencies`, the report's ``competencies`` rows).
    """
    known = baselines(payload, locale)
    rows = {entry["id"]: entry for entry in competencies}
    proposal = []
    for item in focus:
        if item["id"] in known:
            choice = known.pop(item["id"])
            proposal.append(_with(choice, item["actions"], proposed=True))
    for competency_id, choice in known.items():
        row = rows.get(competency_id, {})
        actions = thirty_day_actions(list(row.get("actions", [])), row.get("exercise", ""))
        proposal.append(_with(choice, actions, proposed=False))
    return proposal


def _with(choice: FocusChoice, actions: Sequence[str], *, proposed: bool) -> FocusChoice:
    return FocusChoice(
        choice.competency_id,
        choice.bank_id,
        choice.name,
        choice.score,
        choice.se,
        tuple(actions[:MAX_ACTIONS]),
        proposed,
    )


def split_actions(text: str) -> list[str]:
    """The actions typed in one box, one per line, blank lines dropped."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def check_plan(
    payload: Mapping[str, Any],
    chosen: Sequence[str],
    actions: Mapping[str, str],
    locale: str = "en",
) -> list[FocusChoice]:
    """The plan as the manager edited it, or ValueError with every problem in words.

    Parameters
    ----------
    payload
        The rep's snapshot payload of the plan's round.
    chosen
        The ticked competency ids, in the order shown.
    actions
        Competency id → the text of its actions box (one action per line).

    Raises
    ------
    ValueError
        Fewer than one or more than three competencies, one the round did not score,
        one chosen twice, or actions that are missing, too many, too long or hold a
        character no text field takes (`assess.core.text.text_problem`).
    """
    known = baselines(payload, locale)
    problems = []
    if not chosen:
        problems.append("Tick at least one competency for the plan.")
    elif len(chosen) > MAX_COMPETENCIES:
        problems.append(
            f"A plan holds at most {MAX_COMPETENCIES} competencies; you ticked "
            f"{len(chosen)}. Untick the ones that can wait."
        )
    if len(set(chosen)) != len(chosen):
        problems.append("Each competency can be in the plan once.")
    unknown = [competency for competency in chosen if competency not in known]
    if unknown:
        problems.append(
            "The round gave no score for the competency you sent; choose among those listed."
        )
    plan = []
    for competency_id in chosen:
        if competency_id not in known:
            continue
        choice = known[competency_id]
        listed, problem = checked_actions(choice.name, actions.get(competency_id, ""))
        if problem:
            problems.append(problem)
        plan.append(_with(choice, listed, proposed=True))
    if problems:
        raise ValueError(" ".join(problems))
    return plan


def checked_actions(name: str, text: str) -> tuple[list[str], str | None]:
    """(the actions in `text`, what is wrong with them or None)."""
    problem = text_problem(text, one_line=False)
    if problem:
        return [], f"The actions box for {name} {problem}; retype it without that character."
    listed = split_actions(text)
    if not listed:
        return [], f"Write at least one action for {name}."
    # each action is a line of its own, printed as one: a direction override would make
    # it read differently from what was agreed (as in a name)
    for action in listed:
        problem = text_problem(action, one_line=True)
        if problem:
            return [], f"An action for {name} {problem}; retype it without that character."
    if len(listed) > MAX_ACTIONS:
        return [], (
            f"{name} has {len(listed)} actions; a plan keeps at most {MAX_ACTIONS} per "
            "competency, one per line."
        )
    long = [action for action in listed if len(action) > ACTION_CHARS]
    if long:
        return [], (
            f"An action for {name} has {len(long[0])} characters; keep each to "
            f"{ACTION_CHARS} at most."
        )
    return listed, None


def pulse_schedule(confirmed_on: date) -> list[tuple[int, date]]:
    """(days, due date) of each pulse: 30, 60 and 90 days after `confirmed_on`.

    Examples
    --------
    >>> [(days, due.isoformat()) for days, due in pulse_schedule(date(2026, 11, 30))]
    [(30, '2026-12-30'), (60, '2027-01-29'), (90, '2027-02-28')]
    """
    return [(days, confirmed_on + timedelta(days=days)) for days in PULSE_DAYS]
