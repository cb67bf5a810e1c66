"""Reading an outcomes CSV (assess.core.outcomes): every row with its problems, numbers
and days read only when they can be read one way, no app needed."""

from __future__ import annotations

import doctest
from datetime import date

import pytest

from assess.core import outcomes
from assess.core.outcomes import BY_ID, MAX_ROWS, parse_day, parse_number, parse_outcomes_csv

REPS = {"ann@sales.example": 1, "bob@sales.example": 2, "cy@sales.example": 3}
HEADER = "email,period_start,period_end,quota_attainment,win_rate,deals_won,average_deal_size\n"


def parsed(body: str, header: str = HEADER):
    return parse_outcomes_csv(header + body, REPS)


def test_a_good_file_gives_every_figure_with_its_rep_and_period():
    found = parsed(
        "ann@sales.example,2026-01-01,2026-03-31,104.5,41.5,12,45210.50\n"
        "BOB@Sales.Example ,2026-01-01,2026-03-31,88,,9,\n"
    )
    assert found.ok and found.problems == []
    assert found.columns == ("quota_attainment", "win_rate", "deals_won", "average_deal_size")
    ann, bob = found.rows
    assert (ann.line, ann.rep_id, ann.period_start, ann.period_end) == (
        2,
        1,
        date(2026, 1, 1),
        date(2026, 3, 31),
    )
    assert ann.values == {
        "quota_attainment": 104.5,
        "win_rate": 41.5,
        "deals_won": 12,
        "average_deal_size": 45210.5,
    }
    # an empty cell is no figure, not zero; the email is matched whatever its case
    assert bob.rep_id == 2
    assert bob.values == {
        "quota_attainment": 88.0,
        "win_rate": None,
        "deals_won": 9,
        "average_deal_size": None,
    }
    assert isinstance(ann.values["deals_won"], int)


def test_a_semicolon_file_with_comma_decimals_from_a_european_spreadsheet():
    found = parse_outcomes_csv(
        "\ufeffEmail;Period_Start;Period_End;Win_Rate;Sales_Cycle_Days\n"
        "ann@sales.example;2026-04-01;2026-06-30;38,5 %;47,25\n",
        REPS,
    )
    assert found.ok, found.rows[0].problems
    assert found.rows[0].values == {"win_rate": 38.5, "sales_cycle_days": 47.25}


@pytest.mark.parametrize(
    ("cell", "measure", "words"),
    [
        ("٣٤", "deals_won", "is not a number"),  # Arabic-Indic digits: int() reads them
        ("１２", "deals_won", "is not a number"),  # full-width digits
        ("-3", "deals_won", "is below 0"),
        ("12.5", "deals_won", "is not a whole number"),
        ("1 234", "average_deal_size", "is not a number"),
        ("$450", "average_deal_size", "is not a number"),
        ("1,234.50", "average_deal_size", "is not a number"),
        ("1.234", "deals_won", "could be 1234 or 1.234"),
        ("45,210", "average_deal_size", "could be 45210 or 45.210"),
        ("1001", "quota_attainment", "is above 1,000"),
        ("100.5", "win_rate", "is above 100"),
        ("12%", "deals_won", "is not a number"),  # a percent sign only after a percentage
        ("nan", "win_rate", "is not a number"),
        ("1e3", "average_deal_size", "is not a number"),
        ("9" * 60, "average_deal_size", "is not a number"),
    ],
)
def test_a_number_that_cannot_be_read_one_way_is_refused_with_why(cell, measure, words):
    value, problem = parse_number(cell, BY_ID[measure])
    assert value is None
    assert words in problem


@pytest.mark.parametrize(
    ("cell", "measure", "value"),
    [
        ("0", "deals_won", 0),
        ("12.0", "deals_won", 12),
        ("0,125", "average_deal_size", 0.125),  # a leading 0 is never a thousands group
        ("1000", "quota_attainment", 1000.0),
        ("250 %", "quota_attainment", 250.0),
        ("100", "win_rate", 100.0),
        ("-0", "accounts_lost", 0),
        ("45210.5", "average_deal_size", 45210.5),
    ],
)
def test_numbers_people_type_are_read(cell, measure, value):
    assert parse_number(cell, BY_ID[measure]) == (value, None)


def test_days_are_iso_and_of_the_calendar():
    assert parse_day("2026-02-28", "period_start") == (date(2026, 2, 28), None)
    assert "not a day of the calendar" in parse_day("2026-02-30", "period_start")[1]
    for written in ("2026-2-28", "20260228", "28.02.2026", "2026-W09-6", "２０２６-02-28"):
        assert "YYYY-MM-DD" in parse_day(written, "period_start")[1], written
    assert parse_day(" ", "period_end") == (None, "period_end is empty")


