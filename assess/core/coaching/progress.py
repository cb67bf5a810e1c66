"""How a coaching plan's competencies moved: the baseline, each pulse, the next round.

Pure: the plan's focuses (their baselines as the round issued them) and the issued rep
snapshots of later measurements in, plain rows and sentences out — what the pulse PDF,
the rep's history page and the next round's report print.

A change is called only like for like. A competency's score is what others saw: the
manager's and the buyers' ratings, weighted (`scoring.competencies.combine`). When a
pulse's buyers are fewer than the minimum, their view is not shown (the anonymity
contract) and the pulse's score is the manager's alone; compared with a baseline that
had buyers in it, the difference would be partly a change of who is asked. So:

* buyers and the manager on both sides: the combined scores are compared with the
  reliable-change test (Jacobson–Truax at 90 %, `scoring.precision.reliable_change`,
  on the standard errors both snapshots issued) — "a reliable improvement", "a reliable
  slip" or "within the noise";
* the manager's view alone on either side (buyers too few to show, or never asked about
  the competency): the manager's scores are shown side by side, named as the manager's
  alone, and no verdict is given. The manager agreed the plan and rates the rep again:
  a change on their word alone is what a plan invites, not evidence that it worked;
* otherwise: the number now, with no comparison.

Regression to the mean: a plan targets a rep's lowest scores, and a low score is partly
low by chance, so a re-measurement tends to come out higher with no change at all. The
reliable-change test keeps that to its 5 % one-sided rate only when the standard errors
are honest; the words printed with every comparison say so (`REGRESSION_NOTE`).

The rep's own rating is shown beside it, never compared for a verdict: a plan the rep
agreed to invites a rosier self-rating, which is what others' ratings are there to check.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from assess.core.i18n import N_
from assess.core.reports.wording import change_between, number, text_of
from assess.core.scoring.precision import interval, reliable_change

#: The verdict on a like-for-like change, as every surface words it (N_: the English
#: words are kept in the rows; a report in another language translates them).
CHANGE_WORDS = {
    "improved": N_("a reliable improvement"),
    "slipped": N_("a reliable slip"),
    "steady": N_("within the noise"),
}
MANAGER_ONLY = N_("the manager's view alone (no buyers' view to compare): no verdict")
#: The table cell's short form of the words above.
SHORT_WORDS = {MANAGER_ONLY: N_("manager alone: no verdict")}
REGRESSION_NOTE = N_(
    "A plan targets the lowest scores, and a low score is partly low by chance, so the next "
    "measurement tends to come out higher even with no change: only a change beyond both "
    "margins of error, with buyers' views on both sides, is called reliable."
)
NOT_SCORED = N_("not enough answers to score")
NO_MARGIN = N_("no verdict (the baseline has no margin of error)")
NOT_COMPARED = N_("seen by other people than at the baseline: not compared")
GROUP_NOUNS = {"manager": "the manager", "buyers": "buyers"}


@dataclass(frozen=True)
class Focus:
    """One competency of a plan with the baseline the rep was shown."""

    competency_id: str
    name: str
    baseline_score: float
    baseline_se: float | None
    actions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Measurement:
    """A later issued rep snapshot: a pulse's or the next assessment round's."""

    label: str  # "30-day pulse", "Q1 2027 round"
    closed_on: str  # "23 November 2026"
    payload: Mapping[str, Any] | None  # RepResult.to_dict(); None: not scored (yet)


def competency_entry(payload: Mapping[str, Any] | None, competency_id: str) -> Mapping[str, Any]:
    for entry in (payload or {}).get("competencies", []):
        if entry.get("id") == competency_id:
            return entry
    return {}


def _scored(group: Mapping[str, Any] | None) -> Mapping[str, Any] | None:
    """A group's score entry when it holds a score, else None."""
    if group and group.get("score") is not None and group.get("status", "ok") == "ok":
        return group
    return None


def seen_by(combined: Mapping[str, Any]) -> str:
    """ "the manager and buyers": whose ratings a combined score rests on."""
    nouns = [GROUP_NOUNS.get(group, group) for group in combined.get("groups_used", [])]
    return " and ".join(nouns)


