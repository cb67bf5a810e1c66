"""Final submit: exactly one completed response whatever the respondent's browser does."""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy import delete, func, select

from assess.core.banks import visible_items
from assess.models import (
    Answer,
    BankVersion,
    Invitation,
    Organization,
    Rep,
    Response,
    Round,
    RoundBank,
    Team,
    utcnow,
)
from assess.services import respondent_browser
from assess.services.bank_versions import ensure_version, shipped_banks
from assess.services.invitations import new_invitation, token_for
from tests.conftest import csrf_from, make_test_app
from tests.web.conftest import (
    BUYER_BANK,
    another_tab,
    link_path,
    page_path,
    post_page,
    response_of,
    stored_answers,
    valid_form_answers,
)


def finish_all_but_last(client, invitation, bank):
    for number in range(1, len(bank.pages)):
        assert post_page(client, invitation, number, valid_form_answers(bank, number)).status_code
    return len(bank.pages)


def completed_count(session, invitation) -> int:
    session.expire_all()
    return session.scalar(
        select(func.count())
        .select_from(Response)
        .where(Response.invitation_id == invitation.id, Response.completed_at.is_not(None))
    )


def test_double_click_on_send_completes_once(client, session, survey_round, buyer_invitation):
    bank = survey_round.buyer_bank
    last = finish_all_but_last(client, buyer_invitation, bank)
    page = client.get(page_path(buyer_invitation, last))
    data = {"csrf_token": csrf_from(page), "action": "next", **valid_form_answers(bank, last)}
    first = client.post(page_path(buyer_invitation, last), data=data)
    completed_at = response_of(session, buyer_invitation).completed_at
    second = client.post(page_path(buyer_invitation, last), data=data)
    assert first.status_code == second.status_code == 302
    assert (
        first.headers["Location"]
        == second.headers["Location"]
        == (link_path(buyer_invitation) + "/done")
    )
    assert completed_count(session, buyer_invitation) == 1
    assert response_of(session, buyer_invitation).completed_at == completed_at
    assert session.get(Invitation, buyer_invitation.id).status == "completed"


def test_two_tabs_submitting_give_one_response_with_the_same_answers(
    app, session, survey_round, buyer_invitation
):
    bank = survey_round.buyer_bank
    tab_one = app.test_client()
    tab_two = another_tab(app, tab_one, buyer_invitation)
    last = finish_all_but_last(tab_one, buyer_invitation, bank)
    pages = [tab.get(page_path(buyer_invitation, last)) for tab in (tab_one, tab_two)]
    answers = valid_form_answers(bank, last)
    for tab, page in zip((tab_one, tab_two), pages, strict=True):
        answer = tab.post(
            page_path(buyer_invitation, last),
            data={"csrf_token": csrf_from(page), "action": "next", **answers},
        )
        assert answer.headers["Location"].endswith("/done")
    assert completed_count(session, buyer_invitation) == 1
    stored = stored_answers(session, buyer_invitation)
    assert stored["bf_comment"] == "All good."
    assert session.scalar(
        select(func.count())
        .select_from(Answer)
        .join(Response)
        .where(Response.invitation_id == buyer_invitation.id)
    ) == len(stored)


def test_a_stale_tab_cannot_change_a_completed_response(
    app, session, survey_round, buyer_invitation
):
    bank = survey_round.buyer_bank
    stale = app.test_client()
    stale_page = stale.get(page_path(buyer_invitation, 1))
    client = app.test_client()
    finish_all_but_last(client, buyer_invitation, bank)
    post_page(client, buyer_invitation, len(bank.pages), valid_form_answers(bank, len(bank.pages)))
    before = stored_answers(session, buyer_invitation)
    answer = stale.post(
        page_path(buyer_invitation, 1),
        data={"csrf_token": csrf_from(stale_page), "bf_listened": "1", "action": "next"},
    )
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/done")
    assert stored_answers(session, buyer_invitation) == before
    thanks = stale.get(answer.headers["Location"]).get_data(as_text=True)
    assert "what this page held was not added" in thanks  # not a bare "Thank you"
    autosave = stale.post(
        page_path(buyer_invitation, 1),
        data={"csrf_token": csrf_from(stale_page), "bf_listened": "1"},
        headers={"X-Candor-Autosave": "1"},
    )
    assert autosave.status_code == 409
    assert stored_answers(session, buyer_invitation) == before


