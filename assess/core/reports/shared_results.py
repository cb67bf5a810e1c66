"""A rep's issued results as they may leave Candor through the API: what the reports
show, as numbers, and nothing the reports keep back.

The rules are the export's and the reports' (docs/anonymity.md): a group's score only
where the scoring engine marked it shown (`status` "ok": enough raters for the
anonymity minimum), buyers' comments only when the report prints them, the referral
outcome only as its band, never a count or share; each comment once, as
the report prints it; no red-flag count, no answer of
one buyer, no item. It reads the issued snapshot, so it changes only when the round is
scored again, like the PDF.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from assess.core.reports.rep_raters import referral
from assess.core.reports.wording import distinct_comments

SHOWN = "ok"
SCORE_FIELDS = ("score", "band", "band_certain", "interval", "raters")


def shown_score(score: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if not score or score.get("status") != SHOWN or score.get("score") is None:
        return None
    return {name: score.get(name) for name in SCORE_FIELDS}


def shown_groups(groups: Mapping[str, Any] | None) -> dict[str, dict[str, Any]]:
    shown = {name: shown_score(score) for name, score in (groups or {}).items()}
    return {name: score for name, score in shown.items() if score is not None}


def shown_result(payload: Mapping[str, Any]) -> dict[str, Any]:
    """The API's view of one rep's snapshot payload."""
    buyers = payload.get("buyers") or {}
    visible = buyers.get("status") == SHOWN and buyers.get("shown")
    band = referral(payload)
    return {
        "verdict": (payload.get("verdict") or {}).get("verdict"),
        "overall": shown_groups(payload.get("overall")),
        "competencies": [
            {
                "id": competency["id"],
                "bank": competency.get("bank_id", ""),
                "name": (competency.get("name") or {}).get("en", competency["id"]),
                "combined": shown_score(competency.get("combined")),
                "groups": shown_groups(competency.get("groups")),
            }
            for competency in payload.get("competencies", [])
        ],
        "buyers_answered": buyers.get("raters") if visible else None,
        # each comment once, as the report prints them: copies would count the raters
        "buyer_comments": distinct_comments(list(payload.get("buyer_comments", [])))
        if visible
        else [],
        "referral": {key: band[key] for key in ("answered", "band", "label")} if band else None,
    }
