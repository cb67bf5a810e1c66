"""Server-made SVG charts for the PDF reports and the web pages.

Pure functions: numbers and labels in, markup out: an SVG, or for the charts with a
label per row an HTML block holding the labels as text beside the SVG plot (see
``_rows_figure``). No JavaScript ever reaches
WeasyPrint, and the same chart renders identically in a browser. Every label is
escaped (a rep's name is user input), sizes are in user units with a viewBox so the
chart scales to its container, and each chart carries a <title> and <desc> for screen
readers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

# Colour means something: the band (red-ish gap, amber developing, green strength),
# the verdict, or who is speaking (self, manager, buyers). Nothing is decorative.
BAND_COLORS = {
    "gap": "#e07a5f",
    "developing": "#f2c45a",
    "strength": "#5aa77a",
    "misaligned": "#e07a5f",
    "aligned": "#5aa77a",
}
NEUTRAL = "#c9ced6"
INK = "#1d2430"
MUTED = "#5b6575"
GRID = "#e3e6eb"
GROUP_COLORS = {"self": "#2f6fd0", "manager": "#7a5bb5", "buyers": "#d9822b"}
GROUP_LABELS = {"self": "Self", "manager": "Manager", "buyers": "Buyers"}
VERDICT_COLORS = {
    "ready": "#3f8f63",
    "coach": "#d9a21b",
    "trust_risk": "#c8453a",
    "not_a_fit": "#7d8590",
    "not_assessed": "#d5d9df",
    None: "#d5d9df",
}
FONT = "font-family='Inter, DejaVu Sans, sans-serif'"


@dataclass(frozen=True)
class BandZone:
    id: str
    label: str
    min: float
    max: float


def band_color(band: str | None) -> str:
    return BAND_COLORS.get(band or "", NEUTRAL)


def _svg(width: float, height: float, title: str, desc: str, body: list[str]) -> str:
    return (
        f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width:.0f} {height:.0f}' "
        f"width='{width:.0f}' height='{height:.0f}' role='img' {FONT}>"
        f"<title>{escape(title)}</title><desc>{escape(desc)}</desc>" + "".join(body) + "</svg>"
    )


#: Room left of a plot's 0 so the axis number under it is not cut in half.
PLOT_PAD = 8.0


def _plot_svg(width: float, height: float, title: str, desc: str, body: list[str]) -> str:
    """An SVG ``PLOT_PAD`` wider than ``width``, its drawing moved right by the pad."""
    moved = [f"<g transform='translate({PLOT_PAD:.0f},0)'>", *body, "</g>"]
    return _svg(width + PLOT_PAD, height, title, desc, moved)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _rows_figure(
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

    parts = [column([_clip(label, 34) for label in labels], "labels", label_width), svg]
    if right is not None:
        parts.append(column(right, "values", right_width))
    return f"<div class='chart-rows'>{''.join(parts)}</div>"


def _ticks(x0: float, plot_width: float, y_top: float, y_bottom: float, grid: bool) -> str:
    """The 0–100 axis: numbers under the plot, and grid lines when ``grid``."""
    lines, numbers = [], []
    for tick in (0, 25, 50, 75, 100):
        x = x0 + plot_width * tick / 100
        if grid:
            lines.append(f"M{x:.1f} {y_top:.1f}V{y_bottom:.1f}")
        numbers.append(f"<text x='{x:.1f}' y='{y_bottom + 14:.1f}'>{tick}</text>")
    path = f"<path stroke='{GRID}' d='{''.join(lines)}'/>" if grid else ""
    return path + f"<g font-size='9' fill='{MUTED}' text-anchor='middle'>{''.join(numbers)}</g>"


def competency_bars(
    rows: Sequence[tuple[str, float | None, str | None]],
    bands: Sequence[BandZone],
    *,
    title: str = "Competency scores",
    width: float = 640,
    row_height: float = 26.0,
) -> str:
    """Horizontal bars on a 0–100 axis over shaded band zones (HTML: labels + SVG plot).

    Parameters
    ----------
    rows:
        (label, score or None for "not enough data", band id) per competency.
    bands:
        The zones to shade behind the bars, ascending.
    """
    label_width, right_pad, top = 210.0, 46.0, 28.0
    plot_width = width - label_width - right_pad
    svg_width = width - label_width
    height = top + row_height * len(rows) + 24
    bar_height = min(15.0, row_height - 7)
    body = []
    for band in bands:
        x = plot_width * band.min / 100
        zone_width = plot_width * (band.max - band.min) / 100
        body.append(
            f"<rect x='{x:.1f}' y='{top - 6:.1f}' width='{zone_width:.1f}' "
            f"height='{row_height * len(rows) + 6:.1f}' fill='{band_color(band.id)}' "
            "fill-opacity='0.13'/>"
            f"<text x='{x + zone_width / 2:.1f}' y='{top - 12:.1f}' font-size='10' "
            f"fill='{MUTED}' text-anchor='middle'>{escape(band.label)}</text>"
        )
    scores = []
    for index, (_, score, band) in enumerate(rows):
        middle = top + index * row_height + row_height / 2
        if score is None:
            scores.append(
                f"<text x='4' y='{middle + 4:.1f}' font-size='10' fill='{MUTED}' "
                "font-style='italic' font-weight='400'>not enough data</text>"
            )
            continue
        bar = plot_width * max(0.0, min(100.0, score)) / 100
        body.append(
            f"<rect x='0' y='{middle - bar_height / 2:.1f}' width='{bar:.1f}' "
            f"height='{bar_height:.1f}' rx='2' fill='{band_color(band)}'/>"
        )
        scores.append(f"<text x='{bar + 5:.1f}' y='{middle + 4:.1f}'>{score:.0f}</text>")
    body.append(f"<g font-size='11' fill='{INK}' font-weight='600'>{''.join(scores)}</g>")
    body.append(_ticks(0, plot_width, top, top + row_height * len(rows), False))
    desc = "; ".join(
        f"{label}: {'not enough data' if score is None else f'{score:.0f}'}"
        for label, score, _ in rows
    )
    return _rows_figure(
        _plot_svg(svg_width, height, title, desc, body),
        [label for label, _, _ in rows],
        first_row=top,
        row_height=row_height,
        label_width=label_width - PLOT_PAD,
    )


def gap_chart(
    rows: Sequence[tuple[str, dict[str, float | None]]],
    *,
    title: str = "Self versus buyers and manager",
    width: float = 640,
    groups: Sequence[tuple[str, str, str]] | None = None,
    connect: tuple[str, str] = ("self", "buyers"),
    row_height: float = 24.0,
) -> str:
    """A dot plot per row: where each group puts the rep (0–100). HTML: labels + SVG.

    A line joins the two `connect` groups (self and buyers by default), so its length
    is the perception gap. `groups` is (key, legend label, colour) per group; the
    default is self, manager and buyers. The same chart shows the sales and marketing
    sides of the alignment survey.
    """
    if groups is None:
        groups = [(key, GROUP_LABELS[key], color) for key, color in GROUP_COLORS.items()]
    label_width, right_pad, top = 210.0, 20.0, 34.0
    plot_width = width - label_width - right_pad
    svg_width = width - label_width
    first_row = top + 10 - row_height / 2
    height = top + row_height * len(rows) + 26
    body = []
    legend_x = 0.0
    for _, label, color in groups:
        body.append(
            f"<circle cx='{legend_x + 5:.1f}' cy='12' r='5' fill='{color}'/>"
            f"<text x='{legend_x + 14:.1f}' y='16' font-size='10' fill='{INK}'>"
            f"{escape(_clip(label, 20))}</text>"
        )
        legend_x += 22 + 6 * min(len(label), 20)
    stripes = [
        f"M-{PLOT_PAD:.0f} {first_row + index * row_height:.1f}h{svg_width + PLOT_PAD:.0f}"
        f"v{row_height:.1f}h-{svg_width + PLOT_PAD:.0f}z"
        for index in range(0, len(rows), 2)
    ]
    if stripes:
        body.append(f"<path fill='#f6f7f9' d='{''.join(stripes)}'/>")
    body.append(_ticks(0, plot_width, top - 4, top + row_height * len(rows), True))

    def x_of(score: float) -> float:
        return plot_width * max(0.0, min(100.0, score)) / 100

    first, second = connect
    for index, (_, scores) in enumerate(rows):
        y = top + index * row_height + 10
        one, other = scores.get(first), scores.get(second)
        if one is not None and other is not None:
            body.append(
                f"<line x1='{x_of(one):.1f}' y1='{y:.1f}' x2='{x_of(other):.1f}' "
                f"y2='{y:.1f}' stroke='{MUTED}' stroke-width='2' stroke-opacity='0.6'/>"
            )
        for group, _, color in groups:
            score = scores.get(group)
            if score is not None:
                body.append(
                    f"<circle cx='{x_of(score):.1f}' cy='{y:.1f}' r='5.5' fill='{color}' "
                    "stroke='#ffffff' stroke-width='1.2'/>"
                )
    desc = "; ".join(
        label + ": " + ", ".join(f"{g} {s:.0f}" for g, s in scores.items() if s is not None)
        for label, scores in rows
    )
    return _rows_figure(
        _plot_svg(svg_width, height, title, desc, body),
        [label for label, _ in rows],
        first_row=first_row,
        row_height=row_height,
        label_width=label_width - PLOT_PAD,
        stripes=True,
    )


def trend_chart(
    rows: Sequence[tuple[str, float | None, float | None, str | None]],
    *,
    title: str = "Change since the previous round",
    width: float = 640,
) -> str:
    """Before → now per row: a hollow dot for the previous round, a filled dot (in the
    band colour of now) for this one, and an arrow between them; the numbers beside.

    Parameters
    ----------
    rows:
        (label, score before or None, score now or None, band now) per competency.
    """
    label_width, right_pad, row_height, top = 210.0, 96.0, 22.0, 26.0
    plot_width = width - label_width - right_pad
    svg_width = plot_width + 12
    first_row = top + 9 - row_height / 2
    height = top + row_height * len(rows) + 24
    body = [
        "<circle cx='5' cy='10' r='4.5' fill='#ffffff' "
        f"stroke='{MUTED}' stroke-width='1.5'/>"
        f"<text x='14' y='14' font-size='10' fill='{INK}'>before</text>"
        f"<circle cx='75' cy='10' r='5' fill='{INK}'/>"
        f"<text x='84' y='14' font-size='10' fill='{INK}'>now</text>",
        _ticks(0, plot_width, top - 4, top + row_height * len(rows), True),
    ]

    def x_of(score: float) -> float:
        return plot_width * max(0.0, min(100.0, score)) / 100

    numbers = []
    for index, (_, before, now, band) in enumerate(rows):
        y = top + index * row_height + 9
        if before is not None and now is not None and abs(now - before) >= 1:
            body.append(
                f"<line x1='{x_of(before):.1f}' y1='{y:.1f}' x2='{x_of(now):.1f}' "
                f"y2='{y:.1f}' stroke='{MUTED}' stroke-width='2'/>"
            )
        if before is not None:
            body.append(
                f"<circle cx='{x_of(before):.1f}' cy='{y:.1f}' r='4.5' fill='#ffffff' "
                f"stroke='{MUTED}' stroke-width='1.5'/>"
            )
        if now is not None:
            body.append(
                f"<circle cx='{x_of(now):.1f}' cy='{y:.1f}' r='5.5' fill='{band_color(band)}' "
                f"stroke='{INK}' stroke-width='0.8'/>"
            )
        # Whole numbers, and the change between the whole numbers shown, so the
        # reader's arithmetic always agrees with the chart's.
        shown_before = "–" if before is None else f"{round(before)}"
        shown_now = "–" if now is None else f"{round(now)}"
        shown = ""
        if before is not None and now is not None:
            change = round(now) - round(before)
            shown = "±0" if change == 0 else (f"+{change}" if change > 0 else f"−{-change}")
        numbers.append((f"{shown_before} → {shown_now}", shown))
    desc = "; ".join(
        f"{label}: {'–' if before is None else f'{before:.0f}'} to "
        f"{'–' if now is None else f'{now:.0f}'}"
        for label, before, now, _ in rows
    )
    return _rows_figure(
        _plot_svg(svg_width, height, title, desc, body),
        [label for label, _, _, _ in rows],
        first_row=first_row,
        row_height=row_height,
        label_width=label_width - PLOT_PAD,
        right=numbers,
        right_width=right_pad - 12,
    )


def heat_map(
    columns: Sequence[str],
    rows: Sequence[tuple[str, Sequence[tuple[float | None, str | None]]]],
    *,
    title: str = "Competencies by rep",
    cell_width: float = 44,
) -> str:
    """Reps down, competencies across; each cell shows the score in its band's colour.

    Built to stay cheap for hundreds of reps: the cells of one colour are a single
    path, the numbers share their style through one group, and coordinates are whole
    numbers, so a renderer parses and draws far fewer nodes than one rect per cell.
    Missing scores are a pale cell with a dash.
    """
    label_width, header_height, row_height = 150, 96, 20
    cell = int(cell_width)
    width = label_width + cell * len(columns) + 4
    height = header_height + row_height * len(rows) + 4
    body = []
    for index, column in enumerate(columns):
        x = label_width + index * cell + cell // 2
        body.append(
            f"<text transform='translate({x},{header_height - 6}) rotate(-50)' "
            f"font-size='9' fill='{INK}'>{escape(_clip(column, 22))}</text>"
        )
    shapes: dict[str, list[str]] = {}
    labels, numbers = [], []
    for row_index, (label, cells) in enumerate(rows):
        y = header_height + row_index * row_height
        labels.append(f"<text x='{label_width - 6}' y='{y + 14}'>{escape(_clip(label, 24))}</text>")
        for column_index, (score, band) in enumerate(cells):
            x = label_width + column_index * cell
            color = band_color(band) if score is not None else "#eceef2"
            shapes.setdefault(color, []).append(
                f"M{x + 1} {y + 1}h{cell - 2}v{row_height - 2}h-{cell - 2}z"
            )
            shown = "–" if score is None else f"{score:.0f}"
            numbers.append(f"<text x='{x + cell // 2}' y='{y + 14}'>{shown}</text>")
    for color, parts in sorted(shapes.items()):
        body.append(f"<path fill='{color}' d='{''.join(parts)}'/>")
    body.append(f"<g font-size='10' fill='{INK}' text-anchor='end'>{''.join(labels)}</g>")
    body.append(f"<g font-size='10' fill='{INK}' text-anchor='middle'>{''.join(numbers)}</g>")
    desc = f"{len(rows)} reps by {len(columns)} competencies"
    return _svg(width, height, title, desc, body)


def verdict_strip(
    counts: Sequence[tuple[str | None, str, int]], *, title: str = "Verdicts", width: float = 640
) -> str:
    """One stacked bar: how many reps got each verdict. (verdict id, label, count)."""
    total = sum(count for _, _, count in counts) or 1
    height, x = 58.0, 0.0
    body = []
    for verdict, label, count in counts:
        if not count:
            continue
        segment = width * count / total
        color = VERDICT_COLORS.get(verdict, NEUTRAL)
        body.append(
            f"<rect x='{x:.1f}' y='0' width='{segment:.1f}' height='30' fill='{color}'/>"
            f"<text x='{x + 4:.1f}' y='20' font-size='12' font-weight='700' fill='{INK}'>"
            f"{count}</text>"
            f"<text x='{x + 4:.1f}' y='47' font-size='10' fill='{INK}'>"
            f"{escape(_clip(label, max(4, int(segment / 6))))}</text>"
        )
        x += segment
    desc = ", ".join(f"{label}: {count}" for _, label, count in counts)
    return _svg(width, height, title, desc, body)
