"""Does it predict here? The competency scores and the outcomes of an organization's
reps, gathered from the database and handed to the pure statistics
(`assess.core.validity`), with the words and the chart the owner's page shows.

What is compared, per rep: the outcome figures of one period (each rep's latest, or the
period the owner chooses) and the scores the rep was issued in the round linked to that
period — a closed round only, from its issued snapshot only. A competency's score is
what others saw (the manager's and buyers' combined score, never the self-rating); a
rep without one on a competency is left out of that competency's pairs only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from assess.core.outcomes import MEASURES, PERCENT, Measure
from assess.core.reports.wording import VERDICT_LABELS
from assess.core.validity import (
    CAUSATION_NOTE,
    VERDICT_GROUPS,
    Correlation,
    GroupOutcome,
    correlation_sentence,
    coverage_sentence,
    group_sentence,
    link,
    link_words,
    multiplicity_sentence,
    outcome_by_verdict,
    spearman_table,
    verdict_coverage,
)
from assess.core.validity.scatter import scatter_chart
from assess.core.validity.wording import (
    CHANCE,
    NEGATIVE,
    POSITIVE,
    WEAK_NEGATIVE,
    WEAK_POSITIVE,
    decimal,
    figures,
)
from assess.models import Outcome, Round, ScoreSnapshot
from assess.platform.settings import ServiceSettings
from assess.services.round_kinds import assessment_rounds

#: The links a plain-words list repeats: those that hold among the pairs tested (an
#: unclear link, or one that could be chance, is in the table only).
CLAIMED = (POSITIVE, NEGATIVE, WEAK_POSITIVE, WEAK_NEGATIVE)

Period = tuple[date, date]


@dataclass(frozen=True)
class Competency:
    """A competency as the page names it; `key` is "bank/competency" (unique)."""

    key: str
    name: str


@dataclass
class ValidityData:
    """One row per rep: the scores (reps × `competencies`) and the outcomes (reps ×
    `MEASURES`), NaN where missing, and each rep's verdict in that round."""

    competencies: list[Competency]
    scores: np.ndarray
    outcomes: np.ndarray
    verdicts: list[str | None]
    periods: list[Period]
    period: Period | None


@dataclass(frozen=True)
class Cell:
    competency: Competency
    measure: Measure
    result: Correlation
    link: str
    figures: str
    sentence: str
    words: str  # what the table says before the figures ("goes with")


@dataclass(frozen=True)
class GroupCell:
    group: GroupOutcome
    label: str  # the verdict as the reports name it
    text: str
    sentence: str


@dataclass(frozen=True)
class Scatter:
    cell: Cell
    svg: str | None  # None below the minimum: no cloud to read a finding into


@dataclass
class ValidityReport:
    reps: int
    min_reps: int
    periods: list[Period]
    period: Period | None
    competencies: list[Competency]
    measures: list[Measure]  # the outcomes with at least one figure
    rows: list[tuple[Competency, list[Cell]]] = field(default_factory=list)
    claims: list[str] = field(default_factory=list)
    groups: list[tuple[Measure, list[GroupCell]]] = field(default_factory=list)
    scatter: Scatter | None = None
    note: str = CAUSATION_NOTE
    tested: int = 0  # the pairs with a coefficient, which a named link allows for
    multiplicity: str | None = None  # what testing them all at once means, in words
    coverage: str | None = None  # which reps the verdict groups hold, and who is left out


def compared_rows(session: Session, organization_id: int, team_id: int | None = None):
    """(outcome, issued rep snapshot's summary) for every outcome whose linked round is
    closed and scored its rep; only the rounds of `team_id` when given (a team report's
    reps). The summary (`core.validity.summary`), not the whole payload: decoding 10,000
    whole snapshots was nearly all of the page's eight seconds."""
    of_team = [] if team_id is None else [Round.team_id == team_id]
    found = session.execute(
        # plain rows with the outcome's columns as attributes, not ORM objects: the
        # analysis only reads them, and 10,000 mapped objects cost most of a second
        select(*Outcome.__table__.columns, ScoreSnapshot.summary)
        .join(Round, Round.id == Outcome.round_id)
        .join(
            ScoreSnapshot,
            and_(
                ScoreSnapshot.round_id == Outcome.round_id,
                ScoreSnapshot.rep_id == Outcome.rep_id,
                ScoreSnapshot.scope == "rep",
            ),
        )
        .where(
            Outcome.organization_id == organization_id,
            Round.status == "closed",
            assessment_rounds(),
            *of_team,
        )
        .order_by(Outcome.rep_id, Outcome.period_end, Outcome.period_start)
    ).all()
    return [(row, row.summary) for row in found]


def chosen_outcomes(rows, period: Period | None) -> dict[int, tuple[Outcome, dict]]:
    """Rep id -> (outcome, summary) of `compared_rows`: the rep's outcome of `period`, or
    their latest when None (the page's rule, which the bank page's items follow too)."""
    chosen: dict[int, tuple[Outcome, dict]] = {}
    for outcome, summary in rows:  # ordered by period: the latest one stays
        if period is None or (outcome.period_start, outcome.period_end) == period:
            chosen[outcome.rep_id] = (outcome, summary or {})
    return chosen


