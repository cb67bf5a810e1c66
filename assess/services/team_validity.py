"""The team report's "Does it predict here?": the owner's validity page
(`services.validity`), over the reps scored in the team's rounds, as the plain values a
report is rendered from (`ReportInputs.validity`; what the PDF shows of them is decided
in `core.reports.validity_section`).

Why the team's reps and not the whole organization's: the team report is downloaded by
the team's managers as well as the owner (`services.access`), while the page that pools
every team is the owner's alone. Over the team's reps the section tells a manager
nothing their role does not already see — their reps' issued scores and the outcomes
they may import — and for an organization of one team its numbers are the page's.

Unlike the rest of the report, these figures are not frozen with the round: outcomes
are imported after it, per period. The section says the date it was rendered, and
rendering the report again brings them up to date.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from assess.core.reports.inputs import ReportInputs
from assess.models import Report, Round, utcnow
from assess.platform.settings import ServiceSettings
from assess.services.reports import report_inputs
from assess.services.validity import ValidityReport, validity_report


def team_validity(
    session: Session,
    settings: ServiceSettings,
    organization_id: int,
    team_id: int,
    as_of: datetime | None = None,
) -> dict[str, Any]:
    """The team's validity figures as plain values (`core.reports.validity_section`):
    each rep's latest period, the page's own numbers and words."""
    return plain_validity(
        validity_report(session, settings, organization_id, team_id=team_id),
        as_of or utcnow(),
    )


def plain_validity(report: ValidityReport, as_of: datetime) -> dict[str, Any]:
    """`report` without its objects: labels, words and figures only (no scatter chart:
    its dots are reps)."""
    return {
        "as_of": f"{as_of.day} {as_of:%B %Y}",
        "reps": report.reps,
        "min_reps": report.min_reps,
        "measures": [measure.label for measure in report.measures],
        "rows": [
            {
                "competency": competency.name,
                "cells": [{"link": cell.link, "figures": cell.figures} for cell in cells],
            }
            for competency, cells in report.rows
        ],
        "claims": list(report.claims),
        "tested": report.tested,
        "multiplicity": report.multiplicity,
        "coverage": report.coverage,
        "groups": [
            {
                "measure": measure.label,
                "cells": [
                    {"label": cell.label, "text": cell.text, "given": cell.group.mean is not None}
                    for cell in cells
                ],
            }
            for measure, cells in report.groups
        ],
        "note": report.note,
    }


def team_report_inputs(session: Session, settings: ServiceSettings, report: Report) -> ReportInputs:
    """`report_inputs`, and for a team report its "Does it predict here?" figures: what
    renders a team report (the command, the report job) reads them through."""
    inputs = report_inputs(session, report, settings.catalogs)
    if report.kind != "team":
        return inputs
    assessment_round = session.get(Round, report.round_id)
    validity = team_validity(
        session, settings, assessment_round.organization_id, assessment_round.team_id
    )
    return replace(inputs, validity=validity)
