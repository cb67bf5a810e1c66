"""The bank page's "Does each item predict here?", read through HTTP as a bank author
would: each item's figures against a computation made here from the stored answers
(scipy's ρ, Fisher's interval), buyers below the anonymity minimum on an item left out,
"not enough reps to say" for an item asked of few reps or below the minimum, a line
about importing when there are no outcomes, and nobody but the owner."""

from __future__ import annotations

import math
import re

import pytest
from scipy import stats
from sqlalchemy import select

from assess.models import Answer, Invitation, Response
from tests.conftest import sign_in
from tests.factories import UserFactory
from tests.support.demo_pages import visible_text
from tests.support.outcome_rounds import scored_team

Z90 = 1.6448536269514722


def number(value: float) -> str:
    """Two decimals with a true minus sign, as the page writes them."""
    text = f"{value:.2f}"
    return "−" + text[1:] if text.startswith("-") and text != "-0.00" else text.lstrip("-")


def expected_figures(ratings: list[float], outcomes: list[float]) -> str:
    rho = float(stats.spearmanr(ratings, outcomes).statistic)
    n = len(ratings)
    half = Z90 * math.sqrt(1.06 / (n - 3))
    low, high = (math.tanh(math.atanh(rho) + sign * half) for sign in (-1, 1))
    return f"ρ {number(rho)} ({number(low)} to {number(high)}), {n} reps"


def section_text(markup: str) -> str:
    start = markup.rindex("<section", 0, markup.index('id="predict-heading"'))
    return visible_text(markup[start : markup.index("</section>", start)])


def item_cells(markup: str, item_id: str) -> str:
    start = markup.index(f'<tr id="predict-{item_id}"')
    return visible_text(markup[start : markup.index("</tr>", start)])


def buyer_answers(session, scored, item_id: str) -> dict[int, list]:
    """Rep id -> the buyers' stored answers to `item_id`, as saved."""
    rows = session.execute(
        select(Invitation.rep_id, Answer.value)
        .join(Response, Response.invitation_id == Invitation.id)
        .join(Answer, Answer.response_id == Response.id)
        .where(
            Invitation.round_id == scored.round.id,
            Invitation.rater_role == "customer",
            Answer.item_id == item_id,
        )
    ).all()
    answers: dict[int, list] = {}
    for rep_id, value in rows:
        answers.setdefault(rep_id, []).append(value)
    return answers


def set_answers(session, scored, item_id: str, value, reps) -> None:
    """Every buyer of `reps` answers `item_id` with `value` (one buyer only: `reps` is
    a list of (rep, how many buyers))."""
    for rep, buyers in reps:
        answers = session.scalars(
            select(Answer)
            .join(Response, Response.id == Answer.response_id)
            .join(Invitation, Invitation.id == Response.invitation_id)
            .where(
                Invitation.round_id == scored.round.id,
                Invitation.rep_id == rep.id,
                Invitation.rater_role == "customer",
                Answer.item_id == item_id,
            )
            .order_by(Answer.id)
        ).all()
        for answer in answers[:buyers]:
            answer.value = value
    session.flush()


@pytest.fixture
def owner(session):
    return UserFactory(role="owner")


def test_each_items_figures_are_worked_out_from_the_stored_answers(client, owner, session):
    scored = scored_team(session, owner.organization, 24)
    # one buyer of the first rep could not judge listening: two buyers are below the
    # minimum of three, so that rep is not in the item's pairs
    set_answers(session, scored, "bf_listened", "not_observed", [(scored.reps[0], 1)])
    # only six reps' buyers could say whether the cost was asked about
    set_answers(session, scored, "bf_asked_cost", "not_observed", [(r, 3) for r in scored.reps[6:]])
    sign_in(client, owner.email)
    version = scored.versions["buyer_feedback"]
    page = client.get(f"/manage/banks/{version.id}")
    assert page.status_code == 200
    markup = page.get_data(as_text=True)
    words = section_text(markup)
    assert "24 reps have an outcome and ratings of this version's items." in words

    stored = buyer_answers(session, scored, "bf_listened")
    ratings, win_rates, deals_won = [], [], []
    for rep, win_rate, deals in zip(scored.reps, scored.win_rates, scored.deals_won, strict=True):
        scores = [(value - 1) / 4 * 100 for value in stored[rep.id] if isinstance(value, int)]
        if len(scores) >= 3:
            ratings.append(sum(scores) / len(scores))
            win_rates.append(win_rate)
            deals_won.append(deals)
    assert len(ratings) == 23
    row = item_cells(markup, "bf_listened")
    assert expected_figures(ratings, win_rates) in row
    assert expected_figures(ratings, deals_won) in row

    # reverse-keyed: 5 ("they cut in", strongly agree) is 0 points
    stored = buyer_answers(session, scored, "bf_interrupted")
    ratings = [sum((5 - value) / 4 * 100 for value in stored[rep.id]) / 3 for rep in scored.reps]
    assert expected_figures(ratings, scored.win_rates) in item_cells(markup, "bf_interrupted")

    assert item_cells(markup, "bf_asked_cost").count("not enough reps to say 6 reps") == 2
    claims = words[words.index("In plain words") :]
    assert "A correlation is not a cause." in claims
    assert not any(rep.name in words for rep in scored.reps)


def test_the_managers_ratings_count_rep_by_rep(client, owner, session):
    scored = scored_team(session, owner.organization, 21, buyers=2)
    sign_in(client, owner.email)
    review = client.get(f"/manage/banks/{scored.versions['manager_review'].id}")
    assert "21 reps have an outcome" in section_text(review.get_data(as_text=True))
    assert "21 reps" in item_cells(review.get_data(as_text=True), "mr_listen_ratio")
    # two buyers a rep: below the minimum on every item, so no rep is in any pair
    buyers = client.get(f"/manage/banks/{scored.versions['buyer_feedback'].id}")
    assert "None of the reps with outcomes was rated with this version" in section_text(
        buyers.get_data(as_text=True)
    )


def test_below_the_minimum_and_without_outcomes(app, client, owner, session):
    scored = scored_team(session, owner.organization, 9)
    sign_in(client, owner.email)
    markup = client.get(f"/manage/banks/{scored.versions['buyer_feedback'].id}").get_data(
        as_text=True
    )
    words = section_text(markup)
    assert (
        "Not enough reps to say: 9 reps have an outcome and ratings of this version's items, "
        "and a correlation needs at least 20." in words
    )
    assert not re.search(r"ρ −?\d", words)
    assert 'id="predict-bf_listened"' not in markup

    other = UserFactory(role="owner")
    alone = scored_team(session, other.organization, 22, outcomes=False, name="Solo")
    theirs = app.test_client()
    sign_in(theirs, other.email)
    markup = theirs.get(f"/manage/banks/{alone.versions['buyer_feedback'].id}").get_data(
        as_text=True
    )
    assert "No outcomes to compare with yet. Import outcomes from a CSV file" in section_text(
        markup
    )


def test_a_manager_is_refused_the_page_and_its_section(app, client, owner, session):
    manager = UserFactory(role="manager", organization=owner.organization)
    scored = scored_team(session, owner.organization, 22, manager_id=manager.id)
    sign_in(client, manager.email)
    version = scored.versions["buyer_feedback"]
    for url in (f"/manage/banks/{version.id}", f"/manage/banks/{version.id}/analysis.csv"):
        answer = client.get(url)
        assert answer.status_code == 403, url
        assert "Does each item predict here?" not in answer.get_data(as_text=True)