def test_after_submit_the_link_shows_thanks_never_the_form(
    client, session, survey_round, buyer_invitation
):
    bank = survey_round.buyer_bank
    finish_all_but_last(client, buyer_invitation, bank)
    post_page(client, buyer_invitation, len(bank.pages), valid_form_answers(bank, len(bank.pages)))
    for path in (link_path(buyer_invitation), page_path(buyer_invitation, 1)):
        answer = client.get(path)
        assert answer.status_code == 302
        assert answer.headers["Location"] == link_path(buyer_invitation) + "/done"
    thanks = client.get(link_path(buyer_invitation) + "/done")
    assert thanks.status_code == 200
    page = thanks.get_data(as_text=True)
    assert "Thank you" in page and "<form" not in page
    assert "Suggest buyers" not in page  # a buyer nominates nobody


def test_sending_with_an_unanswered_earlier_page_goes_there(
    client, session, survey_round, buyer_invitation
):
    bank = survey_round.buyer_bank
    answers = valid_form_answers(bank, 1)
    post_page(client, buyer_invitation, 1, answers)
    last_page = client.get(page_path(buyer_invitation, 2))
    # Another tab changes page 1 so that a required answer is now missing (cannot happen
    # through the form; stands for any bank whose earlier page became incomplete).
    session.execute(
        delete(Answer).where(
            Answer.response_id == response_of(session, buyer_invitation).id,
            Answer.item_id == "bf_interrupted",
        )
    )
    session.flush()
    answer = client.post(
        page_path(buyer_invitation, 2),
        data={"csrf_token": csrf_from(last_page), **valid_form_answers(bank, 2)},
    )
    assert answer.status_code == 302
    assert answer.headers["Location"] == page_path(buyer_invitation, 1) + "?check=1"
    page = client.get(answer.headers["Location"]).get_data(as_text=True)
    assert "still need an answer" in page
    assert "Please answer this question." in page.split('id="q-bf_interrupted"')[1]
    assert completed_count(session, buyer_invitation) == 0


def test_done_page_of_an_unfinished_link_goes_back_to_the_survey(client, buyer_invitation):
    answer = client.get(link_path(buyer_invitation) + "/done")
    assert answer.status_code == 302
    assert answer.headers["Location"] == link_path(buyer_invitation)


def test_answer_insert_that_loses_a_race_becomes_an_update(app, session, buyer_invitation):
    """Two requests inserting the same answer: the loser updates the winner's row."""
    from assess.services import survey as operations

    with app.test_request_context():
        from assess.platform.db import db_session

        database = db_session()
        invitation = database.get(Invitation, buyer_invitation.id)
        response = operations.start_response(database, invitation, "en")
        database.add(Answer(response_id=response.id, item_id="bf_listened", value=2))
        database.flush()
        real_scalar = database.scalar
        calls = []

        def stale_scalar(statement, *args, **kwargs):  # the winner's row is not seen yet
            calls.append(statement)
            return None if len(calls) == 1 else real_scalar(statement, *args, **kwargs)

        database.scalar = stale_scalar
        operations.upsert_answer(database, response, "bf_listened", 5)
        database.scalar = real_scalar
        database.flush()
        rows = database.scalars(select(Answer).where(Answer.response_id == response.id)).all()
        assert [(row.item_id, row.value) for row in rows] == [("bf_listened", 5)]
        database.rollback()


@dataclass
class CommittedLink:
    app: object
    database: object
    path: str
    invitation_id: int


