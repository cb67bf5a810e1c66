"""The rep coaching report's sections about scores, each built from the rep's snapshot.

One function per part of the report (verdict card, focus, perception gaps,
competencies, overall scores, trend); what the raters did is in ``rep_raters``, and
``rep_report.rep_view`` puts them together. Each returns plain values the template
reads, worded in the report's tone and spoken to the rep (``rep_voice``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from assess.core.i18n import N_, gettext, ngettext
from assess.core.reports.evidence import verdict_evidence
from assess.core.reports.focus_areas import band_words
from assess.core.reports.inputs import ReportInputs
from assess.core.reports.plain_verdicts import as_written, plain_evidence
from assess.core.reports.rep_voice import (
    HEADLINES,
    closing_sentence,
    manager_only_sentence,
    next_steps,
)
from assess.core.reports.rubrics import Rubrics
from assess.core.reports.verdict_cards import (
    borderline_card,
    evidence_missing_card,
)
from assess.core.reports.wording import (
    GROUP_LABELS,
    VERDICT_LABELS,
    change_between,
    in_english,
    number,
    percentile_words,
    shown_name,
    verdict_label,
    whole_count,
)
from assess.core.scoring.precision import reliable_change

_ = gettext

VIEW_GROUPS = ("self", "manager", "buyers")
NOT_ENOUGH = "not_enough_buyer_ratings"


def group_score(entry: Mapping[str, Any] | None) -> float | None:
    """A rater group's score, or None when too few of that group answered."""
    if not entry or entry.get("status") != "ok":
        return None
    return entry.get("score")


def group_views(competency: Mapping[str, Any]) -> dict[str, float | None]:
    """Self, manager and buyers' scores of one competency."""
    groups = competency.get("groups") or {}
    return {group: group_score(groups.get(group)) for group in VIEW_GROUPS}


def compared_views(payload: Mapping[str, Any], competency_id: str) -> dict[str, tuple]:
    """group -> (the rep's score, theirs) on the statements both rated (the gaps)."""
    return {
        gap["versus"]: (gap["self"], gap["other"])
        for gap in payload.get("gaps", [])
        if gap["competency"] == competency_id
    }


def group_basis(competency: Mapping[str, Any]) -> dict[str, str]:
    """What each shown group score rests on: "8 answers", "4 buyers, 4 answers".

    The n behind every printed score. A group with raters but too few to show says so
    without a count ("fewer than 3"); a snapshot made before answer counts were kept
    shows the raters only.
    """
    groups = competency.get("groups") or {}
    basis = {}
    for group in VIEW_GROUPS:
        entry = groups.get(group) or {}
        if entry.get("status") != "ok":
            basis[group] = _("too few buyers") if entry.get("status") == NOT_ENOUGH else ""
            continue
        parts = []
        if group == "buyers":
            raters = entry.get("raters", 0)
            parts.append(
                ngettext("%(num)s buyer", "%(num)s buyers", raters, num=whole_count(raters))
            )
        if group != "buyers" and entry.get("raters", 0) > 1:
            raters = entry["raters"]
            parts.append(
                ngettext("%(num)s rater", "%(num)s raters", raters, num=whole_count(raters))
            )
        if entry.get("answers"):
            answers = entry["answers"]
            parts.append(
                ngettext("%(num)s answer", "%(num)s answers", answers, num=whole_count(answers))
            )
        basis[group] = ", ".join(parts)
    return basis


