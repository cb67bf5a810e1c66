"""Opening a CSV file a person uploaded: the one way every import reads its header.

Spreadsheets save "CSV" with commas, semicolons (where the comma is the decimal mark)
or tabs, often behind Excel's byte-order mark; a file the csv module cannot read is one
problem said in words, never Python's error text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

#: A file the csv module cannot read to the end: a line break or a stray carriage return
#: inside a field, a field too long. Said in words, never as Python's error text.
BROKEN_CSV = (
    "The file stops being valid CSV part-way: most often a line break inside a cell or a "
    "stray carriage return. Save it again as CSV (UTF-8) from your spreadsheet and retry."
)
EMPTY_CSV = "The file is empty — export it again with a header row."


def open_csv(text: str) -> tuple[Iterator[list[str]] | None, list[str], str | None]:
    """(the rows after the header, the header's cells lower-cased, None), or
    (None, [], what is wrong with the file). Reading the rows may still raise
    `csv.Error` part-way: the caller says `BROKEN_CSV` then."""
    text = text.lstrip("\ufeff")  # Excel's byte-order mark
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        header = [column.strip().lower() for column in next(reader)]
    except StopIteration:
        return None, [], EMPTY_CSV
    except csv.Error:
        return None, [], BROKEN_CSV
    return reader, header, None
