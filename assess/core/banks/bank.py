"""The ``Bank``: one validated question bank, its lookups, its plain data and its hash.

A bank is what the web layer shows, the scoring engine scores and the app stores by
content hash, so the one object answers all three: the items in survey order and by id,
``to_dict()`` (the normalized plain data a stored copy is rebuilt from) and
``content_hash`` (the sha256 of that data). It is kept apart from the parts it is made
of (``model.py``) because it needs ``serialize.py``, which needs the parts: parts, then
serializers, then the bank, so every import runs one way.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

from assess.core.banks.hashing import content_hash as hash_of
from assess.core.banks.model import BUYER_ROLES, Item, Page, Rubric, Scale, Text
from assess.core.banks.serialize import page_to_dict, rubric_to_dict, scale_to_dict, text_to_dict


@dataclass(frozen=True)
class Bank:
    """One validated bank; build it with ``load_bank`` or ``bank_from_dict``."""

    id: str
    version: str
    title: Text
    instructions: Text
    rater_roles: tuple[str, ...]
    default_locale: str
    locales: tuple[str, ...]
    expected_minutes: int | float
    pages: tuple[Page, ...]
    rubric: Rubric
    mirrors: tuple[str, ...] = ()
    scales: tuple[Scale, ...] = ()
    #: (competency id, why these raters are not asked about it), for a mirroring bank
    not_asked: tuple[tuple[str, Text], ...] = ()

    @cached_property
    def items(self) -> tuple[Item, ...]:
        """All items in survey order."""
        return tuple(item for page in self.pages for item in page.items)

    @cached_property
    def _items_by_id(self) -> dict[str, Item]:
        return {item.id: item for item in self.items}

    def not_asked_reason(self, competency_id: str) -> Text | None:
        """Why this bank's raters are not asked about `competency_id`, or None."""
        return dict(self.not_asked).get(competency_id)

    @property
    def is_buyer_survey(self) -> bool:
        """Buyers answer it about a rep: it mirrors self-assessments and is answered by
        prospects, referrals or customers (the one rule for which bank that is)."""
        return bool(self.mirrors) and any(role in BUYER_ROLES for role in self.rater_roles)

    @property
    def is_org_wide(self) -> bool:
        """Its rubric compares rater groups (the sales–marketing alignment survey): it is
        answered about nobody in particular, not about a rep."""
        return bool(self.rubric.compare_groups)

    def item(self, item_id: str) -> Item | None:
        return self._items_by_id.get(item_id)

    @cached_property
    def scored_competencies(self) -> tuple[str, ...]:
        """Competency ids this bank's items feed, in first-use order."""
        seen: dict[str, None] = {}
        for item in self.items:
            for competency_id in item.competencies:
                seen.setdefault(competency_id, None)
        return tuple(seen)

    def items_for(self, competency_id: str) -> tuple[Item, ...]:
        return tuple(item for item in self.items if competency_id in item.competencies)

    def for_role(self, role: str) -> Bank:
        """What a rater in ``role`` is asked: only the pages asked of them
        (``Page.rater_roles``), and the expected time in proportion to their share of
        the items, rounded up to a whole minute. The bank itself when every page is
        asked of everyone. The survey shows, and the scoring reads, a rater against
        this view — never stored: its hash is not the bank version's."""
        return self._role_views.get(role, self)

    @cached_property
    def _role_views(self) -> dict[str, Bank]:
        views = {}
        for role in self.rater_roles:
            pages = tuple(page for page in self.pages if page.asks(role))
            if len(pages) == len(self.pages):
                continue
            asked = sum(len(page.items) for page in pages)
            minutes = max(1, math.ceil(self.expected_minutes * asked / max(1, len(self.items))))
            views[role] = replace(self, pages=pages, expected_minutes=minutes)
        return views

    def roles_asked(self, competency_id: str) -> tuple[str, ...]:
        """The rater roles asked at least one item about ``competency_id``."""
        return tuple(
            role for role in self.rater_roles if self.for_role(role).items_for(competency_id)
        )

    def text(self, value: Text | None, locale: str | None = None) -> str:
        """``value`` in ``locale``, falling back to the bank's default locale."""
        return "" if value is None else value.get(locale, self.default_locale)

    @cached_property
    def content_hash(self) -> str:
        """sha256 hex of the normalized content: the bank version's identity."""
        return hash_of(self.to_dict())

    @property
    def short_hash(self) -> str:
        return self.content_hash[:12]

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-able normalized content; ``bank_from_dict`` rebuilds the bank."""
        mirroring = bool(self.mirrors)
        data: dict[str, Any] = {
            "id": self.id,
            "version": self.version,
            "title": text_to_dict(self.title),
            "instructions": text_to_dict(self.instructions),
            "rater_roles": list(self.rater_roles),
            "default_locale": self.default_locale,
            "locales": list(self.locales),
            "expected_minutes": self.expected_minutes,
            "pages": [page_to_dict(page) for page in self.pages],
        }
        if self.scales:
            data["scales"] = {scale.id: scale_to_dict(scale) for scale in self.scales}
        if mirroring:
            data["mirrors"] = list(self.mirrors)
        if self.not_asked:  # absent when empty: older banks keep their hash
            data["not_asked"] = {key: text_to_dict(reason) for key, reason in self.not_asked}
        rubric = rubric_to_dict(self.rubric, mirroring)
        if rubric or not mirroring:
            data["rubric"] = rubric
        return data
