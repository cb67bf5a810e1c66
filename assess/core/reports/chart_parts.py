"""What every chart is drawn with: the palette, the SVG frame, the 0–100 axis, row labels.

Kept apart from ``charts`` so each chart reads as its own geometry, while the rules
they all share live once: colours mean something, labels are escaped, and the charts
with a label per row set those labels as HTML beside the plot (see ``rows_figure``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from assess.core.i18n import N_
from assess.core.reports.fonts import FONT_STACK

# Colour means something: the band (red-ish gap, amber developing, green strength),
# the verdict, or who is speaking (self, manager, buyers). Nothing is decorative.
BAND_COLORS = {
    "gap": "#e07a5f",
    "developing": "#f2c45a",
    "strength": "#5aa77a",
    "weak": "#e07a5f",
    "aligned": "#5aa77a",
    "strong": "#5aa77a",
}
NEUTRAL = "#c9ced6"
INK = "#1d2430"
MUTED = "#5b6575"
GRID = "#e3e6eb"
GROUP_COLORS = {"self": "#2f6fd0", "manager": "#7a5bb5", "buyers": "#d9822b"}
#: The gap chart's legend (N_: translated where drawn).
GROUP_LABELS = {"self": N_("Self"), "manager": N_("Manager"), "buyers": N_("Buyers")}
VERDICT_COLORS = {
    "ready": "#3f8f63",
    "coach": "#d9a21b",
    "trust_risk": "#c8453a",
    "not_a_fit": "#7d8590",
    "borderline": "#b9a5d6",
    "not_assessed": "#d5d9df",
    None: "#d5d9df",
}
FONT = f"font-family='{FONT_STACK.replace(chr(34), '')}'"

#: Room left of a plot's 0 so the axis number under it is not cut in half.
PLOT_PAD = 8.0


@dataclass(frozen=True)
class BandZone:
    """One rubric band as a chart shades it: ``min`` to ``max`` on the 0–100 axis."""

    id: str
    label: str
    min: float
    max: float


def band_color(band: str | None) -> str:
    """The band's colour; grey for no band (not enough data)."""
    return BAND_COLORS.get(band or "", NEUTRAL)


def clip_label(text: str, limit: int) -> str:
    """`text` cut to `limit` characters with an ellipsis, so a long name keeps its row."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def svg_document(width: float, height: float, title: str, desc: str, body: list[str]) -> str:
    """A standalone SVG with a viewBox (it scales to its box) and a title and
    description for screen readers."""
    return (
        f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width:.0f} {height:.0f}' "
        f"width='{width:.0f}' height='{height:.0f}' role='img' {FONT}>"
        f"<title>{escape(title)}</title><desc>{escape(desc)}</desc>" + "".join(body) + "</svg>"
    )


def plot_svg(width: float, height: float, title: str, desc: str, body: list[str]) -> str:
    """An SVG ``PLOT_PAD`` wider than ``width``, its drawing moved right by the pad."""
    moved = [f"<g transform='translate({PLOT_PAD:.0f},0)'>", *body, "</g>"]
    return svg_document(width + PLOT_PAD, height, title, desc, moved)


def axis_ticks(x0: float, plot_width: float, y_top: float, y_bottom: float, grid: bool) -> str:
    """The 0–100 axis: numbers under the plot, and grid lines when ``grid``."""
    lines, numbers = [], []
    for tick in (0, 25, 50, 75, 100):
        x = x0 + plot_width * tick / 100
        if grid:
            lines.append(f"M{x:.1f} {y_top:.1f}V{y_bottom:.1f}")
        numbers.append(f"<text x='{x:.1f}' y='{y_bottom + 14:.1f}'>{tick}</text>")
    path = f"<path stroke='{GRID}' d='{''.join(lines)}'/>" if grid else ""
    return path + f"<g font-size='9' fill='{MUTED}' text-anchor='middle'>{''.join(numbers)}</g>"


def rows_figure(
    svg: str,
    labels: Sequence[str],
    *,
    first_row: float,
    row_height: float,
    label_width: float,
    stripes: bool = False,
    right: Sequence[tuple[str, str]] | None = None,
    right_width: float = 0.0,
) -> str:
    """The plot ``svg`` with its row labels as HTML text beside it, row for row.

    Why not SVG text: WeasyPrint lays out SVG text one letter at a time, so a chart's
    labels cost far more than the same words set as HTML (the rep report's three charts
    spent ~40 % of its render time on them). The SVG is shown at its own size (one user
    unit per CSS pixel), so row ``n``'s label box, ``first_row + n * row_height`` from
    the top, lines up with the row the plot draws there. ``right`` adds a column of short
    texts after the plot (the trend chart's numbers). Every label is escaped.
    """

    def cell(text: str | tuple[str, str]) -> str:
        if isinstance(text, tuple):  # (plain, emphasised)
            return f"<span>{escape(text[0])}</span> <b>{escape(text[1])}</b>"
        return escape(text)

    def column(texts: Sequence, kind: str, width: float) -> str:
        # One text line per row: the row height is the column's (inherited) line height.
        rows = "".join(
            f"<div class='odd'>{cell(text)}</div>"
            if stripes and index % 2 == 0
            else f"<div>{cell(text)}</div>"
            for index, text in enumerate(texts)
        )
        return (
            f"<div class='chart-{kind}' aria-hidden='true' style='width:{width:.0f}px;"
            f"padding-top:{first_row:.1f}px;line-height:{row_height:.0f}px'>{rows}</div>"
        )

    parts = [column([clip_label(label, 34) for label in labels], "labels", label_width), svg]
    if right is not None:
        parts.append(column(right, "values", right_width))
    return f"<div class='chart-rows'>{''.join(parts)}</div>"
