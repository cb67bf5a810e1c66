"""Every character the reports print has ink on the page, and an emoji is drawn as itself.

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
from assess.services import report_pdfs
from tests.reports.conftest import PdfText, with_rep_payload

WEIGHTS = (400, 600, 700)


def printed_characters(*pdfs) -> list[str]:
    return sorted({c for pdf in pdfs for c in pdf.text if ord(c) > 126 and not c.isspace()})


def pixels(character: str, weight: int, workdir) -> bytes:
    """`character` set alone in the reports' stylesheet, rasterized (grey bytes)."""
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
        return image.convert("L").tobytes()


def has_ink(character: str, weight: int, workdir) -> bool:
    """Whether `character`, set between two white digits (text runs in Inter, as in
    the reports' cells), darkens any pixel."""
    return min(pixels(character, weight, workdir)) < 128


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


def test_an_emoji_a_buyer_typed_prints_as_itself_not_as_an_empty_box(pushy_inputs, tmp_path):
    comment = "Great call \N{PARTY POPPER} thanks \N{THUMBS UP SIGN}"
    pdf = report_pdfs.rep_report_pdf(with_rep_payload(pushy_inputs, buyer_comments=[comment]))
    assert PdfText(pdf).has(comment)
    (tmp_path / "rep.pdf").write_bytes(pdf)
    fonts = subprocess.run(
        ["pdffonts", str(tmp_path / "rep.pdf")], check=True, capture_output=True, text=True
    ).stdout
    assert "Noto-Emoji" in fonts
    # the box a character without a glyph gets (a private-use code point has none)
    empty_box = pixels("\ue000", 400, tmp_path)
    for emoji in ("\N{PARTY POPPER}", "\N{THUMBS UP SIGN}", "\N{ROCKET}"):
        assert pixels(emoji, 400, tmp_path) != empty_box, emoji
