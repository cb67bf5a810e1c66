"""Read the rule parts of a rubric: red flags, verdicts, validity checks, compare groups.

Split from ``rubric.py`` so each module stays short; the references these rules make
(to items, competencies, bands and other banks' red flags) are recorded in
``RubricRefs`` for the bank builder and the cross-bank checks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assess.core.banks.conditions import read_answer_condition, read_verdict_condition
from assess.core.banks.loader import Path
from assess.core.banks.model import (
    VERDICTS,
    BandCount,
    CompetencyInBand,
    ConsistencyPair,
    RedFlagRaised,
    RedFlagRule,
    ScoreTest,
    Validity,
    VerdictRule,
)
from assess.core.banks.reader import Reader, read_entries

RED_FLAG_KEYS = ("id", "label", "raters", "when")


@dataclass
class RubricRefs:
    """References from the rubric into the items, and to other banks' red flags."""

    answer_tests: list[tuple[Any, Path]] = field(default_factory=list)
    consistency_pairs: list[tuple[tuple[str, Path], tuple[str, Path]]] = field(default_factory=list)
    social_desirability: list[tuple[str, Path]] = field(default_factory=list)
    external_red_flags: list[tuple[str, Path]] = field(default_factory=list)
    competency_paths: dict[str, Path] = field(default_factory=dict)


def read_red_flags(
    reader: Reader, value: Any, path: Path, rater_roles: tuple[str, ...], refs: RubricRefs
) -> tuple[RedFlagRule, ...] | None:
    """The red-flag rules; their answer tests go to ``refs`` to be checked against items."""
    return read_entries(
        reader,
        value,
        path,
        "red_flags",
        "red flag",
        lambda rule_path, spec: _red_flag(reader, rule_path, spec, rater_roles, refs),
        required=RED_FLAG_KEYS,
        optional=("min_raters",),
    )


def _red_flag(
    reader: Reader, path: Path, spec: dict, rater_roles: tuple[str, ...], refs: RubricRefs
) -> RedFlagRule | None:
    if any(key not in spec for key in RED_FLAG_KEYS):
        return None
    rule_id = reader.ident(spec["id"], (*path, "id"), "red flag")
    label = reader.text(spec["label"], (*path, "label"), "red flag label")
    raters = read_roles(reader, spec["raters"], (*path, "raters"), "red flag raters", rater_roles)
    min_raters = reader.integer(
        spec.get("min_raters", 1), (*path, "min_raters"), "min_raters", 1, 100
    )
    when = read_answer_condition(
        reader, spec["when"], (*path, "when"), "red flag condition", refs.answer_tests
    )
    if rule_id and label and raters and min_raters and when is not None:
        return RedFlagRule(rule_id, label, raters, min_raters, when)
    return None


def read_roles(
    reader: Reader, value: Any, path: Path, what: str, allowed: tuple[str, ...]
) -> tuple[str, ...] | None:
    entries = reader.list(value, path, what, min_len=1)
    if not entries:
        return None
    roles = []
    for index, role in enumerate(entries):
        checked = reader.choice(role, (*path, index), "rater role", allowed)
        if checked is None:
            return None
        roles.append(checked)
    if len(set(roles)) != len(roles):
        reader.report(path, f"{what} name a role twice", "list each role once")
        return None
    return tuple(roles)


def read_verdicts(
    reader: Reader,
    value: Any,
    path: Path,
    band_ids: tuple[str, ...],
    red_flag_ids: set[str],
    refs: RubricRefs,
) -> tuple[VerdictRule, ...] | None:
    entries = reader.list(value, path, "verdicts", min_len=1)
    if entries is None:
        return None
    rules = []
    leaves: list[tuple[Any, Path]] = []
    for index, entry in enumerate(entries):
        rule_path = (*path, index)
        spec = reader.mapping(
            entry, rule_path, "verdict rule", required=("verdict", "reason"), optional=("when",)
        )
        if spec is None or "verdict" not in spec or "reason" not in spec:
            continue
        verdict = reader.choice(spec["verdict"], (*rule_path, "verdict"), "verdict", VERDICTS)
        reason = reader.text(spec["reason"], (*rule_path, "reason"), "verdict reason")
        when = None
        if "when" in spec:
            when = read_verdict_condition(
                reader, spec["when"], (*rule_path, "when"), "verdict condition", leaves
            )
            if when is None:
                continue
        last = index == len(entries) - 1
        if when is None and not last:
            reader.report(
                rule_path,
                "a verdict rule without `when` always applies, so the rules after it never run",
                "add `when:` here or move this rule to the end",
            )
        if when is not None and last:
            reader.report(
                rule_path,
                "the last verdict rule has a `when`, so some reps would get no verdict",
                "remove `when:` from the last rule so it catches everyone else",
            )
        if verdict and reason:
            rules.append(VerdictRule(verdict, reason, when))
    competency_ids = set(refs.competency_paths)
    for leaf, leaf_path in leaves:
        if isinstance(leaf, RedFlagRaised) and leaf.red_flag not in red_flag_ids:
            refs.external_red_flags.append((leaf.red_flag, leaf_path))
        band = getattr(leaf, "band", None)
        if isinstance(leaf, CompetencyInBand | BandCount) and band_ids and band not in band_ids:
            reader.report(
                leaf_path,
                f"verdict condition names unknown band '{band}'",
                "use one of: " + ", ".join(band_ids),
            )
        competency = (
            leaf.competency
            if isinstance(leaf, CompetencyInBand)
            else getattr(leaf, "score", "overall")
        )
        if (
            isinstance(leaf, CompetencyInBand | ScoreTest)
            and competency != "overall"
            and competency not in competency_ids
        ):
            reader.report(
                leaf_path,
                f"verdict condition names unknown competency '{competency}'",
                "use a competency id of this rubric (or `overall` for score)",
            )
    return tuple(rules) if len(rules) == len(entries) else None


