"""Report fixtures: real scoring output (no database), rendered once per session.

Payloads come from ``assess.demo.samples``, which runs synthetic answers through
the pure scoring engine; PDFs are read back with pypdf.
"""

from __future__ import annotations

import io
import re
from dataclasses import replace
from html.parser import HTMLParser

import pytest
from pypdf import PdfReader

from assess.demo.samples import demo_rep_inputs, demo_team_inputs
from assess.services import report_pdfs
from assess.services.bank_versions import shipped_banks

HOSTILE_NAMES = (
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(2)">',
    '<img src="file:///etc/passwd"><link href="http://127.0.0.1:9/x">',  # ≤ 80 characters
)


class PdfText:
    """A PDF read back: its pages' text, and the page count."""

    def __init__(self, pdf: bytes):
        assert pdf.startswith(b"%PDF-")
        reader = PdfReader(io.BytesIO(pdf))
        self.pages = [page.extract_text() or "" for page in reader.pages]
        self.sizes = [
            (round(float(page.mediabox.width)), round(float(page.mediabox.height)))
            for page in reader.pages
        ]
        self.text = "\n".join(self.pages)

    @property
    def count(self) -> int:
        return len(self.pages)

    def flat(self) -> str:
        """All text with whitespace collapsed (lines wrap anywhere)."""
        return re.sub(r"\s+", " ", self.text)

    def has(self, needle: str) -> bool:
        """Whether `needle` is in the text, ignoring whitespace (wrapped lines,
        a name broken anywhere to fit its column)."""
        return "".join(needle.split()) in "".join(self.text.split())

    def numbers(self) -> list[str]:
        """Every number in reading order, page furniture left out: the page numbers, and
        the running header and footer lines every page repeats (so a report one page
        longer does not have one more "2026")."""
        lines = [line for page in self.pages for line in set(page.splitlines())]
        # furniture is on (nearly) every page; two equal lines of content that a page
        # break happens to split are not
        most = max(2, len(self.pages) - 1)
        repeated = {line for line in lines if len(self.pages) > 1 and lines.count(line) >= most}
        text = "\n".join(
            line for page in self.pages for line in page.splitlines() if line not in repeated
        )
        text = re.sub(r"Page \d+ of \d+", "", text)
        return re.findall(r"[+−-]?\d+", text)


class TagCollector(HTMLParser):
    """The element names a browser (or WeasyPrint) would build from the HTML."""

    def __init__(self):
        super().__init__()
        self.tags: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)


def live_tags(html: str) -> set[str]:
    collector = TagCollector()
    collector.feed(html)
    return collector.tags


@pytest.fixture(scope="session")
def banks():
    return shipped_banks()


@pytest.fixture(scope="session")
def pushy_inputs(banks):
    """The pushy rep: blind spots, a trust red flag, a previous round."""
    return demo_rep_inputs(banks=banks)


@pytest.fixture(scope="session")
def pushy_pdf(pushy_inputs):
    return PdfText(report_pdfs.rep_report_pdf(pushy_inputs))


@pytest.fixture(scope="session")
def team_inputs(banks):
    """Twelve reps (trusted closer, pushy rep, faker, newcomer, improver, …) with an
    alignment survey and a previous round."""
    return demo_team_inputs(12, banks=banks)


@pytest.fixture(scope="session")
def team_pdf(team_inputs):
    return PdfText(report_pdfs.team_report_pdf(team_inputs))


def with_rep_payload(inputs, **changes):
    """`inputs` with keys of the rep payload replaced (a shallow copy)."""
    payload = dict(inputs.rep_payload)
    payload.update(changes)
    return replace(inputs, rep_payload=payload)
