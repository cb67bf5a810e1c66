"""The forced-choice profile: what a rep picked as most and least like them, scored
apart from the normative competency scores.

A forced-choice block ranks a few statements against each other, so its answers are
ipsative: they say which of a rep's habits come first for them, never how strong any
habit is. Averaged into Likert scores they would pull every score towards 50 and add
error. Kept apart they give two things:

* a profile: per competency, 50 + 50 × (times chosen most − times chosen least) /
  blocks it appeared in, from 0 (always least like me) to 100 (always most);
* a faking indicator: the rank correlation between that profile and the rep's own
  ratings of the same competencies. Someone describing themselves honestly tends to
  put first in the forced choices what they rate highest; a rep who rates everything
  high while the forced choices rank it otherwise (rho ≤ 0 over at least four
  competencies) is describing an ideal, and the report says so — but only from
  ``rules.MIN_FORCED_CHOICE_BLOCKS`` answered blocks on. One block ranks three or four
  statements and gives each competency 0, 50 or 100; two blocks give a rank
  correlation that a single changed choice turns from +1 to −1. Below that many
  blocks there is no indicator (``agreement`` None): saying nothing about faking is
  better than a warning that cannot be trusted. Nor is there one when the rep's own
  ratings hardly differ between competencies (standard deviation under
  ``MIN_SELF_SPREAD`` points, about one rating's measurement error): their order is
  then noise, and a rank correlation with it would call half of such honest, even
  profiles an ideal.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from statistics import pstdev
from typing import Any

from assess.core.scoring.rules import MIN_FORCED_CHOICE_BLOCKS
from assess.core.scoring.stats import pearson, rounded

#: Fewest competencies compared before the agreement is worth stating.
MIN_COMPARED = 4
#: At or below this rank correlation the forced choices disagree with the ratings.
DISAGREES_AT = 0.0
#: Fewest points of standard deviation among the self-ratings compared for their
#: order to mean anything (see the module docstring).
MIN_SELF_SPREAD = 10.0


@dataclass(frozen=True)
class ForcedChoiceProfile:
    scores: tuple[tuple[str, float], ...]  # competency -> 0–100, in first-seen order
    blocks: int  # forced-choice blocks answered
    agreement: float | None  # Spearman's rho with the self-ratings, when comparable

    @property
    def disagrees(self) -> bool:
        return self.agreement is not None and self.agreement <= DISAGREES_AT

    def to_dict(self) -> dict[str, Any]:
        return {
            "scores": {competency: rounded(score) for competency, score in self.scores},
            "blocks": self.blocks,
            "agreement": rounded(self.agreement),
            "disagrees": self.disagrees,
        }


def ranks(values: Sequence[float]) -> list[float]:
    """1-based ranks, ties sharing their mean rank.

    >>> ranks([30, 10, 30, 20])
    [3.5, 1.0, 3.5, 2.0]
    """
    order = sorted(range(len(values)), key=lambda index: values[index])
    result = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        for position in range(start, end + 1):
            result[order[position]] = (start + end) / 2 + 1
        start = end + 1
    return result


def forced_choice_profile(
    choices: Sequence[Mapping[str, tuple[int, int, int]]], self_scores: Mapping[str, float]
) -> ForcedChoiceProfile | None:
    """The profile of a rep's forced-choice answers (`ScoredResponse.forced` of each of
    their self-assessments), compared with their own ratings; None without any."""
    totals: dict[str, list[int]] = {}
    for answered in choices:
        for competency, (most, least, blocks) in answered.items():
            entry = totals.setdefault(competency, [0, 0, 0])
            entry[0] += most
            entry[1] += least
            entry[2] += blocks
    if not totals:
        return None
    scores = tuple(
        (competency, 50 + 50 * (most - least) / blocks)
        for competency, (most, least, blocks) in totals.items()
        if blocks
    )
    compared = [(score, self_scores[c]) for c, score in scores if self_scores.get(c) is not None]
    blocks = sum(entry[0] for entry in totals.values())  # one "most" a block
    agreement = None
    own = [rating for _, rating in compared]
    spread = pstdev(own) if len(own) > 1 else 0.0
    if (
        len(compared) >= MIN_COMPARED
        and blocks >= MIN_FORCED_CHOICE_BLOCKS
        and (spread >= MIN_SELF_SPREAD)
    ):
        agreement = pearson(ranks([a for a, _ in compared]), ranks([b for _, b in compared]))
    return ForcedChoiceProfile(scores, blocks, agreement)
