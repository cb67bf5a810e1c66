"""The short survey a pulse asks: the round's banks cut down to a plan's competencies.

Pure: shipped (or stored) banks and the plan's competency ids in, derived banks out. A
pulse re-measures only what the plan targets, in at most `MAX_PULSE_ITEMS` rating items
per respondent (the rep's self-assessments together, the manager's review, the buyers'
survey), spread evenly over the plan's competencies. Each derived bank keeps its id,
scales, bands, weights and the competencies' coaching, so a pulse score is read against
the same rubric as the baseline; what it drops is what names items no longer asked (red
flags, verdicts, checks on removed items). The self items are chosen first, alternating
between those the buyers' and the manager's ratings pair with (`pairs_with`), so every
rating kept still has its self statement; within a competency a reverse-keyed item is
kept second where one exists, so careless agreement still shows — and the ratings of
the manager and the buyers start from a plainly worded one, so no side that makes the
score is asked reverse-keyed statements only where its bank has another. Items behind a
`show_if` are left out (the item they depend on would be one more question).

A derived bank is an ordinary bank: its content hash is its identity (the same plan on
the same banks gives the same hash) and `pulse_problems` runs the validator over it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from assess.core.banks import Bank, Item, Problem, Reader
from assess.core.banks.build import build_bank
from assess.core.banks.crossbank import check_across
from assess.core.banks.model import Rubric, Validity

#: What issue 18 promises a respondent: a short survey.
MAX_PULSE_ITEMS = 6
VERSION_SUFFIX = "-pulse"


def is_rating(item: Item, competencies: Iterable[str]) -> bool:
    """A scale item about one of `competencies`, asked of everyone who takes its page."""
    return item.is_scale and item.competency in set(competencies) and item.show_if is None


def _reverse_second(items: Sequence[Item]) -> list[Item]:
    """`items` in bank order, with the first reverse-keyed one moved up to second."""
    ordered = list(items)
    reverse = next((i for i, item in enumerate(ordered) if item.reverse_keyed), None)
    if reverse is not None and reverse > 1:
        ordered.insert(1, ordered.pop(reverse))
    return ordered


def _plain_then_reverse(items: Sequence[Item]) -> list[Item]:
    """`items` with a plainly worded one first and a reverse-keyed one second (where
    there are such), the rest in bank order: for ratings, so that a rater asked one or
    two items about a competency is never asked reverse-keyed statements only."""
    ordered = list(items)
    plain = next((i for i, item in enumerate(ordered) if not item.reverse_keyed), None)
    if plain:
        ordered.insert(0, ordered.pop(plain))
    return _reverse_second(ordered)


def _interleave(groups: Sequence[Sequence[Item]]) -> list[Item]:
    """One from each group in turn, skipping items already taken."""
    taken: dict[str, Item] = {}
    for position in range(max((len(group) for group in groups), default=0)):
        for group in groups:
            if position < len(group):
                taken.setdefault(group[position].id, group[position])
    return list(taken.values())


def _round_robin(ranked: Mapping[str, Sequence[Item]], order: Sequence[str]) -> set[str]:
    """Item ids picked one per competency in turn until `MAX_PULSE_ITEMS`."""
    picked: list[str] = []
    for position in range(max((len(items) for items in ranked.values()), default=0)):
        for competency_id in order:
            items = ranked.get(competency_id, ())
            if position < len(items) and len(picked) < MAX_PULSE_ITEMS:
                picked.append(items[position].id)
    return set(picked)


def _self_ranking(
    self_banks: Sequence[Bank], mirroring: Sequence[Bank], competency_id: str
) -> list[Item]:
    """The self items of one competency, best first: alternately one a mirroring bank's
    rating pairs with (each mirroring bank in turn), then the unpaired ones.

    A mirroring bank's ratings are taken plainly worded one first, a reverse-keyed one
    second (`_plain_then_reverse` on the *rating's* key): the self statement a rating pairs
    with is what lets the rating be asked, so ordering by the self statement's own key
    could leave the manager or the buyers with reverse-keyed ratings only."""
    own = [item for bank in self_banks for item in bank.items if is_rating(item, [competency_id])]
    by_id = {item.id: item for item in own}
    groups = []
    for bank in mirroring:
        ratings = [
            item
            for item in bank.items
            if is_rating(item, [competency_id]) and item.pairs_with in by_id
        ]
        paired = list(
            dict.fromkeys(by_id[item.pairs_with] for item in _plain_then_reverse(ratings))
        )
        groups.append(paired)
    groups.append(_reverse_second(own))
    return _interleave(groups)


def _cut(bank: Bank, keep: set[str], competencies: Sequence[str], mirrors: Sequence[str]) -> Bank:
    """`bank` holding only the items in `keep`, its rubric trimmed to match."""
    pages = tuple(
        replace(page, items=tuple(item for item in page.items if item.id in keep))
        for page in bank.pages
    )
    pages = tuple(page for page in pages if page.items)
    asked = sum(len(page.items) for page in pages)
    rubric = bank.rubric
    pairs = tuple(
        pair for pair in rubric.validity.consistency_pairs if {pair.first, pair.second} <= keep
    )
    trimmed = Rubric(
        competencies=tuple(c for c in rubric.competencies if c.id in competencies),
        bands=rubric.bands,
        rater_weights=rubric.rater_weights,
        buyer_weights=rubric.buyer_weights,
        min_raters_per_group=rubric.min_raters_per_group,
        gap_threshold=rubric.gap_threshold,
        norms=tuple(norm for norm in rubric.norms if norm.competency in competencies),
        validity=Validity(consistency_pairs=pairs),
        evidence=rubric.evidence,
        min_reference=rubric.min_reference,
        reliability=rubric.reliability,
    )
    return replace(
        bank,
        version=f"{bank.version}{VERSION_SUFFIX}",
        pages=pages,
        rubric=trimmed,
        mirrors=tuple(mirrors),
        not_asked=tuple(entry for entry in bank.not_asked if entry[0] in competencies),
        expected_minutes=max(1, math.ceil(bank.expected_minutes * asked / len(bank.items))),
    )


def pulse_banks(banks: Sequence[Bank], competency_ids: Sequence[str]) -> list[Bank]:
    """The derived banks a pulse of a plan on `competency_ids` asks, in `banks` order.

    Parameters
    ----------
    banks
        The source round's banks about reps (self-assessments and the banks mirroring
        them); organization-wide banks are ignored.
    competency_ids
        The plan's competencies, in the plan's order (the order breaks ties).

    Returns
    -------
    list of Bank
        One derived bank per source bank that asks about a plan competency (by bank
        id, self-assessments first): the self-assessments holding together at most
        `MAX_PULSE_ITEMS` items, each mirroring bank at most as many and naming only
        derived self banks in `mirrors`.

    Raises
    ------
    ValueError
        No competency, one no self-assessment defines, or a derived bank the validator
        refuses (`pulse_problems`), every problem in words.
    """
    if not competency_ids:
        raise ValueError("A pulse needs at least one competency.")
    # by id: the same plan on the same banks asks the same items, in whatever order
    about_reps = sorted((bank for bank in banks if not bank.is_org_wide), key=lambda b: b.id)
    self_banks = [bank for bank in about_reps if not bank.mirrors]
    mirroring = [bank for bank in about_reps if bank.mirrors]
    owned = {c.id for bank in self_banks for c in bank.rubric.competencies}
    unknown = [c for c in competency_ids if c not in owned]
    if unknown:
        raise ValueError(f"No self-assessment of the round defines {', '.join(unknown)}.")
    self_keep = _round_robin(
        {c: _self_ranking(self_banks, mirroring, c) for c in competency_ids}, competency_ids
    )
    derived = []
    for bank in self_banks:
        chosen = [c.id for c in bank.rubric.competencies if c.id in competency_ids]
        if chosen:
            derived.append(_cut(bank, self_keep, chosen, ()))
    derived_ids = {bank.id for bank in derived}
    for bank in mirroring:
        mirrors = [bank_id for bank_id in bank.mirrors if bank_id in derived_ids]
        chosen = [c for c in competency_ids if c in {i.competency for i in bank.items}]
        ranked = {
            c: _plain_then_reverse(
                [i for i in bank.items if is_rating(i, [c]) and i.pairs_with in self_keep]
            )
            for c in chosen
        }
        keep = _round_robin(ranked, chosen)
        not_asked = [c for c in competency_ids if bank.not_asked_reason(c) is not None]
        if keep and mirrors:
            derived.append(_cut(bank, keep, [*chosen, *not_asked], mirrors))
    problems = pulse_problems(derived)
    if problems:
        raise ValueError("; ".join(str(problem) for problem in problems))
    return derived


def pulse_problems(banks: Sequence[Bank]) -> list[Problem]:
    """What `flask banks check` would say about `banks` checked together (none: valid)."""
    loaded = [
        build_bank(bank.to_dict(), Reader(f"<pulse {bank.id}>")) for bank in banks
    ]  # the same reader a stored copy goes through (bank_from_dict)
    check_across(loaded)
    return [problem for _, source in loaded for problem in source.reader.problems]
