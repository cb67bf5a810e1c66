"""URL converters: an id in a URL that no database row can have answers 404, not 500.

Werkzeug's `int` accepts any number of digits, and SQLite (64-bit) or PostgreSQL
(32-bit `integer` columns) then fails on a value that does not fit. Our ids are 32-bit
integers on both, so anything larger cannot name a row.
"""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import IntegerConverter

LARGEST_ID = 2**31 - 1


class RowId(IntegerConverter):
    """`<int:...>` as Werkzeug reads it, up to the largest id a row can have."""

    def __init__(self, map, fixed_digits=0, min=None, max=LARGEST_ID, signed=False):  # noqa: A002
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def init_converters(app: Flask) -> None:
    """Install before any route is registered (routes bind their converter then)."""
    app.url_map.converters["int"] = RowId
