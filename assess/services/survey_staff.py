"""The staff a manager lists by name for the alignment survey — marketers, and the
people who deliver what sales sells — and how their invitation speaks to them.

Reps and their manager answer the survey as the sales group; these people are not users
of Candor, so the launch page takes them as "name, email" lines, one textarea per role.
Each answers once, about nobody in particular (the invitation has no rep).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from assess.core.banks import Bank


@dataclass(frozen=True)
class StaffRole:
    role: str  # the rater role their invitation carries
    people: str  # what the launch page and its warnings call them


#: In the order the launch page asks for them.
STAFF_ROLES = (
    StaffRole("marketing", "marketing staff"),
    StaffRole("operations", "delivery and operations staff"),
)


def missing_staff(roles: set[str], staff: Mapping[str, Sequence]) -> list[str]:
    """A warning per role the chosen surveys ask but nobody was listed for: the report
    could not compare that group with the others."""
    return [
        f"The alignment survey has no {entry.people} listed: nobody will answer it for "
        f"them, and the report cannot compare them with the others."
        for entry in STAFF_ROLES
        if entry.role in roles and not staff.get(entry.role)
    ]


def group_of(bank: Bank, role: str) -> str:
    """The group the survey puts ``role`` in ("sales", "marketing", "delivery")."""
    for group, roles in bank.rubric.compare_groups:
        if role in roles:
            return group
    return role


def _joined(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def survey_wording(organization: str, bank: Bank, role: str) -> tuple[str, str]:
    """The subject and opening sentence of an alignment-survey invitation, for the
    group ``role`` answers in: delivery is asked how sales and marketing work with it;
    everyone else how the groups work together."""
    groups = [group for group, _ in bank.rubric.compare_groups] or ["sales", "marketing"]
    own = group_of(bank, role)
    side = "the sales side" if own == "sales" else own
    promise = f"Your answers are shown only combined with the rest of {side}'s, never one by one."
    if role == "operations":
        others = _joined([group for group in groups if group != own])
        return (
            f"{organization}: how {others} work with {own}",
            f"{organization} asks for your view, from {own}, on how {others} work with the "
            f"people who deliver what they sell. {promise}",
        )
    topic = f"how {_joined(groups)} work together"
    return (
        f"{organization}: {topic}",
        f"{organization} asks for your view on {topic}. {promise}",
    )
