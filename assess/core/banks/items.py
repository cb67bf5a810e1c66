"""Read scales, pages and items (the part of a bank a respondent sees).

Each item's own keys are checked here; its answer choices (options, forced-choice
statements) are read by ``choices.py``. References that can only be checked once the
whole bank is read — competencies named by items, and ``show_if`` tests on earlier
items — are collected in ``ItemRefs`` for the bank builder.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assess.core.banks.choices import read_options, read_statements
from assess.core.banks.conditions import read_answer_condition
from assess.core.banks.loader import Path
from assess.core.banks.model import (
    ITEM_TYPES,
    OUTCOMES,
    ROLES,
    SCALE_KINDS,
    SCALE_TYPES,
    AnswerTest,
    Item,
    Page,
    Scale,
)
from assess.core.banks.reader import Reader, check_unique_ids
from assess.core.banks.rubric_rules import read_roles

#: Keys every item may have; ``reverse_keyed`` is checked per type with its own message.
COMMON_REQUIRED = ("id", "type", "text")
COMMON_OPTIONAL = ("required", "competency", "show_if", "reverse_keyed")
#: type -> (required keys, optional keys) beyond the common ones
TYPE_KEYS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "likert": (("scale",), ("pairs_with",)),
    "likelihood": ((), ("low_label", "high_label", "outcome")),
    "situational": (("scenario", "options"), ()),
    "choice": (("options",), ()),
    "forced_choice": (("statements",), ()),
    "yes_no": ((), ("yes_score", "no_score")),
    "text": ((), ("max_length",)),
}
DEFAULT_TEXT_MAX_LENGTH = 2000
TEXT_MAX_LENGTH_LIMIT = 10_000
LIKERT_POINTS = (5, 7)


@dataclass
class ItemRefs:
    """References out of items, checked after the whole bank is read."""

    competencies: list[tuple[str, Path]] = field(default_factory=list)
    show_if: list[tuple[str, AnswerTest, Path]] = field(default_factory=list)
    item_paths: dict[str, Path] = field(default_factory=dict)  # first use of each id
    ids: list[tuple[str, Path]] = field(default_factory=list)  # every use, for duplicates
    #: (item id, the self statement it names or None, competency, path) per scored rating:
    #: a mirroring bank's ratings must each name the self statement they mirror
    ratings: list[tuple[str, str | None, str | None, Path]] = field(default_factory=list)


def read_scales(reader: Reader, value: Any, path: Path) -> dict[str, Scale]:
    """``scales: {agree5: {kind: agreement, anchors: [...]}, ...}``"""
    if value is None:
        return {}
    scales_map = reader.mapping(
        value, path, "scales", optional=value.keys() if isinstance(value, dict) else ()
    )
    scales: dict[str, Scale] = {}
    for scale_id, spec in (scales_map or {}).items():
        scale_path = (*path, scale_id)
        checked_id = reader.ident(scale_id, scale_path, "scale")
        spec = reader.mapping(
            spec,
            scale_path,
            f"scale '{scale_id}'",
            required=("kind", "anchors"),
            optional=("not_observed",),
        )
        if spec is None or checked_id is None:
            continue
        kind = (
            reader.choice(spec.get("kind"), (*scale_path, "kind"), "scale kind", SCALE_KINDS)
            if "kind" in spec
            else None
        )
        anchors_raw = (
            reader.list(
                spec.get("anchors"), (*scale_path, "anchors"), f"scale '{scale_id}' anchors"
            )
            if "anchors" in spec
            else None
        )
        if anchors_raw is None or kind is None:
            continue
        if len(anchors_raw) not in LIKERT_POINTS:
            reader.report(
                (*scale_path, "anchors"),
                f"scale '{scale_id}' has {len(anchors_raw)} anchors",
                "give a 5- or 7-point scale one label per point",
            )
            continue
        anchors = [
            reader.text(a, (*scale_path, "anchors", i), f"anchor {i + 1} of '{scale_id}'")
            for i, a in enumerate(anchors_raw)
        ]
        not_observed = None
        if "not_observed" in spec:
            where = (*scale_path, "not_observed")
            not_observed = reader.text(spec["not_observed"], where, f"'{scale_id}' not_observed")
            if not_observed is None:
                continue
        if all(anchor is not None for anchor in anchors):
            scales[checked_id] = Scale(checked_id, kind, tuple(anchors), not_observed)
    return scales


def read_pages(
    reader: Reader, value: Any, path: Path, scales: dict[str, Scale], refs: ItemRefs
) -> list[Page]:
    entries = reader.list(value, path, "pages", min_len=1) or []
    pages: list[Page] = []
    for index, entry in enumerate(entries):
        page_path = (*path, index)
        spec = reader.mapping(
            entry,
            page_path,
            f"page {index + 1}",
            required=("id", "title", "items"),
            optional=("intro", "rater_roles"),
        )
        if spec is None:
            continue
        page_id = reader.ident(spec.get("id"), (*page_path, "id"), "page") if "id" in spec else None
        title = (
            reader.text(spec.get("title"), (*page_path, "title"), "page title")
            if "title" in spec
            else None
        )
        intro = (
            reader.text(spec["intro"], (*page_path, "intro"), "page intro")
            if "intro" in spec
            else None
        )
        raw_items = (
            reader.list(
                spec.get("items"), (*page_path, "items"), f"page '{page_id}' items", min_len=1
            )
            if "items" in spec
            else None
        )
        roles: tuple[str, ...] | None = ()
        if "rater_roles" in spec:  # checked against the bank's roles in page_roles.py
            where = (*page_path, "rater_roles")
            roles = read_roles(reader, spec["rater_roles"], where, "page rater_roles", ROLES)
        items = []
        for item_index, raw_item in enumerate(raw_items or []):
            item = read_item(
                reader, raw_item, (*page_path, "items", item_index), page_id or "", scales, refs
            )
            if item is not None:
                items.append(item)
        if page_id and title and roles is not None:
            pages.append(Page(page_id, title, intro, tuple(items), roles))
    check_unique_ids(reader, entries, path, "page")
    return pages


def read_item(
    reader: Reader, value: Any, path: Path, page_id: str, scales: dict[str, Scale], refs: ItemRefs
) -> Item | None:
    """Read one item of any type; ``None`` when it has problems (already reported)."""
    if not isinstance(value, dict):
        reader.mapping(value, path, "item")
        return None
    item_type = (
        reader.choice(value.get("type"), (*path, "type"), "item type", ITEM_TYPES)
        if "type" in value
        else None
    )
    if item_type is None:
        all_keys = {
            key for required, optional in TYPE_KEYS.values() for key in (*required, *optional)
        }
        reader.mapping(
            value, path, "item", required=COMMON_REQUIRED, optional=(*COMMON_OPTIONAL, *all_keys)
        )
        return None
    extra_required, extra_optional = TYPE_KEYS[item_type]
    label = f"{item_type} item '{value.get('id')}'"
    reader.mapping(
        value,
        path,
        label,
        required=(*COMMON_REQUIRED, *extra_required),
        optional=(*COMMON_OPTIONAL, *extra_optional),
    )
    item_id = reader.ident(value.get("id"), (*path, "id"), "item") if "id" in value else None
    if item_id is not None:
        refs.item_paths.setdefault(item_id, path)
        refs.ids.append((item_id, (*path, "id")))
    fields: dict[str, Any] = {}
    fields["text"] = (
        reader.text(value.get("text"), (*path, "text"), f"text of '{item_id}'")
        if "text" in value
        else None
    )
    required = value.get("required", item_type != "text")
    fields["required"] = reader.boolean(required, (*path, "required"), "required")
    fields["reverse_keyed"] = _reverse_keyed(reader, value, path, item_type)
    fields["competency"] = _competency(reader, value, path, item_type, refs)
    if "show_if" in value:
        tests: list[tuple[Any, Path]] = []
        fields["show_if"] = read_answer_condition(
            reader, value["show_if"], (*path, "show_if"), "show_if", tests
        )
        refs.show_if.extend((item_id or "", test, test_path) for test, test_path in tests)
    fields.update(_type_fields(reader, value, path, item_type, scales, refs))
    if item_id is None or any(
        fields[name] is None for name in ("text", "required", "reverse_keyed")
    ):
        return None
    if "show_if" in value and fields["show_if"] is None:
        return None
    if fields.pop("_invalid", False):
        return None
    if item_type == "likert" and fields["competency"]:
        refs.ratings.append((item_id, fields.get("pairs_with"), fields["competency"], path))
    return Item(id=item_id, type=item_type, page=page_id, **fields)


def _reverse_keyed(reader: Reader, value: dict, path: Path, item_type: str) -> bool | None:
    if "reverse_keyed" not in value:
        return False
    if item_type not in SCALE_TYPES:
        reader.report(
            (*path, "reverse_keyed"),
            f"reverse_keyed on a {item_type} item"
            " (only likert and likelihood items have a scale to reverse)",
            "remove it; give low-scoring options a low score instead"
            if item_type in ("situational", "choice")
            else "remove it",
        )
        return None
    return reader.boolean(value["reverse_keyed"], (*path, "reverse_keyed"), "reverse_keyed")


def _competency(
    reader: Reader, value: dict, path: Path, item_type: str, refs: ItemRefs
) -> str | None:
    if "competency" not in value:
        return None
    competency_path = (*path, "competency")
    if item_type == "forced_choice":
        reader.report(
            competency_path,
            "a forced-choice block is scored through its statements",
            "remove competency here and key each statement to a competency",
        )
        return None
    if item_type == "text":
        reader.report(competency_path, "free-text answers are not scored", "remove competency")
        return None
    competency = reader.ident(value["competency"], competency_path, "competency")
    if competency:
        refs.competencies.append((competency, competency_path))
    return competency


def _type_fields(
    reader: Reader,
    value: dict,
    path: Path,
    item_type: str,
    scales: dict[str, Scale],
    refs: ItemRefs,
) -> dict[str, Any]:
    """The fields specific to ``item_type``; ``_invalid`` is set when any is wrong."""
    fields: dict[str, Any] = {}
    invalid = False
    if item_type == "likert":
        scale_id = value.get("scale")
        if isinstance(scale_id, str) and scale_id in scales:
            fields["scale"] = scales[scale_id]
        else:
            known = ", ".join(sorted(scales)) or "none declared"
            reader.report(
                (*path, "scale"),
                f"unknown scale '{scale_id}'",
                f"declare it under `scales:` or use one of: {known}",
            )
            invalid = True
        if "pairs_with" in value:  # checked against the mirrored banks in crossbank.py
            fields["pairs_with"] = reader.ident(
                value["pairs_with"], (*path, "pairs_with"), "pairs_with"
            )
            invalid = invalid or fields["pairs_with"] is None
    elif item_type == "likelihood":
        for key in ("low_label", "high_label"):
            if key in value:
                fields[key] = reader.text(value[key], (*path, key), key)
                invalid = invalid or fields[key] is None
        if "outcome" in value:
            fields["outcome"] = reader.choice(
                value["outcome"], (*path, "outcome"), "outcome", OUTCOMES
            )
            invalid = invalid or fields["outcome"] is None
    elif item_type in ("situational", "choice"):
        if item_type == "situational":
            fields["scenario"] = (
                reader.text(value.get("scenario"), (*path, "scenario"), "scenario")
                if "scenario" in value
                else None
            )
            invalid = fields["scenario"] is None
        options = (
            read_options(reader, value.get("options"), (*path, "options"), item_type)
            if "options" in value
            else None
        )
        fields["options"] = options
        invalid = invalid or options is None
    elif item_type == "forced_choice":
        statements = (
            read_statements(
                reader, value.get("statements"), (*path, "statements"), refs.competencies
            )
            if "statements" in value
            else None
        )
        fields["statements"] = statements
        invalid = statements is None
    elif item_type == "yes_no":
        for key in ("yes_score", "no_score"):
            if key in value:
                fields[key] = reader.number(value[key], (*path, key), key, 0, 100)
                invalid = invalid or fields[key] is None
        if "competency" in value and ("yes_score" not in value or "no_score" not in value):
            reader.report(
                path,
                "a scored yes/no item needs yes_score and no_score",
                "add e.g. `yes_score: 100` and `no_score: 0`",
            )
            invalid = True
    elif item_type == "text":
        length = value.get("max_length", DEFAULT_TEXT_MAX_LENGTH)
        fields["max_length"] = reader.integer(
            length, (*path, "max_length"), "max_length", 1, TEXT_MAX_LENGTH_LIMIT
        )
        invalid = fields["max_length"] is None
    fields["_invalid"] = invalid
    return fields
