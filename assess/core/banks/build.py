"""Build one ``Bank`` from plain data, checking everything that one file can tell.

Plain data comes either from YAML (with line numbers) or from ``Bank.to_dict()`` (the
normalized copy the app stores); both go through the same checks. Checks that need
other banks (``mirrors``, red flags raised by another bank) are left to
``crossbank.py`` using the locations recorded in ``BankSource``.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from assess.core.banks.bank import Bank
from assess.core.banks.items import ItemRefs, read_pages, read_scales
from assess.core.banks.loader import Path
from assess.core.banks.model import ROLES, AnswerTest, Item
from assess.core.banks.page_roles import check_page_roles
from assess.core.banks.reader import Reader, check_unique
from assess.core.banks.rubric import read_rubric
from assess.core.banks.rubric_rules import RubricRefs, read_roles

TOP_REQUIRED = (
    "id",
    "version",
    "title",
    "instructions",
    "rater_roles",
    "expected_minutes",
    "pages",
)
TOP_OPTIONAL = ("default_locale", "locales", "mirrors", "not_asked", "scales", "rubric")
MAX_MINUTES = 240


@dataclass
class BankSource:
    """Where a bank's cross-bank references sit in its file."""

    reader: Reader
    bank_id: str | None = None
    mirrors: tuple[str, ...] = ()
    competency_refs: list[tuple[str, Path]] = field(default_factory=list)
    external_red_flags: list[tuple[str, Path]] = field(default_factory=list)
    #: competency id -> where `not_asked` names it
    not_asked: dict[str, Path] = field(default_factory=dict)
    #: (item id, self statement named by `pairs_with` or None, competency, path)
    ratings: list[tuple[str, str | None, str | None, Path]] = field(default_factory=list)


def build_bank(data: Any, reader: Reader) -> tuple[Bank | None, BankSource]:
    """Return the bank (``None`` if ``reader`` collected problems) and its source map."""
    source = BankSource(reader)
    top = reader.mapping(data, (), "the bank", required=TOP_REQUIRED, optional=TOP_OPTIONAL)
    if top is None:
        return None, source
    mirroring = "mirrors" in top
    if not mirroring and "rubric" not in top:
        reader.report(
            (),
            "the bank is missing 'rubric'",
            "add a rubric, or `mirrors:` the banks whose rubric it shares",
        )
    _read_locales(reader, top)
    fields: dict[str, Any] = {"default_locale": reader.default_locale, "locales": reader.locales}
    fields["id"] = source.bank_id = (
        reader.ident(top.get("id"), ("id",), "bank") if "id" in top else None
    )
    fields["version"] = _version(reader, top.get("version")) if "version" in top else None
    fields["title"] = reader.text(top.get("title"), ("title",), "title") if "title" in top else None
    fields["instructions"] = (
        reader.text(top.get("instructions"), ("instructions",), "instructions")
        if "instructions" in top
        else None
    )
    roles = (
        read_roles(reader, top.get("rater_roles"), ("rater_roles",), "rater_roles", ROLES)
        if "rater_roles" in top
        else None
    )
    fields["rater_roles"] = roles
    fields["expected_minutes"] = (
        reader.number(
            top.get("expected_minutes"), ("expected_minutes",), "expected_minutes", 1, MAX_MINUTES
        )
        if "expected_minutes" in top
        else None
    )
    if mirroring:
        fields["mirrors"] = source.mirrors = _mirrors(reader, top["mirrors"], roles)
    if "not_asked" in top:
        fields["not_asked"] = _not_asked(reader, top["not_asked"], mirroring, source)
    scales = read_scales(reader, top.get("scales"), ("scales",))
    fields["scales"] = tuple(scales.values())
    item_refs = ItemRefs()
    pages = (
        read_pages(reader, top.get("pages"), ("pages",), scales, item_refs)
        if "pages" in top
        else []
    )
    fields["pages"] = tuple(pages)
    rubric_refs = RubricRefs()
    rubric = None
    if "rubric" in top or mirroring:
        rubric = read_rubric(
            reader, top.get("rubric"), ("rubric",), mirroring, roles or (), rubric_refs
        )
    fields["rubric"] = rubric
    items = {item.id: item for page in pages for item in page.items}
    _check_items(reader, item_refs, rubric_refs, items, mirroring, source)
    raw_rubric = top.get("rubric")
    check_page_roles(
        reader, top.get("pages"), pages, roles or (),
        isinstance(raw_rubric, dict) and "compare_groups" in raw_rubric,
        item_refs, rubric_refs, items,
    )  # fmt: skip
    source.external_red_flags = rubric_refs.external_red_flags
    if reader.problems or any(value is None for value in fields.values()):
        return None, source
    return Bank(**fields), source


