"""The days a round may run, one rule for the page's form and the API.

A round opens today or later (its links would otherwise have run before anyone got
them), at most two years ahead, closes after it opens and within 120 days (its answers
should describe one period), and never on a day already gone.
"""

from __future__ import annotations

from datetime import date, timedelta

MAX_AHEAD = timedelta(days=730)
MAX_LENGTH = timedelta(days=120)


def closing_problem(closes_on: date, today: date) -> str | None:
    if closes_on < today:
        return (
            "That day is in the past: a round that has closed takes no answers. "
            "Pick today or a later day."
        )
    if closes_on > today + MAX_AHEAD:
        return f"That is more than two years away; pick a day up to {today + MAX_AHEAD:%d %B %Y}."
    return None


def round_dates_problem(opens_on: date, closes_on: date, today: date) -> tuple[str, str] | None:
    """("opens_on" or "closes_on", what is wrong and how to fix it), or None."""
    if opens_on < today:
        return "opens_on", (
            "That day is in the past: a round opens today or later, or its links "
            "would have been running before anyone got them."
        )
    if opens_on > today + MAX_AHEAD:
        return "opens_on", (
            f"That is more than two years away; pick a day up to {today + MAX_AHEAD:%d %B %Y}."
        )
    if closes_on <= opens_on:
        return "closes_on", "The round must close after it opens."
    if closes_on - opens_on > MAX_LENGTH:
        return "closes_on", (
            f"A round runs at most {MAX_LENGTH.days} days, so that its answers describe "
            f"the same period; close it by {opens_on + MAX_LENGTH:%d %B %Y}."
        )
    problem = closing_problem(closes_on, today)
    return ("closes_on", problem) if problem else None
