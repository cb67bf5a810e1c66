"""Question banks and rubrics as code: YAML schema, loading, validation.

Pure Python on purpose (stdlib and PyYAML only; a test enforces it): the web layer,
the scoring engine and the CLI all share these plain, immutable objects, and every
rule is testable without an app. The format is documented in ``docs/banks.md``.

Public API::

    load_bank(path) -> Bank                  # one file; BankError on any problem
    load_banks(directory) -> {id: Bank}      # all files, with cross-bank checks
    bank_from_dict(data) -> Bank             # rebuild a stored Bank.to_dict()
    check_paths([path, ...]) -> CheckResult  # what `flask banks check` prints
    validate_answer(item, value) -> str | None
    is_visible(item, answers), visible_items(bank_or_page, answers)
"""

from __future__ import annotations

import os
from typing import Any

from assess.core.banks.answers import (
    condition_holds,
    is_visible,
    validate_answer,
    visible_answers,
    visible_items,
)
from assess.core.banks.bank import Bank
from assess.core.banks.build import build_bank
from assess.core.banks.check import CheckResult, bank_files, check_paths, load_files
from assess.core.banks.errors import BankError, Problem
from assess.core.banks.model import (
    BUYER_ROLES,
    ITEM_TYPES,
    NOT_OBSERVED,
    OUTCOMES,
    RATER_GROUPS,
    ROLES,
    VERDICT_SEVERITY,
    VERDICTS,
    WOULD_REFER_FROM,
    AllOf,
    AnswerTest,
    AnyOf,
    Band,
    BandCount,
    Coaching,
    CoachingGuide,
    Competency,
    CompetencyInBand,
    ConsistencyPair,
    Evidence,
    Item,
    Norm,
    Not,
    Option,
    Page,
    RedFlagRaised,
    RedFlagRule,
    Rubric,
    Scale,
    ScoreTest,
    Statement,
    Text,
    Validity,
    VerdictRule,
)
from assess.core.banks.reader import Reader

__all__ = [
    "BUYER_ROLES",
    "ITEM_TYPES",
    "NOT_OBSERVED",
    "OUTCOMES",
    "RATER_GROUPS",
    "WOULD_REFER_FROM",
    "ROLES",
    "VERDICTS",
    "VERDICT_SEVERITY",
    "AllOf",
    "AnswerTest",
    "AnyOf",
    "Band",
    "BandCount",
    "Bank",
    "BankError",
    "CheckResult",
    "Coaching",
    "CoachingGuide",
    "Competency",
    "CompetencyInBand",
    "ConsistencyPair",
    "Item",
    "Norm",
    "Not",
    "Option",
    "Page",
    "Problem",
    "RedFlagRaised",
    "RedFlagRule",
    "Rubric",
    "Scale",
    "ScoreTest",
    "Statement",
    "Text",
    "Validity",
    "Evidence",
    "VerdictRule",
    "bank_from_dict",
    "check_paths",
    "competency_owners",
    "condition_holds",
    "is_visible",
    "load_bank",
    "load_banks",
    "validate_answer",
    "visible_answers",
    "visible_items",
]


def load_bank(path: str | os.PathLike[str]) -> Bank:
    """Load and validate one bank file.

    Cross-bank references (``mirrors``, verdicts naming another bank's red flags) are
    not checked here; ``load_banks`` checks them.

    Raises
    ------
    BankError
        With every problem found, each pointing at a line of the file.
    """
    banks, problems = load_files([os.fspath(path)], across=False)
    if problems:
        raise BankError(problems)
    return banks[0][1]


def load_banks(directory: str | os.PathLike[str]) -> dict[str, Bank]:
    """Load every ``*.yaml`` / ``*.yml`` bank in ``directory``, keyed by bank id.

    Raises
    ------
    BankError
        Listing every problem in every file, including those between banks.
    """
    files, problems = bank_files([os.fspath(directory)])
    banks, load_problems = load_files(files)
    if problems or load_problems:
        raise BankError(problems + load_problems)
    return {bank.id: bank for _, bank in banks}


def bank_from_dict(data: Any) -> Bank:
    """Rebuild a bank from ``Bank.to_dict()`` output (for instance, stored as JSON).

    The data goes through the same validation as a YAML file, so a corrupted copy
    raises ``BankError`` rather than producing a half-valid bank.
    """
    reader = Reader("<stored bank>")
    bank, _ = build_bank(data, reader)
    if reader.problems or bank is None:
        raise BankError(reader.problems)
    return bank


def competency_owners(banks: dict[str, Bank]) -> dict[str, Bank]:
    """Competency id -> the bank whose rubric defines it (bands, weights, coaching).

    A mirroring bank's items name these ids; its scores are read against the owner's
    rubric.
    """
    return {
        competency.id: bank
        for bank in banks.values()
        if not bank.mirrors
        for competency in bank.rubric.competencies
    }
