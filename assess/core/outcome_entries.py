"""Outcomes sent as JSON (the API) checked by the very rules of the CSV import.

Each entry is turned into the cells of a CSV line and checked by
`assess.core.outcomes.check_row`, so a figure the page refuses the API refuses too, with
the same words. Every entry carries the same outcome fields (`null` clears a stored
figure): a field missing from one entry would otherwise either clear a figure nobody
meant to clear or keep one the sender believed replaced.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from assess.core.outcomes import KEY_COLUMNS, MEASURE_IDS, OutcomeImport, check_row

#: How `check_row` names another line; an entry is named by its place instead.
ON_LINE = re.compile(r"on line (\d+)")
#: The most entries one call takes (a sales force of 10,000 reps, one period each).
MAX_ENTRIES = 10_000


def cell_text(value: Any) -> str:
    """A JSON value as the CSV cell it stands for (numbers without exponents)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "not a number"
    if isinstance(value, float):
        return format(value, "f").rstrip("0").rstrip(".") if value == value else "nan"
    return str(value)


def outcome_entries(
    entries: list[Mapping[str, Any]], reps: Mapping[str, int], today: date | None = None
) -> tuple[OutcomeImport, list[dict]]:
    """The import the entries make, and every problem as {field, message}."""
    columns = tuple(m for m in MEASURE_IDS if any(m in entry for entry in entries))
    positions = {name: index for index, name in enumerate((*KEY_COLUMNS, *columns))}
    found = OutcomeImport(rows=[], problems=[], columns=columns)
    errors: list[dict] = []
    if not columns:
        errors.append({"field": "outcomes", "message": "no entry has an outcome field"})
    seen: dict = {}
    for index, entry in enumerate(entries):
        where = f"outcomes[{index}]"
        missing = [column for column in columns if column not in entry]
        if missing:
            errors.append({"field": where, "message": "every entry carries the same fields "
                           f"(null to clear one): missing {', '.join(missing)}"})  # fmt: skip
        cells = [cell_text(entry.get(name)) for name in positions]
        row = check_row(index, cells, positions, columns, reps, seen, today)
        found.rows.append(row)
        errors.extend(
            {"field": where, "message": ON_LINE.sub(r"at outcomes[\1]", problem)}
            for problem in row.problems
        )
    found.problems.extend(error["message"] for error in errors if error["field"] == "outcomes")
    return found, errors