def _not_asked(reader: Reader, value: Any, mirroring: bool, source: BankSource):
    """``not_asked``: competencies of the mirrored banks these raters cannot observe,
    each with the reason the reports give ("Buyers do not see how the rep works with
    marketing"). Their score comes from the manager alone (the self-rating is shown
    beside it, never counted in it: docs/scoring.md)."""
    if not mirroring:
        reader.report(
            ("not_asked",),
            "not_asked is only for a bank that mirrors others",
            "remove it, or add `mirrors:`",
        )
        return ()
    spec = reader.mapping(
        value, ("not_asked",), "not_asked", optional=value.keys() if isinstance(value, dict) else ()
    )
    entries = []
    for competency_id, reason in (spec or {}).items():
        path = ("not_asked", competency_id)
        checked = reader.ident(competency_id, path, "competency")
        text = reader.text(reason, path, f"the reason '{competency_id}' is not asked")
        if checked is not None and text is not None:
            source.not_asked[checked] = path
            entries.append((checked, text))
    return tuple(sorted(entries, key=lambda entry: entry[0]))


def _read_locales(reader: Reader, top: dict) -> None:
    """Set the reader's locales first: every text is checked against them."""
    default = (
        reader.locale(top["default_locale"], ("default_locale",), "default_locale")
        if "default_locale" in top
        else "en"
    )
    reader.default_locale = default or "en"
    if "locales" not in top:
        reader.locales = (reader.default_locale,)
        return
    entries = reader.list(top["locales"], ("locales",), "locales", min_len=1) or []
    locales = [
        reader.locale(entry, ("locales", index), "locale") for index, entry in enumerate(entries)
    ]
    checked = tuple(sorted({locale for locale in locales if locale}))
    if entries and reader.default_locale not in checked:
        reader.report(
            ("locales",),
            f"locales do not include the default locale '{reader.default_locale}'",
            f"add {reader.default_locale} to locales",
        )
    reader.locales = tuple(sorted({*checked, reader.default_locale}))


def _version(reader: Reader, value: Any) -> str | None:
    if isinstance(value, float):
        reader.report(
            ("version",),
            f"version {value} is a number, so 1.10 would read as 1.1",
            f'quote it: version: "{value}"',
        )
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return reader.string(value, ("version",), "version", max_len=40)


def _mirrors(reader: Reader, value: Any, roles: tuple[str, ...] | None) -> tuple[str, ...] | None:
    entries = reader.list(value, ("mirrors",), "mirrors", min_len=1)
    if entries is None:
        return None
    ids = [
        reader.ident(entry, ("mirrors", index), "mirrored bank")
        for index, entry in enumerate(entries)
    ]
    check_unique(
        reader,
        ((entry, ("mirrors", index)) for index, entry in enumerate(entries)),
        "mirrored bank",
    )
    if roles and "self" in roles:
        reader.report(
            ("rater_roles",),
            "a mirroring bank is answered by others about the rep, not by the rep",
            "remove 'self' from rater_roles (the mirrored bank is the self-assessment)",
        )
    return tuple(ids) if all(ids) and len(set(ids)) == len(ids) else None


def _check_items(
    reader: Reader,
    item_refs: ItemRefs,
    rubric_refs: RubricRefs,
    items: dict[str, Item],
    mirroring: bool,
    source: BankSource,
) -> None:
    """References from items and rubric to items and competencies inside one bank."""
    order = {item_id: index for index, item_id in enumerate(item_refs.item_paths)}
    check_unique(reader, item_refs.ids, "item")
    source.ratings = item_refs.ratings  # pairs_with is checked in crossbank.py
    if mirroring:
        source.competency_refs = item_refs.competencies
    elif rubric_refs.competency_paths:  # ids as written, even if the rubric has problems
        known = set(rubric_refs.competency_paths)
        for competency_id, path in item_refs.competencies:
            if competency_id not in known:
                reader.report(
                    path,
                    f"item is mapped to unknown competency '{competency_id}'",
                    _suggest(competency_id, known, "competency"),
                )
        used = {competency_id for competency_id, _ in item_refs.competencies}
        for competency_id, path in rubric_refs.competency_paths.items():
            if competency_id not in used:
                reader.report(
                    path,
                    f"competency '{competency_id}' has no items",
                    "map at least one item (or forced-choice statement) to it, or remove it",
                )
    for owner_id, test, path in item_refs.show_if:
        if _is_unknown_item(reader, test.item, path, order, "show_if refers to"):
            continue
        if order[test.item] >= order.get(owner_id, len(order)):
            reader.report(
                path,
                f"show_if of '{owner_id}' refers to '{test.item}', which is not before it",
                "show_if may only test an earlier item",
            )
        elif test.item in items:
            check_answer_test(reader, test, path, items[test.item], "show_if")
    for test, path in rubric_refs.answer_tests:
        if _is_unknown_item(reader, test.item, path, order, "red flag refers to"):
            continue
        if test.item in items:
            check_answer_test(reader, test, path, items[test.item], "red flag")
    _check_validity(reader, rubric_refs, items, order)


