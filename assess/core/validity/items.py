"""Does each item predict here? For a bank's author: each item's rating beside each
outcome, rep by rep, with the same rank correlation, interval, n and minimum as the
competencies (`spearman_table`).

A rep's value on an item is the mean of what others said on it about them in one round:
the item's 0–100 score (reverse keys applied, option scores mapped, "not observed" left
out — exactly what the competency score averages, `scoring.items.item_scores`) over the
buyers' and the manager's finished surveys. The rep's own self-assessment, and anyone
else, is left out: the competency side of the page is what others saw, and so is this.

Buyers are anonymous, so a rep's buyers count on an item only when at least
``min_buyers`` of them scored it — the anonymity minimum their scores are issued under.
Fewer, and the rep's value would be one or two buyers' answers, which a reader who
chooses the outcomes (the owner imports them) could rank against the others'. The
manager is not anonymous: their ratings always count.

The columns are the bank page's items: each competency's items in the bank's order,
forced-choice blocks left out (they are scored apart). An item feeding two competencies
is a column of each.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from assess.core.banks import BUYER_ROLES, Bank, visible_answers
from assess.core.scoring.items import item_scores
from assess.core.scoring.model import RaterResponse

#: Whose ratings make a rep's value on an item: the buyers and the manager.
OTHERS = (*BUYER_ROLES, "manager")


@dataclass(frozen=True)
class RepAnswers:
    """The finished surveys about one rep in one round, and how many of the rep's
    buyers must have scored an item for theirs to count (the round's minimum)."""

    responses: Sequence[RaterResponse]
    min_buyers: int


def item_columns(bank: Bank) -> list[tuple[str, str]]:
    """(competency id, item id) of every item the bank page lists, in its order.

    Examples
    --------
    >>> from assess.core.banks import load_banks
    >>> item_columns(load_banks("question_banks")["buyer_feedback"])[:2]
    [('listening', 'bf_listened'), ('listening', 'bf_interrupted')]
    """
    return [
        (competency, item.id)
        for competency in bank.scored_competencies
        for item in bank.items_for(competency)
        if item.type != "forced_choice"
    ]


def rep_item_table(bank: Bank, reps: Sequence[RepAnswers]) -> np.ndarray:
    """Reps × `item_columns(bank)`: each rep's mean 0–100 item score from others, NaN
    where nobody's rating counts (the module docstring says whose do).

    Parameters
    ----------
    bank
        The bank version every response answered.
    reps
        One entry per rep, in the order of the outcome table it will be set beside.

    Raises
    ------
    ValueError
        When a response answered another bank, holds an answer the bank refuses, or a
        minimum is not a whole number of at least 1.

    Examples
    --------
    Three buyers of one rep, two of them scoring "They let me explain my situation
    fully" (4 and 5 on 1–5: 75 and 100) and one "They cut in" (too few to count); one
    buyer of another rep (too few as well):

    >>> from assess.core.banks import load_banks
    >>> bank = load_banks("question_banks")["buyer_feedback"]
    >>> def said(role, **answers):
    ...     return RaterResponse("r", role, bank.id, answers)
    >>> three = RepAnswers([said("customer", bf_listened=4), said("prospect", bf_listened=5),
    ...                     said("customer", bf_interrupted=1)], min_buyers=2)
    >>> one = RepAnswers([said("customer", bf_listened=1)], min_buyers=2)
    >>> rep_item_table(bank, [three, one])[:, :2].tolist()
    [[87.5, nan], [nan, nan]]
    """
    columns = item_columns(bank)
    table = np.full((len(reps), len(columns)), np.nan)
    for row, rep in enumerate(reps):
        if isinstance(rep.min_buyers, bool) or not isinstance(rep.min_buyers, int):
            raise ValueError(f"min_buyers must be a whole number, got {rep.min_buyers!r}")
        if rep.min_buyers < 1:
            raise ValueError(f"min_buyers must be at least 1, got {rep.min_buyers}")
        buyers: dict[int, list[float]] = {}
        manager: dict[int, list[float]] = {}
        for response in rep.responses:
            if response.bank_id != bank.id:
                raise ValueError(f"every response must answer {bank.id}, not {response.bank_id}")
            if response.rater_role not in OTHERS:
                continue  # the self-assessment: the rep's own view, not others'
            scored = buyers if response.rater_role in BUYER_ROLES else manager
            shown = visible_answers(bank, response.answers)
            for column, (competency, item_id) in enumerate(columns):
                if item_id not in shown:
                    continue
                score = item_scores(bank.item(item_id), shown[item_id]).get(competency)
                if score is not None:
                    scored.setdefault(column, []).append(score)
        for column in range(len(columns)):
            values = list(manager.get(column, []))
            if len(buyers.get(column, [])) >= rep.min_buyers:
                values += buyers[column]
            if values:
                table[row, column] = math.fsum(values) / len(values)
    return table
