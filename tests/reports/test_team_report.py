"""The owner's team-readiness report, read back from the PDF."""

from __future__ import annotations

from dataclasses import replace

import pytest

from assess.core.reports.team_report import not_assessed_rows
from assess.core.reports.team_sections import coachability, competency_names, overall_changes
from assess.core.scoring import RaterResponse, score_rep
from assess.demo.samples import demo_team_inputs
from assess.services import report_pdfs
from tests.reports.conftest import HOSTILE_NAMES, PdfText, live_tags
from tests.reports.test_rep_report import ALLOWED_TAGS


def test_page_one_counts_verdicts_and_names_every_trust_risk(team_inputs, team_pdf):
    verdicts = team_inputs.team_payload["team"]["verdicts"]
    first = " ".join(team_pdf.pages[0].split())
    reps = team_inputs.team_payload["team"]["reps"]

    def are(count):
        return "is" if count == 1 else "are"

    risk = verdicts["trust_risk"]
    assert (
        f"Of {reps} reps, {verdicts['ready']} {are(verdicts['ready'])} ready, "
        f"{verdicts['coach']} {are(verdicts['coach'])} worth coaching, {risk} "
        f"{'is a trust risk' if risk == 1 else 'are trust risks'} and "
        f"{verdicts['not_a_fit']} {are(verdicts['not_a_fit'])} not a fit." in first
    )
    risks = [
        row["rep_name"]
        for row in team_inputs.team_payload["team"]["ranking"]
        if row["verdict"] == "trust_risk"
    ]
    assert "Pete Lindqvist" in risks
    for name in risks:
        assert name in first
    assert "Three decisions for this month" in first


def test_three_decisions_follow_the_rules(team_inputs):
    view = report_pdfs.team_view(team_inputs)
    rules = [decision["rule"] for decision in view["decisions"]]
    assert rules == ["trust_risk", "borderline", "shared_gap"]
    assert "Pete Lindqvist" in view["decisions"][0]["title"]
    on_the_line = [row["name"] for row in view["ranking"] if row["verdict"] == "borderline"]
    assert on_the_line and all(name in view["decisions"][1]["title"] for name in on_the_line[:6])
    assert view["shared_gap"]["name"] in view["decisions"][2]["title"]


def test_without_trust_risks_or_alignment_the_decisions_change(banks):
    inputs = demo_team_inputs(1, banks=banks, alignment=False, previous=False)  # Maria only
    view = report_pdfs.team_view(inputs)
    rules = [decision["rule"] for decision in view["decisions"]]
    assert "trust_risk" not in rules and "alignment" not in rules
    assert rules[:2] == ["shared_gap", "ready"] and len(rules) == 3
    pdf = PdfText(report_pdfs.team_report_pdf(inputs))
    assert "Maria Okafor" in pdf.pages[0]
    assert "Sales and marketing" not in pdf.text
    assert "Since " not in pdf.text


def test_ranking_lists_every_rep_with_the_scoring_numbers(team_inputs, team_pdf):
    text = team_pdf.flat()
    for row in team_inputs.team_payload["team"]["ranking"]:
        assert f"{row['rank']} {row['rep_name']} " in text
    ranking_page = next(page for page in team_pdf.pages if "Ranking" in page)
    lines = " ".join(ranking_page.split())
    for row in team_inputs.team_payload["team"]["ranking"]:
        if row["verdict"] is None:  # no verdict: unranked, and no overall to compare
            assert f"– {row['rep_name']} " in text
            continue
        assert f"{row['overall']:.0f}" in lines


