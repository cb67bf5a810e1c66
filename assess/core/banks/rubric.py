"""Read the rubric: competencies, bands, weights, red flags, verdicts, norms, validity.

Checks that need only the rubric itself happen here (bands tile 0–100, coaching for
every band, weights not negative or all zero); the rule parts (red flags, verdicts,
validity, compare groups) are read by ``rubric_rules.py``. Checks against the bank's
items are left to the bank builder via ``RubricRefs``.
"""

from __future__ import annotations

import string
from typing import Any

from assess.core.banks.loader import Path
from assess.core.banks.model import (
    BUYER_ROLES,
    PLACEHOLDERS,
    RATER_GROUPS,
    Band,
    Coaching,
    Competency,
    Norm,
    Rubric,
    Text,
)
from assess.core.banks.reader import Reader, check_unique
from assess.core.banks.rubric_rules import (
    RubricRefs,
    read_compare_groups,
    read_red_flags,
    read_validity,
    read_verdicts,
)

OWNING_REQUIRED = ("competencies", "bands")
OWNING_OPTIONAL = (
    "rater_weights",
    "buyer_weights",
    "min_raters_per_group",
    "gap_threshold",
    "red_flags",
    "verdicts",
    "norms",
    "validity",
    "compare_groups",
)
MIRROR_KEYS = ("red_flags", "validity")
COACHING_KEYS = ("actions", "exercise", "owner_blunt", "owner_diplomatic")
DEFAULT_RATER_WEIGHTS = (("buyers", 1), ("manager", 1), ("self", 1))
DEFAULT_BUYER_WEIGHTS = (("customer", 1), ("prospect", 1), ("referral", 1))


def read_rubric(
    reader: Reader,
    value: Any,
    path: Path,
    mirroring: bool,
    rater_roles: tuple[str, ...],
    refs: RubricRefs,
) -> Rubric | None:
    if mirroring:
        if value is None:
            return Rubric()
        spec = _mirror_mapping(reader, value, path)
    else:
        spec = reader.mapping(
            value, path, "rubric", required=OWNING_REQUIRED, optional=OWNING_OPTIONAL
        )
    if spec is None:
        return None
    fields: dict[str, Any] = {}
    bands: tuple[Band, ...] = ()
    if "bands" in spec:
        bands, bands_ok = _bands(reader, spec["bands"], (*path, "bands"))
        fields["bands"] = bands if bands_ok else None
    band_ids = tuple(band.id for band in bands)
    if "competencies" in spec:
        fields["competencies"] = _competencies(
            reader, spec["competencies"], (*path, "competencies"), band_ids, refs
        )
    if "rater_weights" in spec or not mirroring:
        raw = spec.get("rater_weights", dict(DEFAULT_RATER_WEIGHTS))
        fields["rater_weights"] = _weights(
            reader, raw, (*path, "rater_weights"), "rater_weights", RATER_GROUPS
        )
    if "buyer_weights" in spec or not mirroring:
        raw = spec.get("buyer_weights", dict(DEFAULT_BUYER_WEIGHTS))
        fields["buyer_weights"] = _weights(
            reader, raw, (*path, "buyer_weights"), "buyer_weights", BUYER_ROLES
        )
    if "min_raters_per_group" in spec:
        fields["min_raters_per_group"] = reader.integer(
            spec["min_raters_per_group"],
            (*path, "min_raters_per_group"),
            "min_raters_per_group",
            1,
            50,
        )
    if "gap_threshold" in spec:
        fields["gap_threshold"] = reader.number(
            spec["gap_threshold"], (*path, "gap_threshold"), "gap_threshold", 1, 100
        )
    if "red_flags" in spec:
        fields["red_flags"] = read_red_flags(
            reader, spec["red_flags"], (*path, "red_flags"), rater_roles, refs
        )
    if "norms" in spec:
        fields["norms"] = _norms(reader, spec["norms"], (*path, "norms"), refs)
    if "validity" in spec:
        fields["validity"] = read_validity(reader, spec["validity"], (*path, "validity"), refs)
    if "compare_groups" in spec:
        fields["compare_groups"] = read_compare_groups(
            reader, spec["compare_groups"], (*path, "compare_groups"), rater_roles
        )
    if "verdicts" in spec:
        red_flag_ids = {rule.id for rule in fields.get("red_flags") or ()}
        fields["verdicts"] = read_verdicts(
            reader, spec["verdicts"], (*path, "verdicts"), band_ids, red_flag_ids, refs
        )
    if any(part is None for part in fields.values()):
        return None
    return Rubric(**fields)