def gather(
    session: Session,
    organization_id: int,
    period: Period | None = None,
    team_id: int | None = None,
) -> ValidityData:
    """The matrices of the organization (or of one team's rounds): one row per rep, for
    `period` or each rep's latest period when None."""
    rows = compared_rows(session, organization_id, team_id)
    periods = sorted({(o.period_start, o.period_end) for o, _ in rows}, reverse=True)
    if period not in periods:
        period = None  # a period nobody has figures for (any more): each rep's latest
    chosen = chosen_outcomes(rows, period)
    competencies: dict[str, Competency] = {}
    per_rep: list[dict[str, float]] = []
    for _, summary in chosen.values():
        scores = {}
        for key, name, score in summary.get("competencies") or []:
            competencies.setdefault(key, Competency(key, name))
            if score is not None:
                scores[key] = float(score)
        per_rep.append(scores)
    keys = list(competencies)
    score_table = np.full((len(chosen), len(keys)), np.nan)
    outcome_table = np.full((len(chosen), len(MEASURES)), np.nan)
    verdicts = []
    for row, ((outcome, summary), scores) in enumerate(zip(chosen.values(), per_rep, strict=True)):
        for column, key in enumerate(keys):
            score_table[row, column] = scores.get(key, np.nan)
        for column, measure in enumerate(MEASURES):
            value = getattr(outcome, measure.id)
            outcome_table[row, column] = np.nan if value is None else float(value)
        verdicts.append(summary.get("verdict"))
    return ValidityData(
        list(competencies.values()),
        score_table,
        outcome_table,
        verdicts,
        periods,
        period,
    )


def validity_report(
    session: Session,
    settings: ServiceSettings,
    organization_id: int,
    *,
    period: Period | None = None,
    competency: str | None = None,
    outcome: str | None = None,
    team_id: int | None = None,
) -> ValidityReport:
    """Everything the owner's page shows: the correlation table with its words, the
    outcome by verdict group, and the scatter chart of `competency` × `outcome` (or of
    the strongest link when they are not given). With `team_id`, over the reps scored
    in that team's rounds only (the team report's section). The table is one family: a
    link is named only when it holds after allowing for all its pairs."""
    data = gather(session, organization_id, period, team_id)
    min_reps = settings.validity_min_reps
    shown = [
        (index, measure)
        for index, measure in enumerate(MEASURES)
        if (~np.isnan(data.outcomes[:, index])).any()
    ]
    report = ValidityReport(
        reps=len(data.verdicts),
        min_reps=min_reps,
        periods=data.periods,
        period=data.period,
        competencies=data.competencies,
        measures=[measure for _, measure in shown],
    )
    if not shown or not data.competencies:
        return report
    columns = [index for index, _ in shown]
    table = spearman_table(data.scores, data.outcomes[:, columns], min_reps=min_reps)
    for row, entry in enumerate(data.competencies):
        cells = [
            make_cell(entry, measure, table.result(row, column))
            for column, (_, measure) in enumerate(shown)
        ]
        report.rows.append((entry, cells))
        report.claims.extend(cell.sentence for cell in cells if cell.link in CLAIMED)
    report.tested = table.tested
    if report.tested:
        chance = sum(cell.link == CHANCE for _, cells in report.rows for cell in cells)
        report.multiplicity = multiplicity_sentence(report.tested, chance)
    report.coverage = coverage_sentence(verdict_coverage(data.verdicts, VERDICT_GROUPS))
    for index, measure in shown:
        values = [None if np.isnan(v) else float(v) for v in data.outcomes[:, index]]
        groups = outcome_by_verdict(data.verdicts, values, groups=VERDICT_GROUPS)
        report.groups.append((measure, [group_cell(group, measure) for group in groups]))
    report.scatter = scatter_for(report, data, competency, outcome)
    return report


def make_cell(competency: Competency, measure: Measure, result: Correlation) -> Cell:
    return Cell(
        competency,
        measure,
        result,
        link(result),
        figures(result),
        correlation_sentence(result, competency.name, measure.label),
        link_words(result),
    )


def figure(value: float, measure: Measure) -> str:
    """A figure as the page writes it: "41.5 %", "45,210", "12.3"."""
    text = decimal(value, measure.decimals)
    return f"{text} %" if measure.kind == PERCENT else text


def group_cell(group: GroupOutcome, measure: Measure) -> GroupCell:
    sentence = group_sentence(group, measure.label, measure.decimals)
    if group.mean is None or group.interval is None:
        text = f"not enough reps to say ({group.n:,} of the {group.min_reps:,} needed)"
    else:
        low, high = (figure(bound, measure) for bound in group.interval)
        text = f"{figure(group.mean, measure)} ({low} to {high}), {group.n:,} reps"
    return GroupCell(group, VERDICT_LABELS.get(group.verdict, group.verdict), text, sentence)


def scatter_for(
    report: ValidityReport, data: ValidityData, competency: str | None, outcome: str | None
) -> Scatter | None:
    """The chosen cell's chart; without a choice, the strongest link's (or the first
    cell's)."""
    cells = [cell for _, row in report.rows for cell in row]
    chosen = next(
        (c for c in cells if c.competency.key == competency and c.measure.id == outcome), None
    )
    if chosen is None:
        given = [cell for cell in cells if cell.result.rho is not None]
        chosen = max(given, key=lambda c: abs(c.result.rho), default=cells[0] if cells else None)
    if chosen is None:
        return None
    if chosen.result.n < report.min_reps:
        return Scatter(chosen, None)
    column = data.competencies.index(chosen.competency)
    index = MEASURES.index(chosen.measure)
    pairs = np.column_stack((data.scores[:, column], data.outcomes[:, index]))
    points = [(float(x), float(y)) for x, y in pairs[~np.isnan(pairs).any(axis=1)]]
    unit = " (%)" if chosen.measure.kind == PERCENT else ""
    svg = scatter_chart(
        points,
        x_label=chosen.competency.name,
        y_label=chosen.measure.label.capitalize() + unit,
        title=f"{chosen.competency.name} and {chosen.measure.label}",
    )
    return Scatter(chosen, svg)
