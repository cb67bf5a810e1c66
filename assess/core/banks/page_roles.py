"""Pages asked of some raters only (``rater_roles`` on a page), and each rater's view.

A survey answered by several groups asks each group what it can see: in the alignment
survey, delivery staff are asked how sales and marketing work with delivery, not how
marketers prepare sales calls. A page without ``rater_roles`` is asked of everyone.

Only a bank that compares groups (``rubric.compare_groups``) may do this: its scoring
reads each rater against the pages they were asked, and says "not asked" for a group
asked nothing about an area. A rep's scores count every page as asked of every rater,
so a rep bank keeps one survey for all.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from assess.core.banks.items import ItemRefs
from assess.core.banks.model import Item, Page
from assess.core.banks.reader import Reader
from assess.core.banks.rubric_rules import RubricRefs


def check_page_roles(
    reader: Reader,
    raw_pages: Any,
    pages: Sequence[Page],
    bank_roles: Sequence[str],
    compares_groups: bool,
    item_refs: ItemRefs,
    rubric_refs: RubricRefs,
    items: Mapping[str, Item],
) -> None:
    """Report every page role that is not one of the bank's, a bank role asked no page,
    and a ``show_if`` or consistency pair that joins items asked of different raters."""
    if not any(page.rater_roles for page in pages):
        return
    index_of = {
        entry.get("id"): index
        for index, entry in enumerate(raw_pages if isinstance(raw_pages, list) else [])
        if isinstance(entry, dict) and isinstance(entry.get("id"), str)  # a broken id is
    }  # reported by the page checks; here it only has no place to point to
    for page in pages:
        if not page.rater_roles:
            continue
        path = ("pages", index_of.get(page.id, 0), "rater_roles")
        if not compares_groups:
            reader.report(
                path,
                f"page '{page.id}' is asked of some raters only, in a bank that compares no groups",
                "remove rater_roles: a rep's scores count every page as asked of every rater",
            )
        for role in page.rater_roles:
            if role not in bank_roles:
                reader.report(
                    path,
                    f"page '{page.id}' is asked of '{role}', who does not answer the bank",
                    "add the role to the bank's rater_roles, or remove it from the page",
                )
    for role in bank_roles:
        if not any(page.asks(role) for page in pages):
            reader.report(
                ("rater_roles",),
                f"'{role}' answers the bank but is asked no page",
                f"add '{role}' to a page's rater_roles, or remove it from the bank's",
            )
    asked = {page.id: page for page in pages}

    def roles_of(item_id: str) -> frozenset[str]:
        item = items.get(item_id)
        page = asked.get(item.page) if item is not None else None
        if page is None:
            return frozenset(bank_roles)
        return frozenset(role for role in bank_roles if page.asks(role))

    for owner_id, test, path in item_refs.show_if:
        if test.item not in items or owner_id not in items:
            continue  # an unknown item is reported where it is named
        missing = sorted(roles_of(owner_id) - roles_of(test.item))
        if missing:
            reader.report(
                path,
                f"show_if of '{owner_id}' tests '{test.item}', which {_names(missing)} "
                f"{'is' if len(missing) == 1 else 'are'} not asked",
                "test an item on a page asked of everyone who is asked this one",
            )
    for pair in rubric_refs.consistency_pairs:
        (first, _), (second, path) = pair
        if first in items and second in items and roles_of(first) != roles_of(second):
            reader.report(
                path,
                f"consistency pair '{first}', '{second}' joins items asked of different raters",
                "pair two items that the same raters are asked",
            )


def _names(roles: Sequence[str]) -> str:
    return ", ".join(f"'{role}'" for role in roles)
