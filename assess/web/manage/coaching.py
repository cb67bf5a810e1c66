"""A coaching plan from a closed round: the form prefilled from the rep report's focus
areas, and its confirmation (`services.coaching`). The plan then shows on the rep's
history page with its pulse dates."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from assess.core.coaching.plans import ACTION_CHARS, MAX_ACTIONS, MAX_COMPETENCIES
from assess.core.reports.wording import number
from assess.core.text import displayable
from assess.models import Rep, Round
from assess.platform.db import db_session
from assess.platform.transaction import commit
from assess.services.coaching import confirm_plan, existing_plan, plan_proposal, rep_snapshot
from assess.services.round_kinds import is_pulse
from assess.web.manage import blueprint
from assess.web.manage.forms import ConfirmForm, require_confirmation
from assess.web.scoping import team_row, visible_or_404

#: How many ticked boxes a request may carry before it is refused unread.
MOST_TICKS = 50


@blueprint.route("/reps/<int:rep_id>/rounds/<int:round_id>/coaching-plan", methods=["GET", "POST"])
@team_row(Rep, "rep_id")
def coaching_plan(rep_id: int, round_id: int):
    """The rep's managers and the owner confirm a plan; a round they may not see is a
    404 like one that does not exist. Bad input is shown again with what is wrong, and
    nothing is saved."""
    rep = visible_or_404(Rep, rep_id)
    assessment_round = visible_or_404(Round, round_id)
    require_confirmation()
    database = db_session()
    if is_pulse(database, assessment_round.id):
        abort(404)  # a plan comes from an assessment round; a pulse re-measures one
    history = url_for("manage.rep_history", rep_id=rep.id)
    if existing_plan(database, assessment_round, rep) is not None:
        flash(f"{rep.name} already has a plan from {assessment_round.name}.", "info")
        return redirect(history + "#plans")
    if rep_snapshot(database, assessment_round, rep) is None:
        # said on the page itself, so a hand-typed address explains itself too
        unscored = render_template(
            "manage/coaching_plan.html", rep=rep, round=assessment_round, unscored=True
        )
        return unscored, (409 if request.method == "POST" else 200)
    proposal = plan_proposal(database, assessment_round, rep)
    ticked = [choice.competency_id for choice in proposal if choice.proposed]
    texts = {choice.competency_id: "\n".join(choice.actions) for choice in proposal}
    problem = None
    if request.method == "POST":
        ticked = request.form.getlist("competency")[:MOST_TICKS]
        texts = {
            choice.competency_id: request.form.get(f"actions-{choice.competency_id}", "")
            for choice in proposal
        }
        try:
            confirm_plan(database, assessment_round, rep, current_user, ticked, texts)
        except ValueError as error:
            problem = str(error)
        else:
            try:
                commit(database)
            except IntegrityError:  # someone confirmed one for this round a moment ago
                database.rollback()
                flash(f"{rep.name} already has a plan from {assessment_round.name}.", "info")
                return redirect(history + "#plans")
            flash(f"Coaching plan for {rep.name} saved; pulses are scheduled.", "success")
            return redirect(history + "#plans")
    return render_template(
        "manage/coaching_plan.html",
        rep=rep,
        round=assessment_round,
        proposal=proposal,
        ticked=set(ticked),
        texts={key: displayable(value) for key, value in texts.items()},
        problem=problem,
        confirm=ConfirmForm(),
        num=number,
        limits={"competencies": MAX_COMPETENCIES, "actions": MAX_ACTIONS, "chars": ACTION_CHARS},
    ), (422 if problem else 200)
