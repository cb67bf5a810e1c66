"""Answer values: what a valid answer looks like, and which items are shown.

An answer is plain data, so the web layer can store it as JSON and the scoring engine
can read it without the bank's classes:

=============  ==============================================================
item type      answer value
=============  ==============================================================
likert         ``int`` from 1 to the scale's points (5 or 7), or ``"not_observed"``
               when the scale offers it (``NOT_OBSERVED``)
likelihood     ``int`` from 0 to 10
situational    ``str``: the chosen option's id
choice         ``str``: the chosen option's id
forced_choice  ``{"most": statement_id, "least": statement_id}``, two different ids
yes_no         ``bool``
text           ``str`` of at most ``max_length`` characters
=============  ==============================================================

``None`` (or a missing key) means unanswered; so does an all-blank text. ``True`` is
never accepted as the number 1.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from assess.core.banks.bank import Bank
from assess.core.banks.model import NOT_OBSERVED, AllOf, AnswerTest, AnyOf, Item, Not, Page
from assess.core.i18n import N_, format_decimal, gettext
from assess.core.text import problem_kind

#: Kept in English here (a module-level value); `validate_answer` translates it.
MISSING = N_("Please answer this question.")
#: The message for an answer holding a character no text answer takes, per
#: `assess.core.text.problem_kind` (whole sentences: translated whole; a text answer
#: may hold line breaks and direction marks, so only these three occur).
TEXT_PROBLEMS = {
    "nul": N_("Your answer contains a NUL character; please retype it without that character."),
    "bytes": N_(
        "Your answer contains bytes that are not valid text (UTF-8); please retype it without "
        "that character."
    ),
    "control": N_(
        "Your answer contains a control character (U+%(code)s); please retype it without that "
        "character."
    ),
}


def validate_answer(item: Item, value: Any) -> str | None:
    """``None`` if ``value`` is a valid answer to ``item``, else a message for the respondent.

    The message is written for the person answering ("Choose one of the options."),
    so the web layer can show it beside the question as is. A required item left
    unanswered gets "Please answer this question."; an optional one is valid.
    """
    if _is_unanswered(value):
        return gettext(MISSING) if item.required else None
    if item.type in ("likert", "likelihood"):
        if value == NOT_OBSERVED and item.offers_not_observed:
            return None
        low, high = item.min_value, item.max_value
        if _is_int(value) and low is not None and high is not None and low <= value <= high:
            return None
        if item.type == "likelihood":
            return gettext("Choose a number from 0 to 10.")
        return gettext("Choose one of the points on the scale.")
    if item.type in ("situational", "choice"):
        if isinstance(value, str) and item.option(value) is not None:
            return None
        return gettext("Choose one of the options.")
    if item.type == "forced_choice":
        return _forced_choice_problem(item, value)
    if item.type == "yes_no":
        return None if isinstance(value, bool) else gettext("Answer yes or no.")
    return _text_problem(item, value)


def _is_unanswered(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _forced_choice_problem(item: Item, value: Any) -> str | None:
    message = gettext("Pick one statement as most like you and a different one as least like you.")
    if not isinstance(value, Mapping) or set(value) != {"most", "least"}:
        return message
    ids = {statement.id for statement in item.statements}
    most, least = value["most"], value["least"]
    if not isinstance(most, str) or not isinstance(least, str):
        return message
    if most not in ids or least not in ids or most == least:
        return message
    return None


def _text_problem(item: Item, value: Any) -> str | None:
    if not isinstance(value, str):
        return gettext("Please type your answer as text.")
    limit = item.max_length or 0
    if len(value) > limit:  # checked before anything that reads the whole string
        return gettext(
            "Please keep your answer to %(limit)s characters (it has %(length)s).",
            limit=format_decimal(limit, 0),
            length=format_decimal(len(value), 0),
        )
    found = problem_kind(value, one_line=False)
    if found is not None:
        kind, code = found
        return gettext(TEXT_PROBLEMS[kind], code=code)
    return None


def condition_holds(condition: Any, answers: Mapping[str, Any]) -> bool:
    """Evaluate an answer condition (``show_if`` or a red-flag rule) on one rater's answers.

    An unanswered item satisfies no test, so ``not`` of a test on it holds.
    """
    if isinstance(condition, AnswerTest):
        value = answers.get(condition.item)
        if value is None:
            return False
        if condition.op == "equals":
            return _same(value, condition.value)
        if condition.op == "in":
            return any(_same(value, option) for option in condition.value)
        if not _is_int(value):
            return False
        if condition.op == "at_least":
            return value >= condition.value
        return value <= condition.value
    if isinstance(condition, AllOf):
        return all(condition_holds(entry, answers) for entry in condition.conditions)
    if isinstance(condition, AnyOf):
        return any(condition_holds(entry, answers) for entry in condition.conditions)
    if isinstance(condition, Not):
        return not condition_holds(condition.condition, answers)
    raise TypeError(f"not an answer condition: {condition!r}")


def _same(answer: Any, expected: Any) -> bool:
    """Equality that keeps ``True`` and ``1`` apart."""
    return isinstance(answer, bool) == isinstance(expected, bool) and answer == expected


def is_visible(item: Item, answers: Mapping[str, Any]) -> bool:
    """Whether ``item`` is shown given the answers so far (items without show_if always are)."""
    return item.show_if is None or condition_holds(item.show_if, answers)


def visible_items(bank_or_page: Bank | Page, answers: Mapping[str, Any]) -> tuple[Item, ...]:
    """The items to show, in order.

    For a whole bank an item whose ``show_if`` depends on a hidden item is hidden too
    (the stale answer left by a back button does not count). For a single page pass
    ``visible_answers(bank, answers)`` so that earlier pages are judged the same way.
    """
    shown: dict[str, Any] = {}
    result = []
    context: Mapping[str, Any] = shown if isinstance(bank_or_page, Bank) else answers
    for item in bank_or_page.items:
        if is_visible(item, context):
            result.append(item)
            if item.id in answers:
                shown[item.id] = answers[item.id]
    return tuple(result)


def visible_answers(bank: Bank, answers: Mapping[str, Any]) -> dict[str, Any]:
    """Only the answers to items that are shown: what scoring should look at."""
    return {
        item.id: answers[item.id] for item in visible_items(bank, answers) if item.id in answers
    }
