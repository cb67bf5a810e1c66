"""Who answers changes what the landing says; locales; the whole path from a launched
round to a finished self-assessment through the copied link."""

from __future__ import annotations

import copy
import re
from datetime import date, timedelta

from sqlalchemy import select

from assess.core.banks import bank_from_dict
from assess.models import Invitation, Round
from assess.services.bank_versions import ensure_version, shipped_banks
from tests.conftest import csrf_from, outbox_link, post_form, sign_in
from tests.factories import InvitationFactory, RepFactory, RoundFactory, TeamFactory
from tests.web.conftest import (
    link_path,
    page_path,
    post_page,
    response_of,
    valid_form_answers,
)

LINK = re.compile(r"http://127\.0\.0\.1:5000(/s/[\w-]+)")


def text_of(answer) -> str:
    return answer.get_data(as_text=True)


def test_manager_review_landing_is_about_the_rep(client, session, survey_round):
    version = ensure_version(session, shipped_banks()["manager_review"])
    assessment_round = RoundFactory(team=survey_round.rep.team, bank_versions=[version])
    invitation = InvitationFactory(
        round=assessment_round,
        rep=survey_round.rep,
        bank_version=version,
        rater_role="manager",
        rater_key="user:1",
    )
    page = text_of(client.get(link_path(invitation)))
    assert "as their manager, how you see" in page and "Robin Rep" in page
    assert "coaching report as the manager's view" in page
    assert "about Robin Rep" in text_of(client.get(page_path(invitation, 1)))


def test_organization_wide_alignment_survey_has_no_rep(client, session):
    version = ensure_version(session, shipped_banks()["sales_marketing_alignment"])
    team = TeamFactory(name="Field <Sales>")
    assessment_round = RoundFactory(team=team, bank_versions=[version])
    invitation = InvitationFactory(
        round=assessment_round,
        rep=None,
        rep_id=None,
        bank_version=version,
        rater_role="marketing",
        rater_key="mia@example.com",
    )
    page = text_of(client.get(link_path(invitation)))
    assert "how sales, marketing and delivery work together" in page
    assert "(team Field &lt;Sales&gt;)" in page
    assert "never one by one" in page
    bank = shipped_banks()["sales_marketing_alignment"]
    answer = post_page(client, invitation, 1, valid_form_answers(bank, 1))
    assert answer.headers["Location"] == page_path(invitation, 2)
    assert " · about " not in text_of(client.get(page_path(invitation, 2)))


def test_a_link_without_a_language_follows_the_browser(client, session, survey_round):
    """A link from before invitations had a language picks the bank locale the browser
    prefers, and keeps the one its answers started in."""
    content = copy.deepcopy(shipped_banks()["buyer_feedback"].to_dict())
    content["locales"] = [*content["locales"], "de"]
    content["version"] = "1.0-de-test"
    content["title"]["de"] = "Wie war Ihr Gespräch?"
    content["pages"][0]["items"][0]["text"]["de"] = "Ich konnte meine Lage ganz erklären."
    version = ensure_version(session, bank_from_dict(content))
    assessment_round = RoundFactory(team=survey_round.rep.team, bank_versions=[version])
    invitation = InvitationFactory(
        round=assessment_round,
        rep=survey_round.rep,
        bank_version=version,
        rater_role="prospect",
        rater_key="p@example.com",
    )
    german = {"Accept-Language": "de-AT, de;q=0.9, en;q=0.5"}
    assert "Wie war Ihr Gespräch?" in text_of(client.get(link_path(invitation), headers=german))
    page = client.get(page_path(invitation, 1), headers=german)
    assert "Ich konnte meine Lage ganz erklären." in text_of(page)
    assert 'lang="de"' in text_of(page)
    client.post(
        page_path(invitation, 1),
        data={"csrf_token": csrf_from(page), "bf_listened": "4", "action": "back"},
        headers=german,
    )
    assert response_of(session, invitation).locale == "de"
    # Later visits keep the locale the response started in.
    english = text_of(client.get(page_path(invitation, 1), headers={"Accept-Language": "en"}))
    assert "Ich konnte meine Lage ganz erklären." in english


def test_a_launched_round_is_answered_through_the_copied_link(client, manager, session, app):
    """The manager launches; the rep opens the emailed link on another device, answers
    every page, suggests a buyer; the manager sees the suggestion waiting."""
    team = TeamFactory(organization=manager.organization, manager_id=manager.id)
    rep = RepFactory(team=team, name="Sasha Seller")
    sign_in(client, manager.email)
    launched = post_form(
        client,
        "/manage/rounds/new",
        {
            "name": "Spring round",
            "team_id": team.id,
            "bank_ids": ["consultative_selling", "buyer_feedback"],
            "opens_on": date.today().isoformat(),
            "closes_on": (date.today() + timedelta(days=14)).isoformat(),
            "confirmed": "yes",  # no manager's review in it: launched anyway
        },
    )
    assert launched.status_code == 302
    path = outbox_link(client, rep.email)

    rep_phone = app.test_client()
    landing = text_of(rep_phone.get(path))
    assert "Sasha Seller" in landing and manager.organization.name in landing
    invitation = session.scalar(select(Invitation).where(Invitation.rep_id == rep.id))
    bank = shipped_banks()["consultative_selling"]
    answer = None
    for number in range(1, len(bank.pages) + 1):
        answer = post_page(rep_phone, invitation, number, valid_form_answers(bank, number))
    assert answer.headers["Location"] == path + "/nominate"
    nominate_page = rep_phone.get(path + "/nominate")
    rep_phone.post(
        path + "/nominate",
        data={
            "csrf_token": csrf_from(nominate_page),
            "name-0": "Cy Customer",
            "email-0": "cy@client.example",
            "role-0": "customer",
        },
    )
    assert response_of(session, invitation).completed_at is not None
    assessment_round = session.scalar(select(Round).where(Round.team_id == team.id))
    board = text_of(client.get(f"/manage/rounds/{assessment_round.id}"))
    assert "Cy Customer" in board or "cy@client.example" in board
