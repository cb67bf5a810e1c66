"""A verdict rests on evidence: without the manager's review and enough buyers, the
reports say what is missing and how to get it, and decide nothing — however good the
self-assessment. Each test closes a real round on its board and reads the PDFs."""

from __future__ import annotations

import re

from assess.demo.synthetic import Profile
from tests.conftest import sign_in
from tests.support.answered_rounds import HAPPY, answered_round, rater_counts

#: Top answers everywhere, with no noise: a self-assessment that would read "Ready".
IDEAL = Profile(default=1.0, noise=0.0)
#: A verdict label on the report's first page (the coaching text further on may well
#: say "is ready for every launch").
VERDICT_WORDS = ("Ready", "Worth coaching", "Trust risk", "Not a fit")


def test_an_ideal_self_assessment_alone_gets_no_verdict_and_no_decision(client, manager, session):
    answered = answered_round(client, session, manager)
    answered.answer("consultative_selling", "self", IDEAL, name="Robin Rep")
    sign_in(client, manager.email)
    answered.close()
    rep, team = answered.report("rep"), answered.report("team")
    assert rep.has("Not enough evidence yet")
    assert rep.has("No verdict for you yet: not enough evidence.")
    assert rep.has(
        "It still needs your manager's review and answers from at least 3 of your buyers"
    )
    assert rep.has("No perception gap can be measured yet")
    assert not any(words in rep.pages[0] for words in VERDICT_WORDS)
    assert "No blind spots" not in rep.flat()
    page_one = " ".join(team.pages[0].split())
    assert "No verdict yet on the rep: not enough evidence." in page_one
    assert "No trust risks" not in team.flat() and "0 of 1 rep is ready" not in page_one
    assert "not enough evidence yet, so no decision about them" in team.flat().lower()  # a kicker
    assert team.has(
        "Robin Rep — needs the manager's review of Robin Rep and answers from at least 3 buyers"
    )


def test_two_buyers_and_the_manager_are_still_not_enough(client, manager, session):
    answered = answered_round(client, session, manager)
    answered.answer("consultative_selling", "self", name="Robin Rep")
    answered.answer("manager_review", "manager", HAPPY, name="Max Manager")
    for number in range(2):
        answered.answer("buyer_feedback", "customer", HAPPY, name=f"Customer {number}")
    sign_in(client, manager.email)
    answered.close()
    rep = answered.report("rep")
    assert rep.has("It still needs answers from at least 3 of your buyers")
    assert "your manager's review and" not in rep.flat()
    assert rater_counts(rep.flat()) == []  # never "2 buyers"


def test_the_manager_and_three_buyers_make_a_verdict(client, manager, session):
    answered = answered_round(client, session, manager)
    answered.answer("consultative_selling", "self", name="Robin Rep")
    answered.answer("manager_review", "manager", HAPPY, name="Max Manager")
    for number in range(3):
        answered.answer("buyer_feedback", "customer", HAPPY, name=f"Customer {number}")
    sign_in(client, manager.email)
    answered.close()
    rep = answered.report("rep")
    assert "Not enough evidence yet" not in rep.flat()
    # a verdict, or the verdicts its intervals leave open: decided on the evidence
    assert any(words in rep.pages[0] for words in (*VERDICT_WORDS, "Borderline"))


def test_the_score_is_what_others_saw_and_a_cell_without_buyers_says_so(client, manager, session):
    """A rep who rates themself at the top while the manager sees little: the score is
    the manager's, the self-rating sits beside it, and the team map marks the cell."""
    answered = answered_round(client, session, manager)
    answered.answer("consultative_selling", "self", IDEAL, name="Robin Rep")
    answered.answer("manager_review", "manager", Profile(default=0.2, noise=0.0), name="Max")
    sign_in(client, manager.email)
    answered.close()
    rep = answered.report("rep")
    page_one = " ".join(rep.pages[0].split())
    score = int(page_one.split("SCORE ")[1].split()[0])
    own = int(page_one.split("SELF ")[1].split()[0])
    manager_score = int(page_one.split("MANAGER ")[1].split()[0])
    assert score == manager_score and own > score + 40
    team = answered.report("team")
    assert re.search(r"\d\*", team.text), "no map cell is marked as the manager's alone"
    assert "* in a cell marks a score from the manager alone" in team.flat()


def test_a_downloaded_report_is_named_for_its_round_and_rep(client, manager, session):
    answered = answered_round(client, session, manager)
    answered.answer("consultative_selling", "self", name="Robin Rep")
    sign_in(client, manager.email)
    answered.close()
    rep = answered.download("rep").headers["Content-Disposition"]
    manager_copy = answered.download("rep", "manager").headers["Content-Disposition"]
    team = answered.download("team").headers["Content-Disposition"]
    round_name = answered.round.name
    assert f'filename="{round_name} - Robin Rep - coaching report - rep\'s copy.pdf"' in rep
    assert (
        f'filename="{round_name} - Robin Rep - coaching report - manager\'s copy.pdf"'
        in manager_copy
    )
    assert f'filename="{round_name} - team readiness report.pdf"' in team
