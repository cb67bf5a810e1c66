"""Item analysis for bank authors: Cronbach's alpha per competency, corrected
item-total correlations and alpha if an item is deleted.

The columns of a competency are its items' 0–100 scores (reverse keys applied, option
scores mapped), i.e. exactly what the competency score averages. Forced-choice blocks
are not among them: they are scored apart (`forced_choice.py`), and an ipsative answer
in a normative scale's alpha would measure the format, not the competency. Only responses that
answered every column of the competency are used (listwise deletion), and hidden
items count as unanswered here. Where branching asks some items of some raters only
(no response answers them all), the largest set of items one group of raters is asked
together is analysed instead, and the note names the items left to other raters.

* ``alpha = k / (k - 1) * (1 - sum of item variances / variance of the row totals)``
* corrected item-total correlation: Pearson r of an item with the sum of the others
* alpha if item deleted: alpha of the other ``k - 1`` items (needs ``k >= 3``)

Each is ``None`` — "not enough data" — with fewer than ``rules.MIN_ANALYSIS_RESPONSES``
complete responses, fewer than two items, or no variance to work with.

Each item also counts its scored answers and its "not observed" answers (over every
response, complete or not): an item many raters cannot judge is a finding of its own,
and "not observed" is never a score of zero.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from assess.core.banks import NOT_OBSERVED, Bank, Item, visible_answers
from assess.core.scoring.items import item_scores
from assess.core.scoring.model import RaterResponse
from assess.core.scoring.rules import MIN_ANALYSIS_RESPONSES
from assess.core.scoring.stats import pearson, rounded, sample_variance


def cronbach_alpha(rows: Sequence[Sequence[float]]) -> float | None:
    """Cronbach's alpha of a complete responses × items table.

    Parameters
    ----------
    rows : sequence of sequences of float
        One row per response, one column per item, no gaps.

    Returns
    -------
    float or None
        ``None`` with fewer than two rows or two items, or when the row totals do not
        vary.

    Raises
    ------
    ValueError
        If the rows differ in length or hold something that is not a number.

    Examples
    --------
    >>> round(cronbach_alpha([[1, 2, 2], [2, 3, 3], [3, 3, 4], [4, 5, 4]]), 4)
    0.9485
    """
    rows = [list(row) for row in rows]
    if not rows:
        return None
    width = len(rows[0])
    for row in rows:
        if len(row) != width:
            raise ValueError(f"every row needs {width} values; found one with {len(row)}")
        for value in row:
            if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
                raise ValueError(f"item scores must be numbers, got {value!r}")
    if len(rows) < 2 or width < 2:
        return None
    columns = list(zip(*rows, strict=True))
    item_variance = sum(sample_variance(column) or 0.0 for column in columns)
    total_variance = sample_variance([sum(row) for row in rows])
    if not total_variance:
        return None
    return width / (width - 1) * (1 - item_variance / total_variance)


@dataclass(frozen=True)
class ItemStat:
    column: str  # item id, or "item_id:statement_id" for a forced-choice statement
    mean: float | None
    item_rest_correlation: float | None
    alpha_if_deleted: float | None
    answers: int = 0  # responses that gave it a score (shown, answered, not "not observed")
    not_observed: int = 0  # responses that answered "not observed"

    def to_dict(self) -> dict[str, Any]:
        return {
            "column": self.column,
            "mean": rounded(self.mean),
            "item_rest_correlation": _r4(self.item_rest_correlation),
            "alpha_if_deleted": _r4(self.alpha_if_deleted),
            "answers": self.answers,
            "not_observed": self.not_observed,
        }


@dataclass(frozen=True)
class CompetencyAnalysis:
    competency: str
    n: int  # complete responses used
    alpha: float | None
    items: tuple[ItemStat, ...]
    note: str | None  # why a number is missing ("not enough data: ..."), or what was used
    #: items asked of other raters than the analysed ones (branching): not compared
    apart: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "competency": self.competency,
            "n": self.n,
            "alpha": _r4(self.alpha),
            "items": [item.to_dict() for item in self.items],
            "note": self.note,
            "apart": list(self.apart),
        }


@dataclass(frozen=True)
class ItemAnalysis:
    bank_id: str
    version: str
    responses: int
    competencies: tuple[CompetencyAnalysis, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "bank_id": self.bank_id,
            "version": self.version,
            "responses": self.responses,
            "competencies": [entry.to_dict() for entry in self.competencies],
        }


def _r4(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _columns(bank: Bank, competency: str) -> list[tuple[str, Item]]:
    columns = []
    for item in bank.items_for(competency):
        if item.type != "forced_choice":
            columns.append((item.id, item))
    return columns


def item_analysis(
    bank: Bank, responses: Sequence[RaterResponse], *, min_responses: int = MIN_ANALYSIS_RESPONSES
) -> ItemAnalysis:
    """Reliability of every competency the bank scores, over stored responses.

    Parameters
    ----------
    bank : Bank
        The bank (one version: do not mix responses to different versions).
    responses : sequence of RaterResponse
        Responses to that bank, any rater role.
    min_responses : int
        Complete responses needed per competency before numbers are given.

    Returns
    -------
    ItemAnalysis

    Raises
    ------
    ValueError
        If a response is for another bank or holds an invalid answer.

    Examples
    --------
    >>> from assess.core.banks import load_banks
    >>> analysis = item_analysis(load_banks("question_banks")["trustworthiness"], [])
    >>> analysis.competencies[0].note
    'not enough data: 0 complete responses, 10 needed'
    """
    if isinstance(min_responses, bool) or not isinstance(min_responses, int) or min_responses < 2:
        raise ValueError("min_responses must be a whole number of at least 2")
    rows_by_response = []
    not_observed: dict[str, int] = {}
    for response in responses:
        if not isinstance(response, RaterResponse) or response.bank_id != bank.id:
            raise ValueError(f"item_analysis({bank.id}): every response must answer {bank.id}")
        shown = visible_answers(bank, response.answers)
        scores: dict[tuple[str, str], float] = {}
        for item in bank.items:
            if item.id in shown:
                if shown[item.id] == NOT_OBSERVED and item.offers_not_observed:
                    not_observed[item.id] = not_observed.get(item.id, 0) + 1
                try:
                    for competency, score in item_scores(item, shown[item.id]).items():
                        scores[(item.id, competency)] = score
                except ValueError as error:
                    raise ValueError(f"response {response.response_id}: {error}") from None
        rows_by_response.append(scores)

    analyses = []
    for competency in bank.scored_competencies:
        columns = _columns(bank, competency)
        keys = [(item.id, competency) for _, item in columns]
        names = [name for name, _ in columns]
        counts = {
            name: (sum(key in scores for scores in rows_by_response), not_observed.get(name, 0))
            for name, key in zip(names, keys, strict=True)
        }
        together = asked_together(rows_by_response, keys, min_responses)
        rows = [
            [scores[key] for key in together] for scores in _answering(rows_by_response, together)
        ]
        if len(together) == len(keys) or len(rows) < min_responses:
            analyses.append(_analyse(competency, names, rows, min_responses, counts))
            continue
        # Branching asks some items of some raters only (after-sale items of customers):
        # no response answers them all, so the analysis takes the largest group of items
        # one set of raters is asked together, and says so.
        kept = [name for name, key in zip(names, keys, strict=True) if key in together]
        found = _analyse(competency, kept, rows, min_responses, counts)
        others = [name for name in names if name not in kept]
        found = replace(
            found,
            items=found.items
            + tuple(ItemStat(name, None, None, None, *counts[name]) for name in others),
            apart=tuple(others),
            note=(
                f"on the {len(rows)} responses asked {', '.join(kept)} together; "
                f"{', '.join(others)} {'is' if len(others) == 1 else 'are'} asked of other raters"
            ),
        )
        analyses.append(found)
    return ItemAnalysis(bank.id, bank.version, len(responses), tuple(analyses))


def _answering(rows_by_response, keys) -> list[dict]:
    return [scores for scores in rows_by_response if all(key in scores for key in keys)]


def keys_order(keys: list):
    """Sort key putting patterns in the columns' order (the same choice every run)."""
    return lambda pattern: [keys.index(key) for key in pattern]