def test_heat_map_and_competency_table_use_team_numbers(team_inputs, team_pdf):
    text = team_pdf.flat()
    team = team_inputs.team_payload["team"]
    for entry in team["competencies"]:
        # the spread is a standard deviation, shown as one ("SD 16"), never as "±16"
        assert team_pdf.has(f"{entry['name']['en']} {entry['mean']:.0f} ")
        assert f" {entry['stdev']:.0f} " in text
    assert "±" not in text.replace("±0", "")
    # the competency map: every rep's row carries their score on every competency
    html = report_pdfs.team_report_html(team_inputs)
    for entry in team["competencies"]:
        for score in entry["scores"].values():  # "*": the manager's score alone
            assert f'">{score:.0f}</td>' in html or f'">{score:.0f}*</td>' in html
    # buyers are not asked about accounts or marketing: the column says so, once
    assert "Growing existing accounts*</th>" in html and "Working with marketing*</th>" in html


def test_alignment_gaps_are_shown_when_that_bank_was_in_the_round(team_inputs, team_pdf):
    text = team_pdf.flat()
    result = team_inputs.team_payload["alignment"]["sales_marketing_alignment"]
    assert "Sales, marketing and delivery: where they disagree" in text
    assert any(area["disagreement"] for area in result["areas"])
    for area in result["areas"]:
        if area["sides"]["delivery"]["status"] != "not_asked":
            continue  # three groups: tests/reports/test_alignment_section.py
        sales, marketing = area["sides"]["sales"]["score"], area["sides"]["marketing"]["score"]
        assert f"{area['name']['en']}" in text
        row = f"{sales:.0f} {marketing:.0f} +{round(sales) - round(marketing)}"
        assert row in text
        if area["disagreement"]:  # two sides that disagree have no shared score or band
            assert f"{row} no shared score: the sides disagree" in text


def test_trend_against_the_previous_round(team_inputs, team_pdf):
    """Before and now are over the reps scored both times, and the change says whether
    it is beyond the noise of the measurement."""
    matched = team_inputs.team_payload["team"]["overall"]["matched_change"]
    before, now = round(matched["before"]), round(matched["now"])
    words = {"steady": "within noise", "improved": "improved beyond noise"}
    words["slipped"] = "slipped beyond noise"
    assert matched["n"] >= 2 and matched["moved"] in words
    assert f"Team average {before} → {now}" in team_pdf.flat()
    assert f"over the {matched['n']} reps scored both times: {words[matched['moved']]}" in (
        team_pdf.flat()
    )
    assert "Since Autumn 2025" in team_pdf.text


def test_tone_changes_words_but_never_numbers(team_inputs, team_pdf):
    diplomatic = PdfText(report_pdfs.team_report_pdf(replace(team_inputs, tone="diplomatic")))
    risks = [
        row["rep_name"]
        for row in team_inputs.team_payload["team"]["ranking"]
        if row["verdict"] == "trust_risk"
    ]
    assert f"Take {risks[0]}" in team_pdf.flat()
    assert f"Take {risks[0]}" not in diplomatic.flat()
    assert f"Pair {risks[0]}" in diplomatic.flat()
    assert sorted(diplomatic.numbers()) == sorted(team_pdf.numbers())


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_hostile_names_render_as_text(banks, name):
    inputs = demo_team_inputs(3, banks=banks, names=[name], previous=False)
    html = report_pdfs.team_report_html(inputs)
    assert live_tags(html) <= ALLOWED_TAGS
    assert "<script" not in html and "<img" not in html
    pdf = PdfText(report_pdfs.team_report_pdf(inputs))
    assert pdf.has(name)


def test_many_reps_split_across_pages_and_report_progress(banks):
    inputs = demo_team_inputs(80, banks=banks, previous=False)
    seen = []
    report_pdfs.team_report_html(inputs, progress=seen.append)
    assert seen == [15, 33, 50]  # the view-model, then two chunks of reps
    pdf_progress = []
    pdf = PdfText(report_pdfs.team_report_pdf(inputs, progress=pdf_progress.append))
    assert pdf_progress == sorted(pdf_progress) and pdf_progress[-1] == 100 and 55 in pdf_progress
    ranking_pages = [page for page in pdf.pages if "VERDICT" in page]
    assert len(ranking_pages) >= 2  # the table split, its header repeated on each page
    ranked = [row["rep_name"] for row in inputs.team_payload["team"]["ranking"]]
    assert all(pdf.has(name) for name in ranked)
    landscape = {size for size in pdf.sizes if size[0] > size[1]}
    assert landscape == {(842, 595)}
    assert pdf.count < 40


