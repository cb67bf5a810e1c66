"""What a verdict came to: each bank's, and the rep's (see `verdicts` for the rules).

Plain frozen data with ``to_dict()``, kept apart from `model` so that each module of
results stays small.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from assess.core.banks import Text
from assess.core.banks.serialize import text_to_dict


@dataclass(frozen=True)
class BankVerdict:
    """The verdict one bank's rules give, and why."""

    bank_id: str
    verdict: str | None
    rule: int | None  # index of the rule that held, in the bank's order
    reason: Text | None
    facts: tuple[Mapping[str, Any], ...]
    status: str  # "ok", "not_enough_data" or "not_enough_evidence"
    #: What a verdict still needs: ("manager_review", None), ("buyers", at least how many).
    missing: tuple[tuple[str, int | None], ...] = ()
    #: Borderline: the verdicts the scores' intervals leave open (the rule's, the next).
    between: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "bank_id": self.bank_id,
            "verdict": self.verdict,
            "rule": self.rule,
            "reason": text_to_dict(self.reason) if self.reason is not None else None,
            "facts": [dict(fact) for fact in self.facts],
            "status": self.status,
            "missing": missing_to_dicts(self.missing),
            "between": list(self.between),
        }


def missing_to_dicts(missing) -> list[dict[str, Any]]:
    """``[{"what": "manager_review"}, {"what": "buyers", "at_least": 3}]``."""
    return [
        {"what": what} | ({"at_least": needed} if needed is not None else {})
        for what, needed in missing
    ]


@dataclass(frozen=True)
class Verdict:
    """The rep's verdict: the most severe of the banks' verdicts."""

    verdict: str | None
    deciding_banks: tuple[str, ...]
    by_bank: tuple[BankVerdict, ...]
    #: What a verdict still needs, over every bank (empty when there is a verdict or
    #: when only the answers were too thin).
    missing: tuple[tuple[str, int | None], ...] = ()
    #: Borderline: the verdicts still open, most severe first (no verdict is given).
    between: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict,
            "deciding_banks": list(self.deciding_banks),
            "by_bank": [entry.to_dict() for entry in self.by_bank],
            "missing": missing_to_dicts(self.missing),
            "between": list(self.between),
        }
