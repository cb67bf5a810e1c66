"""Response quality: reasons to read a response with care. Nothing is ever dropped.

* ``straight_lining``: at least ``STRAIGHT_LINE_MIN_ITEMS`` Likert items answered, and
  a run of identical raw answers (shown Likert items in survey order, other item types
  skipped) at least ``min(STRAIGHT_LINE_RUN, Likert items answered)`` long — so a short
  survey is flagged when every Likert answer is the same, a long one when ten in a row
  are.
* ``too_fast``: active time below ``TOO_FAST_SHARE`` (a third) of the bank's
  ``expected_minutes``; not checked when the time is unknown.
* ``inconsistent``: a consistency pair whose keyed answers (reverse keys applied)
  differ by more than its ``max_difference``.
* ``social_desirability``: agreeing with an item only a saint could agree with — a
  keyed Likert answer in the top ``DESIRABILITY_TOP_POINTS`` points, or "yes".
* ``acquiescence``: agreeing with statements and with their opposites alike — at least
  ``ACQUIESCENCE_SHARE`` of the reverse-keyed *and* of the other Likert items answered
  in the top ``DESIRABILITY_TOP_POINTS`` raw points (at least 3 reverse-keyed ones).
  This is yes-saying, not faking good: reverse keys turn it into contradictions.
* ``implausibly_perfect``: an ideal profile — at least ``PERFECT_SHARE`` of the scored
  scale items (at least ``PERFECT_MIN_ITEMS``; the social-desirability items left out,
  since denying them is the faker's trick) keyed at the best point — which catches
  the faker who knows to deny the saintly items. With ``social_desirability`` it is
  the picture of faking good. Checked on self-assessments only: a buyer or manager
  delighted with a rep, who disagrees with every reverse-keyed statement, is praising
  the rep, not painting an ideal of themselves.

Reverse-keyed statements on every page of the buyer and manager surveys are what tell
a careless rater (the same point everywhere: ``straight_lining``, ``acquiescence``) from
a consistent, honest one (the top point, and the bottom on the reversed statements).
An answer of "not observed" is no point on the scale: every check leaves it out.

A self-assessment flagged for anything but ``too_fast`` is not used for perception
gaps (`rep.py`): a blind spot measured against answers that are not the rep's own
view would be a finding about the answers, not the rep.
"""

from __future__ import annotations

from collections.abc import Sequence

from assess.core.banks import Bank
from assess.core.scoring.model import QualityFlag, QualitySummary, RaterResponse, ResponseQuality
from assess.core.scoring.responses import ScoredResponse, plan_for, score_response
from assess.core.scoring.rules import (
    DESIRABILITY_TOP_POINTS,
    STRAIGHT_LINE_MIN_ITEMS,
    STRAIGHT_LINE_RUN,
    TOO_FAST_SHARE,
)
from assess.core.text import plural

STRAIGHT_LINING = "straight_lining"
TOO_FAST = "too_fast"
INCONSISTENT = "inconsistent"
SOCIAL_DESIRABILITY = "social_desirability"
ACQUIESCENCE = "acquiescence"
IMPLAUSIBLY_PERFECT = "implausibly_perfect"
CODES = (
    STRAIGHT_LINING,
    TOO_FAST,
    INCONSISTENT,
    SOCIAL_DESIRABILITY,
    ACQUIESCENCE,
    IMPLAUSIBLY_PERFECT,
)
#: Flags after which a self-assessment is not used for perception gaps.
UNRELIABLE_SELF = frozenset(
    {STRAIGHT_LINING, INCONSISTENT, SOCIAL_DESIRABILITY, ACQUIESCENCE, IMPLAUSIBLY_PERFECT}
)
#: Saintly statements agreed with before social desirability alone discredits a
#: self-assessment: one "Agree" is a reading of one statement, not a profile.
DESIRABLE_AGREED_TO_DISCREDIT = 2


def discredits_self(quality: ResponseQuality) -> bool:
    """Whether a self-assessment's flags mean it is not used for perception gaps: any
    unreliable-self flag, but social desirability only with at least
    ``DESIRABLE_AGREED_TO_DISCREDIT`` statements agreed, or beside an ideal profile."""
    codes = {flag.code: flag for flag in quality.flags}
    if (set(codes) & UNRELIABLE_SELF) - {SOCIAL_DESIRABILITY}:
        return True
    flag = codes.get(SOCIAL_DESIRABILITY)
    return flag is not None and len(flag.detail.get("items", ())) >= DESIRABLE_AGREED_TO_DISCREDIT


ACQUIESCENCE_SHARE = 0.75
PERFECT_SHARE = 0.9
PERFECT_MIN_ITEMS = 10


def longest_run(values: Sequence[int]) -> tuple[int, int | None]:
    """Length and value of the longest run of equal consecutive values (first wins).

    Examples
    --------
    >>> longest_run([4, 4, 2, 2, 2, 5])
    (3, 2)
    >>> longest_run([])
    (0, None)
    """
    best, best_value = 0, None
    run, previous = 0, None
    for value in values:
        run = run + 1 if value == previous else 1
        previous = value
        if run > best:
            best, best_value = run, value
    return best, best_value


