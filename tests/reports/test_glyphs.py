"""Every character the reports print has ink on the page.

The shipped Inter subset maps "†" to a glyph that draws nothing: the team map's
manager-only marker was in the PDF's text but invisible on paper. So each non-ASCII
character of the sample reports is rendered alone, in each weight the stylesheet uses,
rasterized with poppler, and must darken some pixels.
"""

from __future__ import annotations

import subprocess

from PIL import Image

from assess.core.reports.render import stylesheet
from assess.core.reports.team_sections import MANAGER_ONLY
from assess.platform.pdf import render_pdf

WEIGHTS = (400, 600, 700)


def printed_characters(*pdfs) -> list[str]:
    return sorted({c for pdf in pdfs for c in pdf.text if ord(c) > 126 and not c.isspace()})


def has_ink(character: str, weight: int, workdir) -> bool:
    """Whether `character`, set between two white digits (text runs in Inter, as in
    the reports' cells), darkens any pixel."""
    html = (
        f'<html><body><p style="font-weight: {weight}; font-size: 60pt">'
        f'<span style="color: white">7</span>{character}<span style="color: white">7</span>'
        "</p></body></html>"
    )
    pdf = workdir / f"{ord(character)}-{weight}.pdf"
    pdf.write_bytes(render_pdf(html, stylesheet()))  # the reports' own stylesheet
    subprocess.run(
        ["pdftoppm", "-r", "40", "-gray", "-png", str(pdf), str(pdf.with_suffix(""))], check=True
    )
    with Image.open(next(workdir.glob(f"{ord(character)}-{weight}*.png"))) as image:
        return image.convert("L").getextrema()[0] < 128


def test_the_reports_marks_and_symbols_are_visible(pushy_pdf, team_pdf, tmp_path):
    characters = sorted({*printed_characters(pushy_pdf, team_pdf), MANAGER_ONLY})
    assert "→" in characters and "·" in characters  # the check sees the report's symbols
    invisible = [
        (character, weight)
        for character in characters
        for weight in WEIGHTS
        if not has_ink(character, weight, tmp_path)
    ]
    assert invisible == []
