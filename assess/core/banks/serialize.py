"""The parts of a bank -> plain JSON-able data, in the same shape as a bank YAML file.

The output is the *normalized* bank: every default written out, texts always as
``{locale: text}`` mappings, bands in ascending order. ``Bank.to_dict()`` puts these
parts together; because the result has the shape of a bank file, ``bank_from_dict``
rebuilds it through the very same validator, and the content hash is computed from it.
"""

from __future__ import annotations

from typing import Any

from assess.core.banks.model import (
    AllOf,
    AnswerTest,
    AnyOf,
    BandCount,
    Coaching,
    CoachingGuide,
    CompetencyInBand,
    Evidence,
    Item,
    Not,
    Page,
    RedFlagRaised,
    Rubric,
    Scale,
    ScoreTest,
    Text,
)


def text_to_dict(text: Text) -> dict[str, str]:
    return dict(text.translations)


def condition_to_dict(condition: Any) -> dict[str, Any]:
    if isinstance(condition, AnswerTest):
        value = list(condition.value) if condition.op == "in" else condition.value
        return {"item": condition.item, condition.op: value}
    if isinstance(condition, AllOf):
        return {"all": [condition_to_dict(entry) for entry in condition.conditions]}
    if isinstance(condition, AnyOf):
        return {"any": [condition_to_dict(entry) for entry in condition.conditions]}
    if isinstance(condition, Not):
        return {"not": condition_to_dict(condition.condition)}
    if isinstance(condition, RedFlagRaised):
        return {"red_flag": condition.red_flag}
    if isinstance(condition, CompetencyInBand):
        return {
            "competency": condition.competency,
            "band": condition.band,
            "group": condition.group,
        }
    if isinstance(condition, ScoreTest):
        return {"score": condition.score, condition.op: condition.value, "group": condition.group}
    if isinstance(condition, BandCount):
        return {
            "competencies_in_band": condition.band,
            "at_least": condition.at_least,
            "group": condition.group,
        }
    raise TypeError(f"not a bank condition: {condition!r}")


def item_to_dict(item: Item) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": item.id,
        "type": item.type,
        "text": text_to_dict(item.text),
        "required": item.required,
    }
    if item.competency:
        data["competency"] = item.competency
    if item.is_scale:
        data["reverse_keyed"] = item.reverse_keyed
    if item.show_if is not None:
        data["show_if"] = condition_to_dict(item.show_if)
    if item.scale is not None:
        data["scale"] = item.scale.id
    for key in ("low_label", "high_label", "scenario"):
        value = getattr(item, key)
        if value is not None:
            data[key] = text_to_dict(value)
    if item.outcome is not None:
        data["outcome"] = item.outcome
    if item.pairs_with is not None:
        data["pairs_with"] = item.pairs_with
    if item.options:
        data["options"] = [
            {"id": option.id, "text": text_to_dict(option.text), "score": option.score}
            | ({"why": text_to_dict(option.why)} if option.why is not None else {})
            for option in item.options
        ]
    if item.statements:
        data["statements"] = [
            {"id": s.id, "text": text_to_dict(s.text), "competency": s.competency}
            for s in item.statements
        ]
    for key in ("yes_score", "no_score", "max_length"):
        value = getattr(item, key)
        if value is not None:
            data[key] = value
    return data


def page_to_dict(page: Page) -> dict[str, Any]:
    """A page with its items; ``intro`` and ``rater_roles`` only when it has them (so
    older banks keep their hash)."""
    return (
        {
            "id": page.id,
            "title": text_to_dict(page.title),
            "items": [item_to_dict(item) for item in page.items],
        }
        | ({"intro": text_to_dict(page.intro)} if page.intro is not None else {})
        | ({"rater_roles": list(page.rater_roles)} if page.rater_roles else {})
    )


def scale_to_dict(scale: Scale) -> dict[str, Any]:
    """A scale as declared under ``scales:`` (its id is the key it is stored under)."""
    data = {"kind": scale.kind, "anchors": [text_to_dict(anchor) for anchor in scale.anchors]}
    if scale.not_observed is not None:  # absent when unset: older banks keep their hash
        data["not_observed"] = text_to_dict(scale.not_observed)
    return data


def _coaching_to_dict(coaching: Coaching) -> dict[str, Any]:
    return {
        "actions": [text_to_dict(action) for action in coaching.actions],
        "exercise": text_to_dict(coaching.exercise),
        "owner_blunt": text_to_dict(coaching.owner_blunt),
        "owner_diplomatic": text_to_dict(coaching.owner_diplomatic),
    }


def _guide_to_dict(guide: CoachingGuide | None) -> dict[str, Any]:
    """``{"coaching_guide": …}``, or nothing without a guide: older banks keep their hash."""
    if guide is None:
        return {}
    return {
        "coaching_guide": {
            "watch_for": [text_to_dict(text) for text in guide.watch_for],
            "ask": [text_to_dict(text) for text in guide.ask],
        }
    }


def rubric_to_dict(rubric: Rubric, mirroring: bool) -> dict[str, Any]:
    data: dict[str, Any] = {}
    if not mirroring:
        data["competencies"] = [
            {
                "id": c.id,
                "name": text_to_dict(c.name),
                "description": text_to_dict(c.description),
                "weight": c.weight,
                "coaching": {entry.band: _coaching_to_dict(entry) for entry in c.coaching},
            }
            | _guide_to_dict(c.guide)
            for c in rubric.competencies
        ]
        data["bands"] = [
            {"id": b.id, "label": text_to_dict(b.label), "min": b.min, "max": b.max}
            for b in rubric.bands
        ]
        data["rater_weights"] = dict(rubric.rater_weights)
        data["buyer_weights"] = dict(rubric.buyer_weights)
        data["min_raters_per_group"] = rubric.min_raters_per_group
        data["gap_threshold"] = rubric.gap_threshold
        if rubric.min_reference != Rubric.min_reference:  # the default is left out
            data["min_reference"] = rubric.min_reference
        if rubric.reliability != Rubric.reliability:
            data["reliability"] = rubric.reliability
        if rubric.evidence != Evidence():  # the default is left out: older hashes hold
            data["evidence"] = {"manager_review": rubric.evidence.manager_review}
            if rubric.evidence.min_buyers is not None:
                data["evidence"]["min_buyers"] = rubric.evidence.min_buyers
    if rubric.red_flags:
        data["red_flags"] = [
            {
                "id": rule.id,
                "label": text_to_dict(rule.label),
                "raters": list(rule.raters),
                "min_raters": rule.min_raters,
                "when": condition_to_dict(rule.when),
            }
            for rule in rubric.red_flags
        ]
    if rubric.verdicts:
        data["verdicts"] = [
            {"verdict": rule.verdict, "reason": text_to_dict(rule.reason)}
            | ({"when": condition_to_dict(rule.when)} if rule.when is not None else {})
            for rule in rubric.verdicts
        ]
    if rubric.norms:
        data["norms"] = {  # string keys: the app stores this as JSON
            norm.competency: {str(pct): score for pct, score in norm.points}
            for norm in rubric.norms
        }
    validity = rubric.validity
    if validity.consistency_pairs or validity.social_desirability:
        data["validity"] = {
            "consistency_pairs": [
                {"items": [pair.first, pair.second], "max_difference": pair.max_difference}
                for pair in validity.consistency_pairs
            ],
            "social_desirability": list(validity.social_desirability),
        }
    if rubric.compare_groups:
        data["compare_groups"] = {name: list(roles) for name, roles in rubric.compare_groups}
    return data
