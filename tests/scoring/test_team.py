"""Team rollup, from hand-written rep snapshots (the shape of RepResult.to_dict())."""

from __future__ import annotations

import json

import pytest

from assess.core.scoring import score_rep, score_team
from tests.scoring.conftest import DANA_SELF, dana_responses, manager_response, self_response


def snapshot(rep_id, overall, verdict, listening, discovery, flags=()):
    return {
        "rep_id": rep_id,
        "rep_name": rep_id.title(),
        "overall": {"combined": {"score": overall}},
        "verdict": {"verdict": verdict},
        "competencies": [
            {"id": "listening", "bank_id": "b", "name": {"en": "Listening"}, "score": listening},
            {"id": "discovery", "bank_id": "b", "name": {"en": "Discovery"}, "score": discovery},
        ],
        "red_flags": [{"id": flag} for flag in flags],
    }


ROUND = [
    snapshot("ana", 80, "ready", 90, 70),
    snapshot("ben", 70, "coach", 60, 80, flags=["pushy"]),
    snapshot("cy", 70, "trust_risk", 30, None, flags=["pushy"]),
    snapshot("dee", None, None, None, None),
]
PREVIOUS = [
    snapshot("ana", 75, "coach", 80, 70),
    snapshot("ben", 72, "coach", 65, 75),
]


def test_ranking_shares_ties_and_puts_unscored_reps_last():
    ranking = score_team(ROUND).to_dict()["ranking"]
    assert [(row["rank"], row["rep_id"]) for row in ranking] == [
        (1, "ana"),
        (2, "ben"),
        (2, "cy"),
        (None, "dee"),
    ]


def test_verdict_distribution_and_red_flag_counts():
    team = score_team(ROUND).to_dict()
    assert team["verdicts"] == {
        "trust_risk": 1,
        "not_a_fit": 0,
        "coach": 1,
        "ready": 1,
        "borderline": 0,
        "not_assessed": 1,
    }
    assert team["red_flags"] == {"pushy": 2}


def test_matrix_averages_and_spread():
    team = score_team(ROUND).to_dict()
    listening, discovery = team["competencies"]
    assert listening["scores"] == {"ana": 90, "ben": 60, "cy": 30, "dee": None}
    # 90, 60, 30: mean 60, sample sd sqrt((900 + 0 + 900) / 2) = 30
    assert (listening["n"], listening["mean"], listening["stdev"]) == (3, 60, 30)
    assert (listening["min"], listening["max"]) == (30, 90)
    assert (discovery["n"], discovery["mean"]) == (2, 75)  # 70, 80
    # overall 80, 70, 70: mean 73.33, sd sqrt((44.44 + 11.11 + 11.11) / 2) = 5.77
    assert team["overall"]["mean"] == 73.33 and team["overall"]["stdev"] == 5.77
    assert team["trends"] is None


def test_trend_against_the_previous_round():
    team = score_team(ROUND, previous=PREVIOUS).to_dict()
    trends = {row["rep_id"]: row for row in team["trends"]}
    assert trends["ana"]["change"] == 5 and trends["ana"]["previous_verdict"] == "coach"
    assert trends["ana"]["competencies"] == {"listening": 10, "discovery": 0}
    assert trends["ben"]["change"] == -2
    assert trends["cy"]["previous_overall"] is None and trends["cy"]["change"] is None
    listening = team["competencies"][0]
    assert listening["previous_mean"] == 72.5 and listening["change"] == -12.5
    assert team["overall"]["previous_mean"] == 73.5 and team["overall"]["change"] == -0.17


def test_order_of_reps_does_not_matter():
    forward = json.dumps(score_team(ROUND, PREVIOUS).to_dict())
    backward = json.dumps(score_team(ROUND[::-1], PREVIOUS[::-1]).to_dict())
    assert forward == backward


def test_rep_results_and_their_snapshots_roll_up_the_same(mini_banks):
    dana = score_rep(mini_banks, dana_responses(), rep_name="Dana")
    kim = score_rep(mini_banks, [self_response(DANA_SELF)], rep_name="Kim")
    from_objects = score_team([dana, kim]).to_dict()
    from_snapshots = score_team(json.loads(json.dumps([dana.to_dict(), kim.to_dict()])))
    assert from_objects == from_snapshots.to_dict()
    # Dana 56.31 (test_rep.py); Kim answered only about herself: no score, ranked last
    assert [(row["rep_id"], row["overall"]) for row in from_objects["ranking"]] == [
        ("Dana", 56.31),
        ("Kim", None),
    ]


def test_bad_team_input():
    with pytest.raises(ValueError, match="ana"):
        score_team([ROUND[0], ROUND[0]])
    with pytest.raises(ValueError, match="snapshot"):
        score_team([{"rep_id": "x"}])


def test_a_rep_without_the_evidence_for_a_verdict_is_listed_unranked(mini_banks):
    """A manager-only 100 outscores everyone, but nothing is decided about that rep:
    the ranking places them after the reps it can judge, without a rank."""
    dana = score_rep(mini_banks, dana_responses(), rep_name="Dana")
    star = score_rep(
        mini_banks,
        [manager_response({"m_listen": 5, "m_follow": 5, "m_disc": 5})],
        rep_name="Star",
    )
    ranking = score_team([dana, star]).to_dict()["ranking"]
    assert [(row["rep_id"], row["rank"]) for row in ranking] == [("Dana", 1), ("Star", None)]


