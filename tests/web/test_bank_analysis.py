"""The owner's item analysis of a bank version, read through HTTP as a bank author
would: the demo's numbers against a direct numpy computation, reverse keys applied,
"not seen" answers left out, nothing below the minimum, the organization's own closed
rounds only, and nobody but the owner."""

from __future__ import annotations

import csv
import io
import re

import numpy as np
import pytest
from sqlalchemy import select

from assess.demo import DEMO_LOGINS
from assess.models import Answer, BankVersion, Invitation, Response, Round
from assess.services.frozen_scores import ERASED_AFTER_ISSUE
from tests.conftest import sign_in
from tests.factories import UserFactory
from tests.support.buyer_rounds import buyers_round, consistent
from tests.support.demo_pages import load_signed_in_demo, visible_text

NOT_JUDGED = "not enough answers yet to judge this item"


def section(markup: str, heading_id: str) -> str:
    """The HTML of the card whose heading has `heading_id`."""
    start = markup.rindex("<section", 0, markup.index(f'id="{heading_id}"'))
    return markup[start : markup.index("</section>", start)]


def alpha_shown(markup: str, competency: str) -> str:
    """The alpha the competency's card states ("0.82")."""
    card = visible_text(section(markup, f"competency-{competency}"))
    return re.search(r"Cronbach's alpha (-?\d\.\d\d) \(n = \d+\)", card).group(1)


def item_row(markup: str, item_id: str) -> str:
    start = markup.index(f'<tr id="item-{item_id}"')
    return visible_text(markup[start : markup.index("</tr>", start)])


def numpy_alpha(table: np.ndarray) -> float:
    k = table.shape[1]
    return k / (k - 1) * (1 - table.var(axis=0, ddof=1).sum() / table.sum(1).var(ddof=1))


def test_the_owner_reads_the_demo_buyer_surveys_numbers_and_a_manager_is_refused(
    app, client, session
):
    load_signed_in_demo(client, session)
    dashboard = client.get("/manage/").get_data(as_text=True)
    assert 'href="/manage/banks"' in dashboard
    listing = client.get("/manage/banks").get_data(as_text=True)
    version = session.scalar(select(BankVersion).where(BankVersion.bank_key == "buyer_feedback"))
    assert f'href="/manage/banks/{version.id}"' in listing
    page = client.get(f"/manage/banks/{version.id}")
    assert page.status_code == 200
    markup = page.get_data(as_text=True)

    # The listening pair, straight from the stored answers of closed rounds: the
    # reverse-keyed statement mirrored on the 1–5 scale, "not seen" dropping the row.
    rows = session.execute(
        select(Response.id, Answer.item_id, Answer.value)
        .join(Invitation, Invitation.id == Response.invitation_id)
        .join(Round, Round.id == Invitation.round_id)
        .join(Answer, Answer.response_id == Response.id)
        .where(
            Invitation.bank_version_id == version.id,
            Round.status == "closed",
            Response.completed_at.isnot(None),
            Answer.item_id.in_(["bf_listened", "bf_interrupted"]),
        )
    ).all()
    answers: dict[int, dict] = {}
    for response_id, item_id, value in rows:
        answers.setdefault(response_id, {})[item_id] = value
    table = np.array(
        [
            [pair["bf_listened"], 6 - pair["bf_interrupted"]]
            for pair in answers.values()
            if isinstance(pair.get("bf_listened"), int)
            and isinstance(pair.get("bf_interrupted"), int)
        ],
        dtype=float,
    )
    assert len(table) >= 10
    assert alpha_shown(markup, "listening") == f"{numpy_alpha(table):.2f}"
    r = np.corrcoef(table[:, 0], table[:, 1])[0, 1]
    assert f"{r:.2f}" in item_row(markup, "bf_interrupted")
    text = visible_text(markup)
    assert "Agreement is ICC(1)" in text
    # Every competency is judged. Follow-through's second statement depends on whether
    # the buyer bought (after the sale, or being chased): no buyer answers all three, so
    # it is judged on the items the larger group is asked together, and says so.
    not_judged = re.findall(r'<tr id="item-(\w+)"(?:(?!</tr>).)*class="not-judged"', markup, re.S)
    assert len(not_judged) == 1
    (apart,) = not_judged
    assert apart in ("bf_after_sale", "bf_chased")
    assert "asked of other raters than the items it is scored with" in item_row(markup, apart)
    assert f"{apart} is asked of other raters (the survey branches)" in text

    manager = app.test_client()
    sign_in(manager, *DEMO_LOGINS["manager"])
    for url in (
        "/manage/banks",
        f"/manage/banks/{version.id}",
        f"/manage/banks/{version.id}/analysis.csv",
    ):
        assert manager.get(url).status_code == 403, url
    assert 'href="/manage/banks"' not in manager.get("/manage/").get_data(as_text=True)


