"""Page one of the team report in words: the verdict counts, the headline, the answer.

The owner reads page one first and may read nothing else, so it answers "how ready is
my team?" in a sentence or two, worded in the report's tone from the same counts.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from assess.core.reports.wording import number, signed
from assess.core.text import plural

VERDICT_ORDER = ("ready", "coach", "trust_risk", "not_a_fit", "borderline", "not_assessed")
COUNT_LABELS = {
    "blunt": {
        "ready": "ready",
        "coach": "worth coaching",
        "trust_risk": "trust risk",
        "not_a_fit": "not a fit",
        "borderline": "borderline",
        "not_assessed": "not enough evidence",
    },
    "diplomatic": {
        "ready": "ready",
        "coach": "worth coaching",
        "trust_risk": "need trust rebuilt",
        "not_a_fit": "struggling in role",
        "borderline": "borderline",
        "not_assessed": "not enough evidence",
    },
}


def count_cells(counts: Mapping[str, int], tone: str) -> list[dict[str, Any]]:
    """The counts row of page one; "not enough evidence" and "borderline" only when
    someone is."""
    return [
        {"id": verdict, "label": COUNT_LABELS[tone][verdict], "count": counts[verdict]}
        for verdict in VERDICT_ORDER
        if verdict not in ("not_assessed", "borderline") or counts[verdict]
    ]


def _are(count: int) -> str:
    return "is" if count == 1 else "are"


def headline(
    counts: Mapping[str, int], tone: str, open_risks: int = 0, faint_risks: int = 0
) -> str:
    """Page one's first sentence: how many are ready, how many are a trust risk — or,
    when no rep has the evidence a verdict needs, that and nothing else.

    Borderline reps with the trust-risk verdict still open are told apart by how far
    their evidence reaches it (`verdict_reach`): `open_risks` counts those whose
    evidence reaches it meaningfully — they "could be" trust risks, and "No trust risks"
    would be a promise the evidence cannot keep; `faint_risks` those whose margin of
    error only just touches it. These are counted as no possible trust risk, and the
    sentence says "on this evidence" where it would otherwise promise there is none."""
    reps = sum(counts.values())
    ready, risk = counts.get("ready", 0), counts.get("trust_risk", 0)
    if reps and counts.get("not_assessed", 0) == reps:
        whom = "the rep" if reps == 1 else f"any of the {reps} reps"
        return f"No verdict yet on {whom}: not enough evidence."
    if reps == 1:  # never "0 of 1 rep are ready"
        if risk:
            return (
                "The one rep needs support to earn buyers' trust."
                if tone == "diplomatic"
                else "The one rep is a trust risk."
            )
        first = "The one rep is ready" if ready else "The one rep is not ready yet"
        if open_risks:
            return first + ", and could be a trust risk."
        return first + (", and not a trust risk on this evidence." if faint_risks else ".")
    first = f"{ready} of {plural(reps, 'rep')} {_are(ready)} ready"
    if tone == "diplomatic":
        if risk:
            second = f"; {risk} need{'s' if risk == 1 else ''} support to earn buyers' trust"
            return first + second + (f", and {open_risks} more may too." if open_risks else ".")
        second = ", and no one is a trust risk"
    else:
        first += ". "
        if risk:
            second = f"{risk} {'is a trust risk' if risk == 1 else 'are trust risks'}"
            return first + second + (f", {open_risks} more could be." if open_risks else ".")
        second = "No trust risk" if open_risks else "No trust risks"
    if open_risks:
        who = (
            "1 borderline rep could be one"
            if open_risks == 1
            else f"{open_risks} borderline reps could each be one"
        )
        return f"{first}{second} yet: {who}."
    return first + second + (" on this evidence." if faint_risks else ".")


TEAM_MOVES = {
    "improved": ": a real improvement, beyond the noise of the measurement",
    "slipped": ": a real slip, beyond the noise of the measurement",
    "steady": ": within the noise of the measurement, so no change to speak of",
    "manager": ": only the manager's ratings moved, not the buyers', so no change to speak of",
}


def answer_lines(
    counts: Mapping[str, int], overall: Mapping[str, Any], previous_round: str, tone: str
) -> list[str]:
    """Page one's plain-English answer: every verdict counted, then the team average."""
    reps = sum(counts.values())
    ready, coach = counts.get("ready", 0), counts.get("coach", 0)
    risk, misfit = counts.get("trust_risk", 0), counts.get("not_a_fit", 0)
    missing = counts.get("not_assessed", 0)
    borderline = counts.get("borderline", 0)
    if tone == "diplomatic":
        lines = [
            f"Of {plural(reps, 'rep')} assessed this round, {ready} {_are(ready)} "
            f"ready for more responsibility, {coach} would grow with focused coaching, "
            f"{risk} need{'s' if risk == 1 else ''} support to rebuild buyers' trust and "
            f"{misfit} {_are(misfit)} struggling in the role."
        ]
    else:
        lines = [
            f"Of {plural(reps, 'rep')}, {ready} {_are(ready)} ready, "
            f"{coach} {_are(coach)} worth coaching, "
            f"{risk} {'is a trust risk' if risk == 1 else 'are trust risks'} and "
            f"{misfit} {_are(misfit)} not a fit."
        ]
    if missing == reps and reps:
        lines = [
            "This round does not hold the evidence for any verdict: no rep has both the "
            "manager's review and answers from enough buyers. Nothing below decides "
            "anything about a rep."
        ]
    elif missing:
        lines[0] += (
            f" {plural(missing, 'rep')} {'has' if missing == 1 else 'have'} no verdict yet, "
            "for want of evidence: a verdict needs the manager's review and enough "
            "buyers' answers. They are listed apart and in no average."
        )
    if borderline:
        lines[0] += (
            f" {plural(borderline, 'rep')} {_are(borderline)} borderline: their scores sit "
            "on a verdict's cut within the margin of error, and are named apart."
        )
    if overall["mean"] is not None and missing < reps:
        lines.append(f"Team average {number(overall['mean'])} of 100.")
        matched = overall.get("matched")
        if matched and matched["change"] is not None:
            who = f"the {plural(matched['n'], 'rep')} assessed both times" if matched["n"] else "it"
            went = f"{number(matched['before'])} → {number(matched['now'])}"
            lines[-1] += (
                f" Since {previous_round}, {who} went {went} "
                f"({signed(matched['change'])}){TEAM_MOVES.get(matched['moved'], '')}."
            )
    return lines
