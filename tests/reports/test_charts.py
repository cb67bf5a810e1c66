"""SVG charts: pure, escaped, and drawn from the numbers given."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from assess.reports import charts

HOSTILE = "<script>alert(1)</script>&"
SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output


def texts(svg: str) -> list[str]:
    return [node.text or "" for node in parse(svg).iter(f"{SVG}text")]


def test_every_chart_escapes_its_labels():
    zones = [charts.BandZone("gap", HOSTILE, 0, 50), charts.BandZone("strength", "S", 50, 100)]
    made = [
        charts.competency_bars([(HOSTILE, 40.0, "gap")], zones, title=HOSTILE),
        charts.gap_chart([(HOSTILE, {"self": 90.0, "buyers": 20.0})], title=HOSTILE),
        charts.trend_chart([(HOSTILE, 30.0, 45.0, "gap")], title=HOSTILE),
        charts.heat_map([HOSTILE], [(HOSTILE, [(50.0, "developing")])], title=HOSTILE),
        charts.verdict_strip([("ready", HOSTILE, 3)], title=HOSTILE),
    ]
    for svg in made:
        assert "<script" not in svg
        root = parse(svg)  # well-formed XML despite the label
        assert not list(root.iter("script")) and not list(root.iter(f"{SVG}script"))
        assert any(text.startswith("<script>") for text in texts(svg)) or HOSTILE in (
            root.find(f"{SVG}title").text
        )


def test_trend_chart_change_is_the_difference_of_the_whole_numbers_shown():
    svg = charts.trend_chart([("Listening", 44.6, 45.4, "gap"), ("Discovery", 50.0, 41.0, "gap")])
    shown = texts(svg)
    assert "45 → 45" in shown and "±0" in shown  # not "+1" from 0.8 rounded
    assert "50 → 41" in shown and "−9" in shown


def test_gap_chart_draws_the_gap_line_between_the_connected_groups():
    svg = charts.gap_chart([("Listening", {"self": 100.0, "buyers": 0.0, "manager": None})])
    lines = [
        node
        for node in parse(svg).iter(f"{SVG}line")
        if node.get("y1") == node.get("y2") and node.get("x1") != node.get("x2")
    ]
    assert len(lines) == 1
    assert float(lines[0].get("x2")) - float(lines[0].get("x1")) < 0  # buyers left of self


def test_heat_map_marks_missing_scores_and_grows_with_rows():
    small = charts.heat_map(["A", "B"], [("Rep", [(None, None), (80.0, "strength")])])
    assert "–" in texts(small) and "80" in texts(small)
    big = charts.heat_map(["A", "B"], [("Rep", [(1.0, "gap"), (2.0, "gap")])] * 40)
    assert float(parse(big).get("height")) > float(parse(small).get("height"))
