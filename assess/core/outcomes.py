"""Sales outcomes: what each figure is, and reading them from a CSV file.

Pure: text in, rows out (no Flask, no database). The import page shows every row with
its problems before anything is saved, and saves only a file whose every row is good,
so an import is all or nothing. The format is in docs/outcomes.md.

A number is written as people type it in a spreadsheet: ASCII digits, a dot or a comma
before the decimals, a percent sign after a percentage if they like. What is refused
is what could be read two ways: "45,210" is 45.21 in Paris and 45210 in London, so one
separator followed by exactly three digits (after a leading digit other than 0) is
refused with both readings rather than guessed.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from assess.core.csv_files import BROKEN_CSV, open_csv
from assess.core.text import text_problem

PERCENT = "percent"
COUNT = "count"
AMOUNT = "amount"
DAYS = "days"


@dataclass(frozen=True)
class Measure:
    """One outcome a company may import: its CSV column (`id`), its words, its kind and
    the largest value accepted (anything above is a typing slip)."""

    id: str
    label: str
    kind: str
    maximum: float
    #: Decimals the pages show it with.
    decimals: int


#: Every outcome, in the order pages list them (the columns of the `outcomes` table).
MEASURES = (
    Measure("quota_attainment", "quota attainment", PERCENT, 1000, 1),
    Measure("win_rate", "win rate", PERCENT, 100, 1),
    Measure("deals_won", "deals won", COUNT, 1_000_000, 1),
    Measure("average_deal_size", "average deal size", AMOUNT, 1e12, 0),
    Measure("sales_cycle_days", "sales-cycle days", DAYS, 3650, 1),
    Measure("referrals_received", "referrals received", COUNT, 1_000_000, 1),
    Measure("accounts_lost", "accounts lost", COUNT, 1_000_000, 1),
)
MEASURE_IDS = tuple(measure.id for measure in MEASURES)
BY_ID = {measure.id: measure for measure in MEASURES}
KEY_COLUMNS = ("email", "period_start", "period_end")
#: A sales force of 10,000 reps fits in one file.
MAX_ROWS = 10_000
#: Longest number cell read (1e12 with decimals fits many times over).
MAX_NUMBER_LENGTH = 40

NUMBER = re.compile(r"(-?)([0-9]+)(?:[.,]([0-9]+))?", re.ASCII)
ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)


@dataclass
class OutcomeRow:
    """One line of the file: the rep's email, the period, and a figure (or None: the
    cell was empty) for each outcome column the file has."""

    line: int
    email: str
    period_start: date | None
    period_end: date | None
    values: dict[str, float | int | None]
    rep_id: int | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class OutcomeImport:
    rows: list[OutcomeRow]
    #: Problems with the file as a whole.
    problems: list[str]
    #: The outcome columns the file has, in `MEASURES` order.
    columns: tuple[str, ...] = ()
    #: Header cells that are neither a key nor an outcome column (read, not imported).
    ignored: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.rows) and all(row.ok for row in self.rows)

    @property
    def bad_rows(self) -> list[OutcomeRow]:
        return [row for row in self.rows if not row.ok]


#: The longest period a row may cover: sales results come by month, quarter or year.
LONGEST = timedelta(days=366)


def parse_number(text: str, measure: Measure) -> tuple[float | int | None, str | None]:
    """(value, None), or (None, what is wrong) for one cell of `measure`'s column. An
    empty cell is (None, None): no figure for that outcome.

    Examples
    --------
    >>> win_rate, deals = BY_ID["win_rate"], BY_ID["deals_won"]
    >>> parse_number("41,5 %", win_rate), parse_number("", win_rate)
    ((41.5, None), (None, None))
    >>> parse_number("12", deals), parse_number("0,125", BY_ID["average_deal_size"])
    ((12, None), (0.125, None))
    >>> parse_number("45,210", BY_ID["average_deal_size"])[1][:38]
    '“45,210” could be 45210 or 45.210: wri'
    >>> parse_number("101", win_rate)[1]
    'win rate “101” is above 100'
    """
    text = text.strip()
    if not text:
        return None, None
    shown = text[:MAX_NUMBER_LENGTH]
    written = text[:-1].rstrip() if measure.kind == PERCENT and text.endswith("%") else text
    match = NUMBER.fullmatch(written) if len(written) <= MAX_NUMBER_LENGTH else None
    if match is None:
        return None, (
            f"{measure.label} “{shown}” is not a number: write digits, with a dot or a comma "
            "before any decimals (no thousands separator, no currency sign)"
        )
    minus, whole, decimals = match.groups()
    if decimals is not None and len(decimals) == 3 and whole.lstrip("0"):
        return None, (
            f"“{shown}” could be {whole}{decimals} or {whole}.{decimals}: write it without a "
            f"thousands separator ({whole}{decimals}), or with 2 or 4 decimals"
        )
    value = Decimal(f"{minus}{whole}.{decimals or '0'}")
    if minus and value != 0:
        return None, f"{measure.label} “{shown}” is below 0"
    if value > Decimal(str(measure.maximum)):
        return None, f"{measure.label} “{shown}” is above {measure.maximum:,.0f}"
    if measure.kind == COUNT:
        if value != value.to_integral_value():
            return None, f"{measure.label} “{shown}” is not a whole number"
        return int(value), None
    return float(value), None


def parse_day(text: str, column: str) -> tuple[date | None, str | None]:
    """(day, None) for an ISO day (2026-03-31), else (None, what is wrong).

    Examples
    --------
    >>> parse_day("2026-03-31", "period_end")
    (datetime.date(2026, 3, 31), None)
    >>> parse_day("31/03/2026", "period_end")[1]
    'period_end “31/03/2026” is not a day written as YYYY-MM-DD, for example 2026-03-31'
    """
    text = text.strip()
    if not text:
        return None, f"{column} is empty"
    problem = f"{column} “{text[:40]}” is not a day written as YYYY-MM-DD, for example 2026-03-31"
    if not ISO_DAY.fullmatch(text):
        return None, problem
    try:
        return date.fromisoformat(text), None
    except ValueError:
        return None, f"{column} “{text}” is not a day of the calendar"


def parse_outcomes_csv(
    text: str, reps: Mapping[str, int], today: date | None = None
) -> OutcomeImport:
    """Parse and check an outcomes CSV.

    Parameters
    ----------
    text
        The file's content. The header names ``email``, ``period_start``,
        ``period_end`` and at least one outcome column (`MEASURE_IDS`), in any order
        and any case; other columns are read past and listed in ``ignored``.
    reps
        Lower-cased email → rep id of every rep the file may name.
    today
        The day of the import: a period starting after it is refused (it has no
        results yet, and as a rep's latest period it would replace their real figures
        on "Does it predict here?"). None checks nothing of the kind.

    Returns
    -------
    OutcomeImport
        Every row with its problems (an unknown email, a bad number, a period ending
        before it starts, the same rep and period twice), and the file's own problems.

    Examples
    --------
    >>> found = parse_outcomes_csv(
    ...     "email,period_start,period_end,win_rate\\n"
    ...     "Ann@Sales.example,2026-01-01,2026-03-31,41.5\\n"
    ...     "bob@sales.example,2026-01-01,2025-12-31,30\\n",
    ...     {"ann@sales.example": 7},
    ... )
    >>> found.columns, found.rows[0].rep_id, found.rows[0].values, found.ok
    (('win_rate',), 7, {'win_rate': 41.5}, False)
    >>> found.rows[1].problems
    ['no rep here has the email “bob@sales.example”', 'period_end is not after period_start']
    """
    reader, header, problem = open_csv(text)
    if problem is not None:
        return OutcomeImport([], [problem])
    problem = header_problem(header)
    if problem is not None:
        return OutcomeImport([], [problem])
    positions = {column: header.index(column) for column in header if column}
    columns = tuple(measure for measure in MEASURE_IDS if measure in positions)
    ignored = tuple(c for c in header if c and c not in KEY_COLUMNS and c not in MEASURE_IDS)
    found = OutcomeImport([], [], columns, ignored)
    seen: dict[tuple, int] = {}
    try:
        for line, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            if len(found.rows) >= MAX_ROWS:
                found.problems.append(f"More than {MAX_ROWS:,} rows — split the file.")
                return found
            found.rows.append(check_row(line, cells, positions, columns, reps, seen, today))
    except csv.Error:
        found.problems.append(BROKEN_CSV)
        return found
    if not found.rows:
        found.problems.append("The file has a header but no rows of figures.")
    found.problems.extend(fraction_problems(found))
    return found


def fraction_problems(found: OutcomeImport) -> list[str]:
    """A percent column whose every figure is 1 or less was almost surely written as
    fractions (0.415 for 41.5 %): said once for the file, rather than imported as
    win rates below 1 %."""
    problems = []
    for column in found.columns:
        if BY_ID[column].kind != PERCENT:
            continue
        figures = [row.values.get(column) for row in found.rows]
        given = [value for value in figures if value is not None]
        if len(given) >= 3 and max(given) <= 1 and any(given):
            problems.append(
                f"Every {BY_ID[column].label} in the file is 1 or less: write percentages "
                f"(41.5 for 41.5 %), not fractions (0.415)."
            )
    return problems


def header_problem(header: list[str]) -> str | None:
    """What is wrong with the header row, or None."""
    missing = [column for column in KEY_COLUMNS if column not in header]
    if missing:
        return (
            f"Line 1: the header lacks {', '.join(missing)} — the first row must name the "
            "columns email, period_start, period_end and at least one outcome."
        )
    if not any(column in header for column in MEASURE_IDS):
        return (
            "Line 1: the header names no outcome — add at least one of the columns "
            + ", ".join(MEASURE_IDS)
            + "."
        )
    twice = sorted({column for column in header if column and header.count(column) > 1})
    if twice:
        return f"Line 1: the column {', '.join(twice)} is named twice — keep one."
    return None


def check_row(line, cells, positions, columns, reps, seen, today=None) -> OutcomeRow:
    """One line checked: its cells read, every problem listed."""

    def cell(column: str) -> str:
        index = positions[column]
        return cells[index].strip() if index < len(cells) else ""

    email = cell("email").lower()
    row = OutcomeRow(line=line, email=email, period_start=None, period_end=None, values={})
    unreadable = [
        f"the {column.replace('_', ' ')} {problem}"
        for column in (*KEY_COLUMNS, *columns)
        if (problem := text_problem(cell(column))) is not None
    ]
    if unreadable:
        row.problems.extend(unreadable)
        return row
    if not email:
        row.problems.append("the email is empty")
    elif email not in reps:
        row.problems.append(f"no rep here has the email “{email[:80]}”")
    else:
        row.rep_id = reps[email]
    row.period_start, start_problem = parse_day(cell("period_start"), "period_start")
    row.period_end, end_problem = parse_day(cell("period_end"), "period_end")
    row.problems.extend(problem for problem in (start_problem, end_problem) if problem)
    if row.period_start and row.period_end and row.period_end <= row.period_start:
        row.problems.append("period_end is not after period_start")
    if row.period_start and row.period_end and row.period_end > row.period_start + LONGEST:
        row.problems.append(
            "the period is longer than a year: import a month, a quarter or a year at a time"
        )
    if today is not None and row.period_start and row.period_start > today:
        row.problems.append(
            f"the period starts {row.period_start.isoformat()}, after today: import its "
            "figures once it has begun"
        )
    for column in columns:
        row.values[column], problem = parse_number(cell(column), BY_ID[column])
        if problem:
            row.problems.append(problem)
    if not row.problems and all(value is None for value in row.values.values()):
        row.problems.append("the line has no figure: fill at least one outcome")
    if row.period_start and row.period_end and email:
        key = (email, row.period_start, row.period_end)
        if key in seen:
            row.problems.append(f"the same rep and period is on line {seen[key]}")
        else:
            seen[key] = line
    return row
