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
from assess.core.i18n import N_, gettext
from assess.core.i18n.lists import and_list


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


#: The alignment survey's groups (its rubric's compare_groups) as a sentence names them;
#: a group not listed here is shown as the bank calls it.
GROUP_NAMES = {
    "sales": N_("sales"),
    "marketing": N_("marketing"),
    "delivery": N_("delivery"),
}


def group_name(group: str) -> str:
    """A group of the alignment survey in the language in force ("ventas" for "sales")."""
    return gettext(GROUP_NAMES[group]) if group in GROUP_NAMES else group


def survey_wording(organization: str, bank: Bank, role: str) -> tuple[str, str]:
    """The subject and opening sentence of an alignment-survey invitation, for the
    group ``role`` answers in: delivery is asked how sales and marketing work with it;
    everyone else how the groups work together (in the language in force)."""
    groups = [group for group, _ in bank.rubric.compare_groups] or ["sales", "marketing"]
    own = group_of(bank, role)
    if own == "sales":
        promise = gettext(
            "Your answers are shown only combined with the rest of the sales side's, never "
            "one by one."
        )
    else:
        promise = gettext(
            "Your answers are shown only combined with the rest of %(group)s's, never one by one.",
            group=group_name(own),
        )
    if role == "operations":
        others = and_list([group_name(group) for group in groups if group != own])
        return (
            gettext(
                "%(org)s: how %(others)s work with %(group)s",
                org=organization, others=others, group=group_name(own),
            ),
            gettext(
                "%(org)s asks for your view, from %(group)s, on how %(others)s work with the "
                "people who deliver what they sell.",
                org=organization, others=others, group=group_name(own),
            )
            + " "
            + promise,
        )  # fmt: skip
    together = and_list([group_name(group) for group in groups])
    return (
        gettext("%(org)s: how %(groups)s work together", org=organization, groups=together),
        gettext(
            "%(org)s asks for your view on how %(groups)s work together.",
            org=organization, groups=together,
        )
        + " "
        + promise,
    )  # fmt: skip
