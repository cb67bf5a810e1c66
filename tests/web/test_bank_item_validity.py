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


#: One cell of the item table, as it reads: its words, then "ρ 0.41 (0.12 to 0.64), 38 reps".
ITEM_CELL = re.compile(
    r"^(?P<words>[a-z ,0-9]+?) ρ (?P<rho>−?\d\.\d\d) \((?P<low>−?\d\.\d\d) to "
    r"(?P<high>−?\d\.\d\d)\), (?P<n>\d+) reps$"
)


def test_an_item_link_is_named_only_when_it_holds_among_all_the_items_pairs(client, owner, session):
    """The item table is a family of its own, far larger than the competencies': its
    sentence counts its own pairs, and a link whose interval leaves out 0 but does not
    hold among them is marked "could be chance" and never named."""
    scored = scored_team(session, owner.organization, 24)
    sign_in(client, owner.email)
    markup = client.get(f"/manage/banks/{scored.versions['buyer_feedback'].id}").get_data(
        as_text=True
    )
    words = section_text(markup)
    found = []
    for row in re.findall(r'<tr id="predict-([^"]+)">(.*?)</tr>', markup, re.S):
        for cell in re.findall(r"<td[^>]*>(.*?)</td>", row[1], re.S):
            match = ITEM_CELL.match(visible_text(cell))
            if match:
                found.append(match.groupdict())
    tested = len(found)
    assert tested > 22  # more pairs than the competencies' page
    number = lambda text: float(text.replace("−", "-"))  # noqa: E731
    kinds = {}
    for cell in found:
        leaves_out_zero = number(cell["low"]) > 0 or number(cell["high"]) < 0
        kinds.setdefault(cell["words"], []).append(leaves_out_zero)
    assert set(kinds) <= {"goes with", "goes with lower", f"could be chance among {tested} pairs",
                          "no clear link"}  # fmt: skip
    assert all(all(kinds.get(kind, [])) for kind in kinds if kind != "no clear link")
    chance = len(kinds.get(f"could be chance among {tested} pairs", []))
    named = len(kinds.get("goes with", [])) + len(kinds.get("goes with lower", []))
    assert chance >= 1 and named >= 1  # this team's data has both kinds
    claims = words[words.index("In plain words") :]
    assert claims.count(" here: ρ ") == named
    assert "could be chance" not in claims
    assert (
        f"Of {tested} pairs tested, about {math.floor(tested / 10 + 0.5)} would show a link by "
        "chance alone at this level; the links named below hold after allowing for that "
        f"(Benjamini–Hochberg, 10 % false discovery rate), and the {chance} other pair"
    ) in words
