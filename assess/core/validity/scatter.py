"""A scatter chart of one competency's scores against one outcome, as inline SVG.

One dot per rep: the score (0–100) across, the outcome up from 0. No JavaScript and no
rep names — the owner reads the shape of the cloud, not who is where. Built with the
shared chart parts (palette, frame, title and description for screen readers), so it
looks like the reports' charts; every label is escaped.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

from assess.core.reports.chart_parts import GRID, INK, MUTED, axis_ticks, svg_document

DOT = "#2f6fd0"


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 or 10 times a power of ten at or above `value`
    (an axis that ends on a round number).

    Examples
    --------
    >>> [nice_ceiling(v) for v in (0, 0.8, 3, 41.5, 104.5, 45210)]
    [1.0, 1.0, 5.0, 50.0, 200.0, 50000.0]
    """
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= value - 1e-12 * power:
            return float(step * power)
    return float(10 * power)  # pragma: no cover - 10 × power always reaches value


def tick_text(value: float) -> str:
    """An axis number: grouped thousands, decimals only where needed.

    >>> tick_text(12500), tick_text(2.5), tick_text(0)
    ('12,500', '2.5', '0')
    """
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def scatter_chart(
    points: Sequence[tuple[float, float]],
    *,
    x_label: str,
    y_label: str,
    title: str,
    width: float = 560,
    height: float = 300,
) -> str:
    """The SVG of `points` (score, outcome), the score on a fixed 0–100 axis.

    Examples
    --------
    >>> svg = scatter_chart([(40, 10), (62.5, 30)], x_label="Listening",
    ...                     y_label="Win rate (%)", title="Listening and win rate")
    >>> svg.startswith("<svg"), svg.count("<circle"), "<title>Listening and win rate" in svg
    (True, 2, True)
    >>> "&lt;b&gt;" in scatter_chart([], x_label="<b>", y_label="y", title="t")
    True
    """
    left, right, top, bottom = 58.0, 16.0, 12.0, 44.0
    plot_width = width - left - right
    plot_height = height - top - bottom
    y_top = nice_ceiling(max((outcome for _, outcome in points), default=0.0))
    body = [
        f"<g transform='translate({left:.0f},0)'>",
        axis_ticks(0, plot_width, top, top + plot_height, True),
        "</g>",
    ]
    gridlines, numbers = [], []
    for step in range(5):
        value = y_top * step / 4
        y = top + plot_height * (1 - step / 4)
        gridlines.append(f"M{left:.1f} {y:.1f}H{left + plot_width:.1f}")
        numbers.append(f"<text x='{left - 6:.1f}' y='{y + 3:.1f}'>{tick_text(value)}</text>")
    body.append(f"<path stroke='{GRID}' d='{''.join(gridlines)}'/>")
    body.append(f"<g font-size='9' fill='{MUTED}' text-anchor='end'>{''.join(numbers)}</g>")
    dots = []
    for score, outcome in points:
        x = left + plot_width * max(0.0, min(100.0, score)) / 100
        y = top + plot_height * (1 - max(0.0, min(y_top, outcome)) / y_top)
        dots.append(f"<circle cx='{x:.1f}' cy='{y:.1f}' r='3.5'/>")
    body.append(f"<g fill='{DOT}' fill-opacity='0.6' stroke='{INK}' stroke-width='0.4'>")
    body.extend(dots)
    body.append("</g>")
    body.append(
        f"<text x='{left + plot_width / 2:.1f}' y='{height - 8:.1f}' font-size='11' "
        f"fill='{INK}' text-anchor='middle'>{escape(x_label)} (score, 0–100)</text>"
        f"<text transform='translate(14,{top + plot_height / 2:.1f}) rotate(-90)' "
        f"font-size='11' fill='{INK}' text-anchor='middle'>{escape(y_label)}</text>"
    )
    desc = (
        f"{len(points)} reps: {x_label} score across (0 to 100), "
        f"{y_label} up (0 to {tick_text(y_top)})."
    )
    return svg_document(width, height, title, desc, body)
