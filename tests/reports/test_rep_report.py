"""The rep coaching report, read back from the PDF."""

from __future__ import annotations

from dataclasses import replace

import pytest

from assess.core.scoring import score_rep
from assess.demo.samples import demo_rep_inputs
from assess.services import report_pdfs
from tests.reports.conftest import HOSTILE_NAMES, PdfText, live_tags, with_rep_payload

A4 = (595, 842)
ALLOWED_TAGS = {
    "html", "head", "meta", "title", "body", "header", "footer", "section", "article",
    "h1", "h2", "h3", "p", "span", "strong", "ul", "ol", "li", "table", "thead", "tbody",
    "tr", "th", "td", "figure", "blockquote", "div", "svg", "rect", "text", "line",
    "circle", "desc", "g", "path", "b",
}  # fmt: skip


def whole(score):
    return f"{score:.0f}"


def test_page_one_gives_the_verdict_the_evidence_and_three_things(pushy_inputs, pushy_pdf):
    first = pushy_pdf.pages[0]
    payload = pushy_inputs.rep_payload
    assert payload["verdict"]["verdict"] == "trust_risk"
    assert "Pete Lindqvist" in first
    assert "Trust risk" in first
    # the verdict said to the rep, and the red flag's rule: never "3 of 3"; the rubric's
    # reason is the owner's words, kept for the manager's copy
    assert "You are a trust risk today" in first
    assert "Referred buyers say the rep pushed them to decide" not in pushy_pdf.text
    flag = payload["red_flags"][0]
    assert flag["matched"] == flag["out_of"] == 3
    # the referrals' flag rests on one question each: it cannot decide the verdict
    # alone, so page one rests the verdict on the scores, never on "3 of 3"
    assert (
        "Transparency: rated low by buyers and your manager together, and by your buyers on "
        "their own (the Gap band)."
    ) in " ".join(first.split())
    assert "raised by at least 2 referred buyers" not in " ".join(first.split())
    assert " of 3 referred" not in " ".join(first.split())
    assert "to work on first" in first
    view = report_pdfs.rep_view(pushy_inputs)
    assert len(view["focus"]) == 3
    for item in view["focus"]:
        assert item["name"] in first
    # the worst blind spot (buyer_first: self far above buyers) comes first
    assert view["focus"][0]["id"] == "buyer_first"


def test_headline_numbers_are_the_scoring_output(pushy_inputs, pushy_pdf):
    overall = pushy_inputs.rep_payload["overall"]
    first = pushy_pdf.flat()
    for label, group in (("SCORE", "combined"), ("SELF", "self"), ("MANAGER", "manager")):
        assert f"{label} {whole(overall[group]['score'])} " in first
    assert f"BUYERS {whole(overall['buyers']['score'])} " in first
    # one score, and it is the others': the self-rating sits beside it, not in it
    assert "own rating, not in the score" in first and "all raters" not in first


def test_every_competency_shows_its_score_and_band_and_no_owner_words(
    pushy_inputs, pushy_pdf, banks
):
    """Scores and bands for all — every band the 90 % interval reaches, as page one
    names them ("Gap or Developing") —; coaching only where the rep works first (page
    one), and the owner's sentences ("Expect complaints…") in the rep's report nowhere."""
    text = pushy_pdf.flat()
    owners = {c.id: (b, c) for b in banks.values() if not b.mirrors for c in b.rubric.competencies}
    for entry in pushy_inputs.rep_payload["competencies"]:
        name = entry["name"]["en"]
        bank, competency = owners[entry["id"]]
        low, high = entry["combined"]["interval"]
        spanned = [
            bank.text(band.label)
            for band in bank.rubric.bands
            if low < band.max and high >= band.min
        ]
        band = spanned[0] if len(spanned) == 1 else f"{', '.join(spanned[:-1])} or {spanned[-1]}"
        assert f"{name} " in text
        assert f"{whole(entry['score'])} {band}" in text, name
        coaching = competency.coaching_for(entry["band"])
        for owner_words in (coaching.owner_blunt, coaching.owner_diplomatic):
            sentence = bank.text(owner_words).replace("{rep}", "Pete Lindqvist")
            assert sentence[:40] not in text, name
        assert bank.text(coaching.exercise)[:50].replace("\n", " ") not in text