def with_errors(entry, overall_se, competency_se):
    """A snapshot whose scores carry standard errors, as newer snapshots do."""
    entry = json.loads(json.dumps(entry))
    entry["overall"]["combined"]["se"] = overall_se
    for competency in entry["competencies"]:
        competency["combined"] = {"se": competency_se}
    return entry


def test_the_team_changes_only_over_reps_in_both_rounds_and_beyond_noise():
    """ana 75 → 80, ben 72 → 70 (cy and dee joined: not compared): over the two, 73.5 →
    75. Overall SE 2 each: each mean's SE √(2² + 2²) / 2 = 1.41, the change's 2;
    1.5 < 1.645 · 2, so steady. Listening 72.5 → 75 with SE 1 each: change SE 1,
    2.5 > 1.645: improved. Discovery 72.5 → 75 with SE 5: steady."""
    now = [with_errors(entry, 2, 1) for entry in ROUND]
    now[0]["competencies"][1]["combined"]["se"] = 5
    now[1]["competencies"][1]["combined"]["se"] = 5
    before = [with_errors(entry, 2, 1) for entry in PREVIOUS]
    team = score_team(now, previous=before).to_dict()
    overall = team["overall"]["matched_change"]
    assert overall == {
        "n": 2, "before": 73.5, "now": 75.0, "change": 1.5, "se": 2.0, "moved": "steady",
        "manager_only": False,
    }  # fmt: skip
    listening, discovery = team["competencies"]
    assert (
        listening["matched_change"]["before"] == 72.5 and listening["matched_change"]["now"] == 75
    )
    assert listening["matched_change"]["moved"] == "improved"
    assert discovery["matched_change"]["change"] == 2.5  # 72.5 → 75 over ana and ben
    assert discovery["matched_change"]["moved"] == "steady"
    # snapshots without standard errors: the change, and no word on noise
    old = score_team(ROUND, previous=PREVIOUS).to_dict()["overall"]["matched_change"]
    assert old["change"] == 1.5 and old["moved"] is None and old["se"] is None


def test_one_managers_drift_does_not_average_out_over_the_team():
    """ana 75 → 80 and ben 72 → 70: 73.5 → 75. With SE 2, all of it the manager's,
    each mean's SE stays 2 (independent errors would give 1.41): the change's SE is
    √8 = 2.83. With ana at 88 the change is 5.5 > 1.645 · 2.83 = 4.65: improved."""
    now = [with_errors(entry, 2, 1) for entry in ROUND]
    before = [with_errors(entry, 2, 1) for entry in PREVIOUS]
    for entry in (*now, *before):
        entry["overall"]["combined"]["shared_se"] = 2
    overall = score_team(now, previous=before).to_dict()["overall"]["matched_change"]
    assert overall["se"] == pytest.approx(8**0.5, abs=0.01)
    now[0]["overall"]["combined"]["score"] = 88  # ana 75 → 88, ben 72 → 70: 73.5 → 79
    moved = score_team(now, previous=before).to_dict()["overall"]["matched_change"]
    assert moved["change"] == 5.5 and moved["moved"] == "improved"


def test_a_change_the_buyers_did_not_see_is_the_managers_alone():
    """ana 75 → 88 and ben 72 → 70 clears the test on the combined score (as above),
    but the buyers' own overall stayed at 70 for both: only the manager's ratings
    moved, and the team is called steady, marked as such."""
    now = [with_errors(entry, 2, 1) for entry in ROUND]
    before = [with_errors(entry, 2, 1) for entry in PREVIOUS]
    now[0]["overall"]["combined"]["score"] = 88
    for entry in (*now, *before):
        entry["overall"]["buyers"] = {"score": 70, "se": 2, "status": "ok"}
    change = score_team(now, previous=before).to_dict()["overall"]["matched_change"]
    assert change["change"] == 5.5 and change["moved"] == "steady" and change["manager_only"]
    now[0]["overall"]["buyers"]["score"] = 84  # the buyers saw it too: 70 → 77 on average
    change = score_team(now, previous=before).to_dict()["overall"]["matched_change"]
    assert change["moved"] == "improved" and not change["manager_only"]


def test_a_rep_without_a_verdict_moves_no_team_average():
    """Their scores rest on their own view (or the manager's alone): the matrix shows
    them, but the team's averages, spreads and the change since last round do not."""
    hopeful = snapshot("eve", 99, None, 100, 100)
    with_eve = score_team([*ROUND, hopeful], previous=[*PREVIOUS, snapshot("eve", 10, None, 0, 0)])
    without = score_team(ROUND, previous=PREVIOUS)
    listening = with_eve.to_dict()["competencies"][0]
    assert listening["scores"]["eve"] == 100
    assert (listening["n"], listening["mean"]) == (3, 60)
    assert listening["previous_mean"] == 72.5
    assert with_eve.to_dict()["overall"] == without.to_dict()["overall"]
