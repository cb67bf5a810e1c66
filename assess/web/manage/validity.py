"""The owner's "Does it predict here?": each competency's score beside each imported
outcome, in numbers, words and a chart (`services.validity`)."""

from __future__ import annotations

from datetime import date

from flask import render_template, request
from flask_login import current_user

from assess.core.reports.render import chart
from assess.platform.db import db_session
from assess.platform.settings import get_settings
from assess.services.validity import Period, validity_report
from assess.web.manage import blueprint
from assess.web.scoping import owner_only


def period_value(period: Period) -> str:
    """A period as the page's choice carries it: "2026-04-01_2026-06-30"."""
    return f"{period[0].isoformat()}_{period[1].isoformat()}"


def chosen_period(value: str) -> Period | None:
    """The period of a choice, or None (each rep's latest) for anything else."""
    start, _, end = value.partition("_")
    try:
        return date.fromisoformat(start), date.fromisoformat(end)
    except ValueError:
        return None


@blueprint.get("/validity")
@owner_only
def validity():
    """Every team side by side, so the owner's alone; the choices are a GET form (a
    view of the same figures, nothing changes)."""
    report = validity_report(
        db_session(),
        get_settings(),
        current_user.organization_id,
        period=chosen_period(request.args.get("period", "")[:40]),
        competency=request.args.get("competency", "")[:200] or None,
        outcome=request.args.get("outcome", "")[:40] or None,
    )
    return render_template(
        "manage/validity.html", report=report, period_value=period_value, chart=chart
    )
