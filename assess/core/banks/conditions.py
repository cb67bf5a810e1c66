"""Parse the two small declarative condition languages of a bank.

*Answer conditions* (``show_if`` and red-flag rules) test one rater's answers::

    {item: bf_manner, in: [pushy]}          # a choice answer, or a scale value, in a list
    {item: bf_listened, at_most: 2}         # scale value <= 2 (also at_least)
    {item: bf_is_customer, equals: true}    # exact answer
    {any: [...]} / {all: [...]} / {not: {...}}

*Verdict conditions* test a rep's results::

    {red_flag: referrals_pushy}                       # that red flag was raised
    {competency: discovery, band: gap}                # competency's band (group optional)
    {score: overall, at_least: 75}                    # or `below: 50`; or a competency id
    {competencies_in_band: gap, at_least: 2}
    {any: [...]} / {all: [...]} / {not: {...}}

Only the structure is checked here; references (item ids, option ids, competencies,
bands, red flags) are checked by the bank builder once everything is read, and are
returned as ``(node, path)`` pairs for it.
"""

from __future__ import annotations

from typing import Any

from assess.core.banks.loader import Path
from assess.core.banks.model import (
    AllOf,
    AnswerTest,
    AnyOf,
    BandCount,
    CompetencyInBand,
    Not,
    RedFlagRaised,
    ScoreTest,
)
from assess.core.banks.reader import Reader, kind_of

ANSWER_OPS = ("equals", "in", "at_least", "at_most")
VERDICT_GROUPS = ("combined", "self", "manager", "buyers")
_COMBINATORS = ("all", "any", "not")
_MAX_DEPTH = 8

Refs = list[tuple[Any, Path]]


def read_combinator(
    reader: Reader, value: dict, path: Path, what: str, leaf: Any, refs: Refs, depth: int
) -> Any:
    """Shared handling of ``all`` / ``any`` / ``not``; ``leaf`` parses a leaf."""
    keys = [key for key in value if key in _COMBINATORS]
    if len(value) != 1:
        reader.report(
            path,
            f"{what}: '{keys[0]}' must be the only key of its mapping",
            "nest the other tests inside it",
        )
        return None
    key = keys[0]
    if depth >= _MAX_DEPTH:
        reader.report(path, f"{what} is nested more than {_MAX_DEPTH} levels deep", "simplify it")
        return None
    if key == "not":
        inner = read_any(reader, value["not"], (*path, "not"), what, leaf, refs, depth + 1)
        return Not(inner) if inner is not None else None
    entries = reader.list(value[key], (*path, key), f"{what} '{key}'", min_len=1)
    if not entries:
        return None
    parsed = [
        read_any(reader, entry, (*path, key, index), what, leaf, refs, depth + 1)
        for index, entry in enumerate(entries)
    ]
    if any(entry is None for entry in parsed):
        return None
    return (AllOf if key == "all" else AnyOf)(tuple(parsed))


def read_any(
    reader: Reader, value: Any, path: Path, what: str, leaf: Any, refs: Refs, depth: int = 0
) -> Any:
    if not isinstance(value, dict):
        reader.report(
            path,
            f"{what} must be a mapping, got {kind_of(value)}",
            "write e.g. `{item: some_item, at_most: 2}`",
        )
        return None
    if any(key in _COMBINATORS for key in value):
        return read_combinator(reader, value, path, what, leaf, refs, depth)
    return leaf(reader, value, path, what, refs)


def read_answer_condition(reader: Reader, value: Any, path: Path, what: str, refs: Refs) -> Any:
    """Parse a show_if / red-flag condition; leaves are appended to ``refs``."""
    return read_any(reader, value, path, what, _answer_leaf, refs)