def read_validity(reader: Reader, value: Any, path: Path, refs: RubricRefs) -> Validity | None:
    spec = reader.mapping(
        value, path, "validity", optional=("consistency_pairs", "social_desirability")
    )
    if spec is None:
        return None
    pairs = []
    raw_pairs = (
        reader.list(
            spec.get("consistency_pairs", []), (*path, "consistency_pairs"), "consistency_pairs"
        )
        or []
    )
    for pair_path, pair in reader.each_mapping(
        raw_pairs,
        (*path, "consistency_pairs"),
        "consistency pair",
        required=("items",),
        optional=("max_difference",),
    ):
        if "items" not in pair:
            continue
        ids = reader.list(pair["items"], (*pair_path, "items"), "consistency pair items", 2, 2)
        difference = reader.integer(
            pair.get("max_difference", 1), (*pair_path, "max_difference"), "max_difference", 0, 6
        )
        if not ids or len(ids) != 2 or difference is None:
            continue
        first = reader.ident(ids[0], (*pair_path, "items", 0), "item")
        second = reader.ident(ids[1], (*pair_path, "items", 1), "item")
        if first and second and first == second:
            reader.report(
                pair_path,
                "a consistency pair names the same item twice",
                "pair two different items",
            )
        elif first and second:
            refs.consistency_pairs.append(
                ((first, (*pair_path, "items", 0)), (second, (*pair_path, "items", 1)))
            )
            pairs.append(ConsistencyPair(first, second, difference))
    desirability = []
    raw_desirability = (
        reader.list(
            spec.get("social_desirability", []),
            (*path, "social_desirability"),
            "social_desirability",
        )
        or []
    )
    for index, item_id in enumerate(raw_desirability):
        checked = reader.ident(item_id, (*path, "social_desirability", index), "item")
        if checked:
            refs.social_desirability.append((checked, (*path, "social_desirability", index)))
            desirability.append(checked)
    return Validity(tuple(pairs), tuple(desirability))


#: An alignment survey compares two or three groups (sales, marketing, delivery): the
#: report draws one colour per group and names every pair's gap.
MIN_COMPARE_GROUPS, MAX_COMPARE_GROUPS = 2, 3


def read_compare_groups(
    reader: Reader, value: Any, path: Path, rater_roles: tuple[str, ...]
) -> tuple[tuple[str, tuple[str, ...]], ...] | None:
    spec = reader.mapping(
        value, path, "compare_groups", optional=value.keys() if isinstance(value, dict) else ()
    )
    if spec is None:
        return None
    if not MIN_COMPARE_GROUPS <= len(spec) <= MAX_COMPARE_GROUPS:
        reader.report(
            path,
            f"compare_groups names {len(spec)} groups",
            "name two or three groups, e.g. sales, marketing and delivery",
        )
        return None
    groups = []
    seen: set[str] = set()
    for name, roles in spec.items():
        group = reader.ident(name, (*path, name), "group")
        checked = read_roles(reader, roles, (*path, name), f"roles of group '{name}'", rater_roles)
        if group is None or checked is None:
            return None
        if seen & set(checked):
            reader.report(
                (*path, name),
                "a rater role is in two compare groups",
                "put each role in one group only",
            )
            return None
        seen |= set(checked)
        groups.append((group, checked))
    return tuple(groups)
