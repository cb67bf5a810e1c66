"""Build the two PDF reports: view-model → HTML (Jinja2) → PDF (WeasyPrint).

Public API (used by the report job, the `report` command, the tests and the benchmark)::

    report_pdf(inputs, progress=None) -> bytes  (either kind)
    rep_report_pdf(inputs, progress=None) -> bytes
    team_report_pdf(inputs, progress=None) -> bytes
    rep_report_html(inputs) -> str;  team_report_html(inputs, progress=None) -> str
    rep_view(inputs) -> dict;  team_view(inputs) -> dict

``progress`` is an optional callable taking an int from 0 to 100. Everything but the
final WeasyPrint call is pure: inputs in, text out.

A report is written in ``inputs.locale``: its words through the message catalogues
(the caller's, when it speaks that language already: the report job wraps rendering
in ``speaking_locale(settings.catalogs, …)``; the shipped ones otherwise), the banks'
texts read in that language too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from assess.core.i18n import Catalogs, current_locale, speaking_locale
from assess.core.reports.inputs import ReportInputs
from assess.core.reports.pulse_report import pulse_view
from assess.core.reports.render import localized_stylesheet, render
from assess.core.reports.rep_report import rep_view
from assess.core.reports.team_report import team_report_html, team_view
from assess.platform.pdf import render_pdf

Progress = Callable[[int], None] | None

__all__ = [
    "pulse_report_html",
    "pulse_report_pdf",
    "report_pdf",
    "rep_report_html",
    "rep_report_pdf",
    "rep_view",
    "team_report_html",
    "team_report_pdf",
    "team_view",
]


def _tell(progress: Progress, value: int) -> None:
    if progress is not None:
        progress(value)


@contextmanager
def speaking_report_language(inputs: ReportInputs) -> Iterator[None]:
    """Speak the report's language (``inputs.locale``) inside the block, unless the
    caller speaks it already."""
    if current_locale() == inputs.locale:
        yield
        return
    with speaking_locale(Catalogs(), inputs.locale):
        yield


def rep_report_html(inputs: ReportInputs) -> str:
    """The rep coaching report as one HTML document."""
    with speaking_report_language(inputs):
        return render("rep_report.html", **rep_view(inputs))


def _one_step_pdf(html: str, progress: Progress) -> bytes:
    """`html` (made in one step) as PDF bytes: 30 once it is made, 100 when printed."""
    _tell(progress, 30)
    pdf = render_pdf(html, localized_stylesheet())
    _tell(progress, 100)
    return pdf


def rep_report_pdf(inputs: ReportInputs, progress: Progress = None) -> bytes:
    """The rep coaching report as PDF bytes (4–8 A4 pages)."""
    with speaking_report_language(inputs):
        return _one_step_pdf(rep_report_html(inputs), progress)


def pulse_report_html(inputs: ReportInputs) -> str:
    """The one-page pulse report as one HTML document."""
    return render("pulse_report.html", **pulse_view(inputs))


def pulse_report_pdf(inputs: ReportInputs, progress: Progress = None) -> bytes:
    """The one-page pulse report as PDF bytes."""
    return _one_step_pdf(pulse_report_html(inputs), progress)


def team_report_pdf(inputs: ReportInputs, progress: Progress = None) -> bytes:
    """The owner's team-readiness report as PDF bytes.

    Progress: 15 after the view-model, up to 50 while reps are rendered into HTML in
    chunks, 55 before WeasyPrint, 100 when the PDF is made.
    """
    html = team_report_html(inputs, progress=progress)
    _tell(progress, 55)
    pdf = render_pdf(html, localized_stylesheet())
    _tell(progress, 100)
    return pdf


def report_pdf(inputs: ReportInputs, progress: Progress = None) -> bytes:
    """The report `inputs` describes (a rep's or the team's) as PDF bytes."""
    _tell(progress, 10)
    with speaking_report_language(inputs):
        if inputs.kind == "rep":
            return rep_report_pdf(inputs, progress=progress)
        if inputs.kind == "pulse":
            return pulse_report_pdf(inputs, progress=progress)
        return team_report_pdf(inputs, progress=progress)