@pytest.fixture
def owner(session):
    return UserFactory(role="owner")


def test_a_reverse_keyed_item_is_keyed_and_not_seen_answers_do_not_count(client, owner, session):
    levels = [[1, 2], [2, 3], [3, 4], [4, 5], [5, 4], [2, 1]]
    by_rep = [
        [
            consistent(
                level,
                bf_real_problem=level,
                # a third of the buyers could not judge what the problem cost
                bf_asked_cost="not_observed" if (rep + index) % 3 == 0 else level,
            )
            for index, level in enumerate(pair)
        ]
        for rep, pair in enumerate(levels)
    ]
    version = buyers_round(session, owner.organization, by_rep)
    sign_in(client, owner.email)
    markup = client.get(f"/manage/banks/{version.id}").get_data(as_text=True)

    # consistent answers make the reverse-keyed statement go with its partner
    assert alpha_shown(markup, "listening") == "1.00"
    row = item_row(markup, "bf_interrupted")
    assert "reverse-keyed" in row and re.search(r"(?<![-−])1\.00", row)
    assert "does not go with the others" not in visible_text(
        section(markup, "competency-listening")
    )

    # 12 buyers, 4 of whom could not judge bf_asked_cost: 8 answers, so no number for
    # discovery (8 < 10) — and the 4 were not scored as zero, or alpha would be judged
    assert re.search(r"\b8 4 not seen\b", item_row(markup, "bf_asked_cost"))
    assert re.search(r"\b12 0 not seen\b", item_row(markup, "bf_real_problem"))
    discovery = visible_text(section(markup, "competency-discovery"))
    assert "Not enough answers yet: 8 of the 10" in discovery
    assert discovery.count(NOT_JUDGED) == 2
    assert "Cronbach's alpha" not in discovery

    # the same table as CSV
    download = client.get(f"/manage/banks/{version.id}/analysis.csv")
    assert download.status_code == 200 and download.mimetype == "text/csv"
    rows = {
        row["item"]: row for row in csv.DictReader(io.StringIO(download.get_data(as_text=True)))
    }
    assert rows["bf_interrupted"]["reverse_keyed"] == "yes"
    assert float(rows["bf_interrupted"]["item_rest_correlation"]) == pytest.approx(1.0)
    assert (rows["bf_asked_cost"]["answers"], rows["bf_asked_cost"]["not_observed"]) == ("8", "4")
    assert rows["bf_asked_cost"]["item_rest_correlation"] == ""
    assert rows["bf_asked_cost"]["reading"] == NOT_JUDGED


def test_an_item_that_runs_against_its_partner_is_flagged_in_words(client, owner, session):
    # buyers who agree with both "they let me explain" and "they cut in": the second
    # statement, keyed, runs against the first
    by_rep = [[{"bf_listened": level, "bf_interrupted": level}, {"bf_listened": 6 - level,
               "bf_interrupted": 6 - level}] for level in (1, 2, 3, 4, 5, 2)]  # fmt: skip
    version = buyers_round(session, owner.organization, by_rep)
    sign_in(client, owner.email)
    markup = client.get(f"/manage/banks/{version.id}").get_data(as_text=True)
    row = item_row(markup, "bf_interrupted")
    assert "-1.00" in row
    assert "This item does not go with the others of its competency: reword or drop it." in row
    assert "2 items do not go with the others" in visible_text(markup)


