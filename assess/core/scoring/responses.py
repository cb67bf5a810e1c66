"""Score one response: answers -> the rater's score on each competency of the bank.

The rules are those of ``items.py``; here a bank is compiled once into lookup tables
(answer -> score), so that scoring a 60-item response is one dictionary lookup per
answer. The lookup doubles as validation: an answer that is not in the table is
invalid, and ``validate_answer`` is asked only then, for its message.

Missing answers: a rater's competency score is the mean of its answered item scores,
and needs at least half (rounded up, and at least one) of the competency's *shown*
items answered. Items hidden by ``show_if`` are not missing: they are left out of the
count. Nor are items answered "not observed" (``NOT_OBSERVED``): the rater could not
judge them, so the competency rests on what they did see. A competency shown but short
of answers is listed in ``ScoredResponse.short``.

Forced-choice blocks are scored apart (``ScoredResponse.forced``): choosing one statement
as most like you makes the others less so, so their answers are ipsative — they rank a
rater's competencies against each other and say nothing of their level. Averaged into
the normative (Likert, situational) scores they would pull every score towards 50 and
add error; kept apart they give a profile and a check on the ratings (``forced_choice``).
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from itertools import permutations
from typing import Any

from assess.core.banks import NOT_OBSERVED, Bank, Item, condition_holds, validate_answer
from assess.core.scoring.items import FORCED_LEAST, FORCED_MOST, FORCED_UNCHOSEN, scale_score
from assess.core.scoring.model import RaterResponse
from assess.core.scoring.rules import MIN_ANSWERED_SHARE
from assess.core.scoring.stats import at_least_share

LIKERT, LIKELIHOOD, OPTION, YES_NO, FORCED, TEXT = range(6)
_KINDS = {
    "likert": LIKERT,
    "likelihood": LIKELIHOOD,
    "situational": OPTION,
    "choice": OPTION,
    "yes_no": YES_NO,
    "forced_choice": FORCED,
    "text": TEXT,
}


@dataclass(frozen=True, slots=True)
class ScoredResponse:
    """One response, scored. Internal to the engine (not part of any ``to_dict``)."""

    response: RaterResponse
    scores: Mapping[str, float]  # competency -> this rater's 0–100 score
    short: tuple[str, ...]  # competencies shown but with too few answers
    likert_values: tuple[int, ...]  # raw answers to shown Likert items, survey order
    visible_answers: Mapping[str, Any]  # answers to shown items only
    texts: tuple[tuple[str, str], ...]  # (item id, non-blank free text)
    #: competency -> how many answers its score rests on (the "n items" a report shows)
    answered: Mapping[str, int] = field(default_factory=dict)
    #: competency -> (times chosen as most like the rater, as least, blocks it was in):
    #: the forced-choice answers, never part of `scores`
    forced: Mapping[str, tuple[int, int, int]] = field(default_factory=dict)


class BankPlan:
    """A bank compiled for fast scoring. Build with ``plan_for(bank)``."""

    def __init__(self, bank: Bank) -> None:
        self.bank = bank
        self.competencies: tuple[str, ...] = bank.scored_competencies
        index = {competency: position for position, competency in enumerate(self.competencies)}
        self.item_ids = frozenset(item.id for item in bank.items)
        self.not_observable = frozenset(item.id for item in bank.items if item.offers_not_observed)
        shown_all = [0] * len(self.competencies)
        entries = []
        for item in bank.items:
            if item.type != "forced_choice":  # scored apart: no part of a competency score
                for competency in item.competencies:
                    shown_all[index[competency]] += 1
            entries.append(_entry(item, index))
        self.shown_all = tuple(shown_all)
        # Per-kind lists in survey order: one tight loop per kind, no dispatch per item.
        self.conditional = tuple(
            (item_id, show_if, _positions(kind, table, competency))
            for item_id, kind, table, competency, show_if, _ in entries
            if show_if is not None
        )
        # Scales, then options (the order sums have always run in): an answer of the
        # entry's type is scored by its table; anything else is blank or invalid.
        self.lookups = tuple(
            (item_id, table, competency, kind == LIKERT, int)
            for item_id, kind, table, competency, _, _ in entries
            if kind in (LIKERT, LIKELIHOOD)
        ) + tuple(
            (item_id, table, competency, False, str)
            for item_id, kind, table, competency, _, _ in entries
            if kind == OPTION
        )
        self.yes_no = tuple(
            (item_id, table, competency)
            for item_id, kind, table, competency, _, _ in entries
            if kind == YES_NO
        )
        self.forced = tuple(
            (item_id, table) for item_id, kind, table, _, _, _ in entries if kind == FORCED
        )
        self.forced_ids = frozenset(item_id for item_id, _ in self.forced)
        self.texts = tuple(
            (item_id, max_length) for item_id, kind, _, _, _, max_length in entries if kind == TEXT
        )
        #: Room for other modules' compiled checks (e.g. quality), keyed by module.
        self.extras: dict[str, Any] = {}
        largest = max(shown_all, default=0)
        self.needed = tuple(
            at_least_share(shown, MIN_ANSWERED_SHARE) for shown in range(largest + 1)
        )


def _positions(kind: int, table: Any, competency: int) -> tuple[int, ...]:
    """Competency positions an item feeds (several for a forced-choice block)."""
    if kind == FORCED:
        return tuple(position for position, _ in next(iter(table.values())))
    return (competency,) if competency >= 0 else ()


def _entry(item: Item, index: Mapping[str, int]) -> tuple:
    """``(item_id, kind, table, competency index or -1 / tuple, show_if, max_length)``."""
    kind = _KINDS[item.type]
    competency = index[item.competency] if item.competency else -1
    table: Any = None
    if kind in (LIKERT, LIKELIHOOD):
        low, high = item.min_value, item.max_value
        table = {
            value: scale_score(value, low, high, item.reverse_keyed)
            for value in range(low, high + 1)
        }
    elif kind == OPTION:
        table = {option.id: float(option.score) for option in item.options}
    elif kind == YES_NO:
        scored = item.yes_score is not None and item.no_score is not None and competency >= 0
        table = {
            True: float(item.yes_score) if scored else None,
            False: float(item.no_score) if scored else None,
        }
    elif kind == FORCED:
        table = {}
        for most, least in permutations(item.statements, 2):
            table[(most.id, least.id)] = tuple(
                (
                    index[statement.competency],
                    FORCED_MOST
                    if statement is most
                    else FORCED_LEAST
                    if statement is least
                    else FORCED_UNCHOSEN,
                )
                for statement in item.statements
            )
    return (item.id, kind, table, competency, item.show_if, item.max_length or 0)


_PLANS: dict[int, tuple[weakref.ref, BankPlan]] = {}


def plan_for(bank: Bank) -> BankPlan:
    """The compiled plan of ``bank``, built once per ``Bank`` object and cached.

    The cache is keyed by object identity (hashing a whole ``Bank`` would cost more
    than compiling it) and forgets a plan when its bank is garbage collected.
    """
    key = id(bank)
    cached = _PLANS.get(key)
    if cached is not None and cached[0]() is bank:
        return cached[1]
    plan = BankPlan(bank)
    _PLANS[key] = (weakref.ref(bank, partial(_forget, _PLANS, key)), plan)
    return plan


def _forget(plans: dict, key: int, reference: weakref.ref) -> None:
    entry = plans.get(key)
    if entry is not None and entry[0] is reference:
        del plans[key]


def _blank(value: Any) -> bool:
    return isinstance(value, str) and not value.strip()


def _invalid(bank: Bank, response: RaterResponse, item_id: str, value: Any) -> ValueError:
    item = bank.item(item_id)
    message = validate_answer(item, value) if item is not None else "unknown item"
    shown = repr(value)
    if len(shown) > 80:
        shown = shown[:77] + "..."
    return ValueError(
        f"response {response.response_id} ({bank.id}): invalid answer {shown} to "
        f"{item_id!r}: {message}"
    )


def score_response(plan: BankPlan, response: RaterResponse) -> ScoredResponse:
    """Score one response against a compiled bank.

    Parameters
    ----------
    plan : BankPlan
        ``plan_for(bank)`` of the bank the response answered.
    response : RaterResponse
        The answers.

    Returns
    -------
    ScoredResponse
        The rater's competency scores (only those with enough answers), the
        competencies short of answers, and what the quality checks need.

    Raises
    ------
    ValueError
        If an answer names an unknown item or is not a valid answer to its item.

    Examples
    --------
    >>> from assess.core.banks import load_banks
    >>> bank = load_banks("question_banks")["buyer_feedback"]
    >>> answers = {"bf_listened": 4, "bf_pushed": 5, "bf_time_to_decide": "not_observed"}
    >>> scored = score_response(plan_for(bank), RaterResponse("r1", "referral", bank.id, answers))
    >>> scored.scores
    {'listening': 75.0, 'buyer_first': 0.0}
    """
    bank = plan.bank
    answers = response.answers
    if not plan.item_ids.issuperset(answers):
        unknown = sorted(str(key) for key in answers if key not in plan.item_ids)
        raise ValueError(
            f"response {response.response_id}: {', '.join(unknown[:5])} "
            f"{'is not an item' if len(unknown) == 1 else 'are not items'} of bank {bank.id}"
        )
    size = len(plan.competencies)
    sums = [0.0] * size
    answered = [0] * size
    shown = list(plan.shown_all)
    likert: list[int] = []
    texts: list[tuple[str, str]] = []
    hidden: set[str] = set()
    view: Mapping[str, Any] = answers
    forced_ids = plan.forced_ids
    # show_if only tests earlier items, so deciding the conditional items in survey
    # order, each against the answers of items still shown, matches visible_items().
    for item_id, show_if, positions in plan.conditional:
        if not condition_holds(show_if, view):
            hidden.add(item_id)
            if item_id not in forced_ids:
                for position in positions:
                    shown[position] -= 1
            if item_id in answers:  # a stale answer (back button): drop it from view
                view = {key: value for key, value in answers.items() if key not in hidden}
    get = answers.get
    for item_id, table, competency, is_likert, answer_type in plan.lookups:
        value = get(item_id)
        if value is None or (hidden and item_id in hidden):
            continue
        score = table.get(value) if type(value) is answer_type else None
        if score is None:
            if _blank(value):
                continue
            if value == NOT_OBSERVED and item_id in plan.not_observable:
                if competency >= 0:  # not seen: counted neither as shown nor answered
                    shown[competency] -= 1
                continue
            raise _invalid(bank, response, item_id, value)
        if is_likert:
            likert.append(value)
        if competency >= 0:
            sums[competency] += score
            answered[competency] += 1
    for item_id, table, competency in plan.yes_no:
        value = get(item_id)
        if value is None or (hidden and item_id in hidden):
            continue
        if type(value) is not bool:
            if _blank(value):
                continue
            raise _invalid(bank, response, item_id, value)
        score = table[value]
        if score is not None:
            sums[competency] += score
            answered[competency] += 1
    forced: dict[str, tuple[int, int, int]] = {}
    for item_id, table in plan.forced:
        value = get(item_id)
        if value is None or (hidden and item_id in hidden):
            continue
        pair = None
        if isinstance(value, Mapping) and len(value) == 2:
            most, least = value.get("most"), value.get("least")
            if type(most) is str and type(least) is str:
                pair = table.get((most, least))
        if pair is None:
            if _blank(value):
                continue
            raise _invalid(bank, response, item_id, value)
        for position, statement_score in pair:
            competency_id = plan.competencies[position]
            chosen_most, chosen_least, blocks = forced.get(competency_id, (0, 0, 0))
            forced[competency_id] = (
                chosen_most + (statement_score == FORCED_MOST),
                chosen_least + (statement_score == FORCED_LEAST),
                blocks + 1,
            )
    for item_id, max_length in plan.texts:
        value = get(item_id)
        if value is None or (hidden and item_id in hidden):
            continue
        if type(value) is not str or len(value) > max_length or "\x00" in value:
            raise _invalid(bank, response, item_id, value)
        text = value.strip()
        if text:
            texts.append((item_id, text))
    scores: dict[str, float] = {}
    counts: dict[str, int] = {}
    short: list[str] = []
    needed = plan.needed
    for position, competency_id in enumerate(plan.competencies):
        count = answered[position]
        if count and count >= needed[shown[position]]:
            scores[competency_id] = sums[position] / count
            counts[competency_id] = count
        elif shown[position]:
            short.append(competency_id)
    return ScoredResponse(
        response=response,
        scores=scores,
        short=tuple(short),
        likert_values=tuple(likert),
        visible_answers=view,
        texts=tuple(texts),
        answered=counts,
        forced=forced,
    )


def comments_in_languages(
    scored: Sequence[ScoredResponse], minimum: int, side_of: Mapping[str, str] | None = None
) -> tuple[tuple[str, ...], bool]:
    """The free-text answers of `scored` (one anonymous group: a rep's buyers; or the
    alignment survey's sides, `side_of` a role's side), sorted, and whether a language
    was left out.

    Where raters answered in more than one language, a comment is shown only when at
    least `minimum` of its side answered in its survey's language: a comment in the one
    language a single buyer read would say who wrote it (the manager chose, or can see,
    each buyer's language). One language for all keeps every comment. Whether some were
    left out depends only on the languages, never on who wrote a comment (else the note
    would say whether the one Spanish buyer commented)."""
    sides = side_of or {}

    def group(entry: ScoredResponse) -> tuple[str | None, str | None]:
        return sides.get(entry.response.rater_role), entry.response.language

    counts: dict[tuple[str | None, str | None], int] = {}
    for entry in scored:
        counts[group(entry)] = counts.get(group(entry), 0) + 1
    mixed = len({language for _, language in counts}) > 1
    kept = {key for key, count in counts.items() if not mixed or count >= minimum}
    texts = sorted(text for entry in scored if group(entry) in kept for _, text in entry.texts)
    return tuple(texts), len(kept) < len(counts)
