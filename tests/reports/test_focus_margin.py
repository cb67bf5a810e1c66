"""The psychologist's review, read back from the rep report: a focus area only where
the score's 90 % interval is clear of the Strength band."""

from __future__ import annotations

import copy
import re
from dataclasses import replace

from assess.core.reports.wording import number
from assess.demo.samples import demo_rep_inputs
from assess.services import report_pdfs
from tests.reports.conftest import PdfText, with_rep_payload


def focus_names(view_or_pdf: PdfText) -> str:
    text = view_or_pdf.flat()
    start = text.index("to work on first")
    return text[text.rindex(".", 0, start) + 1 : text.index("Where you stand")]


def test_a_score_that_may_be_a_strength_is_no_focus_area(banks):
    """The newcomer: one clear Gap, and several Developing scores whose 90 % interval
    reaches the Strength band. Only the Gap is a focus area; page one says why the
    others are not, and calls the list one thing, not three."""
    inputs = demo_rep_inputs(archetype="newcomer", banks=banks)
    view = report_pdfs.rep_view(inputs)
    focus = focus_names(PdfText(report_pdfs.rep_report_pdf(inputs)))
    assert [item["band"] for item in view["focus"]] == ["gap"]
    assert "One thing to work on first" in focus
    left_out = [
        entry
        for entry in view["competencies"]
        if entry["band"] == "developing" and entry["score"] is not None
    ]
    assert left_out
    assert "Not chosen as a focus area:" in focus and "may be in the Strength band" in focus
    named = [entry for entry in left_out if entry["name"] in focus]
    more = re.search(r"and (\d+) others?\.", focus)  # a long list names the first few
    assert len(named) + (int(more.group(1)) if more else 0) == len(left_out)
    for entry in left_out:
        assert not re.search(rf"\d\. ?{re.escape(entry['name'])}", focus)


def test_three_clear_focus_areas_need_no_note(pushy_inputs):
    """The pushy rep has three clear Gaps: the list is full, so nothing is said about
    the scores left out (they would not have been chosen either way)."""
    focus = focus_names(PdfText(report_pdfs.rep_report_pdf(pushy_inputs)))
    assert "Three things to work on first" in focus
    assert "Not chosen as a focus area" not in focus


def test_no_focus_area_rests_on_one_answer(pushy_inputs):
    """The psychologist's Hannah: a competency scored from one manager answer (the
    other item "not seen") is no focus area, and page one says why."""
    payload = copy.deepcopy(pushy_inputs.rep_payload)
    view = report_pdfs.rep_view(pushy_inputs)
    names = {c["id"]: c["name"]["en"] for c in payload["competencies"]}
    # keep one focus area and make it rest on a single answer; lift the others clear
    first = view["focus"][0]["id"]
    for entry in payload["competencies"]:
        if entry["id"] == first:
            entry["combined"]["answers"] = 1
        elif entry["score"] is not None and entry["id"] != first:
            entry.update(score=90.0, band="strength")
            entry["combined"].update(score=90.0, band="strength", interval=[85.0, 95.0])
    pdf = PdfText(report_pdfs.rep_report_pdf(with_rep_payload(pushy_inputs, **payload)))
    focus = focus_names(pdf)
    assert f"{names[first]}: it rests on one answer." in focus
    assert not re.search(rf"\d\. ?{re.escape(names[first])}", focus)


def test_a_change_only_the_manager_rated_says_so(pushy_inputs):
    """The psychologist's "42 → 75, a reliable improvement" on the manager alone: the
    report says whose view moved."""
    now = copy.deepcopy(pushy_inputs.rep_payload)
    before = copy.deepcopy(pushy_inputs.previous_rep_payload)
    names = {c["id"]: c["name"]["en"] for c in now["competencies"]}
    for payload, score in ((before, 30.0), (now, 80.0)):
        (entry,) = [c for c in payload["competencies"] if c["id"] == "qualifying"]
        entry["score"] = score
        entry["combined"].update(score=score, se=4.0, groups_used=["manager"])
    inputs = replace(with_rep_payload(pushy_inputs, **now), previous_rep_payload=before)
    text = PdfText(report_pdfs.rep_report_pdf(inputs)).flat()
    assert (
        f"{names['qualifying']} 30 → 80, a reliable improvement by your manager's review alone"
    ) in text


def edge_crossing(view):
    """The focus areas whose 90 % interval crosses an edge below the top band, with the
    labels of the two bands on either side, read from the rubric's bands."""
    found = []
    for item in view["focus"]:
        entry = next(c for c in view["competencies"] if c["id"] == item["id"])
        low, high = entry["interval"]
        if low < 50 <= high:  # the shipped rubrics: Gap below 50, Developing from 50
            found.append(item)
    return found


def test_a_focus_area_across_the_gap_developing_edge_states_no_band(banks):
    """The faker's focus areas lie clearly below Strength, and so are worth working
    on, but their intervals cross from Gap into Developing: page one says "Gap or
    Developing" in the neutral pill, never "Gap band"; the manager's guide adds that more
    answers will settle which, and whose words for a band the rubric's are. All three
    still fit on page one."""
    for reader in ("rep", "manager"):
        inputs = replace(demo_rep_inputs(archetype="faker", banks=banks), reader=reader)
        view = report_pdfs.rep_view(inputs)
        crossing = edge_crossing(view)
        assert crossing
        for item in view["focus"]:
            entry = next(c for c in view["competencies"] if c["id"] == item["id"])
            assert entry["interval"][1] < 75  # entirely below the Strength band
        html = report_pdfs.rep_report_html(inputs)
        pdf = PdfText(report_pdfs.rep_report_pdf(inputs))
        first = " ".join(pdf.pages[0].split())
        focus = focus_names(pdf)
        for item in crossing:
            assert item["band_label"] == "Gap or Developing"
            assert f"{item['name']} Gap or Developing {number(item['score'])} of 100." in first
            assert f"{item['name']} Gap or Developing" in focus
        for item in crossing:  # a settled Gap may say so; an unsettled one never
            assert f"{item['name']} Gap band" not in focus
        assert "(borderline)" not in focus
        pills = html.split('class="focus-list"', 1)[1].split("</ol>", 1)[0]
        assert pills.count('<span class="pill band-none">Gap or Developing</span>') == len(crossing)
        settled = [item for item in view["focus"] if item not in crossing]
        assert pills.count('class="pill band-gap"') == sum(
            item["band"] == "gap" for item in settled
        )
        if reader == "manager":
            guide = " ".join(pdf.pages[-1].split())
            for item in crossing:
                assert f"{item['name']} Gap or Developing" in guide
            for item in crossing:  # the rubric's words are those of the band the score is in
                assert (
                    "Gap or Developing — more answers will settle which. The rubric's words "
                    f"for the {item['band'].capitalize()} band, where the score is:"
                ) in guide


def test_a_focus_area_clear_of_every_edge_states_its_band(pushy_inputs):
    """The pushy rep's Gaps clear of the Developing band are each said to be in the Gap
    band, with no hedge (a red flag's competency comes first even when its interval
    crosses the edge: that one says "Gap or Developing", test_focus_order.py)."""
    view = report_pdfs.rep_view(pushy_inputs)
    settled = [item for item in view["focus"] if item not in edge_crossing(view)]
    assert settled
    focus = focus_names(PdfText(report_pdfs.rep_report_pdf(pushy_inputs)))
    for item in settled:
        assert item["band_label"] == "Gap" and item["band_settled"]
        assert f"{item['name']} Gap Gap band, {number(item['score'])} of 100." in focus
    assert "more answers will settle which" not in focus
