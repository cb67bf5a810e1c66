"""Why a rep's own answers are not to be taken at face value, as page one words it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from assess.core.scoring.quality import (
    INCONSISTENT,
    SOCIAL_DESIRABILITY,
    UNRELIABLE_SELF,
    desirability_message,
    inconsistent_message,
)


def self_flags(payload: Mapping[str, Any]) -> list[str]:
    """Why the self-assessment is not to be taken at face value (page one says so):
    one sentence per kind of flag, counted over all of the rep's own surveys, so two
    flagged surveys never read as the same sentence twice with different numbers."""
    flags: dict[str, list[Mapping[str, Any]]] = {}
    for entry in payload.get("quality", []):
        if entry.get("rater_role") != "self":
            continue
        for flag in entry.get("flags", []):
            if flag.get("code") in UNRELIABLE_SELF:
                flags.setdefault(flag["code"], []).append(flag)
    sentences = []
    for code, found in flags.items():
        detail = [
            item
            for flag in found
            for item in (flag.get("detail") or {}).get(
                "items" if code == SOCIAL_DESIRABILITY else "pairs", []
            )
        ]
        if code == SOCIAL_DESIRABILITY and detail:
            sentences.append(desirability_message(len(detail)))
        elif code == INCONSISTENT and detail:
            sentences.append(inconsistent_message(len(detail)))
        else:
            sentences.extend(dict.fromkeys(flag["message"] for flag in found))
    return sentences