def compare(focus: Focus, baseline: Mapping[str, Any], now: Mapping[str, Any]) -> dict[str, Any]:
    """One competency, baseline against one later measurement (the rules above).

    `baseline` and `now` are the competency's entries in the two snapshots.

    Examples
    --------
    >>> focus = Focus("listening", "Listening", 48.0, 4.0)
    >>> base = {"combined": {"score": 48.0, "se": 4.0, "groups_used": ["manager", "buyers"]}}
    >>> now = {"combined": {"score": 61.0, "se": 4.5, "status": "ok",
    ...                     "groups_used": ["manager", "buyers"]}}
    >>> row = compare(focus, base, now)
    >>> row["line"]
    'Listening: 48 → 61, a reliable improvement'
    """
    before_groups = list((baseline.get("combined") or {}).get("groups_used", []))
    combined = _scored(now.get("combined"))
    row: dict[str, Any] = {
        "id": focus.competency_id,
        "name": focus.name,
        "before": focus.baseline_score,
        "now": None,
        "interval": None,
        "change": None,
        "moved": None,
        "basis": "",
        "words": NOT_SCORED,
        "self_before": (_scored((baseline.get("groups") or {}).get("self")) or {}).get("score"),
        "self_now": (_scored((now.get("groups") or {}).get("self")) or {}).get("score"),
    }
    if combined is None:
        row["short"] = NOT_SCORED
        row["line"] = f"{focus.name}: {number(focus.baseline_score)} → {NOT_SCORED}"
        return row
    groups = list(combined.get("groups_used", []))
    if groups == before_groups and "buyers" in groups:
        moved = reliable_change(
            focus.baseline_score, focus.baseline_se, combined["score"], combined.get("se")
        )
        row.update(
            now=combined["score"],
            interval=_interval(combined),
            change=change_between(focus.baseline_score, combined["score"]),
            moved=moved,
            basis=seen_by(combined),
            words=CHANGE_WORDS.get(moved, NO_MARGIN),
        )
    else:
        manager_before = _scored((baseline.get("groups") or {}).get("manager"))
        manager_now = _scored((now.get("groups") or {}).get("manager"))
        if manager_before is not None and manager_now is not None:
            row.update(
                before=manager_before["score"],
                now=manager_now["score"],
                interval=_interval(manager_now),
                change=change_between(manager_before["score"], manager_now["score"]),
                basis="the manager",
                words=MANAGER_ONLY,
            )

        else:
            row.update(
                now=combined["score"],
                interval=_interval(combined),
                basis=seen_by(combined),
                words=NOT_COMPARED,
            )
    row["short"] = SHORT_WORDS.get(row["words"], row["words"])
    row["line"] = f"{focus.name}: {number(row['before'])} → {number(row['now'])}, {row['words']}"
    return row


def _interval(group: Mapping[str, Any]) -> tuple[float, float] | None:
    if group.get("se") is None:
        return None
    return interval(group["score"], group["se"])


def plan_progress(
    focuses: Sequence[Focus],
    baseline_payload: Mapping[str, Any],
    measurements: Sequence[Measurement],
) -> list[dict[str, Any]]:
    """Per focus: its baseline and one `compare` row per measurement, in order."""
    rows = []
    for focus in focuses:
        baseline = competency_entry(baseline_payload, focus.competency_id)
        rows.append(
            {
                "id": focus.competency_id,
                "name": focus.name,
                "baseline": focus.baseline_score,
                "baseline_interval": None
                if focus.baseline_se is None
                else interval(focus.baseline_score, focus.baseline_se),
                "actions": list(focus.actions),
                "points": [
                    {
                        "label": measurement.label,
                        "closed_on": measurement.closed_on,
                        **compare(
                            focus,
                            baseline,
                            competency_entry(measurement.payload, focus.competency_id),
                        ),
                    }
                    for measurement in measurements
                ],
            }
        )
    return rows


def focus_from(raw: Mapping[str, Any], payload: Mapping[str, Any] | None, locale: str = "en"):
    """A `Focus` from a stored focus (plain values) named as the baseline snapshot
    names its competency."""
    entry = competency_entry(payload, raw["competency_id"])
    return Focus(
        competency_id=raw["competency_id"],
        name=text_of(entry.get("name"), locale) or raw["competency_id"],
        baseline_score=raw["baseline_score"],
        baseline_se=raw.get("baseline_se"),
        actions=tuple(raw.get("actions") or ()),
    )
