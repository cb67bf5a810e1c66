"""Item scores: one answer -> 0–100 per competency it feeds.

=============  ================================================================
type           score
=============  ================================================================
likert         (v - 1) / (points - 1) * 100; reverse-keyed: v -> points + 1 - v first;
               "not observed" is not scored (as if the item were not shown)
likelihood     v * 10; reverse-keyed: v -> 10 - v first
situational    the chosen option's score
choice         the chosen option's score
forced_choice  per statement's competency: most 100, least 0, the others 50 — the
               statement scores of the forced-choice profile (forced_choice.py), which
               competency scores leave out (responses.py)
yes_no         yes_score / no_score (unscored when the bank gives none)
text           not scored
=============  ================================================================

This module is the readable reference; ``responses.py`` compiles the same rules into
lookup tables for speed, and the tests check the two agree.
"""

from __future__ import annotations

from typing import Any

from assess.core.banks import NOT_OBSERVED, Item, validate_answer

FORCED_MOST = 100.0
FORCED_LEAST = 0.0
FORCED_UNCHOSEN = 50.0


def reverse_key(value: int, low: int, high: int) -> int:
    """Mirror ``value`` on the scale ``low..high`` (1 <-> 5 on a 5-point scale).

    Parameters
    ----------
    value, low, high : int
        The answer and the scale's ends.

    Returns
    -------
    int
        ``low + high - value``; applying it twice gives ``value`` back.

    Examples
    --------
    >>> reverse_key(2, 1, 5), reverse_key(reverse_key(2, 1, 5), 1, 5)
    (4, 2)
    """
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError(f"{value!r} is not a point on the scale {low}..{high}")
    return low + high - value


def scale_score(value: int, low: int, high: int, reverse: bool = False) -> float:
    """0–100 score of a point on an ordered scale, reverse keys applied.

    Examples
    --------
    >>> scale_score(4, 1, 5), scale_score(4, 1, 5, reverse=True), scale_score(7, 0, 10)
    (75.0, 25.0, 70.0)
    """
    keyed = reverse_key(value, low, high)  # validates value
    if not reverse:
        keyed = value
    return (keyed - low) / (high - low) * 100.0


def item_scores(item: Item, value: Any) -> dict[str, float]:
    """Scores one answer gives, by competency.

    Parameters
    ----------
    item : Item
        The question.
    value : Any
        The answer as stored (see docs/banks.md); ``None`` is unanswered.

    Returns
    -------
    dict[str, float]
        competency id -> 0–100; empty when unanswered or when the item is not scored
        (no competency, free text, a yes/no without scores).

    Raises
    ------
    ValueError
        If ``value`` is not a valid answer to ``item``.

    Examples
    --------
    >>> from assess.core.banks import load_banks
    >>> bank = load_banks("question_banks")["consultative_selling"]
    >>> item_scores(bank.item("cs_disc_pitch_early"), 2)   # reverse-keyed, agree5
    {'discovery': 75.0}
    >>> item_scores(bank.item("cs_fc_instincts"), {"most": "early_no", "least": "study_first"})
    {'listening': 50.0, 'qualifying': 100.0, 'discovery': 0.0}
    """
    problem = validate_answer(item, value)
    if problem is not None and value is not None:
        raise ValueError(f"item {item.id!r}: {value!r} is not a valid answer: {problem}")
    if value is None or (isinstance(value, str) and not value.strip()) or value == NOT_OBSERVED:
        return {}
    if item.type == "forced_choice":
        scores = {}
        for statement in item.statements:
            if statement.id == value["most"]:
                scores[statement.competency] = FORCED_MOST
            elif statement.id == value["least"]:
                scores[statement.competency] = FORCED_LEAST
            else:
                scores[statement.competency] = FORCED_UNCHOSEN
        return scores
    if item.competency is None:
        return {}
    if item.is_scale:
        low, high = item.min_value, item.max_value
        if low is None or high is None:
            return {}
        return {item.competency: scale_score(value, low, high, item.reverse_keyed)}
    if item.type in ("situational", "choice"):
        option = item.option(value)
        return {item.competency: float(option.score)} if option is not None else {}
    if item.type == "yes_no":
        score = item.yes_score if value else item.no_score
        return {} if score is None else {item.competency: float(score)}
    return {}