def test_rep_report_has_four_to_eight_a4_pages_and_three_charts(pushy_inputs, pushy_pdf):
    assert 4 <= pushy_pdf.count <= 8
    assert set(pushy_pdf.sizes) == {A4}
    html = report_pdfs.rep_report_html(pushy_inputs)
    assert html.count("<svg") >= 3


def test_blind_spots_are_listed_biggest_first(pushy_inputs):
    view = report_pdfs.rep_view(pushy_inputs)
    gaps = [abs(row["gap"]) for row in view["perception"]]
    assert gaps == sorted(gaps, reverse=True)
    assert view["perception"][0]["kind"] == "blind_spot"


def test_trend_shows_before_now_and_change_per_competency(pushy_inputs, pushy_pdf):
    before = {c["id"]: c["score"] for c in pushy_inputs.previous_rep_payload["competencies"]}
    text = pushy_pdf.flat()
    assert "Since Autumn 2025" in text
    for entry in pushy_inputs.rep_payload["competencies"]:
        old, now = round(before[entry["id"]]), round(entry["score"])
        change = now - old
        shown = "±0" if change == 0 else (f"+{change}" if change > 0 else f"−{-change}")
        assert f"{old} → {now} {shown}" in text, entry["id"]


def test_no_trend_section_without_a_previous_round(banks):
    pdf = PdfText(report_pdfs.rep_report_pdf(demo_rep_inputs(banks=banks, previous=False)))
    assert "Since " not in pdf.text
    assert 4 <= pdf.count <= 10


def test_buyer_comments_are_absent_below_the_anonymity_minimum(banks):
    inputs = demo_rep_inputs(banks=banks, buyers={"referral": 2}, previous=False)
    assert inputs.rep_payload["buyers"]["shown"] is False
    # even if a comment reached the payload, the report must not print it
    inputs = with_rep_payload(inputs, buyer_comments=["SECRET-BUYER-REMARK about pricing"])
    pdf = PdfText(report_pdfs.rep_report_pdf(inputs))
    assert "SECRET-BUYER-REMARK" not in pdf.text
    assert (
        "Fewer than 3 buyers answered, so their answers are not shown: at least 3 are "
        "needed to keep each of them anonymous." in pdf.flat()
    )
    assert "2 buyers" not in pdf.flat() and "2 referred" not in pdf.flat()


def test_buyer_comments_are_shown_at_the_anonymity_minimum(banks):
    inputs = demo_rep_inputs(banks=banks, buyers={"referral": 3}, previous=False)
    assert inputs.rep_payload["buyers"]["shown"] is True
    inputs = with_rep_payload(inputs, buyer_comments=["VISIBLE-BUYER-REMARK about pricing"])
    pdf = PdfText(report_pdfs.rep_report_pdf(inputs))
    assert "VISIBLE-BUYER-REMARK about pricing" in pdf.text
    assert "at least 3 are needed" not in pdf.flat()


def test_red_flag_evidence_is_the_rule_never_how_many_or_who(pushy_inputs, pushy_pdf):
    flag = pushy_inputs.rep_payload["red_flags"][0]
    text = pushy_pdf.flat()
    assert flag["label"]["en"].rstrip(".") in text
    assert "Raised by at least 2 referred buyers;" in text
    assert "too few answers to decide a verdict alone" in text
    assert f"{flag['matched']} of {flag['out_of']}" not in text
    assert "referral-0" not in text  # response ids never reach the report