def verdict_card(
    payload: Mapping[str, Any],
    rubrics: Rubrics,
    names: Mapping[str, str],
    tone: str,
    reader: str = "manager",
    focus_count: int = 0,
) -> dict[str, Any]:
    """The verdict said to the rep: its headline in `tone`, what comes next (pointing
    to the `focus_count` things to work on first), and the evidence behind it. The
    rubric's reasons are the owner's words; they are kept for the manager's coaching
    guide (``reasons``), never printed on the card. The rep's copy says the evidence in
    plain words; the manager's keeps scores and cuts."""
    plain = reader == "rep"
    final = payload["verdict"].get("verdict")
    missing = payload["verdict"].get("missing") or []
    if final is None and missing:
        return evidence_missing_card(missing)
    if final is None and payload["verdict"].get("between"):
        banks = {
            entry["bank_id"]: rubrics.subject(entry["bank_id"])
            for entry in payload["verdict"].get("by_bank", [])
        }
        return borderline_card(
            payload["verdict"],
            names,
            banks,
            rubrics.not_asked_of_buyers,
            (payload.get("buyers") or {}).get("min_raters") or 3,
            plain=plain,
            # the English cards say "the gap band"; another language names the band
            band_name=as_written if in_english() else rubrics.band_label_of,
        )
    evidence_of = plain_evidence if plain else verdict_evidence
    reasons, evidence = evidence_of(payload["verdict"], final, rubrics, names)
    closing = closing_sentence(payload["overall"]["combined"])
    return {
        "id": final,
        "label": _(VERDICT_LABELS.get(final, VERDICT_LABELS[None])),
        "headline": _(HEADLINES[tone][final]),
        "reasons": reasons,
        "evidence": evidence,
        "paragraph": " ".join(part for part in (next_steps(final, focus_count), closing) if part),
    }


def verdict_competencies(payload: Mapping[str, Any]) -> set[str]:
    """The competencies the deciding banks' verdict rules looked at, and those of every
    raised red flag (what buyers or the manager flagged comes first, decisive or not)."""
    found = flagged_competencies(payload)
    final = payload["verdict"].get("verdict")
    for entry in payload["verdict"].get("by_bank", []):
        if entry.get("verdict") != final:
            continue
        for fact in entry.get("facts", []):
            if fact.get("test") == "competency_band":
                found.add(fact.get("competency", ""))
            elif fact.get("test") == "red_flag" or fact.get("test") == "band_count":
                found.update(fact.get("competencies", []))
    return found


#: The perception gaps the report lists, and what each is called. An "uncertain" gap
#: is over the threshold but within its margin of error (few statements or raters).
GAP_LABELS = {
    "blind_spot": N_("Blind spot"),
    "hidden_strength": N_("Hidden strength"),
    "uncertain": N_("Could be chance"),
}


def flagged_competencies(payload: Mapping[str, Any]) -> set[str]:
    """The competencies a raised red flag concerns: those its rule's items score
    (``competencies`` of each stored flag). They lead the focus areas, in a tier of
    their own."""
    return {
        competency
        for flag in payload.get("red_flags", [])
        for competency in flag.get("competencies", [])
    }


def perception_rows(
    payload: Mapping[str, Any], names: Mapping[str, str]
) -> tuple[list[dict[str, Any]], dict[str, float]]:
    """(perception gaps widest first, the widest blind spot per competency id)."""
    blind: dict[str, float] = {}
    perception = []
    for gap in payload.get("gaps", []):
        if gap.get("kind") == "blind_spot":
            blind[gap["competency"]] = max(blind.get(gap["competency"], 0.0), gap["gap"])
        if gap.get("kind") in GAP_LABELS:
            perception.append(
                {
                    "name": names.get(gap["competency"], gap["competency"]),
                    "versus": _(GROUP_LABELS[gap["versus"]])
                    if gap["versus"] in GROUP_LABELS
                    else gap["versus"],
                    "self": gap["self"],
                    "other": gap["other"],
                    "gap": change_between(gap["other"], gap["self"]),
                    "kind": gap["kind"],
                    "kind_label": _(GAP_LABELS[gap["kind"]]),
                }
            )
    perception.sort(key=lambda row: (-abs(row["gap"] or 0), row["name"], row["versus"]))
    return perception, blind


