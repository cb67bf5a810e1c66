"""Evidence too thin to decide a verdict alone: a score on the manager's few answers.

A competency buyers are not asked about is scored from the manager's review only, and
one manager's two or three answers carry a wide interval (two items: SE 12.65; one
"Never" puts transparency at 0, interval 0–25). Such a score may still be reported —
said beside the fact, never left for the reader to find — but it never makes a
verdict test hold for sure: one person's view leaves a severe verdict open
(borderline), for more answers to settle.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from assess.core.scoring.model import GroupScore
from assess.core.scoring.rules import REFERENCE_ITEMS


def manager_alone(entry: GroupScore) -> bool:
    """Whether a score rests on the manager's review alone, on fewer item answers than
    the scale a rubric's reliability describes (``REFERENCE_ITEMS``)."""
    alone = entry.group == "manager" or entry.groups_used == ("manager",)
    return alone and entry.answers < REFERENCE_ITEMS


def manager_only(
    competencies: Sequence[str], score_of: Callable[[str], GroupScore | None]
) -> list[str]:
    """The competencies among `competencies` whose score (`score_of`) rests on the
    manager alone."""
    found = []
    for competency in competencies:
        entry = score_of(competency)
        if entry is not None and entry.score is not None and manager_alone(entry):
            found.append(competency)
    return found


def sure_only_with_enough(holds: bool | None, entry: GroupScore) -> bool | None:
    """A verdict test's result (True, False, or None for borderline), made borderline
    when it would hold for sure on a score resting on the manager alone."""
    return None if holds is True and manager_alone(entry) else holds
