"""Perception gaps: self minus buyers, and self minus manager, per competency.

Both sides rest on the same statements (``like_for_like.py``): the others' paired
ratings, and the rep's answers to the self statements those ratings name. A gap larger
than the owning rubric's ``gap_threshold`` (strictly) is a *blind spot* (the rep rates
themself higher) or a *hidden strength* (others rate them higher) — when it is also
beyond its margin of error; a gap over the threshold but within its margin is
*uncertain* (it could be chance); anything else is *aligned*. Gaps are compared
rounded to 6 decimals, so a gap equal to the threshold in exact arithmetic is never
over it because floating point made it 25.000000000000004. Gaps are listed biggest
first, so the report can lead with them. A gap needs both scores shown: no gap against
hidden buyer scores.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from assess.core.banks import Bank
from assess.core.scoring.like_for_like import paired_sides
from assess.core.scoring.model import CompetencyResult, Gap
from assess.core.scoring.responses import ScoredResponse
from assess.core.scoring.stats import exceeds

BLIND_SPOT = "blind_spot"
HIDDEN_STRENGTH = "hidden_strength"
ALIGNED = "aligned"
UNCERTAIN = "uncertain"


def classify_gap(gap: float, threshold: float, margin: float = 0.0) -> str:
    """``blind_spot`` / ``hidden_strength`` / ``uncertain`` / ``aligned`` for
    ``gap = self - other`` with its 90 % ``margin`` of error.

    Examples
    --------
    >>> classify_gap(40, 33.3), classify_gap(-33.4, 33.3), classify_gap(33.3, 33.3)
    ('blind_spot', 'hidden_strength', 'aligned')
    >>> classify_gap(40, 33.3, margin=42.8), classify_gap(25.000000000000004, 25)
    ('uncertain', 'aligned')
    """
    if not exceeds(gap, threshold):
        return ALIGNED
    if not exceeds(gap, margin):
        return UNCERTAIN
    return BLIND_SPOT if gap > 0 else HIDDEN_STRENGTH


def perception_gaps(
    competencies: Sequence[CompetencyResult],
    owners: Mapping[str, Bank],
    banks: Mapping[str, Bank],
    scored: Sequence[ScoredResponse],
) -> tuple[Gap, ...]:
    """Every self-vs-buyers and self-vs-manager gap, biggest first.

    Parameters
    ----------
    competencies : sequence of CompetencyResult
        The rep's competency results: a gap needs the rep's and the group's scores
        shown (never a gap against hidden buyer scores).
    owners : mapping
        competency id -> owning bank (its ``gap_threshold`` applies).
    banks : mapping
        bank id -> Bank, the mirroring banks included (their ``pairs_with``).
    scored : sequence of ScoredResponse
        The responses about the rep, for the answers to the paired statements.

    Returns
    -------
    tuple of Gap
        Sorted by absolute gap (largest first), then competency, then ``versus``.
    """
    gaps = []
    for result in competencies:
        own = result.group("self")
        if own is None or own.score is None:
            continue
        threshold = owners[result.id].rubric.gap_threshold
        for versus in ("buyers", "manager"):
            other = result.group(versus)
            if other is None or other.score is None:
                continue
            sides = paired_sides(banks, scored, owners[result.id], result.id, versus)
            if sides is None or (versus == "buyers" and sides.raters != other.raters):
                # every buyer in the shown score, or no gap: a comparison over fewer
                # buyers than the score beside it could be subtracted from it
                continue
            gap = sides.self_score - sides.other_score
            gaps.append(
                Gap(
                    result.id,
                    versus,
                    sides.self_score,
                    sides.other_score,
                    threshold,
                    classify_gap(gap, threshold, sides.margin),
                    sides.statements,
                    sides.margin,
                )
            )
    return tuple(
        sorted(gaps, key=lambda gap: (-round(abs(gap.gap), 9), gap.competency, gap.versus))
    )
