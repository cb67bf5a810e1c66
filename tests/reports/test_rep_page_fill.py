"""No page of a rep's report is nearly empty: no page holding one heading, the last row
of a table or a couple of stray lines because a forced page break followed a page that
ran a little long. Measured from the PDF: how far down each page its text reaches."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from pypdf import PdfReader

from assess.demo.samples import demo_rep_inputs
from assess.services import report_pdfs

MM = 72 / 25.4
#: The text area of an A4 page inside print.css's margins (PDF points, from the bottom).
TOP, BOTTOM = 842 - 21 * MM, 18 * MM
#: Every page is filled at least this far down.
LEAST_FILL = 0.25


def page_fills(pdf: bytes) -> list[float]:
    """For each page, the share of the text area its text reaches down to (running
    header and footer, which sit in the margins, left out)."""
    fills = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        heights: list[float] = []

        def visit(text, cm, tm, font, size, heights=heights):
            if text.strip():
                heights.append(tm[5] * cm[3] + cm[5])

        page.extract_text(visitor_text=visit)
        body = [y for y in heights if BOTTOM + 2 < y < TOP - 2]
        fills.append((TOP - min(body)) / (TOP - BOTTOM) if body else 0.0)
    return fills


@pytest.mark.parametrize(
    ("archetype", "reader", "buyers"),
    [
        ("pushy", "rep", None),
        ("pushy", "manager", None),
        ("faker", "rep", None),
        ("newcomer", "manager", None),
        ("improver", "rep", None),
        ("trusted", "manager", None),
        ("trusted", "rep", {"customer": 2}),  # too few buyers: a short closing section
    ],
)
def test_no_page_of_a_rep_report_is_nearly_empty(banks, archetype, reader, buyers):
    inputs = replace(
        demo_rep_inputs(archetype=archetype, buyers=buyers, banks=banks), reader=reader
    )
    fills = page_fills(report_pdfs.rep_report_pdf(inputs))
    assert len(fills) > 1
    assert min(fills) >= LEAST_FILL, [round(fill, 2) for fill in fills]