def test_a_team_report_needs_a_team_payload(team_inputs):
    with pytest.raises(ValueError, match="team_payload"):
        report_pdfs.team_view(replace(team_inputs, team_payload=None))


def test_every_sentence_about_a_rep_comes_from_their_numbers(team_inputs):
    """No fixed praise: a ready rep's decision names their weakest competency, coaching
    others is offered only on a competency they are strong in, and coachability needs
    buyers' view (without it a blind spot cannot be ruled out)."""
    view = report_pdfs.team_view(team_inputs)
    reps = {payload["rep_id"]: payload for payload in team_inputs.rep_payloads}
    for decision in view["decisions"]:
        assert "strong across the board" not in decision["why"]
        assert "buyers trust them" not in decision["why"]
    ready = next((d for d in view["decisions"] if d["rule"] == "ready"), None)
    if ready is not None:
        assert "Weakest competency" in ready["why"]
    names = {row["name"]: row for row in view["ranking"]}
    for row in view["coachability"]:
        rep = reps[names[row["name"]]["rep_id"]]
        seen_by_buyers = any(gap["versus"] == "buyers" for gap in rep["gaps"])
        assert row["level"].startswith("Unknown") != seen_by_buyers, row["name"]


def test_neutral_buyers_do_not_make_a_rep_ready(banks):
    """Every buyer neither agreeing nor disagreeing is not trust: the score is what
    they and the manager saw (about 50), never the rep's own top marks."""
    trust = banks["trustworthiness"]
    top = {
        item.id: (item.min_value if item.reverse_keyed else item.max_value)
        for item in trust.items
        if item.type == "likert"
    }
    neutral = {
        item.id: 3
        for item in banks["buyer_feedback"].items
        if item.type == "likert" and item.max_value == 5
    }
    review = {item.id: 3 for item in banks["manager_review"].items if item.type == "likert"}
    responses = [RaterResponse("s", "self", "trustworthiness", top)]
    responses.append(RaterResponse("m", "manager", "manager_review", review))
    responses += [RaterResponse(f"b{n}", "customer", "buyer_feedback", neutral) for n in range(4)]
    result = score_rep(
        {
            k: banks[k]
            for k in ("trustworthiness", "buyer_feedback", "manager_review", "consultative_selling")
        },
        responses,
        rep_name="Nat",
    )
    assert result.verdict.verdict != "ready"
    assert result.overall_score() < 75


def test_movers_are_only_those_who_moved_beyond_noise(team_inputs):
    view = report_pdfs.team_view(team_inputs)
    moves = {entry["rep_name"]: entry for entry in team_inputs.team_payload["team"]["trends"]}
    for row in view["trend"]["improvers"]:
        entry = moves[row["name"]]
        # by hand: the change beyond 1.645 standard errors of the difference
        before = next(p for p in team_inputs.rep_payloads if p["rep_name"] == row["name"])
        assert entry["moved"] == "improved", row["name"]
        assert before["overall"]["combined"]["se"] is not None
    for row in view["trend"]["decliners"]:
        assert moves[row["name"]]["moved"] == "slipped", row["name"]
    steady = [name for name, entry in moves.items() if entry["moved"] == "steady"]
    listed = {row["name"] for row in view["trend"]["improvers"] + view["trend"]["decliners"]}
    assert not listed & set(steady)


def test_a_rep_counts_in_the_lowest_band_only_when_their_interval_is_inside_it(team_inputs):
    """Marcus at 45 (37–53) is not 'in Gap' for sure: counted apart, 'on the edge'."""
    view = report_pdfs.team_view(team_inputs)
    for row in view["competency_table"]:
        sure = edge = 0
        for payload in team_inputs.rep_payloads:
            entry = next(c for c in payload["competencies"] if c["id"] == row["id"])
            if entry["band"] != "gap":  # the shipped banks' lowest band
                continue
            if entry["combined"]["band_certain"]:
                sure += 1
            else:
                edge += 1
        assert (row["in_low_band"], row["on_edge"]) == (sure, edge), row["id"]
    assert any(row["on_edge"] for row in view["competency_table"])  # the case is there