def test_every_problem_of_a_row_is_listed_and_other_rows_still_read():
    found = parsed(
        "ann@sales.example,2026-01-01,2026-03-31,104,41,12,45000\n"
        "nobody@sales.example,2026-03-31,2026-01-01,abc,41,12,45000\n"
        ",2026-01-01,2026-03-31,,,,\n"
    )
    assert not found.ok
    good, bad, empty = found.rows
    assert good.ok
    assert bad.problems == [
        "no rep here has the email “nobody@sales.example”",
        "period_end is not after period_start",
        "quota attainment “abc” is not a number: write digits, with a dot or a comma before "
        "any decimals (no thousands separator, no currency sign)",
    ]
    assert empty.problems == ["the email is empty"]
    assert [row.line for row in found.bad_rows] == [3, 4]


def test_a_line_without_any_figure_and_the_same_rep_and_period_twice_are_problems():
    found = parsed(
        "ann@sales.example,2026-01-01,2026-03-31,,,,\n"
        "bob@sales.example,2026-01-01,2026-03-31,90,,,\n"
        "\n"
        "bob@sales.example,2026-01-01,2026-03-31,95,,,\n"
        "bob@sales.example,2026-04-01,2026-06-30,95,,,\n"
    )
    lines = {row.line: row.problems for row in found.rows}
    assert lines[2] == ["the line has no figure: fill at least one outcome"]
    assert lines[3] == []
    assert lines[5] == ["the same rep and period is on line 3"]  # blank line 4 skipped
    assert lines[6] == []  # another period of the same rep


def test_an_end_on_the_start_day_is_not_after_it():
    found = parsed("ann@sales.example,2026-01-01,2026-01-01,90,,,\n")
    assert found.rows[0].problems == ["period_end is not after period_start"]


@pytest.mark.parametrize(
    ("header", "words"),
    [
        ("email,period_start,win_rate\n", "the header lacks period_end"),
        ("email,period_start,period_end,name\n", "the header names no outcome"),
        ("email,period_start,period_end,win_rate,WIN_RATE\n", "win_rate is named twice"),
    ],
)
def test_a_header_that_cannot_be_imported_says_what_to_add(header, words):
    found = parse_outcomes_csv(header + "ann@sales.example,2026-01-01,2026-03-31,40,40\n", REPS)
    assert found.rows == []
    assert words in found.problems[0]


def test_other_columns_are_listed_as_not_imported():
    found = parse_outcomes_csv(
        "name,email,period_start,period_end,winrate,win_rate\n"
        "Ann,ann@sales.example,2026-01-01,2026-03-31,40,41\n",
        REPS,
    )
    assert found.ok
    assert found.ignored == ("name", "winrate")  # a misspelt outcome shows in the preview
    assert found.rows[0].values == {"win_rate": 41.0}


def test_percentages_written_as_fractions_are_refused_for_the_file():
    found = parse_outcomes_csv(
        "email,period_start,period_end,win_rate\n"
        "ann@sales.example,2026-01-01,2026-03-31,0.41\n"
        "bob@sales.example,2026-01-01,2026-03-31,0.35\n"
        "cy@sales.example,2026-01-01,2026-03-31,0.2\n",
        REPS,
    )
    assert all(row.ok for row in found.rows) and not found.ok
    assert found.problems == [
        "Every win rate in the file is 1 or less: write percentages (41.5 for 41.5 %), "
        "not fractions (0.415)."
    ]


def test_empty_broken_and_oversized_files_are_one_problem_each():
    assert parse_outcomes_csv("", REPS).problems[0].startswith("The file is empty")
    assert parse_outcomes_csv(HEADER, REPS).problems == [
        "The file has a header but no rows of figures."
    ]
    # a field past the csv module's limit: its error, said in words
    field_too_long = 'ann@sales.example,2026-01-01,2026-03-31,"' + "9" * 140_000 + '"\n'
    assert parse_outcomes_csv(HEADER + field_too_long, REPS).problems == [outcomes.BROKEN_CSV]
    line = "ann@sales.example,2026-01-01,2026-03-31,90\n"
    huge = parse_outcomes_csv(
        "email,period_start,period_end,quota_attainment\n" + line * (MAX_ROWS + 1), REPS
    )
    assert huge.problems == [f"More than {MAX_ROWS:,} rows — split the file."]
    assert not huge.ok


def test_a_control_character_or_line_break_in_a_cell_is_refused():
    found = parsed('ann@sales.example,2026-01-01,2026-03-31,"9\n0",,,\n')
    assert found.rows[0].problems == [
        "the quota attainment contains a line break; it must be on one line"
    ]
    nul = parsed("ann@sales.example\x00,2026-01-01,2026-03-31,90,,,\n")
    assert nul.rows[0].problems == ["the email contains a NUL character"]


def test_the_examples_in_the_module_run():
    failures, tried = doctest.testmod(outcomes)
    assert (failures, tried > 0) == (0, True)
