"""Checks that need several banks at once.

A buyer or manager bank ``mirrors`` the self-assessment banks whose competencies it
rates, so that self and buyer scores can be compared competency by competency. That
only works if it rates exactly the union of their competencies, less those it declares
``not_asked`` (with the reason: its raters cannot observe them); this module checks it,
along with bank ids being unique and verdict rules naming red flags that exist.
"""

from __future__ import annotations

import difflib

from assess.core.banks.bank import Bank
from assess.core.banks.build import BankSource


def check_across(loaded: list[tuple[Bank | None, BankSource]]) -> None:
    """Report cross-bank problems on the reader of the file they are in."""
    _check_unique_ids(loaded)
    banks = {source.bank_id: bank for bank, source in loaded if source.bank_id}
    red_flag_ids = {
        rule.id for bank, _ in loaded if bank is not None for rule in bank.rubric.red_flags
    }
    # A bank with problems has no rules to look in; its own problems come first.
    all_built = all(bank is not None for bank, _ in loaded)
    for _, source in loaded:
        if source.mirrors:
            _check_mirrors(source, banks)
        else:
            _refuse_pairs(source)
        for red_flag, path in source.external_red_flags if all_built else ():
            if red_flag not in red_flag_ids:
                close = difflib.get_close_matches(red_flag, sorted(red_flag_ids), n=1)
                fix = (
                    f"did you mean '{close[0]}'?"
                    if close
                    else "define it under a bank's rubric.red_flags"
                )
                source.reader.report(
                    path, f"verdict rule refers to unknown red flag '{red_flag}'", fix
                )


def _check_unique_ids(loaded: list[tuple[Bank | None, BankSource]]) -> None:
    first: dict[str, BankSource] = {}
    for _, source in loaded:
        if not source.bank_id:
            continue
        if source.bank_id in first:
            other = first[source.bank_id].reader
            source.reader.report(
                ("id",),
                f"bank id '{source.bank_id}' is also used by {other.file}:{other.line(('id',))}",
                "give each bank its own id",
            )
        else:
            first[source.bank_id] = source


def _check_mirrors(source: BankSource, banks: dict[str, Bank | None]) -> None:
    reader = source.reader
    union: dict[str, str] = {}  # competency id -> owning bank id
    complete = True
    for index, mirrored_id in enumerate(source.mirrors):
        path = ("mirrors", index)
        if mirrored_id not in banks:
            known = ", ".join(sorted(banks)) or "none"
            reader.report(
                path,
                f"mirrors unknown bank '{mirrored_id}'",
                f"check it together with that bank (known: {known})",
            )
            complete = False
            continue
        owner = banks[mirrored_id]
        if owner is None:
            complete = False  # the mirrored bank has its own problems, reported there
            continue
        if owner.mirrors:
            reader.report(
                path,
                f"'{mirrored_id}' itself mirrors other banks",
                "mirror the banks that define the competencies",
            )
            complete = False
            continue
        for competency in owner.rubric.competencies:
            if competency.id in union:
                reader.report(
                    path,
                    f"competency '{competency.id}' is defined by both "
                    f"'{union[competency.id]}' and '{mirrored_id}'",
                    "rename one of them so each id means one thing",
                )
            union.setdefault(competency.id, mirrored_id)
    if not complete:
        return
    _check_pairs(
        source, [banks[mirrored_id] for mirrored_id in source.mirrors], banks.get(source.bank_id)
    )
    used = set()
    for competency_id, path in source.competency_refs:
        used.add(competency_id)
        if competency_id not in union:
            close = difflib.get_close_matches(competency_id, sorted(union), n=1)
            fix = (
                f"did you mean '{close[0]}'?"
                if close
                else "use a competency of the mirrored banks: " + ", ".join(sorted(union))
            )
            reader.report(
                path,
                f"item is mapped to unknown competency '{competency_id}'"
                " (not in the mirrored banks)",
                fix,
            )
    for competency_id, path in source.not_asked.items():
        if competency_id not in union:
            reader.report(
                path,
                f"not_asked names '{competency_id}', which the mirrored banks do not define",
                "use a competency of the mirrored banks: " + ", ".join(sorted(union)),
            )
        elif competency_id in used:
            reader.report(
                path,
                f"'{competency_id}' is both not asked and rated by an item",
                "remove it from not_asked, or remove the items that rate it",
            )
    missing = [
        competency_id
        for competency_id in union
        if competency_id not in used and competency_id not in source.not_asked
    ]
    if missing:
        reader.report(
            ("mirrors",),
            "this bank rates a different competency set from the banks it mirrors: no item rates "
            + ", ".join(f"'{c}' (from {union[c]})" for c in missing),
            "add an item for each, so self and buyer scores can be compared, or list it "
            "under not_asked with the reason these raters cannot observe it",
        )


def _refuse_pairs(source: BankSource) -> None:
    """``pairs_with`` only means something in a bank that mirrors self-assessments."""
    for _, paired, _, path in source.ratings:
        if paired is not None:
            source.reader.report(
                (*path, "pairs_with"),
                "pairs_with names the self-assessment statement a rating mirrors, and this "
                "bank mirrors none",
                "remove it, or add `mirrors:` with the self-assessment banks",
            )


def _check_pairs(source: BankSource, owners: list, own: Bank | None) -> None:
    """Every rating names a self statement of the same competency (like for like), on
    a scale of the same kind when both are Likert: a point of agreement is not a point
    of frequency.

    A perception gap compares the rep's answers to the statements the others rated
    with the others' answers to them; a rating without its self statement, or paired
    with one about something else, would make that comparison unlike.
    """
    self_items = {item.id: (owner, item) for owner in owners for item in owner.items}
    for item_id, paired, competency, path in source.ratings:
        if paired is None:
            source.reader.report(
                path,
                f"rating '{item_id}' does not name the self-assessment statement it mirrors",
                "add `pairs_with:` with the id of the self item that asks the rep about the "
                "same behaviour, so the perception gap compares like with like",
            )
            continue
        where = (*path, "pairs_with")
        if paired not in self_items:
            close = difflib.get_close_matches(paired, sorted(self_items), n=1)
            source.reader.report(
                where,
                f"pairs_with names '{paired}', which no mirrored bank has",
                f"did you mean '{close[0]}'?" if close else "name an item of a mirrored bank",
            )
            continue
        owner, item = self_items[paired]
        if not item.is_scale or item.competency != competency:
            source.reader.report(
                where,
                f"'{item_id}' rates {competency} but its pair '{paired}' ({owner.id}) is "
                + (
                    f"a {item.type} item"
                    if not item.is_scale
                    else f"about {item.competency or 'no competency'}"
                ),
                f"pair it with a rating (likert or likelihood) of {owner.id} about {competency}",
            )
            continue
        rating = own.item(item_id) if own is not None else None
        both = rating is not None and rating.scale is not None and item.scale is not None
        if both and rating.scale.kind != item.scale.kind:
            source.reader.report(
                where,
                f"'{item_id}' is rated on a scale of {rating.scale.kind} but its pair "
                f"'{paired}' on a scale of {item.scale.kind}",
                "put both on the same kind of scale, so the gap compares like with like "
                "(buyers rate one relationship: agreement; a manager rates habits: "
                "frequency)",
            )