def straight_lining(likert_values: Sequence[int]) -> QualityFlag | None:
    """The straight-lining flag for a response's raw Likert answers, or ``None``.

    Examples
    --------
    >>> straight_lining([3, 3, 3, 3, 3]).code
    'straight_lining'
    >>> straight_lining([3, 3, 3, 3]) is None     # too few items to tell
    True
    """
    answered = len(likert_values)
    if answered < STRAIGHT_LINE_MIN_ITEMS:
        return None
    run, value = longest_run(likert_values)
    if run < min(STRAIGHT_LINE_RUN, answered):
        return None
    return QualityFlag(
        STRAIGHT_LINING,
        f"The same answer ({value}) to {run} Likert items in a row, of {answered} answered.",
        {"run": run, "value": value, "likert_answered": answered},
    )


def too_fast(bank: Bank, active_seconds: float | None) -> QualityFlag | None:
    """The too-fast flag, or ``None`` (also when the time is unknown).

    Examples
    --------
    A 15-minute bank answered in 4 minutes (240 s < 300 s) is flagged.
    """
    if active_seconds is None:
        return None
    expected = bank.expected_minutes * 60
    threshold = expected * TOO_FAST_SHARE
    if active_seconds >= threshold:
        return None
    return QualityFlag(
        TOO_FAST,
        f"Answered in {active_seconds / 60:.1f} minutes; about {bank.expected_minutes} "
        "are expected.",
        {
            "active_seconds": round(active_seconds, 1),
            "expected_seconds": expected,
            "threshold_seconds": round(threshold, 1),
        },
    )


def _compiled(bank: Bank) -> tuple[tuple, tuple]:
    """Consistency pairs and desirability items as plain tuples, once per bank.

    A scale item is kept as ``(item_id, low + high if reverse-keyed else 0)``: its keyed
    answer is ``v`` or ``low + high - v``.
    """
    plan = plan_for(bank)
    compiled = plan.extras.get("quality")
    if compiled is None:

        def keyed(item_id: str) -> tuple[str, int] | None:
            item = bank.item(item_id)
            if item is None or item.min_value is None or item.max_value is None:
                return None
            return item_id, (item.min_value + item.max_value) if item.reverse_keyed else 0

        pairs = []
        for pair in bank.rubric.validity.consistency_pairs:
            first, second = keyed(pair.first), keyed(pair.second)
            if first is not None and second is not None:
                pairs.append((first, second, pair.max_difference))
        desirable = []
        for item_id in bank.rubric.validity.social_desirability:
            item = bank.item(item_id)
            if item is None:
                continue
            if item.type == "yes_no":
                desirable.append((item_id, True, 0, 0))
            elif item.max_value is not None and item.min_value is not None:
                reverse = (item.min_value + item.max_value) if item.reverse_keyed else 0
                desirable.append(
                    (item_id, False, reverse, item.max_value - DESIRABILITY_TOP_POINTS)
                )
        compiled = plan.extras["quality"] = (tuple(pairs), tuple(desirable))
    return compiled


def _keyed(value: int, reverse: int) -> int:
    return reverse - value if reverse else value


def inconsistent_pairs(bank: Bank, scored: ScoredResponse) -> QualityFlag | None:
    """The inconsistency flag listing every pair whose keyed answers are too far apart."""
    found = []
    answers = scored.visible_answers
    for (first_id, first_reverse), (second_id, second_reverse), limit in _compiled(bank)[0]:
        first, second = answers.get(first_id), answers.get(second_id)
        if type(first) is not int or type(second) is not int:
            continue
        difference = abs(_keyed(first, first_reverse) - _keyed(second, second_reverse))
        if difference > limit:
            found.append(
                {"items": [first_id, second_id], "difference": difference, "max_difference": limit}
            )
    if not found:
        return None
    return QualityFlag(
        INCONSISTENT,
        inconsistent_message(len(found)),
        {"pairs": found},
    )


def inconsistent_message(pairs: int) -> str:
    """The inconsistency flag's words (a report joining several surveys' flags reuses
    them with the total)."""
    return f"Contradictory answers to {plural(pairs, 'pair')} of questions that ask the same thing."


def desirability_message(statements: int) -> str:
    """The social-desirability flag's words, for one survey or several together."""
    return f"Agreed with {plural(statements, 'statement')} almost nobody can honestly agree with."


def desirability(bank: Bank, scored: ScoredResponse) -> QualityFlag | None:
    """The social-desirability flag listing the items agreed with, or ``None``."""
    agreed = []
    answers = scored.visible_answers
    for item_id, is_yes_no, reverse, above in _compiled(bank)[1]:
        value = answers.get(item_id)
        if is_yes_no:
            if value is True:
                agreed.append(item_id)
        elif type(value) is int and _keyed(value, reverse) > above:
            agreed.append(item_id)
    if not agreed:
        return None
    return QualityFlag(
        SOCIAL_DESIRABILITY,
        desirability_message(len(agreed)),
        {"items": agreed},
    )


