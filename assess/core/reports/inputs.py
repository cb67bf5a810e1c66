"""What a report is made from: plain values only (never ORM objects, never queries).

The job that renders a report reads the round's stored score snapshots and fills one
of these; everything in `assess/core/reports/` works from it alone, so the same round
rendered twice says the same thing, and reports render in tests and benchmarks without
a database.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from assess.core.banks import Bank

#: Who a rep report is written for: the rep (their own copy), or their manager (the
#: same report, plus a coaching guide per focus area).
READERS = ("rep", "manager")


@dataclass(frozen=True)
class ReportInputs:
    kind: str  # "rep", "team" or "pulse"
    organization_name: str
    team_name: str
    round_name: str
    round_closed_on: str  # e.g. "23 November 2026"
    tone: str  # "blunt" or "diplomatic": picks the rubric's wording; numbers never change
    banks: Mapping[str, Bank]  # the round's banks by id, plus the banks they mirror
    rep_payload: Mapping[str, Any] | None = None  # RepResult.to_dict() (rep report)
    previous_rep_payload: Mapping[str, Any] | None = None  # same rep, previous round
    team_payload: Mapping[str, Any] | None = None  # {"team", "alignment", "previous_round"}
    rep_payloads: Sequence[Mapping[str, Any]] = field(default_factory=tuple)  # team report
    previous_round_name: str | None = None
    locale: str = "en"
    reader: str = "rep"  # a rep report's reader, one of READERS; the team report ignores it
    #: team report: "Does it predict here?" over the team's reps, as plain values
    #: (`services.team_validity`; shape in `core.reports.validity_section`); None leaves
    #: the section out
    validity: Mapping[str, Any] | None = None
    #: A rep's coaching plan and its later measurements (`services.coaching_progress`):
    #: the pulse report's subject; in a rep report, the plan from an earlier round.
    coaching: Mapping[str, Any] | None = None