def asked_together(rows_by_response, keys: list, min_responses: int) -> list:
    """The columns to analyse: all of them when enough responses answered all; else the
    largest set of at least two that enough responses answered together (the items one
    group of raters is asked), more responses breaking a tie; all of them when no such
    set exists (the analysis then says there is not enough data)."""
    if len(_answering(rows_by_response, keys)) >= min_responses:
        return keys
    best: tuple[int, int, list] | None = None
    patterns = {tuple(key for key in keys if key in scores) for scores in rows_by_response}
    for pattern in sorted(patterns, key=keys_order(keys)):
        shared = list(pattern)
        if len(shared) < 2:
            continue
        n = len(_answering(rows_by_response, shared))
        if n >= min_responses and (best is None or (len(shared), n) > best[:2]):
            best = (len(shared), n, shared)
    return best[2] if best else keys


def _analyse(
    competency: str,
    names: list[str],
    rows: list[list[float]],
    min_responses: int,
    counts: dict[str, tuple[int, int]],
) -> CompetencyAnalysis:
    n, width = len(rows), len(names)
    columns = [list(column) for column in zip(*rows, strict=True)] if rows else [[]] * width
    means = [sum(column) / n if n else None for column in columns]
    if n < min_responses:
        # No mean either: with one buyer's response it would be that buyer's answer.
        note = f"not enough data: {n} complete responses, {min_responses} needed"
        stats = [ItemStat(name, None, None, None, *counts[name]) for name in names]
        return CompetencyAnalysis(competency, n, None, tuple(stats), note)
    if width < 2:
        note = "only one item: alpha needs at least two"
        stats = [ItemStat(names[0], means[0], None, None, *counts[names[0]])] if width else []
        return CompetencyAnalysis(competency, n, None, tuple(stats), note)
    alpha = cronbach_alpha(rows)
    stats = []
    for index, name in enumerate(names):
        rest = [sum(row) - row[index] for row in rows]
        others = [row[:index] + row[index + 1 :] for row in rows]
        stats.append(
            ItemStat(
                name,
                means[index],
                pearson(columns[index], rest),
                cronbach_alpha(others) if width >= 3 else None,
                *counts[name],
            )
        )
    note = None if alpha is not None else "not enough data: the answers do not vary"
    return CompetencyAnalysis(competency, n, alpha, tuple(stats), note)
