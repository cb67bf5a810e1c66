"""Does each item predict here? The bank page's section for a bank's author: each item
of one bank version beside each imported outcome, with the owner's validity page's
statistics (`core.validity`: the rep values in `items`, the correlation in
`spearman_table`) and its words.

Which answers: those the bank page's item analysis reads (`bank_analysis.
closed_round_answers`: finished surveys of closed assessment rounds, only what the
issued scores hold, rounds frozen by an erasure left out), and of them the buyers' and
the manager's about the rep, in the round each outcome is linked to
(`Outcome.round_id`) — each rep's latest period, as the validity page compares a
competency score. A rep not rated with this version in that round is not in the
item's pairs; an item asked of too few reps says "not enough reps to say".

The item table is its own family of pairs (many more than the page's competencies): a
link is named only when it holds after allowing for every pair of the table
(Benjamini–Hochberg, `core.validity.multiplicity`).

Only for one organization: `EVERY_ORGANIZATION` (`flask banks analyse`) pools
installations' answers that no organization's outcomes could be joined with.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from sqlalchemy.orm import Session

from assess.core.outcomes import MEASURES, Measure
from assess.core.reports.item_review import competency_name
from assess.core.scoring import RaterResponse
from assess.core.validity import (
    CAUSATION_NOTE,
    Correlation,
    link,
    link_words,
    multiplicity_sentence,
    spearman_table,
)
from assess.core.validity.correlation import NOT_ENOUGH_REPS
from assess.core.validity.items import RepAnswers, item_columns, rep_item_table
from assess.core.validity.wording import CHANCE, correlation_sentence, figures
from assess.models import Round
from assess.platform.settings import ServiceSettings
from assess.services.bank_analysis import (
    EVERY_ORGANIZATION,
    ClosedRoundAnswers,
    closed_round_answers,
)
from assess.services.validity import CLAIMED, chosen_outcomes, compared_rows
from assess.services.webhook_events import anonymity_minimum


@dataclass(frozen=True)
class ItemCell:
    measure: Measure
    result: Correlation
    link: str
    words: str  # what the table says before the figures ("goes with")
    figures: str


@dataclass(frozen=True)
class ItemRow:
    item_id: str
    text: str
    reverse_keyed: bool
    cells: list[ItemCell]


@dataclass
class ItemValidity:
    """The section's content; `outcomes` is False when the organization has no outcome
    to compare with yet (the section then says how to import them)."""

    outcomes: bool
    reps: int  # reps with an outcome and a counted rating of at least one item
    min_reps: int
    measures: list[Measure] = field(default_factory=list)
    competencies: list[tuple[str, list[ItemRow]]] = field(default_factory=list)
    claims: list[str] = field(default_factory=list)
    note: str = CAUSATION_NOTE
    tested: int = 0  # the item × outcome pairs with a coefficient
    multiplicity: str | None = None  # what testing them all at once means, in words

    @property
    def measured(self) -> bool:
        """Whether any item reaches the minimum with any outcome: else the section says
        "not enough reps to say" once, not in every cell."""
        return any(
            cell.link != NOT_ENOUGH_REPS
            for _, rows in self.competencies
            for row in rows
            for cell in row.cells
        )


def item_validity(
    session: Session,
    settings: ServiceSettings,
    organization_id: int,
    version_id: int,
    answered: ClosedRoundAnswers | None = None,
) -> ItemValidity | None:
    """Each item of the version against each outcome, over the organization's reps;
    None when the organization has no finished survey of the version. `answered`: the
    version's `closed_round_answers` when the caller has them already."""
    if organization_id is EVERY_ORGANIZATION:
        raise ValueError("item validity joins one organization's outcomes: give its id")
    answered = answered or closed_round_answers(session, organization_id, version_id)
    if answered is None:
        return None
    chosen = chosen_outcomes(compared_rows(session, organization_id), None)
    min_reps = settings.validity_min_reps
    if not chosen:
        return ItemValidity(outcomes=False, reps=0, min_reps=min_reps)
    linked = {(outcome.round_id, rep_id) for rep_id, (outcome, _) in chosen.items()}
    about: dict[int, list[RaterResponse]] = {}
    for response, (round_id, rep_id) in zip(answered.responses, answered.subjects, strict=True):
        if (round_id, rep_id) in linked:
            about.setdefault(rep_id, []).append(response)
    rep_ids = sorted(about)
    minimums: dict[int, int] = {}
    for rep_id in rep_ids:
        round_id = chosen[rep_id][0].round_id
        if round_id not in minimums:
            minimums[round_id] = anonymity_minimum(session.get(Round, round_id))
    ratings = rep_item_table(
        answered.bank,
        [RepAnswers(about[rep_id], minimums[chosen[rep_id][0].round_id]) for rep_id in rep_ids],
    )
    rated = ~np.isnan(ratings).all(axis=1)  # a rep whose every rating is held back
    ratings = ratings[rated]
    kept = [rep_id for rep_id, counted in zip(rep_ids, rated, strict=True) if counted]
    outcome_table = np.full((len(kept), len(MEASURES)), np.nan)
    for row, rep_id in enumerate(kept):
        for column, measure in enumerate(MEASURES):
            value = getattr(chosen[rep_id][0], measure.id)
            if value is not None:
                outcome_table[row, column] = float(value)
    shown = [i for i, _ in enumerate(MEASURES) if (~np.isnan(outcome_table[:, i])).any()]
    found = ItemValidity(
        outcomes=True,
        reps=len(ratings),
        min_reps=min_reps,
        measures=[MEASURES[i] for i in shown],
    )
    if not shown:
        return found
    table = spearman_table(ratings, outcome_table[:, shown], min_reps=min_reps)
    bank = answered.bank
    rows_by_competency: dict[str, list[ItemRow]] = {}
    for row, (competency, item_id) in enumerate(item_columns(bank)):
        item = bank.item(item_id)
        text = bank.text(item.text)
        cells = [
            item_cell(table.result(row, column), measure)
            for column, measure in enumerate(found.measures)
        ]
        rows_by_competency.setdefault(competency, []).append(
            ItemRow(item_id, text, bool(item.reverse_keyed), cells)
        )
        found.claims.extend(
            correlation_sentence(cell.result, f"“{text}”", cell.measure.label)
            for cell in cells
            if cell.link in CLAIMED
        )
    found.competencies = [
        (competency_name(answered.competency_names, competency), rows)
        for competency, rows in rows_by_competency.items()
    ]
    found.tested = table.tested
    if found.tested:
        chance = sum(
            cell.link == CHANCE for rows in rows_by_competency.values() for row in rows
            for cell in row.cells
        )  # fmt: skip
        found.multiplicity = multiplicity_sentence(found.tested, chance)
    return found


def item_cell(result: Correlation, measure: Measure) -> ItemCell:
    return ItemCell(measure, result, link(result), link_words(result), figures(result))
