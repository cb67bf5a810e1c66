"""Where the app gets banks: the shipped YAML, and the exact versions rounds used.

Shipped banks are validated once per process. A round stores the bank versions it
launched with (`BankVersion`: normalized content keyed by content hash); a response is
always scored and shown against that stored content, never the current file.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from assess.core.banks import Bank, bank_from_dict, load_banks
from assess.models import BankVersion

SHIPPED_BANKS = Path(__file__).resolve().parents[2] / "question_banks"


@lru_cache(maxsize=4)
def shipped_banks(folder: str = str(SHIPPED_BANKS)) -> dict[str, Bank]:
    """The validated banks in `folder`, keyed by bank id (loaded once per process)."""
    return load_banks(folder)


# Banks are immutable and identified by their hash, so a process-wide cache is safe.
_BY_HASH: dict[str, Bank] = {}


def bank_for_version(version: BankVersion) -> Bank:
    """The Bank a stored version describes (cached by content hash)."""
    cached = _BY_HASH.get(version.content_hash)
    if cached is None:
        cached = bank_from_dict(version.content)
        _BY_HASH[version.content_hash] = cached
    return cached


def ensure_version(session: Session, bank: Bank) -> BankVersion:
    """The BankVersion row for `bank`'s exact content, created if new (flushes)."""
    version = session.scalar(
        select(BankVersion).where(BankVersion.content_hash == bank.content_hash)
    )
    if version is None:
        version = BankVersion(
            bank_key=bank.id,
            version=bank.version,
            title=bank.text(bank.title),
            content_hash=bank.content_hash,
            content=bank.to_dict(),
        )
        session.add(version)
        session.flush()
        _BY_HASH[bank.content_hash] = bank
    return version


def buyers_a_verdict_needs(versions: list[BankVersion]) -> int | None:
    """The finished buyer surveys a rep's verdict needs in a round using `versions`: the
    most any of its verdict-giving banks asks for (`Rubric.buyers_needed`); None when no
    bank of the round gives verdicts."""
    needs = [
        bank.rubric.buyers_needed
        for bank in map(bank_for_version, versions)
        if bank.rubric.verdicts and bank.rubric.buyers_needed
    ]
    return max(needs, default=None)