def _answer_leaf(
    reader: Reader, value: dict, path: Path, what: str, refs: Refs
) -> AnswerTest | None:
    reader.mapping(value, path, what, required=("item",), optional=ANSWER_OPS)
    ops = [op for op in ANSWER_OPS if op in value]
    if len(ops) != 1:
        reader.report(
            path,
            f"{what} needs exactly one test, found {len(ops)}",
            "use one of: " + ", ".join(ANSWER_OPS),
        )
        return None
    item_id = (
        reader.ident(value.get("item"), (*path, "item"), f"{what} item")
        if "item" in value
        else None
    )
    op = ops[0]
    raw = value[op]
    if op == "in":
        entries = reader.list(raw, (*path, "in"), f"{what} 'in'", min_len=1)
        if entries is None or not all(_is_answer_scalar(entry) for entry in entries):
            if entries is not None:
                reader.report(
                    (*path, "in"),
                    f"{what} 'in' must list option ids or numbers",
                    "e.g. `in: [pushy, rushed]`",
                )
            return None
        operand: Any = tuple(entries)
    elif op in ("at_least", "at_most"):
        operand = reader.integer(raw, (*path, op), f"{what} '{op}'")
    else:
        operand = raw if _is_answer_scalar(raw) else None
        if operand is None:
            reader.report(
                (*path, op),
                f"{what} 'equals' must be an option id, a number or true/false",
                "e.g. `equals: true`",
            )
    if item_id is None or operand is None:
        return None
    test = AnswerTest(item_id, op, operand)
    refs.append((test, path))
    return test


def _is_answer_scalar(value: Any) -> bool:
    return isinstance(value, str | int)  # bool is an int


def read_verdict_condition(reader: Reader, value: Any, path: Path, what: str, refs: Refs) -> Any:
    """Parse a verdict rule's ``when``; leaves are appended to ``refs``."""
    return read_any(reader, value, path, what, _verdict_leaf, refs)


def _verdict_leaf(reader: Reader, value: dict, path: Path, what: str, refs: Refs) -> Any:
    group = "combined"
    if "group" in value:
        group = reader.choice(value["group"], (*path, "group"), f"{what} group", VERDICT_GROUPS)
    leaf: Any = None
    if "red_flag" in value:
        reader.mapping(value, path, what, required=("red_flag",))
        flag = reader.ident(value["red_flag"], (*path, "red_flag"), "red flag")
        leaf = RedFlagRaised(flag) if flag else None
    elif "competencies_in_band" in value:
        reader.mapping(
            value, path, what, required=("competencies_in_band", "at_least"), optional=("group",)
        )
        band = reader.ident(value["competencies_in_band"], (*path, "competencies_in_band"), "band")
        count = (
            reader.integer(value.get("at_least"), (*path, "at_least"), f"{what} at_least", 1, 100)
            if "at_least" in value
            else None
        )
        leaf = BandCount(band, count, group) if band and count and group else None
    elif "score" in value:
        reader.mapping(
            value, path, what, required=("score",), optional=("at_least", "below", "group")
        )
        score = reader.ident(value["score"], (*path, "score"), "score")
        ops = [op for op in ("at_least", "below") if op in value]
        if len(ops) != 1:
            reader.report(
                path,
                f"{what} needs exactly one of at_least / below",
                "e.g. `{score: overall, below: 50}`",
            )
            return None
        threshold = reader.number(value[ops[0]], (*path, ops[0]), f"{what} {ops[0]}", 0, 100)
        leaf = (
            ScoreTest(score, ops[0], threshold, group)
            if score and threshold is not None and group
            else None
        )
    elif "competency" in value:
        reader.mapping(value, path, what, required=("competency", "band"), optional=("group",))
        competency = reader.ident(value["competency"], (*path, "competency"), "competency")
        band = reader.ident(value.get("band"), (*path, "band"), "band") if "band" in value else None
        leaf = CompetencyInBand(competency, band, group) if competency and band and group else None
    else:
        reader.report(
            path,
            f"{what} tests nothing",
            "use red_flag, competency + band, score, competencies_in_band, all, any or not",
        )
        return None
    if leaf is not None:
        refs.append((leaf, path))
    return leaf


def condition_items(condition: Any) -> set[str]:
    """The item ids an answer condition reads."""
    if isinstance(condition, AnswerTest):
        return {condition.item}
    if isinstance(condition, AllOf | AnyOf):
        return set().union(*(condition_items(entry) for entry in condition.conditions))
    if isinstance(condition, Not):
        return condition_items(condition.condition)
    return set()
