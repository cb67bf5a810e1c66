"""The team report's "Does it predict here?": the owner's validity page, for the team's
reps, as a section of the PDF.

The numbers and their words are made by `services.validity` (the page's own code) and
arrive in ``ReportInputs.validity`` as plain values; this module only decides what a
reader of the PDF sees of them:

* **No outcomes for the team's reps → no section.** A report is read again and passed
  on; a paragraph about a feature the organization does not use would be on every
  team report of every round, and tells a reader nothing about the team. The owner
  learns of outcomes where they are imported (the dashboard links "Does it predict
  here?" and the import), not from a line repeated in every PDF.
* **Fewer reps than the minimum for every pair → one sentence**, "not enough reps to
  say", instead of a table whose every cell says it.
* **Otherwise** the page's table (ρ, 90 % interval and n per competency and outcome),
  how many pairs were tested and what that means, the claimed links in plain words
  (those that hold among the team's pairs; one whose interval leaves out 0 but could be
  chance is marked so in the table), the outcome by verdict group with which reps it
  holds, and the note that a correlation is not a cause.

What it never shows: a rep's name or a rep's point. The page's scatter chart draws one
dot per rep; the PDF leaves it out, because the team's managers download the report
too and a dot at a known outcome is one rep's score. Only statistics over many reps
are printed, each with its n.

Input shape (``ReportInputs.validity``)::

    as_of str, reps int, min_reps int, measures [str]
    rows   [{competency, cells [{link, figures}]}]
    claims [str]
    tested int, multiplicity str | None  (the pairs tested, and what that means)
    coverage str | None                  (which reps the verdict groups hold)
    groups [{measure, cells [{label, text, given}]}]
    note   str
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from assess.core.validity.correlation import NOT_ENOUGH_REPS
from assess.core.validity.wording import cell_words

NO_CLAIMS = "No competency clearly goes with any outcome here yet."


def validity_section(validity: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """What the PDF shows of the team's validity figures, or None to leave it out.

    Parameters
    ----------
    validity
        ``ReportInputs.validity`` (module docstring), or None.

    Returns
    -------
    dict or None
        ``{as_of, reps, min_reps, measures, rows, multiplicity, claims, no_claims,
        group_labels, groups, coverage, not_enough, note}``; ``rows`` is empty and
        ``not_enough`` says why when no pair reaches the minimum.

    Raises
    ------
    ValueError
        When a cell names a link the reports have no words for.

    Examples
    --------
    >>> validity_section({"reps": 0}) is None
    True
    >>> few = validity_section({"as_of": "1 May 2026", "reps": 12, "min_reps": 20,
    ...     "measures": ["win rate"], "rows": [{"competency": "Listening", "cells": [
    ...     {"link": "not_enough_reps", "figures": "12 reps"}]}], "claims": [],
    ...     "groups": [], "note": "A correlation is not a cause."})
    >>> few["rows"], few["not_enough"][:47]
    ([], 'Not enough reps to say: 12 reps have an outcome')
    """
    if not validity or not validity.get("reps") or not validity.get("measures"):
        return None
    rows = []
    tested = validity.get("tested") or 0
    for row in validity.get("rows") or []:
        cells = [{**cell, "words": cell_words(cell["link"], tested)} for cell in row["cells"]]
        rows.append({"competency": row["competency"], "cells": cells})
    measured = any(cell["link"] != NOT_ENOUGH_REPS for row in rows for cell in row["cells"])
    groups = [
        {"measure": group["measure"].capitalize(), "cells": list(group["cells"])}
        for group in validity.get("groups") or []
    ]
    reps, min_reps = validity["reps"], validity["min_reps"]
    not_enough = None
    if not measured:
        have = "rep has" if reps == 1 else "reps have"
        not_enough = (
            f"Not enough reps to say: {reps:,} {have} an outcome and issued scores, "
            f"and a correlation needs at least {min_reps:,}."
        )
    return {
        "as_of": validity["as_of"],
        "reps": reps,
        "min_reps": min_reps,
        "measures": [label.capitalize() for label in validity["measures"]],
        "rows": rows if measured else [],
        "multiplicity": validity.get("multiplicity") if measured else None,
        "claims": list(validity.get("claims") or []) if measured else [],
        "no_claims": NO_CLAIMS,
        "group_labels": [cell["label"] for cell in groups[0]["cells"]] if groups else [],
        # a table of "not enough reps" in every cell says less than leaving it out
        "groups": groups if any(c["given"] for g in groups for c in g["cells"]) else [],
        "coverage": validity.get("coverage"),
        "not_enough": not_enough,
        "note": validity["note"],
    }
