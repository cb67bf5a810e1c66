"""Charts: pure, escaped, and drawn from the numbers given.

Charts with a label per row are an HTML block (labels as text) around an SVG plot; the
others are a bare SVG. Both are well-formed XML, so they are read back here as XML.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from assess.core.reports import charts
from assess.core.reports.chart_parts import BandZone

HOSTILE = "<script>alert(1)</script>&"
SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output


def texts(markup: str) -> list[str]:
    """Every text the chart shows: SVG text nodes and the HTML rows' text."""
    root = parse(markup)
    shown = [node.text or "" for node in root.iter(f"{SVG}text")]
    shown += [
        "".join(node.itertext()) for node in root.iter("div") if not list(node.iter("div"))[1:]
    ]
    return shown


def svg_of(markup: str) -> ET.Element:
    root = parse(markup)
    return root if root.tag == f"{SVG}svg" else root.find(f"{SVG}svg")


def test_every_chart_escapes_its_labels():
    zones = [BandZone("gap", HOSTILE, 0, 50), BandZone("strength", "S", 50, 100)]
    made = [
        charts.competency_bars([(HOSTILE, 40.0, "gap")], zones, title=HOSTILE),
        charts.gap_chart([(HOSTILE, {"self": 90.0, "buyers": 20.0})], title=HOSTILE),
        charts.trend_chart([(HOSTILE, 30.0, 45.0, "gap")], title=HOSTILE),
        charts.verdict_strip([("ready", HOSTILE, 3)], title=HOSTILE),
    ]
    for markup in made:
        assert "<script" not in markup
        root = parse(markup)  # well-formed XML despite the label
        assert not list(root.iter("script")) and not list(root.iter(f"{SVG}script"))
        assert any(text.startswith("<script>") for text in texts(markup))
        assert svg_of(markup).find(f"{SVG}title").text == HOSTILE


def test_trend_chart_change_is_the_difference_of_the_whole_numbers_shown():
    svg = charts.trend_chart([("Listening", 44.6, 45.4, "gap"), ("Discovery", 50.0, 41.0, "gap")])
    shown = texts(svg)
    assert "45 → 45 ±0" in shown  # not "+1" from 0.8 rounded
    assert "50 → 41 −9" in shown


def test_gap_chart_draws_the_gap_line_between_the_connected_groups():
    svg = charts.gap_chart([("Listening", {"self": 100.0, "buyers": 0.0, "manager": None})])
    lines = [
        node
        for node in svg_of(svg).iter(f"{SVG}line")
        if node.get("y1") == node.get("y2") and node.get("x1") != node.get("x2")
    ]
    assert len(lines) == 1
    assert float(lines[0].get("x2")) - float(lines[0].get("x1")) < 0  # buyers left of self


def test_row_labels_are_text_beside_the_plot_one_per_row_in_order():
    rows = [("Listening", 40.0, "gap"), ("Discovery", None, None), ("Follow-up", 90.0, "strength")]
    zones = [BandZone("gap", "Gap", 0, 50), BandZone("strength", "S", 50, 100)]
    markup = charts.competency_bars(rows, zones, row_height=21)
    labels = parse(markup).find("div[@class='chart-labels']")
    assert [div.text for div in labels] == ["Listening", "Discovery", "Follow-up"]
    assert "line-height:21px" in labels.get("style")  # one row of text per plotted row
    plot = svg_of(markup)
    assert not any(node.text == "Listening" for node in plot.iter(f"{SVG}text"))
    assert "not enough data" in texts(markup) and "90" in texts(markup)
    # The plot is drawn at its own size (one unit per CSS px) so the rows line up.
    assert plot.get("viewBox") == f"0 0 {plot.get('width')} {plot.get('height')}"


def test_a_long_label_is_clipped_not_wrapped_into_the_next_row():
    markup = charts.gap_chart([("x" * 80, {"self": 50.0, "buyers": 40.0})])
    (label,) = parse(markup).find("div[@class='chart-labels']")
    assert len(label.text) == 34 and label.text.endswith("…")
