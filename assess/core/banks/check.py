"""Load bank files and report on them: the engine behind ``flask banks check``.

Kept free of click and Flask so the CLI command is a thin wrapper and the whole
behaviour is testable as a function: paths in, lines to print out.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from assess.core.banks.bank import Bank
from assess.core.banks.build import BankSource, build_bank
from assess.core.banks.crossbank import check_across
from assess.core.banks.errors import Problem
from assess.core.banks.loader import read_bank_file
from assess.core.banks.reader import Reader

BANK_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class CheckResult:
    """``ok`` is the exit status; ``lines`` is what to print, one entry per line."""

    ok: bool
    lines: list[str]
    problems: list[Problem] = field(default_factory=list)
    banks: dict[str, Bank] = field(default_factory=dict)


def bank_files(paths: list[str]) -> tuple[list[str], list[Problem]]:
    """Expand directories to their ``*.yaml`` / ``*.yml`` files (sorted, not recursive)."""
    files: list[str] = []
    problems: list[Problem] = []
    for path in paths:
        if os.path.isdir(path):
            found = sorted(
                os.path.join(path, name)
                for name in os.listdir(path)
                if name.endswith(BANK_SUFFIXES) and os.path.isfile(os.path.join(path, name))
            )
            if not found:
                problems.append(
                    Problem(
                        path, None, "no bank files here", "add *.yaml files or pass another path"
                    )
                )
            files.extend(found)
        elif os.path.isfile(path):
            files.append(path)
        else:
            problems.append(Problem(path, None, "no such file or directory", "check the path"))
    return list(dict.fromkeys(files)), problems


def load_file(path: str) -> tuple[Bank | None, BankSource]:
    """Read and build one file; problems are on ``source.reader.problems``."""
    data, lines, read_problems = read_bank_file(path)
    reader = Reader(path, lines)
    reader.problems.extend(read_problems)
    if data is None:
        return None, BankSource(reader)
    return build_bank(data, reader)


def load_files(
    files: list[str], across: bool = True, translations: bool = False
) -> tuple[list[tuple[str, Bank]], list[Problem]]:
    """Load every file and (unless ``across`` is false) run the cross-bank checks; with
    ``translations``, a text missing a locale its bank declares is a problem too.

    Returns ``(path, bank)`` pairs only when no file has a problem.
    """
    loaded = [load_file(path) for path in files]
    if across:
        check_across(loaded)
    problems = [problem for _, source in loaded for problem in source.reader.problems]
    if translations:
        problems += [problem for _, source in loaded for problem in source.reader.untranslated]
    if problems:
        return [], problems
    return [(path, bank) for path, (bank, _) in zip(files, loaded, strict=True) if bank], []


def check_paths(paths: list[str]) -> CheckResult:
    """Check bank files and directories; see ``CheckResult``.

    On success there is one summary line per bank; on failure one line per problem in
    the form ``file:line: what is wrong — how to fix it``. A text missing a translation
    its bank declares in `locales` is such a problem: a respondent reading that language
    would meet the default language in the middle of the survey.
    """
    if not paths:
        problem = Problem(".", None, "no paths to check", "pass bank files or directories")
        return CheckResult(False, [str(problem)], [problem])
    files, problems = bank_files([os.fspath(path) for path in paths])
    banks, load_problems = load_files(files, translations=True)
    problems = sorted(problems + load_problems, key=lambda p: (p.file, p.line or 0))
    if problems:
        return CheckResult(False, [str(problem) for problem in problems], problems)
    lines = [summary_line(bank, path) for path, bank in banks]
    return CheckResult(True, lines, [], {bank.id: bank for _, bank in banks})


def summary_line(bank: Bank, path: str) -> str:
    """``id  version  N items  M competencies  hash  file`` for one valid bank."""
    return (
        f"{bank.id:<28} v{bank.version:<8} {len(bank.items):>3} items "
        f"{len(bank.scored_competencies):>3} competencies  {bank.short_hash}  {path}"
    )