def test_response_quality_note_only_when_a_response_was_flagged(banks):
    faker = PdfText(report_pdfs.rep_report_pdf(demo_rep_inputs(archetype="faker", banks=banks)))
    trusted = PdfText(report_pdfs.rep_report_pdf(demo_rep_inputs(archetype="trusted", banks=banks)))
    assert "Read with care" in faker.text
    assert "Read it with care; it is not in the score and gives no perception gap." in faker.flat()
    assert "Read with care" not in trusted.text


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_hostile_names_render_as_text_never_as_markup(banks, name):
    inputs = demo_rep_inputs(banks=banks, name=name, previous=False)
    html = report_pdfs.rep_report_html(inputs)
    assert live_tags(html) <= ALLOWED_TAGS
    assert "<script" not in html and "<img" not in html and "<link" not in html
    pdf = PdfText(report_pdfs.rep_report_pdf(inputs))
    assert pdf.has(name)  # shown as the characters the user typed


def test_a_5000_character_comment_wraps_and_keeps_the_page_count_bounded(banks):
    comment = "unbroken" + "x" * 4990 + "END"
    inputs = with_rep_payload(
        demo_rep_inputs(banks=banks), buyer_comments=[comment], manager_comments=[comment]
    )
    pdf = PdfText(report_pdfs.rep_report_pdf(inputs))
    assert 4 <= pdf.count <= 10
    assert set(pdf.sizes) == {A4}
    # wrapped onto many lines, none wider than a page of text
    assert max(len(line) for line in pdf.text.splitlines()) < 200
    joined = "".join(pdf.text.split())
    assert joined.count("unbrokenxxxx") == 2 and joined.count("xxxxEND") == 2
    assert joined.count("x") >= 2 * 4990  # nothing cut off


def test_a_5000_character_name_is_clipped_and_does_not_break_the_layout(banks):
    pdf = PdfText(
        report_pdfs.rep_report_pdf(demo_rep_inputs(banks=banks, name="Q" * 5000, previous=False))
    )
    assert 4 <= pdf.count <= 10
    assert max(len(line) for line in pdf.text.splitlines()) < 200
    assert "Q" * 79 + "…" in "".join(pdf.text.split())


def test_tone_changes_words_but_never_numbers(pushy_inputs, pushy_pdf):
    diplomatic = PdfText(report_pdfs.rep_report_pdf(replace(pushy_inputs, tone="diplomatic")))
    assert diplomatic.text != pushy_pdf.text
    assert "buyers do not feel safe with you yet" in pushy_pdf.text
    assert "buyers do not feel safe with you yet" not in diplomatic.text
    assert sorted(diplomatic.numbers()) == sorted(pushy_pdf.numbers())


def test_an_unknown_tone_is_refused(pushy_inputs):
    with pytest.raises(ValueError, match="tone must be one of"):
        report_pdfs.rep_view(replace(pushy_inputs, tone="shouty"))


def test_progress_is_reported_up_to_100(pushy_inputs):
    seen = []
    report_pdfs.rep_report_pdf(pushy_inputs, progress=seen.append)
    assert seen == sorted(seen) and seen[-1] == 100


def test_every_score_shows_its_interval_and_a_change_says_if_it_is_beyond_noise(
    pushy_inputs, pushy_pdf
):
    text = pushy_pdf.flat()  # the rep's copy: the interval in plain words
    manager = PdfText(report_pdfs.rep_report_pdf(replace(pushy_inputs, reader="manager"))).flat()
    for entry in pushy_inputs.rep_payload["competencies"]:
        if entry["combined"].get("interval"):
            low, high = entry["combined"]["interval"]
            assert f"most likely {whole(low)} to {whole(high)}" in text, entry["id"]
            assert f"90 % interval {whole(low)}–{whole(high)}" in manager, entry["id"]
    assert "90 % interval" not in text
    view = report_pdfs.rep_view(pushy_inputs)
    before = {e["id"]: e["combined"] for e in pushy_inputs.previous_rep_payload["competencies"]}
    for row in view["trend"]["rows"]:
        old, now = (
            before[row["id"]],
            next(
                e["combined"]
                for e in pushy_inputs.rep_payload["competencies"]
                if e["id"] == row["id"]
            ),
        )
        if old.get("se") is None or now.get("se") is None:
            continue
        # by hand: beyond 1.645 standard errors of the difference, or within noise
        spread = (old["se"] ** 2 + now["se"] ** 2) ** 0.5
        expected = (
            "improved" if now["score"] - old["score"] > 1.6449 * spread
            else "slipped" if now["score"] - old["score"] < -1.6449 * spread
            else "steady"
        )  # fmt: skip
        assert row["moved"] == expected, row["id"]
    assert "Changes beyond noise" in text or "beyond the noise of the measurement" in text


