"""Report templates: a standalone Jinja2 environment over ``assess/core/reports/templates/``.

No Flask: the worker renders reports without an app, and so do the tests and the
benchmark. Autoescaping is on for every template, so names and comments are always
text; the only markup passed in unescaped is the SVG from ``assess.core.reports.charts``,
which escapes its own labels, and it is wrapped in ``Markup`` in exactly one place
(``chart``).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from assess.core.i18n import format_date, gettext, install
from assess.core.reports.chart_parts import NEUTRAL, VERDICT_COLORS, band_color
from assess.core.reports.wording import number, signed

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
STYLESHEET = Path(__file__).resolve().parent / "print.css"


def chart(svg: str) -> Markup:
    """Mark a chart's SVG as safe: charts escape every label they draw."""
    return Markup(svg)  # noqa: S704 - built by assess.core.reports.charts, labels escaped there


@cache
def environment() -> Environment:
    """The reports' Jinja2 environment (built once per process)."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    install(env)  # the report's words in the language in force (assess.core.i18n)
    env.filters["long_date"] = format_date
    env.filters["num"] = number
    env.filters["signed"] = signed
    env.globals["chart"] = chart
    env.globals["band_color"] = band_color
    env.globals["verdict_color"] = lambda verdict: VERDICT_COLORS.get(verdict, NEUTRAL)
    return env


def render(template: str, **context) -> str:
    """Render ``templates/<template>`` beside this module with `context`."""
    return environment().get_template(template).render(**context)


@cache
def stylesheet() -> str:
    """The print CSS (read once per process)."""
    return STYLESHEET.read_text(encoding="utf-8")


#: The page number in the print CSS's footer, as written in English.
PAGE_NUMBER = 'content: "Page " counter(page) " of " counter(pages);'
_COUNTERS = re.compile(r"%\((page|pages)\)s")


def page_number_content(words: str) -> str:
    """A message such as "Página %(page)s de %(pages)s" as a CSS ``content`` value:
    its words quoted, its placeholders the page counters."""
    parts = []
    for index, piece in enumerate(_COUNTERS.split(words)):
        if index % 2:
            parts.append(f"counter({piece})")
        elif piece:
            parts.append('"' + piece.replace("\\", "\\\\").replace('"', '\\"') + '"')
    return "content: " + " ".join(parts) + ";"


def localized_stylesheet() -> str:
    """The print CSS with the page numbers in the language in force ("Page 2 of 6",
    "Página 2 de 6"); the English stylesheet unchanged."""
    css = stylesheet()
    # the words with their placeholders kept, to become the page counters
    words = gettext("Page %(page)s of %(pages)s", page="%(page)s", pages="%(pages)s")
    if words == "Page %(page)s of %(pages)s":
        return css
    return css.replace(PAGE_NUMBER, page_number_content(words))
