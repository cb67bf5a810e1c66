"""Read the rubric: its top level, and the numbers it scores with (bands, weights, norms).

Checks that need only the rubric itself happen here (bands tile 0–100, weights not
negative or all zero, norms rising); competencies and their coaching for every band are
read by ``competencies.py``, the rule parts (red flags, verdicts, validity, compare
groups) by ``rubric_rules.py``. Checks against the bank's items are left to the bank
builder via ``RubricRefs``.
"""

from __future__ import annotations

from typing import Any

from assess.core.banks.competencies import read_competencies
from assess.core.banks.loader import Path
from assess.core.banks.model import BUYER_ROLES, RATER_GROUPS, Band, Evidence, Norm, Rubric
from assess.core.banks.reader import Reader, check_unique_ids
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
    "evidence",
    "min_reference",
    "reliability",
)
MIRROR_KEYS = ("red_flags", "validity")
BAND_KEYS = ("id", "label", "min", "max")
DEFAULT_RATER_WEIGHTS = (("buyers", 1), ("manager", 1), ("self", 1))
DEFAULT_BUYER_WEIGHTS = tuple((role, 1) for role in sorted(BUYER_ROLES))


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
        fields["competencies"] = read_competencies(
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
    if "min_reference" in spec:
        fields["min_reference"] = reader.integer(
            spec["min_reference"], (*path, "min_reference"), "min_reference", 5, 10_000
        )
    if "reliability" in spec:
        fields["reliability"] = reader.number(
            spec["reliability"], (*path, "reliability"), "reliability", 0, 0.99
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
    if "evidence" in spec:
        fields["evidence"] = _evidence(
            reader, spec["evidence"], (*path, "evidence"), fields.get("min_raters_per_group", 3)
        )
    if "verdicts" in spec:
        red_flag_ids = {rule.id for rule in fields.get("red_flags") or ()}
        fields["verdicts"] = read_verdicts(
            reader, spec["verdicts"], (*path, "verdicts"), band_ids, red_flag_ids, refs
        )
    if any(part is None for part in fields.values()):
        return None
    return Rubric(**fields)


def _evidence(reader: Reader, value: Any, path: Path, minimum: int | None) -> Evidence | None:
    spec = reader.mapping(value, path, "evidence", optional=("manager_review", "min_buyers"))
    if spec is None:
        return None
    manager = True
    if "manager_review" in spec:
        manager = reader.boolean(
            spec["manager_review"], (*path, "manager_review"), "manager_review"
        )
    buyers = None
    if "min_buyers" in spec:
        where = (*path, "min_buyers")
        buyers = reader.integer(spec["min_buyers"], where, "min_buyers", 0, 50)
        if buyers is not None and minimum is not None and 0 < buyers < minimum:
            reader.report(
                where,
                f"min_buyers {buyers} is below min_raters_per_group {minimum}: a verdict "
                "would rest on buyers whose answers may not be shown",
                f"use 0 (no buyers needed) or at least {minimum}",
            )
            return None
    if manager is None or ("min_buyers" in spec and buyers is None):
        return None
    return Evidence(manager_review=manager, min_buyers=buyers)


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
    for band_path, spec in reader.each_mapping(entries, path, "band", required=BAND_KEYS):
        if any(key not in spec for key in BAND_KEYS):
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
    check_unique_ids(reader, entries, path, "band")
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