def test_a_managers_careless_review_is_not_held_against_the_reps_coachability(team_inputs):
    """Coachability counts the rep's own flagged answers: a straight-lined manager's
    review says nothing about how carefully the rep answered."""
    team = dict(team_inputs.team_payload["team"])
    team["ranking"] = [{**row, "verdict": "coach"} for row in team["ranking"]]  # all listed
    reps = {payload["rep_id"]: payload for payload in team_inputs.rep_payloads}
    names = competency_names(team, "en")
    changes = overall_changes(team)
    before = {row["name"]: row for row in coachability(team, reps, names, changes)}
    careless = {
        "response_id": "m1", "rater_role": "manager", "bank_id": "manager_review",
        "interpret_with_care": True, "flags": [{"code": "straight_lining"}],
    }  # fmt: skip
    flagged = {
        rep_id: {**payload, "quality": [*payload.get("quality", []), careless]}
        for rep_id, payload in reps.items()
    }
    after = coachability(team, flagged, names, changes)
    assert len(after) == len(team["ranking"])
    for row in after:
        assert row["flagged"] == before[row["name"]]["flagged"], row["name"]
        assert row["level"] == before[row["name"]]["level"], row["name"]


def test_a_rep_nobody_answered_about_is_listed_with_what_is_missing():
    rows = not_assessed_rows(
        [{"rep_id": "r1", "name": "Tess", "verdict": None, "overall": None}],
        {"r1": {"verdict": {"verdict": None, "missing": [], "between": []}}},
    )
    assert rows == [
        {"name": "Tess", "needs": "answers: nobody has finished a survey about them yet"}
    ]


def test_the_competency_map_headers_are_never_hyphenated_mid_word(team_inputs, team_pdf):
    """'prob-lem', 'qualifica-tion' read as typos: the map's headers break at spaces
    and real hyphens only, so every word of every competency name is whole on it."""
    ranking_page = next(page for page in team_pdf.pages if "Ranking and competency map" in page)
    words = ranking_page.split()
    for competency in team_inputs.team_payload["team"]["competencies"]:
        for word in competency["name"]["en"].replace("-", " ").split():
            assert any(word.strip("'’") in token for token in words), word


def test_no_trust_risk_is_promised_while_a_borderline_rep_could_be_one(team_inputs):
    """Page one says "No trust risks" only when no borderline rep's margin of error
    reaches the trust-risk verdict."""
    import copy

    payload = copy.deepcopy(team_inputs.team_payload)
    reps = copy.deepcopy(team_inputs.rep_payloads)
    team = payload["team"]
    for row in team["ranking"]:
        if row["verdict"] == "trust_risk":
            row["verdict"] = "coach"
    team["verdicts"]["coach"] += team["verdicts"]["trust_risk"]
    team["verdicts"]["trust_risk"] = 0
    borderline = next(row for row in team["ranking"] if row["verdict"] == "borderline")
    for rep in reps:
        if rep["rep_id"] == borderline["rep_id"]:
            rep["verdict"]["between"] = ["trust_risk", "coach"]
        elif rep["verdict"].get("between"):
            rep["verdict"]["between"] = ["coach", "ready"]
    inputs = replace(team_inputs, team_payload=payload, rep_payloads=reps)
    first = " ".join(PdfText(report_pdfs.team_report_pdf(inputs)).pages[0].split())
    assert "No trust risks" not in first
    assert "No trust risk yet: 1 borderline rep could be one." in first
    for rep in reps:
        if rep["rep_id"] == borderline["rep_id"]:
            rep["verdict"]["between"] = ["coach", "ready"]
    first = " ".join(PdfText(report_pdfs.team_report_pdf(inputs)).pages[0].split())
    assert "No trust risks." in first