def test_identical_buyer_comments_are_shown_once(pushy_inputs):
    """Three copies of "Pushy." beside a flag "raised by at least 2" would count them."""
    payload = dict(pushy_inputs.rep_payload)
    payload["buyer_comments"] = ["Pushy.", "Pushy.", "Pushy.", "Clear."]
    view = report_pdfs.rep_view(replace(pushy_inputs, rep_payload=payload))
    assert view["buyers"]["comments"] == ["Pushy.", "Clear."]


def test_every_score_carries_the_raters_and_answers_behind_it(pushy_inputs, pushy_pdf):
    text = pushy_pdf.flat()
    for entry in pushy_inputs.rep_payload["competencies"]:
        buyers, manager = entry["groups"]["buyers"], entry["groups"]["manager"]
        if buyers["status"] == "ok":
            n = f"{buyers['raters']} buyers, {buyers['answers']} answer"
            assert f"Buyers {whole(buyers['score'])} ({n}" in text, entry["id"]
        if manager["status"] == "ok":
            assert f"Manager {whole(manager['score'])} ({manager['answers']} answer" in text


def test_a_previous_verdict_left_open_is_named_borderline_not_unassessed(pushy_inputs):
    previous = {
        **pushy_inputs.rep_payload,
        "verdict": {"verdict": None, "missing": [], "between": ["coach", "ready"]},
    }
    trend = report_pdfs.rep_view(replace(pushy_inputs, previous_rep_payload=previous))["trend"]
    assert trend["verdict_before"] == "Borderline"
    missing = {**previous, "verdict": {"verdict": None, "missing": [{"what": "manager"}]}}
    trend = report_pdfs.rep_view(replace(pushy_inputs, previous_rep_payload=missing))["trend"]
    assert trend["verdict_before"] == "Not enough evidence yet"


def test_every_blind_spot_is_listed_none_called_smaller(pushy_inputs, pushy_pdf):
    gaps = [g for g in pushy_inputs.rep_payload["gaps"] if g["kind"] != "aligned"]
    assert len(gaps) > 5  # more than the five rows the table used to stop at
    assert len(report_pdfs.rep_view(pushy_inputs)["perception"]) == len(gaps)
    assert pushy_pdf.flat().count("Blind spot") >= sum(g["kind"] == "blind_spot" for g in gaps)
    assert "smaller perception gaps" not in pushy_pdf.flat()


@pytest.mark.parametrize("archetype", ["trusted", "pushy", "faker", "newcomer"])
def test_the_things_to_work_on_first_are_never_strengths(banks, archetype):
    inputs = demo_rep_inputs(archetype=archetype, banks=banks)
    view = report_pdfs.rep_view(inputs)
    assert all(item["band"] != "strength" for item in view["focus"]), view["focus"]
    page_one = " ".join(PdfText(report_pdfs.rep_report_pdf(inputs)).pages[0].split())
    section = page_one.split("to work on first", 1)[1]
    for item in view["focus"]:
        assert f"{item['name']} {item['band_label']}" in section
    if archetype == "trusted":  # every competency a Strength: nothing invented to fix
        assert view["focus"] == []
        assert "Every competency with a score is in the Strength band" in section
    if archetype == "newcomer":  # has Strengths, and they are not among the three
        strengths = {c["id"] for c in view["competencies"] if c["band"] == "strength"}
        assert strengths and not strengths & {item["id"] for item in view["focus"]}


def test_below_the_minimum_no_referral_share_is_printed(banks):
    inputs = demo_rep_inputs(archetype="trusted", buyers={"customer": 2}, banks=banks)
    assert inputs.rep_payload["buyers"]["referral"] is None
    text = PdfText(report_pdfs.rep_report_pdf(inputs)).flat()
    assert "would recommend" not in text


