"""What a verdict came to: each bank's, and the rep's (see `verdicts` for the rules).

Plain frozen data with ``to_dict()``, kept apart from `model` so that each module of
results stays small.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import product
from typing import Any

from assess.core.banks import VERDICT_SEVERITY, Text
from assess.core.banks.serialize import text_to_dict

#: A bank's verdict status when a score's 90 % interval straddles a rule's cut.
BORDERLINE_STATUS = "borderline"


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


def combine_verdicts(verdicts: Sequence[BankVerdict]) -> Verdict:
    """The most severe verdict of the banks (``VERDICT_SEVERITY`` order).

    Examples
    --------
    ``coach`` from consultative_selling and ``trust_risk`` from trustworthiness give
    ``trust_risk``, decided by trustworthiness.
    """
    ordered = tuple(sorted(verdicts, key=lambda entry: entry.bank_id))
    missing = merged_missing(entry.missing for entry in ordered)
    if missing:  # one bank short of evidence: no verdict at all, rather than half of one
        return Verdict(None, (), ordered, missing)
    given = [(entry, entry.verdict) for entry in ordered if entry.verdict is not None]
    open_banks = [entry for entry in ordered if entry.status == BORDERLINE_STATUS]
    if open_banks:
        # The rep's verdict is the most severe of the banks': list the outcomes the
        # open banks could still lead to, given the definite ones.
        definite = [VERDICT_SEVERITY.index(v) for _, v in given]
        outcomes = {
            min([*definite, *(VERDICT_SEVERITY.index(v) for v in choice)])
            for choice in product(*(entry.between for entry in open_banks))
        }
        if len(outcomes) == 1:
            verdict = VERDICT_SEVERITY[outcomes.pop()]
            deciding = tuple(entry.bank_id for entry, v in given if v == verdict)
            return Verdict(verdict, deciding, ordered)
        between = tuple(VERDICT_SEVERITY[index] for index in sorted(outcomes))
        return Verdict(None, (), ordered, (), between)
    if not given:
        return Verdict(None, (), ordered)
    worst = min(VERDICT_SEVERITY.index(verdict) for _, verdict in given)
    verdict = VERDICT_SEVERITY[worst]
    deciding = tuple(entry.bank_id for entry, given_verdict in given if given_verdict == verdict)
    return Verdict(verdict, deciding, ordered)


def merged_missing(entries) -> tuple[tuple[str, int | None], ...]:
    """The union of banks' missing evidence; for buyers, the largest number needed."""
    merged: dict[str, int | None] = {}
    for missing in entries:
        for what, needed in missing:
            known = merged.get(what)
            merged[what] = needed if known is None else max(known, needed or 0)
    return tuple(sorted(merged.items()))
