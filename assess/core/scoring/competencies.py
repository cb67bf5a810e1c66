"""Rater scores -> one competency's score per rater group, combined, and in a band.

Groups: ``self``, ``manager`` (mean of their raters), ``buyers`` (prospects, referrals
and customers pooled) and, when anonymity allows, each buyer role on its own.

* Pooled buyers: a per-rater weighted mean, each rater weighted by their role's
  ``buyer_weights``. (A mean of the role means would let one lone referral outweigh ten
  prospects, and would break "a rater at the pooled average changes nothing".) Shown
  only with at least ``min_raters_per_group`` buyer raters; otherwise "not enough buyer
  ratings", and buyers are left out of the combined score too, so it cannot be worked
  back out.
* Buyer roles: shown separately only with ``min_raters_per_group`` raters each, and
  only if the raters of the roles *not* shown are none or at least the minimum too —
  otherwise the hidden role could be recovered as pooled minus the shown roles.
* Combined (the competency's score): the mean of the manager's and the buyers' scores
  that exist, weighted by ``rater_weights``. The self-rating is never in it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from assess.core.banks import BUYER_ROLES, Bank, Competency
from assess.core.scoring.model import (
    NO_RATERS,
    NOT_ENOUGH_BUYERS,
    NOT_ENOUGH_DATA,
    OK,
    CompetencyResult,
    GroupScore,
)
from assess.core.scoring.percentiles import percentile
from assess.core.scoring.precision import (
    combined_error,
    composite_error,
    group_error,
    interval,
    rater_error,
)
from assess.core.scoring.rules import MIN_SCORED_COMPETENCY_SHARE, REFERENCE_ITEMS
from assess.core.scoring.stats import at_least_share, mean, weighted_mean

PERSON_GROUPS = ("self", "manager")


def pooled_buyer_score(
    rated: Sequence[tuple[str, float]], buyer_weights: Mapping[str, float]
) -> float | None:
    """Per-rater weighted mean of buyer scores.

    Parameters
    ----------
    rated : sequence of (role, score)
        One entry per buyer rater.
    buyer_weights : mapping
        role -> weight (``Rubric.buyer_weights``); a role not listed weighs 0.

    Returns
    -------
    float or None
        ``None`` when no rater has a positive weight.

    Examples
    --------
    >>> pooled_buyer_score([("prospect", 50), ("referral", 80)], {"prospect": 1, "referral": 2})
    70.0
    """
    return weighted_mean((score, buyer_weights.get(role, 0)) for role, score in rated)


def breakdown_roles(counts: Mapping[str, int], min_raters: int) -> tuple[str, ...]:
    """Buyer roles whose own score may be shown beside the pooled score.

    A role needs ``min_raters`` raters; and the roles left out must together have no
    rater or at least ``min_raters`` (else pooled minus shown reveals them).

    Examples
    --------
    >>> breakdown_roles({"prospect": 3, "referral": 4, "customer": 1}, 3)
    ()
    >>> breakdown_roles({"prospect": 3, "referral": 4, "customer": 0}, 3)
    ('prospect', 'referral')
    """
    shown = tuple(role for role in BUYER_ROLES if counts.get(role, 0) >= min_raters)
    residual = sum(counts.get(role, 0) for role in BUYER_ROLES if role not in shown)
    if 0 < residual < min_raters:
        return ()
    return shown


def _band(bank: Bank, score: float | None) -> str | None:
    if score is None:
        return None
    for band in bank.rubric.bands:
        if band.min <= score < band.max or (band.max == 100 and score == 100):
            return band.id
    return None


def _person_group(
    owner: Bank, group: str, rated: list[tuple[float, int]], short: int
) -> GroupScore:
    if rated:
        scores = [score for score, _ in rated]
        error = group_error(scores, [1.0] * len(rated), _floors(owner, rated))
        answers = sum(items for _, items in rated)
        return _scored(owner, group, mean(scores), len(rated), error, answers=answers)
    return GroupScore(group, None, 0, NOT_ENOUGH_DATA if short else NO_RATERS)


def _floors(owner: Bank, rated: Sequence[tuple[float, int]]) -> list[float]:
    """Each rater's own measurement error, from the items they answered."""
    return [rater_error(owner.rubric.reliability, items) for _, items in rated]


