"""The two sides of a perception gap, measured on the same statements.

A rep's self score on a competency rests on every self item of it: frequency and
agreement ratings, and situational judgement answers. A buyer's score on it rests on
two or three ratings of what the buyer saw. Subtracting one from the other would
compare unlike things, so a gap is computed on pairs instead: each rating of a buyer
or manager bank names, with ``pairs_with``, the self statement about the same
behaviour (``banks check`` refuses a rating without one).

The pairing is made **rater by rater**: for each buyer (or manager) the pairs are the
paired ratings they answered whose self statement the rep answered too. Their side is
the mean of their answers, the rep's side the mean of the rep's answers to the same
statements — so a rating a buyer left "not seen", or a follow-up they were never
shown, takes its self statement out of that buyer's comparison. The group's two
sides are then pooled the way its score is (buyers weighted by role, managers
averaged). Situational answers and self statements nobody rated never enter.

A rater counts when they answered at least half of the paired ratings shown to them,
the usual rule for a score. The gap's **margin of error** is
``Z90 · √(SE_self² + SE_group²)``: the rep's measurement error on the statements
compared, and the group's standard error (its raters' spread, never less than their
own measurement error), as for every interval in the reports. A gap beyond the
threshold but within its margin could be chance, and is called so.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from assess.core.banks import BUYER_ROLES, Bank, Item, condition_holds
from assess.core.scoring.items import scale_score
from assess.core.scoring.precision import Z90, group_error, rater_error
from assess.core.scoring.responses import ScoredResponse
from assess.core.scoring.rules import MIN_ANSWERED_SHARE
from assess.core.scoring.stats import at_least_share, mean, weighted_mean


@dataclass(frozen=True)
class PairedSides:
    """The rep's and a group's score on the same statements of one competency."""

    self_score: float
    other_score: float
    statements: int  # how many distinct self statements the comparison rests on
    margin: float  # the gap's 90 % margin of error
    raters: int = 0  # the group's raters in the comparison


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


def paired_sides(
    banks: Mapping[str, Bank],
    scored: Sequence[ScoredResponse],
    owner: Bank,
    competency: str,
    versus: str,
) -> PairedSides | None:
    """Both sides of the ``versus`` gap on ``competency``; ``None`` without enough answers.

    ``owner`` is the self-assessment bank that defines the competency (its rubric's
    buyer weights pool the buyers, its reliability sets the measurement error). Call it
    only for a group whose score is shown: the anonymity rules that hide a group's
    score are decided with that score.
    """
    ratings: dict[str, list[Item]] = {}  # bank id -> its paired ratings of `competency`
    for bank in banks.values():
        if versus_group(bank) == versus:
            ratings[bank.id] = [
                item
                for item in bank.items
                if item.competency == competency and item.pairs_with is not None
            ]
    self_items = {item.id: item for item in owner.items}
    own: dict[str, float] = {}  # self statement -> the rep's score on it
    for entry in scored:
        if entry.response.rater_role == "self" and entry.response.bank_id == owner.id:
            for item_id, value in entry.visible_answers.items():
                item = self_items.get(item_id)
                if item is not None and (score := item_score(item, value)) is not None:
                    own[item_id] = score
    sides: list[tuple[str, float, float, int]] = []  # (role, self side, theirs, answers)
    used: set[str] = set()
    for entry in scored:
        shown = _shown(ratings.get(entry.response.bank_id, ()), entry)
        pairs = [
            (item.pairs_with, own[item.pairs_with], score)
            for item in shown
            if item.pairs_with in own
            if (score := item_score(item, entry.visible_answers.get(item.id))) is not None
        ]
        if not pairs or len(pairs) < at_least_share(len(shown), MIN_ANSWERED_SHARE):
            continue
        used.update(pair[0] for pair in pairs)
        mine, theirs = mean([pair[1] for pair in pairs]), mean([pair[2] for pair in pairs])
        sides.append((entry.response.rater_role, mine, theirs, len(pairs)))
    if not sides:
        return None
    weights = _weights(sides, versus, owner)
    self_score = weighted_mean((side[1], w) for side, w in zip(sides, weights, strict=True))
    other_score = weighted_mean((side[2], w) for side, w in zip(sides, weights, strict=True))
    if self_score is None or other_score is None:
        return None
    reliability = owner.rubric.reliability
    self_error = rater_error(reliability, len(used))
    floors = [rater_error(reliability, side[3]) for side in sides]
    kept = [(w, side[2], f) for w, side, f in zip(weights, sides, floors, strict=True) if w > 0]
    other_error = group_error([k[1] for k in kept], [k[0] for k in kept], [k[2] for k in kept])
    margin = Z90 * math.sqrt(self_error**2 + other_error**2)
    return PairedSides(self_score, other_score, len(used), margin, len(sides))


def _weights(sides, versus: str, owner: Bank) -> list[float]:
    """Each rater's weight in the group's pooled score: by role for buyers."""
    if versus != "buyers":
        return [1.0] * len(sides)
    by_role = dict(owner.rubric.buyer_weights)
    return [float(by_role.get(side[0], 0)) for side in sides]


def _shown(ratings: Sequence[Item], entry: ScoredResponse) -> list[Item]:
    """The ratings the rater was shown: a follow-up hidden by ``show_if`` (one for
    customers only) was never asked, so it does not count against the half rule."""
    answers = entry.response.answers
    return [
        item for item in ratings if item.show_if is None or condition_holds(item.show_if, answers)
    ]