def test_forced_choices_that_contradict_the_ratings_are_noted_on_page_one(pushy_inputs):
    profile = {"scores": {}, "blocks": 4, "agreement": -0.6, "disagrees": True}
    inputs = with_rep_payload(pushy_inputs, forced_choice=profile)
    page_one = " ".join(PdfText(report_pdfs.rep_report_pdf(inputs)).pages[0].split())
    assert "Forced choices and ratings disagree." in page_one
    # the statistic is in the manager's copy; the rep's says it in words
    manager = PdfText(report_pdfs.rep_report_pdf(replace(inputs, reader="manager"))).pages[0]
    assert "(rank correlation -0.60)" in " ".join(manager.split()).replace("\u2212", "-")
    agreeing = with_rep_payload(pushy_inputs, forced_choice={**profile, "disagrees": False})
    text = PdfText(report_pdfs.rep_report_pdf(agreeing)).flat()
    assert "Forced choices and ratings disagree" not in text


def test_two_forced_choice_blocks_say_nothing_about_faking(pushy_inputs):
    """A snapshot scored before the block minimum still says "disagrees" from the
    shipped banks' two blocks: the report no longer prints a warning it cannot back."""
    profile = {"scores": {}, "blocks": 2, "agreement": -0.6, "disagrees": True}
    inputs = with_rep_payload(pushy_inputs, forced_choice=profile)
    text = PdfText(report_pdfs.rep_report_pdf(inputs)).flat()
    assert "Forced choices and ratings disagree" not in text
    assert "rank correlation" not in text


def test_a_competency_buyers_are_not_asked_about_says_why_not_too_few_buyers(banks):
    inputs = demo_rep_inputs(archetype="trusted", banks=banks)
    text = PdfText(report_pdfs.rep_report_pdf(inputs)).flat()
    reason = banks["buyer_feedback"].text(
        banks["buyer_feedback"].not_asked_reason("marketing_partnership")
    )
    assert "From your manager's review only. " + " ".join(reason.split()) in text
    assert "too few buyers answered to say how buyers see" not in text  # six buyers did


def test_a_rep_nobody_answered_about_gets_one_page_that_says_so(pushy_inputs, banks):
    """No empty charts and no competency pages of dashes: one page, and why."""

    nobody = score_rep(banks, [], rep_name="Nadia Quiet").to_dict()
    inputs = replace(pushy_inputs, rep_payload=nobody, previous_rep_payload=None)
    pdf = PdfText(report_pdfs.rep_report_pdf(inputs))
    assert len(pdf.pages) == 1
    first = " ".join(pdf.pages[0].split())
    assert "Nobody has answered about you yet" in first
    assert "Not enough evidence yet" in first
    assert "Where you stand" not in pdf.text


def test_page_one_names_each_band_once_and_counts_flags_over_all_own_surveys(pushy_inputs):
    """Three rules counting the gap band read as one line; two flagged self-surveys
    read as one sentence with the total, in words ("3 statements", never "(s)")."""
    count = {"test": "band_count", "band": "gap", "borderline": True}
    verdict = {
        "verdict": None,
        "between": ["trust_risk", "coach"],
        "by_bank": [
            {
                "bank_id": "trustworthiness",
                "status": "borderline",
                "facts": [
                    {**count, "competencies": ["listening", "discovery"], "at_least": 3},
                    {**count, "competencies": ["discovery", "follow_up"], "at_least": 2},
                ],
            }
        ],
    }
    flag = {"code": "social_desirability", "message": "old words"}
    quality = [
        {"rater_role": "self", "flags": [{**flag, "detail": {"items": ["a"]}}]},
        {"rater_role": "self", "flags": [{**flag, "detail": {"items": ["b", "c"]}}]},
    ]
    inputs = with_rep_payload(pushy_inputs, verdict=verdict, quality=quality)
    first = " ".join(PdfText(report_pdfs.rep_report_pdf(inputs)).pages[0].split())
    assert first.count("Could be in the gap band") == 1
    assert "a rule counts" not in first
    assert "Agreed with 3 statements almost nobody can honestly agree with." in first
    assert "(s)" not in first and "old words" not in first