def _scored(
    owner: Bank | None,
    group: str,
    score: float,
    raters: int,
    error: float | None,
    groups_used: tuple[str, ...] = (),
    *,
    answers: int = 0,
    shared: float | None = None,
) -> GroupScore:
    """A group score with its band, standard error and whether the band is certain
    (`shared`: the part of the error from the manager, who rates every rep of a team;
    by default all of a manager score's error, none of anyone else's)."""
    band = _band(owner, score) if owner else None
    certain = None
    if owner and error is not None:
        low, high = interval(score, error)
        certain = _band(owner, low) == band == _band(owner, high)
    if shared is None and error is not None:
        shared = error if group == "manager" else 0.0
    return GroupScore(group, score, raters, OK, band, groups_used, error, certain, answers, shared)


def competency_result(
    competency: Competency,
    owner: Bank,
    rated: Sequence[tuple[str, float]],
    short_roles: Sequence[str] = (),
    *,
    history: Sequence[float] | None = None,
    own_history: Sequence[float] = (),
) -> CompetencyResult:
    """Scores of one competency for every group, combined, with bands and percentile.

    Parameters
    ----------
    competency : Competency
        From the owning bank's rubric.
    owner : Bank
        The bank that owns the competency (bands, weights, minimum raters, norms).
    rated : sequence of (role, score) or (role, score, items)
        Each rater's 0–100 score on the competency, and how many items it rests on
        (their measurement error depends on it; default ``rules.REFERENCE_ITEMS``).
    short_roles : sequence of str
        The role of each rater who saw the competency but answered too few items.
    history : sequence of float, optional
        The organization's past combined scores (earlier rounds, sorted), for the
        percentile without a norm.
    own_history : sequence of float
        The rep's own scores among them, left out of the comparison (a history
        percentile needs the owning rubric's ``min_reference`` other scores).

    Returns
    -------
    CompetencyResult

    Examples
    --------
    Self 75, manager 50, and three prospects at 50, 75 and 100 (pooled 75) combine,
    with ``rater_weights {self: 1, manager: 2, buyers: 3}``, to
    (2·50 + 3·75) / 5 = 65: the self-rating is never in the score (its weight is
    unused), only beside it.
    """
    rubric = owner.rubric
    minimum = rubric.min_raters_per_group
    by_role: dict[str, list[tuple[float, int]]] = {}
    for entry in rated:
        items = entry[2] if len(entry) > 2 else REFERENCE_ITEMS  # type: ignore[misc]
        by_role.setdefault(entry[0], []).append((entry[1], items))
    groups = [
        _person_group(
            owner,
            group,
            by_role.get(group, []),
            sum(1 for role in short_roles if role == group),
        )
        for group in PERSON_GROUPS
    ]
    buyer_weights = dict(rubric.buyer_weights)
    counts = {
        role: len(by_role.get(role, ())) if buyer_weights.get(role, 0) > 0 else 0
        for role in BUYER_ROLES
    }
    total = sum(counts.values())
    if total >= minimum:
        pooled_raters = [
            (role, score, items)
            for role in BUYER_ROLES
            if counts[role]
            for score, items in by_role[role]
        ]
        pooled = pooled_buyer_score(
            [(role, score) for role, score, _ in pooled_raters], buyer_weights
        )
        error = group_error(
            [score for _, score, _ in pooled_raters],
            [buyer_weights[role] for role, _, _ in pooled_raters],
            _floors(owner, [(score, items) for _, score, items in pooled_raters]),
        )
        pooled_answers = sum(items for _, _, items in pooled_raters)
        groups.append(_scored(owner, "buyers", pooled, total, error, answers=pooled_answers))
        for role in breakdown_roles(counts, minimum):
            role_rated = by_role[role]
            role_scores = [score for score, _ in role_rated]
            role_error = group_error(
                role_scores, [1.0] * len(role_rated), _floors(owner, role_rated)
            )
            groups.append(
                _scored(
                    owner,
                    role,
                    mean(role_scores),
                    counts[role],
                    role_error,
                    answers=sum(items for _, items in role_rated),
                )
            )
    elif total:
        groups.append(GroupScore("buyers", None, total, NOT_ENOUGH_BUYERS))
    else:
        short = any(role in BUYER_ROLES for role in short_roles)
        groups.append(GroupScore("buyers", None, 0, NOT_ENOUGH_DATA if short else NO_RATERS))
    combined = combine(groups, owner)
    norm = rubric.norm_for(competency.id)
    value, source = percentile(combined.score, norm, history, own_history, rubric.min_reference)
    reference = len(history or ()) - len(own_history) if source == "history" else None
    return CompetencyResult(
        id=competency.id,
        bank_id=owner.id,
        name=competency.name,
        weight=competency.weight,
        groups=tuple(groups),
        combined=combined,
        percentile=value,
        percentile_source=source,
        percentile_reference=reference,
    )


