"""Read a rubric's competencies and the coaching texts each gives for every band.

This is the wording of the rubric, as opposed to its numbers (bands, weights, norms in
``rubric.py``): each competency's name and description, and for each band what to tell
the rep, a 30-day exercise and the owner's notes, whose ``{placeholders}`` are checked
here because the report fills them in. An optional ``coaching_guide`` per competency
gives the manager's copy of the report what to watch for on a ride-along and what to
ask in the one-to-one.
"""

from __future__ import annotations

import string
from typing import Any

from assess.core.banks.loader import Path
from assess.core.banks.model import PLACEHOLDERS, Coaching, CoachingGuide, Competency, Text
from assess.core.banks.reader import Reader, read_entries
from assess.core.banks.rubric_rules import RubricRefs

COMPETENCY_KEYS = ("id", "name", "description", "coaching")
COACHING_KEYS = ("actions", "exercise", "owner_blunt", "owner_diplomatic")
GUIDE_KEYS = ("watch_for", "ask")
#: How many behaviours to watch for, and questions to ask, a coaching guide holds: a
#: manager can keep three in mind on a ride-along, and one one-to-one has room for three.
GUIDE_COUNTS = {"watch_for": (1, 5), "ask": (2, 3)}


def read_competencies(
    reader: Reader, value: Any, path: Path, band_ids: tuple[str, ...], refs: RubricRefs
) -> tuple[Competency, ...] | None:
    """The rubric's competencies, each with coaching for every band of ``band_ids``.

    Each id is recorded in ``refs.competency_paths`` even when the competency has
    problems, so that items naming it are not reported as naming an unknown one.
    """
    competencies = read_entries(
        reader,
        value,
        path,
        "competencies",
        "competency",
        lambda comp_path, spec: _competency(reader, comp_path, spec, band_ids, refs),
        required=COMPETENCY_KEYS,
        optional=("weight", "coaching_guide"),
    )
    if competencies and all(c.weight == 0 for c in competencies):
        reader.report(
            path,
            "every competency has weight 0, so the overall score is undefined",
            "give at least one competency a weight above 0",
        )
        return None
    return competencies


def _competency(
    reader: Reader, path: Path, spec: dict, band_ids: tuple[str, ...], refs: RubricRefs
) -> Competency | None:
    comp_id = reader.ident(spec.get("id"), (*path, "id"), "competency") if "id" in spec else None
    if comp_id:
        refs.competency_paths.setdefault(comp_id, path)
    name = (
        reader.text(spec.get("name"), (*path, "name"), "competency name")
        if "name" in spec
        else None
    )
    description = (
        reader.text(spec.get("description"), (*path, "description"), "competency description")
        if "description" in spec
        else None
    )
    weight = reader.number(spec.get("weight", 1), (*path, "weight"), "competency weight", 0)
    coaching = (
        _coaching(reader, spec.get("coaching"), (*path, "coaching"), comp_id, band_ids)
        if "coaching" in spec
        else None
    )
    guide = None
    if "coaching_guide" in spec:
        guide = _guide(reader, spec["coaching_guide"], (*path, "coaching_guide"), comp_id)
        if guide is None:
            return None
    if comp_id and name and description and weight is not None and coaching is not None:
        return Competency(comp_id, name, description, weight, coaching, guide)
    return None


def _guide(reader: Reader, value: Any, path: Path, comp_id: str | None) -> CoachingGuide | None:
    """A competency's coaching guide for the manager: behaviours to watch for on a
    ride-along and questions for the one-to-one, each list within ``GUIDE_COUNTS``."""
    spec = reader.mapping(value, path, f"coaching_guide of '{comp_id}'", required=GUIDE_KEYS)
    if spec is None or any(key not in spec for key in GUIDE_KEYS):
        return None
    lists = {}
    for key in GUIDE_KEYS:
        low, high = GUIDE_COUNTS[key]
        raw = reader.list(spec[key], (*path, key), key, low, high)
        if raw is None or not low <= len(raw) <= high:
            return None
        texts = [reader.text(entry, (*path, key, i), key) for i, entry in enumerate(raw)]
        for index, text in enumerate(texts):
            _check_placeholders(reader, text, (*path, key, index), key)
        if not all(texts):
            return None
        lists[key] = tuple(texts)
    return CoachingGuide(lists["watch_for"], lists["ask"])


def _coaching(
    reader: Reader, value: Any, path: Path, comp_id: str | None, band_ids: tuple[str, ...]
) -> tuple[Coaching, ...] | None:
    """One competency's coaching: a block for each band, in the order of ``band_ids``."""
    if not band_ids:
        return None  # the bands are broken; that is reported where they are
    spec = reader.mapping(value, path, f"coaching of '{comp_id}'", required=band_ids)
    if spec is None:
        return None
    entries = []
    for band_id in band_ids:
        if band_id not in spec:
            continue
        band_path = (*path, band_id)
        block = reader.mapping(
            spec[band_id],
            band_path,
            f"coaching of '{comp_id}' for '{band_id}'",
            required=COACHING_KEYS,
        )
        if block is None or any(key not in block for key in COACHING_KEYS):
            continue
        raw_actions = reader.list(block["actions"], (*band_path, "actions"), "actions", 1, 6) or []
        actions = [
            reader.text(a, (*band_path, "actions", i), "action") for i, a in enumerate(raw_actions)
        ]
        texts = {key: reader.text(block[key], (*band_path, key), key) for key in COACHING_KEYS[1:]}
        for index, action in enumerate(actions):
            _check_placeholders(reader, action, (*band_path, "actions", index), "action")
        for key, text in texts.items():
            _check_placeholders(reader, text, (*band_path, key), key)
        if raw_actions and all(actions) and all(texts.values()):
            entries.append(
                Coaching(
                    band_id,
                    tuple(actions),
                    texts["exercise"],
                    texts["owner_blunt"],
                    texts["owner_diplomatic"],
                )
            )
    return tuple(entries) if len(entries) == len(band_ids) else None


def _check_placeholders(reader: Reader, text: Text | None, path: Path, what: str) -> None:
    """Only {rep}, {team}, {competency} and {score} may appear; ``{{`` is a brace."""
    if text is None:
        return
    for _, translation in text.translations:
        try:
            names = [
                name for _, name, _, _ in string.Formatter().parse(translation) if name is not None
            ]
        except ValueError:
            reader.report(
                path, f"{what} has an unmatched brace", "write {{ or }} for a literal brace"
            )
            return
        for name in names:
            if name not in PLACEHOLDERS:
                reader.report(
                    path,
                    f"{what} uses unknown placeholder {{{name}}}",
                    "use one of: " + ", ".join(f"{{{p}}}" for p in PLACEHOLDERS),
                )
                return