@pytest.fixture
def committed_link(database_url, tmp_path):
    """A buyer link in committed rows (for real concurrent requests), cleaned up after."""
    application = make_test_app(database_url, tmp_path / "instance")
    database = application.extensions["candor.db"]
    bank = shipped_banks()[BUYER_BANK]
    slug = f"race-{secrets.token_hex(6)}"
    with database.session_scope() as session:
        existed = session.scalar(
            select(BankVersion.id).where(BankVersion.content_hash == bank.content_hash)
        )
        version = ensure_version(session, bank)
        organization = Organization(name="Race", slug=slug)
        session.add(organization)
        session.flush()
        team = Team(organization_id=organization.id, name="Race team")
        session.add(team)
        session.flush()
        rep = Rep(organization_id=organization.id, team_id=team.id, name="R", email=f"{slug}@e.com")
        race_round = Round(
            organization_id=organization.id,
            team_id=team.id,
            name="Race",
            status="open",
            opens_at=utcnow() - timedelta(hours=1),
            closes_at=utcnow() + timedelta(days=1),
        )
        session.add_all([rep, race_round])
        session.flush()
        session.add(RoundBank(round_id=race_round.id, bank_version_id=version.id))
        session.flush()
        invitation = new_invitation(
            "test-secret-key",
            organization_id=organization.id,
            round_id=race_round.id,
            rep_id=rep.id,
            bank_version_id=version.id,
            rater_role="customer",
            rater_key=f"{slug}@buyer.com",
            expires_at=utcnow() + timedelta(days=1),
        )
        session.add(invitation)
        session.flush()
        invitation_id, version_id = invitation.id, version.id
        token = token_for("test-secret-key", invitation.token_nonce)
    try:
        yield CommittedLink(application, database, f"/s/{token}/p/", invitation_id)
    finally:
        with database.session_scope() as session:
            session.execute(delete(Organization).where(Organization.slug == slug))
            if existed is None:
                session.execute(delete(BankVersion).where(BankVersion.id == version_id))
        application.extensions["candor.jobs"].shutdown()
        database.dispose()


def post_at_once(
    link: CommittedLink, number: int, answers: dict, tabs: int = 4, browser=None
) -> list:
    """`tabs` tabs of one browser (one respondent cookie; `browser`, a test client,
    lends its own), each with the page loaded, post it at the same moment."""
    clients = [link.app.test_client() for _ in range(tabs)]
    cookie_path = link.path.removesuffix("/p/")
    first = browser or clients[0]
    first.get(link.path + str(number))
    key = first.get_cookie(respondent_browser.COOKIE, path=cookie_path).value
    for client in clients:
        client.set_cookie(respondent_browser.COOKIE, key, path=cookie_path)
    tokens = [csrf_from(client.get(link.path + str(number))) for client in clients]
    barrier = threading.Barrier(tabs)
    results = []

    def post(client, csrf_token):
        barrier.wait()
        answer = client.post(link.path + str(number), data={"csrf_token": csrf_token, **answers})
        results.append((answer.status_code, answer.headers.get("Location", "")))

    threads = [
        threading.Thread(target=post, args=pair) for pair in zip(clients, tokens, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_two_tabs_saving_the_first_page_at_once(committed_link):
    bank = shipped_banks()[BUYER_BANK]
    results = post_at_once(committed_link, 1, valid_form_answers(bank, 1))
    assert sorted(results) == [(302, committed_link.path + "2")] * 4
    with committed_link.database.session_scope() as session:
        responses = session.scalars(
            select(Response).where(Response.invitation_id == committed_link.invitation_id)
        ).all()
        assert len(responses) == 1
        count = session.scalar(
            select(func.count()).select_from(Answer).where(Answer.response_id == responses[0].id)
        )
        assert count == len(bank.pages[0].items)


def test_four_tabs_submitting_at_the_same_moment(committed_link):
    """Real concurrency: threads, separate connections, committed data; one completion."""
    bank = shipped_banks()[BUYER_BANK]
    client = committed_link.app.test_client()
    for number in range(1, len(bank.pages)):
        page = client.get(committed_link.path + str(number))
        client.post(
            committed_link.path + str(number),
            data={"csrf_token": csrf_from(page), **valid_form_answers(bank, number)},
        )
    last = len(bank.pages)
    results = post_at_once(committed_link, last, valid_form_answers(bank, last), browser=client)
    assert [status for status, _ in results] == [302] * 4
    assert all(location.endswith("/done") for _, location in results)
    with committed_link.database.session_scope() as session:
        responses = session.scalars(
            select(Response).where(Response.invitation_id == committed_link.invitation_id)
        ).all()
        assert len(responses) == 1 and responses[0].completed_at is not None
        assert session.get(Invitation, committed_link.invitation_id).status == "completed"
        count = session.scalar(
            select(func.count()).select_from(Answer).where(Answer.response_id == responses[0].id)
        )
        # every item this buyer was shown answered once, none twice ("yes, I bought":
        # the after-sale question, not the one for buyers who have not bought)
        assert count == len(visible_items(bank, {"bf_is_customer": True}))