#: The groups a competency's score is made of: what others saw. The self-rating is
#: shown beside it and compared with it (the perception gaps), never averaged in.
SCORED_GROUPS = ("manager", "buyers")


def combine(groups: Sequence[GroupScore], owner: Bank) -> GroupScore:
    """The competency's score: the rater-weighted mean of the manager's and the buyers'
    scores that exist (buyer roles and the self-rating excluded).

    Examples
    --------
    With ``rater_weights: {self: 1, manager: 2, buyers: 3}``, self 80, manager 50 and
    buyers 40 give (2·50 + 3·40) / 5 = 44; self alone gives no score.
    """
    weights = dict(owner.rubric.rater_weights)
    used = [
        entry
        for entry in groups
        if entry.group in SCORED_GROUPS
        and entry.score is not None
        and weights.get(entry.group, 0) > 0
    ]
    score = weighted_mean((entry.score or 0.0, weights[entry.group]) for entry in used)
    if score is None:
        return GroupScore("combined", None, 0, NOT_ENOUGH_DATA)
    error = combined_error((entry.error or 0.0, weights[entry.group]) for entry in used)
    total = sum(weights[entry.group] for entry in used)
    shared = sum(weights[e.group] * (e.shared_error or 0.0) for e in used) / total
    return _scored(
        owner,
        "combined",
        score,
        sum(entry.raters for entry in used),
        error,
        tuple(entry.group for entry in used),
        answers=sum(entry.answers for entry in used),
        shared=shared,
    )


def overall_score(
    results: Sequence[CompetencyResult], group: str, bank: Bank | None = None
) -> GroupScore:
    """Competency-weighted mean of ``group``'s scores over ``results``.

    Needs at least half (rounded up) of the competencies scored; ``bank`` gives the
    band (omit it when the results span banks with different bands).

    Examples
    --------
    Discovery (weight 2) 60 and qualifying (weight 1) 90 give (2·60 + 90) / 3 = 70.
    """
    scored: list[tuple[float, float, GroupScore]] = []
    for entry in results:
        found = entry.group(group)
        if found is not None and found.score is not None:
            scored.append((found.score, entry.weight, found))
    if not results or len(scored) < at_least_share(len(results), MIN_SCORED_COMPETENCY_SHARE):
        return GroupScore(group, None, 0, NOT_ENOUGH_DATA)
    score = weighted_mean((value, weight) for value, weight, _ in scored)
    if score is None:
        return GroupScore(group, None, 0, NOT_ENOUGH_DATA)
    raters = max(found.raters for _, _, found in scored)
    used = {name for _, _, found in scored for name in found.groups_used}
    order = ("self", "manager", "buyers")
    errors = [(found.error, weight) for _, weight, found in scored]
    error = composite_error(errors) if all(e is not None for e, _ in errors) else None
    shared_parts = [(found.shared_error, weight) for _, weight, found in scored]
    shared = composite_error(shared_parts) if all(e is not None for e, _ in shared_parts) else None
    return _scored(
        bank,
        group,
        score,
        raters,
        error,
        tuple(name for name in order if name in used),
        answers=sum(found.answers for _, _, found in scored),
        shared=shared,
    )