def _scales(bank: Bank) -> tuple[tuple[str, bool, int, int], ...]:
    """(item id, reverse-keyed, lowest, highest) of every scale item, once per bank."""
    plan = plan_for(bank)
    compiled = plan.extras.get("scales")
    if compiled is None:
        compiled = plan.extras["scales"] = tuple(
            (item.id, bool(item.reverse_keyed), item.min_value, item.max_value)
            for item in bank.items
            if item.type == "likert" and item.min_value is not None and item.max_value is not None
        )
    return compiled


def acquiescence(bank: Bank, scored: ScoredResponse) -> QualityFlag | None:
    """Yes-saying: top raw answers to statements and to their reverse-keyed opposites."""
    answers = scored.visible_answers
    reverse_top, reverse_all, plain_top, plain_all = 0, 0, 0, 0
    for item_id, reverse, _low, high in _scales(bank):
        value = answers.get(item_id)
        if type(value) is not int:
            continue
        top = value > high - DESIRABILITY_TOP_POINTS
        if reverse:
            reverse_all, reverse_top = reverse_all + 1, reverse_top + top
        else:
            plain_all, plain_top = plain_all + 1, plain_top + top
    if reverse_all < 3 or not plain_all:
        return None
    if reverse_top / reverse_all < ACQUIESCENCE_SHARE or plain_top / plain_all < ACQUIESCENCE_SHARE:
        return None
    return QualityFlag(
        ACQUIESCENCE,
        "Agreed with statements and with their opposites alike (yes-saying).",
        {"reverse_keyed_agreed": reverse_top, "reverse_keyed": reverse_all},
    )


def implausibly_perfect(bank: Bank, scored: ScoredResponse) -> QualityFlag | None:
    """An ideal profile: nearly every scale answer at the best keyed point."""
    answers = scored.visible_answers
    saintly = set(bank.rubric.validity.social_desirability)  # denying them is the trick
    best, answered = 0, 0
    for item_id, reverse, low, high in _scales(bank):
        if item_id in saintly:
            continue
        value = answers.get(item_id)
        if type(value) is not int:
            continue
        answered += 1
        best += (value == low) if reverse else (value == high)
    if answered < PERFECT_MIN_ITEMS or best / answered < PERFECT_SHARE:
        return None
    return QualityFlag(
        IMPLAUSIBLY_PERFECT,
        "The best possible answer to nearly every question: an ideal, not a self-portrait.",
        {"best": best, "answered": answered},
    )


def check_quality(bank: Bank, scored: ScoredResponse) -> ResponseQuality:
    """All quality checks of one scored response."""
    response = scored.response
    flags = [
        straight_lining(scored.likert_values),
        too_fast(bank, response.active_seconds),
        inconsistent_pairs(bank, scored),
        desirability(bank, scored),
        acquiescence(bank, scored),
        implausibly_perfect(bank, scored) if response.rater_role == "self" else None,
    ]
    return ResponseQuality(
        response.response_id,
        response.rater_role,
        response.bank_id,
        tuple(flag for flag in flags if flag is not None),
    )


def response_quality(bank: Bank, response: RaterResponse) -> ResponseQuality:
    """Quality checks of one response (for the web layer or an admin view).

    Parameters
    ----------
    bank : Bank
        The bank answered.
    response : RaterResponse
        The response.

    Returns
    -------
    ResponseQuality
        ``interpret_with_care`` is true when any check flagged it.

    Raises
    ------
    ValueError
        If the response is for another bank or holds invalid answers.

    Examples
    --------
    >>> from assess.core.banks import load_banks
    >>> bank = load_banks("question_banks")["buyer_feedback"]
    >>> answers = {item.id: 5 for item in bank.items if item.type == "likert"}
    >>> quality = response_quality(bank, RaterResponse("r1", "prospect", bank.id, answers, 30))
    >>> [flag.code for flag in quality.flags]
    ['straight_lining', 'too_fast', 'acquiescence']
    >>> delighted = {i.id: 1 if i.reverse_keyed else 5 for i in bank.items if i.type == "likert"}
    >>> response_quality(bank, RaterResponse("r2", "customer", bank.id, delighted, 200)).flags
    ()
    """
    if response.bank_id != bank.id:
        raise ValueError(
            f"response {response.response_id} answers {response.bank_id}, not {bank.id}"
        )
    return check_quality(bank, score_response(plan_for(bank), response))


def summarize(qualities: Sequence[ResponseQuality]) -> QualitySummary:
    """Counts only: responses, flagged responses, and responses per flag code."""
    counts = dict.fromkeys(CODES, 0)
    flagged = 0
    for quality in qualities:
        if quality.flags:
            flagged += 1
            for flag in quality.flags:
                counts[flag.code] += 1
    return QualitySummary(
        responses=len(qualities),
        flagged=flagged,
        by_code=tuple((code, count) for code, count in counts.items() if count),
    )