def _mirror_mapping(reader: Reader, value: Any, path: Path) -> dict | None:
    if not isinstance(value, dict):
        return reader.mapping(value, path, "rubric")
    for key in value:
        if key in OWNING_REQUIRED or key in OWNING_OPTIONAL and key not in MIRROR_KEYS:
            reader.report(
                (*path, key),
                f"a mirroring bank takes its {key} from the banks it mirrors",
                f"remove '{key}' here",
            )
        elif key not in MIRROR_KEYS:
            reader.unknown_key(key, (*path, key), "rubric", MIRROR_KEYS)
    return {key: spec for key, spec in value.items() if key in MIRROR_KEYS}


def _bands(reader: Reader, value: Any, path: Path) -> tuple[tuple[Band, ...], bool]:
    """``(bands read, ok)``: the bands are returned even when they do not tile 0–100,
    so that coaching and verdicts can still be checked against their ids."""
    entries = reader.list(value, path, "bands", min_len=2)
    if entries is None:
        return (), False
    bands: list[tuple[Band, Path]] = []
    for index, entry in enumerate(entries):
        band_path = (*path, index)
        spec = reader.mapping(entry, band_path, "band", required=("id", "label", "min", "max"))
        if spec is None or any(key not in spec for key in ("id", "label", "min", "max")):
            continue
        band_id = reader.ident(spec["id"], (*band_path, "id"), "band")
        label = reader.text(spec["label"], (*band_path, "label"), "band label")
        low = reader.number(spec["min"], (*band_path, "min"), "band min", 0, 100)
        high = reader.number(spec["max"], (*band_path, "max"), "band max", 0, 100)
        if low is not None and high is not None and low >= high:
            reader.report(
                band_path,
                f"band '{band_id}' has min {low} ≥ max {high}",
                "make min smaller than max",
            )
            continue
        if band_id and label and low is not None and high is not None:
            bands.append((Band(band_id, label, low, high), band_path))
    check_unique(
        reader,
        (
            (e.get("id") if isinstance(e, dict) else None, (*path, i, "id"))
            for i, e in enumerate(entries)
        ),
        "band",
    )
    if len(bands) != len(entries):
        return (), False
    ordered = sorted(bands, key=lambda pair: pair[0].min)
    ok = True
    if ordered and ordered[0][0].min != 0:
        reader.report(
            ordered[0][1],
            f"bands leave a gap: nothing covers 0–{ordered[0][0].min}",
            "start the lowest band at min: 0",
        )
        ok = False
    for (before, _), (after, after_path) in zip(ordered, ordered[1:], strict=False):
        if after.min < before.max:
            reader.report(
                after_path,
                f"band '{after.id}' ({after.min}–{after.max}) overlaps "
                f"'{before.id}' ({before.min}–{before.max})",
                f"start '{after.id}' at min: {before.max} (a band holds min ≤ score < max)",
            )
            ok = False
        elif after.min > before.max:
            reader.report(
                after_path,
                f"bands leave a gap between {before.max} and {after.min}",
                f"start '{after.id}' at min: {before.max} (a band holds min ≤ score < max)",
            )
            ok = False
    if ordered and ordered[-1][0].max != 100:
        reader.report(
            ordered[-1][1],
            f"bands leave a gap: nothing covers {ordered[-1][0].max}–100",
            "end the highest band at max: 100",
        )
        ok = False
    return tuple(band for band, _ in ordered), ok and len(ordered) >= 2