def test_below_ten_answers_nothing_is_judged_and_no_count_is_shown(client, owner, session):
    version = buyers_round(session, owner.organization, [[consistent(2), consistent(4)]] * 4)
    sign_in(client, owner.email)
    markup = client.get(f"/manage/banks/{version.id}").get_data(as_text=True)
    listening = visible_text(section(markup, "competency-listening"))
    assert listening.count(NOT_JUDGED) == 2
    assert "Cronbach's alpha" not in listening and "not seen" not in listening
    agreement = section(markup, "agreement-heading")
    table = visible_text(agreement[agreement.index("<tbody>") :])
    assert "Not enough answers yet" in table
    assert not re.search(r"\d\.\d\d", table)


def test_only_the_organizations_closed_rounds_count_and_another_organizations_version_is_404(
    client, owner, session
):
    closed = [[consistent(level), consistent(level)] for level in (1, 2, 3, 4, 5, 3)]
    version = buyers_round(session, owner.organization, closed)
    buyers_round(session, owner.organization, [[consistent(5)] * 3], status="open")
    other = UserFactory(role="owner")
    buyers_round(session, other.organization, [[consistent(1)] * 5])
    sign_in(client, owner.email)
    text = visible_text(client.get(f"/manage/banks/{version.id}").get_data(as_text=True))
    assert "From 12 finished surveys of closed rounds; 3 more" in text
    assert re.search(r"\b12 0 not seen\b", text)

    # the other organization reads its own five, and an organization that never
    # answered this stored version gets 404, as for a version that does not exist
    other_client = client.application.test_client()
    sign_in(other_client, other.email)
    other_text = visible_text(
        other_client.get(f"/manage/banks/{version.id}").get_data(as_text=True)
    )
    assert "From 5 finished surveys of closed rounds." in other_text
    newcomer = UserFactory(role="owner")
    newcomer_client = client.application.test_client()
    sign_in(newcomer_client, newcomer.email)
    for url in (f"/manage/banks/{version.id}", f"/manage/banks/{version.id}/analysis.csv"):
        assert newcomer_client.get(url).status_code == 404, url
    assert "No finished survey yet" in newcomer_client.get("/manage/banks").get_data(as_text=True)


def test_a_stored_answer_that_does_not_fit_is_explained_not_shown(client, owner, session):
    by_rep = [[consistent(level), consistent(level)] for level in (1, 2, 3, 4, 5, 3)]
    by_rep[2][1] = {"bf_listened": 97}  # not a point of the scale: written around the survey
    version = buyers_round(session, owner.organization, by_rep)
    sign_in(client, owner.email)
    page = client.get(f"/manage/banks/{version.id}")
    assert page.status_code == 200
    text = visible_text(page.get_data(as_text=True))
    assert "A stored answer does not fit this bank version" in text
    assert "97" not in text and "Traceback" not in text
    assert client.get(f"/manage/banks/{version.id}/analysis.csv").status_code == 404


def test_a_round_with_answers_erased_after_closing_leaves_the_page_whole(client, owner, session):
    """Comparing the page before and after one buyer's erasure must not show what that
    buyer answered: the round whose issued scores counted them leaves the analysis
    whole (its numbers move by a round, never by one person)."""
    first = [[consistent(level), consistent(level)] for level in (1, 2, 3, 4, 5, 3)]
    version = buyers_round(session, owner.organization, first)
    buyers_round(session, owner.organization, [[consistent(2), consistent(4)]] * 5)
    sign_in(client, owner.email)
    page = visible_text(client.get(f"/manage/banks/{version.id}").get_data(as_text=True))
    assert "From 22 finished surveys of closed rounds" in page
    # what erasure.erase_respondent writes when issued scores had counted the answers
    erased = session.scalars(select(Invitation).order_by(Invitation.id)).first()
    erased.status, erased.note = "revoked", ERASED_AFTER_ISSUE
    session.flush()
    after = visible_text(client.get(f"/manage/banks/{version.id}").get_data(as_text=True))
    assert "From 10 finished surveys of closed rounds" in after  # the other round only