def competency_rows(
    inputs: ReportInputs,
    payload: Mapping[str, Any],
    rubrics: Rubrics,
    names: Mapping[str, str],
    blind: Mapping[str, float],
) -> list[dict[str, Any]]:
    """Each competency with its score, band, the rubric's meaning and coaching.

    Its ``band_label`` is the one every page prints (`focus_areas.band_words`): "Gap or
    Developing" when the 90 % interval crosses that edge (``band_settled`` false)."""
    rep_name = shown_name(payload["rep_name"])
    competencies = []
    for entry in payload["competencies"]:
        band = entry.get("band")
        values = {"rep": rep_name, "team": inputs.team_name, "score": number(entry.get("score"))}
        coaching = rubrics.coaching(entry["id"], band, **values) or {}
        note = ""
        if entry.get("score") is None:
            note = _("Not enough answers to score this competency; no coaching is suggested yet.")
        percentile = entry.get("percentile")
        used = (entry.get("combined") or {}).get("groups_used") or ["manager", "buyers"]
        row = {
            "id": entry["id"],
            "name": names[entry["id"]],
            "bank": rubrics.subject(entry.get("bank_id", "")),
            "score": entry.get("score"),
            "band": band,
            "band_label": rubrics.band_label(entry["id"], band) if band else _("No score"),
            "source": "" if "buyers" in used else manager_only_sentence(rubrics, entry["id"]),
            "measures": rubrics.description(entry["id"]),
            "views": group_views(entry),
            "compared": compared_views(payload, entry["id"]),
            "basis": group_basis(entry),
            "interval": (entry.get("combined") or {}).get("interval"),
            "answers": (entry.get("combined") or {}).get("answers"),
            "borderline": (entry.get("combined") or {}).get("band_certain") is False,
            "percentile": None if percentile is None else round(percentile),
            "percentile_text": percentile_words(entry, plain=inputs.reader == "rep"),
            "actions": coaching.get("actions", []),
            "exercise": coaching.get("exercise", ""),
            "blind_spot": blind.get(entry["id"]),
            "note": note,
        }
        row["band_label"], row["band_settled"] = band_words(row, rubrics)
        competencies.append(row)
    return competencies


def overall_scores(payload: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """The overall score of everyone combined and of each rater group."""
    overall = {}
    for group in ("combined", "self", "manager", "buyers"):
        entry = payload["overall"].get(group) or {}
        score = group_score(entry)
        overall[group] = {
            "score": score,
            "band": entry.get("band") if score is not None else None,
            "interval": entry.get("interval") if score is not None else None,
            "raters": entry.get("raters", 0),
            "label": _(GROUP_LABELS[group]),
            "seen_by": seen_by(entry.get("groups_used")),
        }
    return overall


def seen_by(groups_used: list[str] | None) -> str:
    """Who a combined score rests on, in words: a score without buyers never claims
    them."""
    used = set(groups_used or ())
    if used == {"manager"}:
        return _("what the manager saw (too few buyers yet)")
    if used == {"buyers"}:
        return _("what buyers saw (no manager review)")
    return _("what the manager and buyers saw")


def moved(before: Mapping[str, Any] | None, now: Mapping[str, Any] | None) -> str | None:
    """ "improved", "slipped" or "steady" (a change within noise; Jacobson–Truax at
    90 %), or None when either score or its error is unknown (older snapshots)."""
    before, now = before or {}, now or {}
    return reliable_change(before.get("score"), before.get("se"), now.get("score"), now.get("se"))


def rep_trend(
    inputs: ReportInputs, payload: Mapping[str, Any], names: Mapping[str, str]
) -> dict[str, Any] | None:
    """Before and now per competency, against the previous round (None without one)."""
    previous = inputs.previous_rep_payload
    if not previous:
        return None
    before = {entry["id"]: entry for entry in previous.get("competencies", [])}
    rows = []
    for entry in payload["competencies"]:
        old = before.get(entry["id"], {})
        rows.append(
            {
                "id": entry["id"],
                "name": names[entry["id"]],
                "before": old.get("score"),
                "now": entry["score"],
                "band": entry["band"],
                "change": change_between(old.get("score"), entry["score"]),
                "moved": moved(old.get("combined"), entry.get("combined")),
                # one person's view, said so: a change buyers did not rate is the manager's
                "manager_only": list((entry.get("combined") or {}).get("groups_used") or [])
                == ["manager"],
            }
        )
    overall_before = previous["overall"]["combined"]
    overall_now = payload["overall"]["combined"]
    return {
        "previous_round": inputs.previous_round_name or _("the previous round"),
        "overall": {
            "before": overall_before.get("score"),
            "now": overall_now.get("score"),
            "change": change_between(overall_before.get("score"), overall_now.get("score")),
            "moved": moved(overall_before, overall_now),
        },
        "reliable": [row for row in rows if row["moved"] in ("improved", "slipped")],
        "verdict_before": verdict_label(previous["verdict"]),
        "verdict_now": verdict_label(payload["verdict"]),
        "rows": rows,
    }