def _competencies(
    reader: Reader, value: Any, path: Path, band_ids: tuple[str, ...], refs: RubricRefs
) -> tuple[Competency, ...] | None:
    entries = reader.list(value, path, "competencies", min_len=1)
    if entries is None:
        return None
    competencies = []
    for index, entry in enumerate(entries):
        comp_path = (*path, index)
        spec = reader.mapping(
            entry,
            comp_path,
            "competency",
            required=("id", "name", "description", "coaching"),
            optional=("weight",),
        )
        if spec is None:
            continue
        comp_id = (
            reader.ident(spec.get("id"), (*comp_path, "id"), "competency") if "id" in spec else None
        )
        if comp_id:
            refs.competency_paths.setdefault(comp_id, comp_path)
        name = (
            reader.text(spec.get("name"), (*comp_path, "name"), "competency name")
            if "name" in spec
            else None
        )
        description = (
            reader.text(
                spec.get("description"), (*comp_path, "description"), "competency description"
            )
            if "description" in spec
            else None
        )
        weight = reader.number(
            spec.get("weight", 1), (*comp_path, "weight"), "competency weight", 0
        )
        coaching = (
            _coaching(reader, spec.get("coaching"), (*comp_path, "coaching"), comp_id, band_ids)
            if "coaching" in spec
            else None
        )
        if comp_id and name and description and weight is not None and coaching is not None:
            competencies.append(Competency(comp_id, name, description, weight, coaching))
    check_unique(
        reader,
        (
            (e.get("id") if isinstance(e, dict) else None, (*path, i, "id"))
            for i, e in enumerate(entries)
        ),
        "competency",
    )
    if (
        competencies
        and len(competencies) == len(entries)
        and all(c.weight == 0 for c in competencies)
    ):
        reader.report(
            path,
            "every competency has weight 0, so the overall score is undefined",
            "give at least one competency a weight above 0",
        )
        return None
    return tuple(competencies) if len(competencies) == len(entries) else None


def _coaching(
    reader: Reader, value: Any, path: Path, comp_id: str | None, band_ids: tuple[str, ...]
) -> tuple[Coaching, ...] | None:
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


def _weights(
    reader: Reader, value: Any, path: Path, what: str, groups: tuple[str, ...]
) -> tuple[tuple[str, int | float], ...] | None:
    spec = reader.mapping(value, path, what, optional=groups)
    if spec is None:
        return None
    weights = []
    for key, weight in spec.items():
        if key not in groups:
            continue
        checked = reader.number(weight, (*path, key), f"weight of {key}", 0)
        if checked is None:
            return None
        weights.append((key, checked))
    if not any(weight > 0 for _, weight in weights):
        reader.report(
            path,
            f"{what} are all zero (or empty), so nothing would count",
            "give at least one group a weight above 0",
        )
        return None
    return tuple(sorted(weights))


def _norms(reader: Reader, value: Any, path: Path, refs: RubricRefs) -> tuple[Norm, ...] | None:
    spec = reader.mapping(
        value, path, "norms", optional=value.keys() if isinstance(value, dict) else ()
    )
    if spec is None:
        return None
    norms = []
    for comp_id, table in spec.items():
        norm_path = (*path, comp_id)
        if comp_id not in refs.competency_paths:
            reader.report(
                norm_path,
                f"norms for unknown competency '{comp_id}'",
                "use a competency id of this rubric",
            )
            continue
        table = reader.mapping(
            table,
            norm_path,
            f"norms of '{comp_id}'",
            optional=table.keys() if isinstance(table, dict) else (),
        )
        if not table:
            continue
        points = []
        for percentile, score in table.items():
            # JSON turns the int keys of a stored bank into strings; accept both
            number = (
                int(percentile)
                if isinstance(percentile, str) and percentile.isdigit()
                else percentile
            )
            pct = reader.integer(number, (*norm_path, percentile), "percentile", 1, 99)
            checked = reader.number(
                score, (*norm_path, percentile), f"score at percentile {percentile}", 0, 100
            )
            if pct is not None and checked is not None:
                points.append((pct, checked))
        points.sort()
        if len(points) < 2:
            reader.report(
                norm_path,
                f"norms of '{comp_id}' need at least two percentiles",
                "add e.g. 25, 50 and 75",
            )
        elif any(b[1] < a[1] for a, b in zip(points, points[1:], strict=False)):
            reader.report(
                norm_path,
                f"norm scores of '{comp_id}' go down as the percentile goes up",
                "make scores non-decreasing",
            )
        else:
            norms.append(Norm(comp_id, tuple(points)))
    return tuple(norms) if len(norms) == len(spec) else None
