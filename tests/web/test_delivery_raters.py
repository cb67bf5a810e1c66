"""Delivery staff in the alignment survey, through the pages: the manager lists them at
launch like marketers, each gets an email worded for delivery, and their link asks only
how sales and marketing work with delivery."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta

from sqlalchemy import select

from assess.models import Invitation, OutboxMessage, Response, Round
from assess.services.bank_versions import shipped_banks
from tests.conftest import csrf_from, outbox_link, post_form, sign_in
from tests.factories import RepFactory, TeamFactory
from tests.web.conftest import stored_answers, valid_form_answers

BANK = "sales_marketing_alignment"
DELIVERY = "Olga Operations, olga@example.com\nDan Delivery, dan@example.com\n"


def launch(client, team, confirmed=True, **fields):
    data = {
        "name": "Autumn round",
        "team_id": team.id,
        "bank_ids": [BANK],
        "opens_on": date.today().isoformat(),
        "closes_on": (date.today() + timedelta(days=14)).isoformat(),
        "marketing_raters": "Mia Marketer, mia@example.com",
        **fields,
    }
    if confirmed:
        data["confirmed"] = "yes"
    return post_form(client, "/manage/rounds/new", data)


def text_of(answer) -> str:
    return html.unescape(answer.get_data(as_text=True))


def test_delivery_staff_listed_at_launch_are_invited_once_each(client, manager, session):
    team = TeamFactory(organization=manager.organization, manager_id=manager.id)
    RepFactory(team=team)
    sign_in(client, manager.email)
    answer = launch(client, team, operations_raters=DELIVERY)
    assert answer.status_code == 302
    invited = session.scalars(select(Invitation).where(Invitation.rater_role == "operations"))
    delivery = {i.rater_email: i for i in invited}
    assert set(delivery) == {"olga@example.com", "dan@example.com"}
    assert all(i.rep_id is None for i in delivery.values())  # about nobody in particular
    assert delivery["olga@example.com"].rater_name == "Olga Operations"
    mail = session.scalar(
        select(OutboxMessage).where(OutboxMessage.to_address == "olga@example.com")
    )
    assert mail.subject.endswith(": how sales and marketing work with delivery")
    assert (
        "asks for your view, from delivery, on how sales and marketing work with" in mail.body_text
    )
    assert "combined with the rest of delivery's, never one by one" in mail.body_text
    # the delivery pages take less time than the whole survey
    assert "It takes about 5 minutes" in mail.body_text
    marketer = session.scalar(
        select(OutboxMessage).where(OutboxMessage.to_address == "mia@example.com")
    )
    assert marketer.subject.endswith("how sales, marketing and delivery work together")
    assert "It takes about 12 minutes" in marketer.body_text
    board = text_of(client.get(answer.headers["Location"]))
    assert 'Olga Operations <span class="muted">(operations)' in board


def test_a_bad_delivery_line_is_named_under_its_box_and_nothing_is_launched(
    client, manager, session
):
    team = TeamFactory(organization=manager.organization, manager_id=manager.id)
    RepFactory(team=team)
    sign_in(client, manager.email)
    answer = launch(
        client, team, operations_raters="Olga Operations, olga@example.com\nDan at home"
    )
    page = text_of(answer)
    assert answer.status_code == 200
    assert "Line 2: write “name, email” — 'Dan at home'" in page
    assert page.index("Line 2: write") > page.index("Delivery and operations staff who answer")
    assert session.scalar(select(Round).where(Round.team_id == team.id)) is None


def test_launching_without_delivery_staff_warns_first(client, manager, session):
    team = TeamFactory(organization=manager.organization, manager_id=manager.id)
    RepFactory(team=team)
    sign_in(client, manager.email)
    page = text_of(launch(client, team, confirmed=False))
    assert (
        "The alignment survey has no delivery and operations staff listed: nobody will "
        "answer it for them, and the report cannot compare them with the others." in page
    )
    assert session.scalar(select(Round).where(Round.team_id == team.id)) is None


def test_a_delivery_link_asks_only_about_delivery_and_is_answered_to_the_end(
    client, manager, session
):
    team = TeamFactory(name="Field Sales", organization=manager.organization,
                       manager_id=manager.id)  # fmt: skip
    RepFactory(team=team)
    sign_in(client, manager.email)
    launch(client, team, operations_raters=DELIVERY)
    path = outbox_link(client, "olga@example.com")
    client.get("/logout")  # Olga is not a user: the link alone opens her survey
    landing = " ".join(text_of(client.get(path)).split())
    assert (
        "asks you, from delivery, how sales and marketing work with the people who deliver "
        "what they sell (team Field Sales)" in landing
    )
    assert "About 5 minutes, on 2 pages" in landing
    assert "combined with the others in your group (delivery), never one by one" in landing

    delivery = shipped_banks()[BANK].for_role("operations")
    first = text_of(client.get(f"{path}/p/1"))
    assert "Promising what delivery can do" in first
    assert "Not seen / doesn't apply" in first
    assert "Marketers regularly sit in on sales conversations" not in first  # not asked of delivery
    assert client.get(f"{path}/p/3").status_code == 404  # two pages, no third
    for number in (1, 2):
        page = client.get(f"{path}/p/{number}")
        form = valid_form_answers(delivery, number)
        answer = client.post(
            f"{path}/p/{number}", data={"csrf_token": csrf_from(page), "action": "next", **form}
        )
        assert answer.status_code == 302, text_of(answer)
    assert answer.headers["Location"].endswith("/done")
    invitation = session.scalar(
        select(Invitation).where(Invitation.rater_email == "olga@example.com")
    )
    session.refresh(invitation)
    assert invitation.status == "completed"
    answered = stored_answers(session, invitation)
    assert set(answered) == {item.id for item in delivery.items}
    assert all(re.match(r"sm_(dl_|comment)", item_id) for item_id in answered)
    response = session.scalar(select(Response).where(Response.invitation_id == invitation.id))
    assert response.completed_at is not None


def test_one_person_in_both_lists_is_named_and_nothing_is_launched(client, manager, session):
    team = TeamFactory(organization=manager.organization, manager_id=manager.id)
    RepFactory(team=team)
    sign_in(client, manager.email)
    answer = launch(client, team, operations_raters="Mia Again, MIA@example.com")
    page = text_of(answer)
    assert answer.status_code == 200
    assert "mia@example.com: listed in marketing too" in page
    assert session.scalar(select(Round).where(Round.team_id == team.id)) is None
