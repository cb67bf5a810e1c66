"""A rep's history: every closed round they took part in, from the stored snapshots.

Only rounds the viewer may see are read (a rep who moved between teams keeps the
rounds of their old team out of a new manager's sight), and only what the reports
show: the snapshots hold group scores, never a buyer's answers.
"""

from __future__ import annotations

from flask import render_template
from flask_login import current_user
from sqlalchemy import select

from assess.core.reports.render import chart
from assess.core.reports.rep_history import HistoryRound, rep_history_view
from assess.core.reports.wording import number, signed
from assess.models import Rep, Round, ScoreSnapshot
from assess.platform.db import db_session
from assess.services.coaching import rep_plans
from assess.services.round_kinds import assessment_rounds
from assess.web.manage import blueprint
from assess.web.scoping import team_row, visible, visible_or_404


def closed_on(assessment_round: Round) -> str:
    """The day a round closed, as the reports print it ("23 November 2026")."""
    closed = assessment_round.closed_at or assessment_round.closes_at
    return f"{closed.day} {closed:%B %Y}"


def history_rounds(rep: Rep) -> list[HistoryRound]:
    """The rep's snapshots in the closed rounds the viewer may see, oldest first."""
    seen_rounds = (
        visible(Round)
        .where(Round.status == "closed", assessment_rounds())
        .with_only_columns(Round.id)
    )
    rows = db_session().execute(
        select(ScoreSnapshot.payload, Round)
        .join(Round, Round.id == ScoreSnapshot.round_id)
        .where(
            ScoreSnapshot.organization_id == rep.organization_id,
            ScoreSnapshot.scope == "rep",
            ScoreSnapshot.rep_id == rep.id,
            Round.id.in_(seen_rounds),
        )
        .order_by(Round.opens_at, Round.id)
    )
    return [
        HistoryRound(
            round_id=assessment_round.id,
            name=assessment_round.name,
            closed_on=closed_on(assessment_round),
            payload=payload,
        )
        for payload, assessment_round in rows
    ]


@blueprint.get("/reps/<int:rep_id>/history")
@team_row(Rep, "rep_id")
def rep_history(rep_id: int):
    """Verdict, overall score and each competency, round by round; the rep's coaching
    plans, each pulse's state and, once closed, how the plan's competencies moved."""
    rep = visible_or_404(Rep, rep_id)
    rounds = history_rounds(rep)
    plans = rep_plans(db_session(), rep, [entry.round_id for entry in rounds], current_user)
    return render_template(
        "manage/rep_history.html",
        rep=rep,
        view=rep_history_view(rounds),
        plans=plans,
        planned_rounds={plan["round_id"] for plan in plans},
        num=number,
        signed=signed,
        chart=chart,
    )