def _check_validity(
    reader: Reader, refs: RubricRefs, items: dict[str, Item], order: dict[str, int]
) -> None:
    for item_id, path in refs.social_desirability:
        if _is_unknown_item(reader, item_id, path, order, "social_desirability names"):
            continue
        item = items.get(item_id)
        if item is None:
            continue  # the item itself is broken; reported there
        if item.type not in ("likert", "yes_no"):
            reader.report(
                path,
                f"social-desirability item '{item_id}' is a {item.type} item",
                "use a likert or yes_no item",
            )
        elif item.competencies:
            reader.report(
                path,
                f"social-desirability item '{item_id}' is also scored for '{item.competency}'",
                "remove its competency: it measures faking, not skill",
            )
    for pair in refs.consistency_pairs:
        pair_items = []
        for item_id, path in pair:
            if _is_unknown_item(reader, item_id, path, order, "consistency pair names"):
                continue
            item = items.get(item_id)
            if item is None:
                continue  # the item itself is broken; reported there
            if item.type != "likert":
                reader.report(
                    path,
                    f"consistency pair item '{item_id}' is a {item.type} item",
                    "pair two likert items",
                )
            else:
                pair_items.append(item)
        if len(pair_items) == 2:
            first, second = pair_items
            if first.scale and second.scale and first.scale.points != second.scale.points:
                reader.report(
                    pair[1][1],
                    f"consistency pair mixes a {first.scale.points}- and a "
                    f"{second.scale.points}-point item",
                    "pair items on scales of the same length",
                )


def check_answer_test(reader: Reader, test: AnswerTest, path: Path, item: Item, what: str) -> None:
    """Is ``test`` something an answer to ``item`` could satisfy?"""
    values = test.value if test.op == "in" else (test.value,)
    if item.type in ("forced_choice", "text"):
        reader.report(
            path,
            f"{what} cannot test a {item.type} answer ('{item.id}')",
            "test a likert, likelihood, yes_no, situational or choice item",
        )
    elif item.options:
        if test.op in ("at_least", "at_most"):
            reader.report(
                path,
                f"{what} uses {test.op} on choice item '{item.id}'",
                "use `in: [option ids]` or `equals: option_id`",
            )
            return
        known = [option.id for option in item.options]
        for value in values:
            if value not in known:
                reader.report(
                    path,
                    f"{what} names unknown option '{value}' of item '{item.id}'",
                    "use one of: " + ", ".join(known),
                )
    elif item.type == "yes_no":
        if test.op in ("at_least", "at_most") or not all(
            isinstance(value, bool) for value in values
        ):
            reader.report(
                path,
                f"{what} on yes/no item '{item.id}' must test true or false",
                "write `equals: true` or `equals: false`",
            )
    else:
        low, high = item.min_value, item.max_value
        for value in values:
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                reader.report(
                    path,
                    f"{what} tests '{item.id}' against {value!r}, but its answers run {low}–{high}",
                    f"use a whole number from {low} to {high}",
                )
                return


def _is_unknown_item(
    reader: Reader, item_id: str, path: Path, order: dict[str, int], named_by: str
) -> bool:
    """Report ``item_id`` if the bank has no such item; ``named_by`` says what names it."""
    if item_id in order:
        return False
    reader.report(path, f"{named_by} unknown item '{item_id}'", _suggest(item_id, order, "item"))
    return True


def _suggest(name: str, known: Any, what: str) -> str:
    close = difflib.get_close_matches(str(name), list(known), n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    listed = ", ".join(sorted(known)[:12])
    return (
        f"use a {what} id defined in this bank ({listed})" if listed else f"define the {what} first"
    )
