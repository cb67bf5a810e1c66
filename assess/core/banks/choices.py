"""Read the answer choices of an item: options, and the statements of a forced-choice block.

An option carries the score its answer earns; a statement is keyed to the competency it
expresses. Both come as a short list of mappings with ids unique within the item, and
both are checked here so that ``items.py`` keeps to the item's own keys.
"""

from __future__ import annotations

from typing import Any

from assess.core.banks.loader import Path
from assess.core.banks.model import Option, Statement
from assess.core.banks.reader import Reader, read_entries

#: item type -> (fewest, most) options
OPTION_COUNTS = {"situational": (3, 5), "choice": (2, 6)}
STATEMENT_COUNT = (3, 4)


def read_options(
    reader: Reader, value: Any, path: Path, item_type: str
) -> tuple[Option, ...] | None:
    """The options of a situational or choice item; ``None`` if any has a problem."""
    return read_entries(
        reader,
        value,
        path,
        f"{item_type} options",
        "option",
        lambda option_path, spec: _option(reader, option_path, spec, item_type),
        required=("id", "text"),
        optional=("score", "why"),
        count=OPTION_COUNTS[item_type],
    )


def _option(reader: Reader, path: Path, spec: dict, item_type: str) -> Option | None:
    option_id = reader.ident(spec.get("id"), (*path, "id"), "option") if "id" in spec else None
    text = reader.text(spec.get("text"), (*path, "text"), "option text") if "text" in spec else None
    if "score" not in spec:
        reader.report(
            path,
            f"option '{option_id}' has no score",
            "add `score:` from 0 (worst) to 100 (the answer you want)",
        )
        return None
    score = reader.number(spec["score"], (*path, "score"), "option score", 0, 100)
    why = reader.text(spec["why"], (*path, "why"), "option why") if "why" in spec else None
    if why is None and item_type == "situational":
        reader.report(
            path,
            f"situational option '{option_id}' has no why",
            "add `why:` — one line on why this answer scores what it does, in the words "
            "of the coaching it leads to",
        )
        return None
    if option_id and text and score is not None:
        return Option(option_id, text, score, why)
    return None


def read_statements(
    reader: Reader, value: Any, path: Path, competency_refs: list[tuple[str, Path]]
) -> tuple[Statement, ...] | None:
    """The statements of a forced-choice block, each keyed to a different competency.

    The competencies they name are appended to ``competency_refs``, to be checked
    against the rubric once the whole bank is read.
    """
    statements = read_entries(
        reader,
        value,
        path,
        "forced-choice statements",
        "statement",
        lambda statement_path, spec: _statement(reader, statement_path, spec, competency_refs),
        required=("id", "text", "competency"),
        count=STATEMENT_COUNT,
    )
    if statements is None:
        return None
    seen: dict[str, int] = {}
    for index, statement in enumerate(statements):
        if statement.competency in seen:
            reader.report(
                (*path, index, "competency"),
                f"two statements of one block are keyed to '{statement.competency}'",
                "key each statement of a block to a different competency",
            )
            return None
        seen[statement.competency] = index
    return statements


def _statement(
    reader: Reader, path: Path, spec: dict, competency_refs: list[tuple[str, Path]]
) -> Statement | None:
    statement_id = (
        reader.ident(spec.get("id"), (*path, "id"), "statement") if "id" in spec else None
    )
    text = (
        reader.text(spec.get("text"), (*path, "text"), "statement text") if "text" in spec else None
    )
    competency = (
        reader.ident(spec.get("competency"), (*path, "competency"), "competency")
        if "competency" in spec
        else None
    )
    if competency:
        competency_refs.append((competency, (*path, "competency")))
    if statement_id and text and competency:
        return Statement(statement_id, text, competency)
    return None
