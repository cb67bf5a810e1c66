"""The order one respondent sees an item's answer choices in.

Written banks list a situational item's options in whatever order the author thought
of them, and that is usually best first: shown as written, a rep who always picks the
first option would score 100. So the options of a situational item and the statements
of a forced-choice block are shown in an order of their own for every respondent and
item. The order comes from a secret per-respondent seed, so it is the same on every
view of the page (a reload, a page sent back with a message, the back button) and
the answer UI never jumps, while nobody can work out another respondent's order.

``choice`` options keep the order written: a choice item is often an ordered scale
("Gladly" … "No"), which a shuffle would make harder to read and answer, and its
"haven't seen" option (``NOT_OBSERVED``) belongs apart at the end. Likert anchors,
the 0–10 points and yes/no are scales and have no choices here at all.
"""

from __future__ import annotations

import hmac
from hashlib import sha256

from assess.core.banks.model import NOT_OBSERVED, Item, Option, Statement

#: Item types whose choices are shown in a per-respondent order.
SHUFFLED_TYPES = frozenset({"situational", "forced_choice"})
#: Fewest bytes of seed: a short seed would make the order guessable.
MIN_SEED_BYTES = 16


def option_order(seed: bytes, item: Item) -> tuple[Option, ...] | tuple[Statement, ...]:
    """The answer choices of ``item`` in the order the respondent with ``seed`` sees them.

    Each choice is ranked by HMAC-SHA256(seed, item id + choice id), so the order is a
    uniform shuffle that differs from item to item, depends on nothing but the seed
    and the ids (adding an option to a bank leaves the others' order as it was), and
    is the same every time it is asked for. A ``not_observed`` option always comes
    last, set apart like the "not seen" answer of a scale.

    Parameters
    ----------
    seed : bytes
        Secret to one respondent and the same on every view of their survey, at least
        ``MIN_SEED_BYTES`` long (the survey derives it from the invitation and the
        app's secret key: ``services.survey.choice_orders``).
    item : Item
        Any item of a bank.

    Returns
    -------
    tuple of Option or Statement
        Every option (situational, choice) or statement (forced choice) of ``item``
        once: shuffled for the ``SHUFFLED_TYPES``, as written for ``choice``; empty
        for the types without choices (likert, likelihood, yes/no, text).

    Raises
    ------
    ValueError
        If ``seed`` is not bytes or is shorter than ``MIN_SEED_BYTES``.

    Examples
    --------
    >>> from assess.core.banks import load_banks
    >>> item = load_banks("question_banks")["consultative_selling"].item("cs_sj_premium")
    >>> shown = option_order(bytes(16), item)
    >>> sorted(option.id for option in shown) == sorted(option.id for option in item.options)
    True
    >>> shown == option_order(bytes(16), item)
    True
    """
    if not isinstance(seed, bytes) or len(seed) < MIN_SEED_BYTES:
        raise ValueError(f"the seed must be at least {MIN_SEED_BYTES} bytes")
    choices = item.statements if item.type == "forced_choice" else item.options
    if item.type not in SHUFFLED_TYPES:
        return choices

    def rank(choice: Option | Statement) -> bytes:
        message = f"{item.id}\x00{choice.id}".encode()
        return hmac.new(seed, message, sha256).digest()

    shuffled = sorted((choice for choice in choices if choice.id != NOT_OBSERVED), key=rank)
    set_apart = [choice for choice in choices if choice.id == NOT_OBSERVED]
    return (*shuffled, *set_apart)
