"""Server-made charts for the PDF reports and the web pages: numbers and labels in, markup out.

Each chart is an SVG, or for the charts with a label per row an HTML block holding
the labels as text beside the SVG plot (``chart_parts.rows_figure``). No JavaScript
ever reaches WeasyPrint, and the same chart renders identically in a browser. Every
label is escaped (a rep's name is user input), sizes are in user units with a viewBox
so the chart scales to its container, and each chart carries a <title> and <desc> for
screen readers.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from assess.core.i18n import gettext as _
from assess.core.reports.chart_parts import (
    GROUP_COLORS,
    GROUP_LABELS,
    INK,
    MUTED,
    NEUTRAL,
    PLOT_PAD,
    VERDICT_COLORS,
    BandZone,
    axis_ticks,
    band_color,
    clip_label,
    plot_svg,
    rows_figure,
    svg_document,
)


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
    no_data = _("not enough data")
    for index, (_x, score, band) in enumerate(rows):
        middle = top + index * row_height + row_height / 2
        if score is None:
            scores.append(
                f"<text x='4' y='{middle + 4:.1f}' font-size='10' fill='{MUTED}' "
                f"font-style='italic' font-weight='400'>{escape(no_data)}</text>"
            )
            continue
        bar = plot_width * max(0.0, min(100.0, score)) / 100
        body.append(
            f"<rect x='0' y='{middle - bar_height / 2:.1f}' width='{bar:.1f}' "
            f"height='{bar_height:.1f}' rx='2' fill='{band_color(band)}'/>"
        )
        scores.append(f"<text x='{bar + 5:.1f}' y='{middle + 4:.1f}'>{score:.0f}</text>")
    body.append(f"<g font-size='11' fill='{INK}' font-weight='600'>{''.join(scores)}</g>")
    body.append(axis_ticks(0, plot_width, top, top + row_height * len(rows), False))
    desc = "; ".join(
        f"{label}: {no_data if score is None else f'{score:.0f}'}" for label, score, _band in rows
    )
    return rows_figure(
        plot_svg(svg_width, height, title, desc, body),
        [label for label, _x, _x in rows],
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
    connect: tuple[str, ...] = ("self", "buyers"),
    row_height: float = 24.0,
) -> str:
    """A dot plot per row: where each group puts the rep (0–100). HTML: labels + SVG.

    A line joins the `connect` groups (self and buyers by default) from the lowest to
    the highest, so its length is the perception gap — or, for the three groups of the
    alignment survey, the widest gap among them. `groups` is (key, legend label,
    colour) per group; the default is self, manager and buyers.
    """
    if groups is None:
        groups = [(key, _(GROUP_LABELS[key]), color) for key, color in GROUP_COLORS.items()]
    label_width, right_pad, top = 210.0, 20.0, 34.0
    plot_width = width - label_width - right_pad
    svg_width = width - label_width
    first_row = top + 10 - row_height / 2
    height = top + row_height * len(rows) + 26
    body = []
    legend_x = 0.0
    for _x, label, color in groups:
        body.append(
            f"<circle cx='{legend_x + 5:.1f}' cy='12' r='5' fill='{color}'/>"
            f"<text x='{legend_x + 14:.1f}' y='16' font-size='10' fill='{INK}'>"
            f"{escape(clip_label(label, 20))}</text>"
        )
        legend_x += 22 + 6 * min(len(label), 20)
    stripes = [
        f"M-{PLOT_PAD:.0f} {first_row + index * row_height:.1f}h{svg_width + PLOT_PAD:.0f}"
        f"v{row_height:.1f}h-{svg_width + PLOT_PAD:.0f}z"
        for index in range(0, len(rows), 2)
    ]
    if stripes:
        body.append(f"<path fill='#f6f7f9' d='{''.join(stripes)}'/>")
    body.append(axis_ticks(0, plot_width, top - 4, top + row_height * len(rows), True))

    def x_of(score: float) -> float:
        return plot_width * max(0.0, min(100.0, score)) / 100

    for index, (_x, scores) in enumerate(rows):
        y = top + index * row_height + 10
        joined = [scores[key] for key in connect if scores.get(key) is not None]
        if len(joined) > 2:  # three groups: the lowest to the highest
            joined = [min(joined), max(joined)]
        if len(joined) == 2:  # two: from the first to the second (its direction is the sign)
            body.append(
                f"<line x1='{x_of(joined[0]):.1f}' y1='{y:.1f}' x2='{x_of(joined[1]):.1f}' "
                f"y2='{y:.1f}' stroke='{MUTED}' stroke-width='2' stroke-opacity='0.6'/>"
            )
        for group, _x, color in groups:
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
    return rows_figure(
        plot_svg(svg_width, height, title, desc, body),
        [label for label, _x in rows],
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
    before_word, now_word = escape(_("before")), escape(_("now"))
    body = [
        "<circle cx='5' cy='10' r='4.5' fill='#ffffff' "
        f"stroke='{MUTED}' stroke-width='1.5'/>"
        f"<text x='14' y='14' font-size='10' fill='{INK}'>{before_word}</text>"
        f"<circle cx='75' cy='10' r='5' fill='{INK}'/>"
        f"<text x='84' y='14' font-size='10' fill='{INK}'>{now_word}</text>",
        axis_ticks(0, plot_width, top - 4, top + row_height * len(rows), True),
    ]

    def x_of(score: float) -> float:
        return plot_width * max(0.0, min(100.0, score)) / 100

    numbers = []
    for index, (_x, before, now, band) in enumerate(rows):
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
        for label, before, now, _x in rows
    )
    return rows_figure(
        plot_svg(svg_width, height, title, desc, body),
        [label for label, _x, _x, _x in rows],
        first_row=first_row,
        row_height=row_height,
        label_width=label_width - PLOT_PAD,
        right=numbers,
        right_width=right_pad - 12,
    )


def verdict_strip(
    counts: Sequence[tuple[str | None, str, int]], *, title: str = "Verdicts", width: float = 640
) -> str:
    """One stacked bar: how many reps got each verdict. (verdict id, label, count).

    The bar carries the counts; the labels sit in a legend under it, whole, because a
    one-rep segment of a twelve-rep team is too narrow to hold "Not enough evidence"."""
    shown = [(verdict, label, count) for verdict, label, count in counts if count]
    total = sum(count for _x, _x, count in shown) or 1
    x = 0.0
    body = []
    for verdict, _x, count in shown:
        segment = width * count / total
        body.append(
            f"<rect x='{x:.1f}' y='0' width='{segment:.1f}' height='30' "
            f"fill='{VERDICT_COLORS.get(verdict, NEUTRAL)}'/>"
            f"<text x='{x + 4:.1f}' y='20' font-size='12' font-weight='700' fill='{INK}'>"
            f"{count if segment >= 14 else ''}</text>"
        )
        x += segment
    legend_x, legend_y = 0.0, 48.0
    for verdict, label, count in shown:
        text = f"{label} {count}"
        item = 18 + 6.2 * len(text)
        if legend_x and legend_x + item > width:
            legend_x, legend_y = 0.0, legend_y + 18
        body.append(
            f"<rect x='{legend_x:.1f}' y='{legend_y - 9:.1f}' width='10' height='10' "
            f"fill='{VERDICT_COLORS.get(verdict, NEUTRAL)}'/>"
            f"<text x='{legend_x + 14:.1f}' y='{legend_y:.1f}' font-size='10' fill='{INK}'>"
            f"{escape(text)}</text>"
        )
        legend_x += item + 12
    desc = ", ".join(f"{label}: {count}" for _x, label, count in counts)
    return svg_document(width, legend_y + 8, title, desc, body)
