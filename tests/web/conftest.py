"""Fixtures for the respondent pages: a round with the real shipped banks, invitations
for a rep and a buyer, and helpers that walk the survey like a browser (CSRF on)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import select

from assess.core.banks import Bank
from assess.models import Answer, BankVersion, Invitation, Rep, Response, Round
from assess.services import respondent_browser
from assess.services.bank_versions import ensure_version, shipped_banks
from assess.services.invitations import token_for
from tests.conftest import csrf_from
from tests.factories import InvitationFactory, RepFactory, RoundFactory, TeamFactory

SELF_BANK = "consultative_selling"
BUYER_BANK = "buyer_feedback"


@dataclass
class SurveyRound:
    round: Round
    rep: Rep
    self_version: BankVersion
    buyer_version: BankVersion

    @property
    def self_bank(self) -> Bank:
        return shipped_banks()[SELF_BANK]

    @property
    def buyer_bank(self) -> Bank:
        return shipped_banks()[BUYER_BANK]


@pytest.fixture
def survey_round(session) -> SurveyRound:
    """An open round for one rep with the shipped self-assessment and buyer banks."""
    self_version = ensure_version(session, shipped_banks()[SELF_BANK])
    buyer_version = ensure_version(session, shipped_banks()[BUYER_BANK])
    team = TeamFactory()
    rep = RepFactory(team=team, name="Robin Rep")
    assessment_round = RoundFactory(team=team, bank_versions=[self_version, buyer_version])
    return SurveyRound(assessment_round, rep, self_version, buyer_version)


@pytest.fixture
def self_invitation(survey_round) -> Invitation:
    return InvitationFactory(
        round=survey_round.round,
        rep=survey_round.rep,
        bank_version=survey_round.self_version,
        rater_role="self",
        rater_key="self",
    )


@pytest.fixture
def buyer_invitation(survey_round) -> Invitation:
    return InvitationFactory(
        round=survey_round.round,
        rep=survey_round.rep,
        bank_version=survey_round.buyer_version,
        rater_role="customer",
        rater_key="buyer@example.com",
        rater_name="Bea Buyer",
        rater_email="buyer@example.com",
    )


def link_path(invitation: Invitation) -> str:
    """The path of the invitation's link (the test app's SECRET_KEY is "test-secret-key")."""
    return "/s/" + token_for("test-secret-key", invitation.token_nonce)


def page_path(invitation: Invitation, number: int) -> str:
    return f"{link_path(invitation)}/p/{number}"


def post_page(client, invitation, number: int, answers: dict, action: str = "next", **kwargs):
    """GET page `number` (as a browser would), then POST `answers` with its CSRF token."""
    page = client.get(page_path(invitation, number))
    assert page.status_code == 200, page.status_code
    data = {"csrf_token": csrf_from(page), "action": action, **answers}
    return client.post(page_path(invitation, number), data=data, **kwargs)


def valid_form_answers(bank: Bank, page_number: int) -> dict[str, str]:
    """Form fields answering every item of a page validly (show_if items included)."""
    form: dict[str, str] = {}
    for item in bank.pages[page_number - 1].items:
        if item.type == "likert":
            form[item.id] = str(item.scale.points)
        elif item.type == "likelihood":
            form[item.id] = "7"
        elif item.type in ("situational", "choice"):
            form[item.id] = item.options[0].id
        elif item.type == "yes_no":
            form[item.id] = "yes"
        elif item.type == "forced_choice":
            form[f"{item.id}.most"] = item.statements[0].id
            form[f"{item.id}.least"] = item.statements[-1].id
        elif item.type == "text":
            form[item.id] = "All good."
    return form


def stored_answers(session, invitation) -> dict:
    """Item id -> stored value of the invitation's response, read fresh."""
    session.expire_all()
    response = session.scalar(select(Response).where(Response.invitation_id == invitation.id))
    if response is None:
        return {}
    rows = session.execute(
        select(Answer.item_id, Answer.value).where(Answer.response_id == response.id)
    )
    return dict(rows.all())


def response_of(session, invitation) -> Response | None:
    session.expire_all()
    return session.scalar(select(Response).where(Response.invitation_id == invitation.id))


def another_tab(app, browser, invitation: Invitation):
    """A second client standing for another tab of `browser`: it carries the same
    respondent cookie (tabs of one browser share their cookie jar)."""
    browser.get(link_path(invitation))  # the browser has its key once it opened the link
    path = link_path(invitation)
    tab = app.test_client()
    key = browser.get_cookie(respondent_browser.COOKIE, path=path)
    tab.set_cookie(respondent_browser.COOKIE, key.value, path=path)
    return tab


def rep_vouches(app, rep: Rep) -> list[int]:
    """The rep, in a browser of their own, says yes to every buyer their manager added
    (`services.buyer_confirmation`): the step between "Ask a buyer" and the buyer's
    email. Returns the ids of the buyers it said yes to."""
    with app.extensions["candor.db"].sessionmaker() as database:
        mine = select(Invitation).where(Invitation.rep_id == rep.id).order_by(Invitation.id)
        own = database.scalars(
            mine.where(Invitation.rater_role == "self", Invitation.status != "revoked")
        ).first()
        waiting = list(database.scalars(mine.where(Invitation.status == "awaiting_rep")))
        path, ids = link_path(own), [buyer.id for buyer in waiting]
    phone = app.test_client()
    page = phone.get(f"{path}/buyers")
    answer = phone.post(
        f"{path}/buyers",
        data={"csrf_token": csrf_from(page), **{f"buyer-{number}": "ask" for number in ids}},
    )
    assert answer.status_code == 302, answer.get_data(as_text=True)
    return ids
