"""The two sides of a perception gap, measured on the same statements.

A rep's self score on a competency rests on every self item of it: frequency and
agreement ratings, and situational judgement answers. A buyer's score on it rests on
two or three ratings of what the buyer saw. Subtracting one from the other would
compare unlike things, so a gap is computed on pairs instead: each rating of a buyer
or manager bank names, with ``pairs_with``, the self statement about the same
behaviour (``banks check`` refuses a rating without one). For a competency and a rater
group:

* **their side** is the group's score on its paired ratings — per rater the mean of
  the paired ratings they answered, then pooled the way the group's score is (buyers
  weighted by role, managers averaged);
* **the rep's side** is the mean of the rep's answers to exactly the self statements
  those ratings name, each counted once, reverse keys applied. Situational answers and
  self statements nobody else was asked about never enter it.

Each side needs answers to at least half of its statements, the usual rule for a
score; "not observed" answers are left out like blanks.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from assess.core.banks import BUYER_ROLES, Bank, Item, condition_holds
from assess.core.scoring.competencies import pooled_buyer_score
from assess.core.scoring.items import scale_score
from assess.core.scoring.responses import ScoredResponse
from assess.core.scoring.rules import MIN_ANSWERED_SHARE
from assess.core.scoring.stats import at_least_share, mean


@dataclass(frozen=True)
class PairedSides:
    """The rep's and a group's score on the same statements of one competency."""

    self_score: float
    other_score: float
    statements: int  # how many self statements the comparison rests on


def versus_group(bank: Bank) -> str | None:
    """``buyers`` or ``manager``: whose view a mirroring bank gives, else ``None``."""
    if not bank.mirrors:
        return None
    if any(role in BUYER_ROLES for role in bank.rater_roles):
        return "buyers"
    return "manager" if "manager" in bank.rater_roles else None


def item_score(item: Item, value: object) -> float | None:
    """0–100 score of one answer to a rating; ``None`` when blank or not observed."""
    if type(value) is not int or item.min_value is None or item.max_value is None:
        return None
    if not item.min_value <= value <= item.max_value:
        return None
    return scale_score(value, item.min_value, item.max_value, item.reverse_keyed)


def _mean_of_answered(items: Sequence[Item], answers: Mapping[str, object]) -> float | None:
    scores = [
        score for item in items if (score := item_score(item, answers.get(item.id))) is not None
    ]
    if not scores or len(scores) < at_least_share(len(items), MIN_ANSWERED_SHARE):
        return None
    return mean(scores)


def paired_sides(
    banks: Mapping[str, Bank],
    scored: Sequence[ScoredResponse],
    owner: Bank,
    competency: str,
    versus: str,
) -> PairedSides | None:
    """Both sides of the ``versus`` gap on ``competency``; ``None`` without enough answers.

    ``owner`` is the self-assessment bank that defines the competency (its rubric's
    buyer weights pool the buyers). Call it only for a group whose score is shown: the
    anonymity rules that hide a group's score are decided with that score.
    """
    ratings: dict[str, list[Item]] = {}  # bank id -> its paired ratings of `competency`
    for bank in banks.values():
        if versus_group(bank) == versus:
            ratings[bank.id] = [
                item
                for item in bank.items
                if item.competency == competency and item.pairs_with is not None
            ]
    paired_ids = {item.pairs_with for items in ratings.values() for item in items}
    if not paired_ids:
        return None
    statements = [item for item in owner.items if item.id in paired_ids]
    own = [
        score
        for entry in scored
        if entry.response.rater_role == "self" and entry.response.bank_id == owner.id
        if (score := _mean_of_answered(statements, entry.visible_answers)) is not None
    ]
    rated = [
        (entry.response.rater_role, score)
        for entry in scored
        if entry.response.bank_id in ratings
        if (
            score := _mean_of_answered(
                _shown(ratings[entry.response.bank_id], entry), entry.visible_answers
            )
        )
        is not None
    ]
    if not own or not rated:
        return None
    if versus == "buyers":
        other = pooled_buyer_score(rated, dict(owner.rubric.buyer_weights))
    else:
        other = mean([score for _, score in rated])
    if other is None:
        return None
    return PairedSides(mean(own), other, len(statements))


def _shown(ratings: Sequence[Item], entry: ScoredResponse) -> list[Item]:
    """The ratings the rater was shown: a follow-up hidden by ``show_if`` (one for
    customers only) was never asked, so it does not count against the half rule."""
    answers = entry.response.answers
    return [
        item for item in ratings if item.show_if is None or condition_holds(item.show_if, answers)
    ]
