"""Reminders reach a person once a day with one link: a rep's own surveys are one journey
whichever of them the "Remind" button sits on, and an address asked about two reps gets
one reminder from "Remind everyone", not two."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from assess.models import OutboxMessage, utcnow
from tests import factories
from tests.conftest import outbox_link, post_form, sign_in
from tests.factories import RepFactory, TeamFactory
from tests.web.conftest import link_path
from tests.web.test_round_guards import press, running_round, text
from tests.web.test_rounds import invitations, launch

JOURNEY = ("consultative_selling", "trustworthiness", "buyer_feedback", "manager_review")


def mails_to(session, address: str) -> list[OutboxMessage]:
    return list(session.scalars(select(OutboxMessage).where(OutboxMessage.to_address == address)))


def test_reminding_a_reps_second_survey_sends_their_one_journey_email_once_a_day(
    client, session, manager
):
    team = TeamFactory(organization=manager.organization, manager_id=manager.id)
    ana = RepFactory(team=team, name="Ana Alvarez")
    sign_in(client, manager.email)
    board_url = launch(client, team, banks=JOURNEY).headers["Location"]
    round_id = int(board_url.rsplit("/", 1)[1])
    rows = invitations(session, round_id=round_id, rep_id=ana.id, rater_role="self")
    surveys = {invitation.bank_version.bank_key: invitation for invitation in rows}
    first, second = surveys["consultative_selling"], surveys["trustworthiness"]
    launched = len(mails_to(session, ana.email))

    # the journey email went at launch: the second survey's button may not mail her again
    post_form(client, f"/manage/invitations/{second.id}/remind", {}, form_url=board_url)
    assert "one email a day is enough" in text(client.get(board_url))
    assert len(mails_to(session, ana.email)) == launched

    # a day later, reminding "the second survey" is her one email, with the first's link
    first.sent_at = utcnow() - timedelta(hours=30)
    session.flush()
    post_form(client, f"/manage/invitations/{second.id}/remind", {}, form_url=board_url)
    assert len(mails_to(session, ana.email)) == launched + 1
    assert outbox_link(client, ana.email) == link_path(first)
    # and the day's limit is hers, not one per survey
    for invitation in (first, second):
        post_form(client, f"/manage/invitations/{invitation.id}/remind", {}, form_url=board_url)
    assert len(mails_to(session, ana.email)) == launched + 1

    # the board offers one "Remind" for her own surveys, on the one waiting first
    board = client.get(board_url).get_data(as_text=True)
    assert f"/manage/invitations/{first.id}/remind" in board
    assert f"/manage/invitations/{second.id}/remind" not in board


def test_a_buyer_of_two_reps_gets_one_reminder_and_the_page_names_them_once(
    client, session, manager
):
    assessment_round, board_url, (ana, ben) = running_round(client, session, manager)
    buyer_bank = next(
        entry.bank_version
        for entry in assessment_round.banks
        if entry.bank_version.bank_key == "buyer_feedback"
    )
    yesterday = utcnow() - timedelta(hours=30)
    for rep in (ana, ben):
        factories.InvitationFactory(
            round=assessment_round, rep=rep, bank_version=buyer_bank, rater_role="customer",
            rater_key="shared@cust.example", rater_email="shared@cust.example",
            rater_name="Sam Shared", sent_at=yesterday,
        )  # fmt: skip
    for invitation in invitations(session, round_id=assessment_round.id):
        if invitation.rater_email != "shared@cust.example":
            invitation.sent_at = utcnow() - timedelta(hours=1)  # the others: just emailed
    session.flush()
    before = len(mails_to(session, "shared@cust.example"))

    page = text(press(client, f"{board_url}/remind", form_url=board_url))
    assert "Remind 1 person?" in page
    assert page.count("Sam Shared") == 2  # the reminder, and why the other waits
    assert "A reminder goes to Sam Shared." in page
    assert "Sam Shared is asked about 2 reps: one reminder goes, about Ana Alvarez" in page

    post_form(client, f"{board_url}/remind", {"confirmed": "yes"}, form_url=board_url)
    assert len(mails_to(session, "shared@cust.example")) == before + 1
    # pressed again the same day, the other rep's reminder still waits for tomorrow
    post_form(client, f"{board_url}/remind", {"confirmed": "yes"}, form_url=board_url)
    assert len(mails_to(session, "shared@cust.example")) == before + 1
    # and so does that link's own "Remind" button
    (about_ben,) = invitations(
        session, round_id=assessment_round.id, rep_id=ben.id, rater_role="customer"
    )
    post_form(client, f"/manage/invitations/{about_ben.id}/remind", {}, form_url=board_url)
    assert "(about Ana Alvarez); one email a day is enough" in text(client.get(board_url))
    assert len(mails_to(session, "shared@cust.example")) == before + 1


def test_one_person_in_two_rounds_gets_one_reminder_a_day(client, session, manager):
    """A rep (or buyer) asked in two open rounds of the organization: "Remind everyone"
    in one round, then in the other, reaches them once — the day's limit is the
    person's, whichever round, and whatever "+tag" their address carries."""
    team = TeamFactory(organization=manager.organization, manager_id=manager.id)
    ana = RepFactory(team=team, name="Ana Alvarez", email="ana@seller.example")
    sign_in(client, manager.email)
    boards = [launch(client, team, banks=JOURNEY).headers["Location"] for _ in range(2)]
    other = factories.TeamFactory(organization=manager.organization, manager_id=manager.id)
    ana_too = RepFactory(team=other, name="Ana Again", email="ana+other@seller.example")
    boards.append(launch(client, other, banks=JOURNEY).headers["Location"])
    long_ago = utcnow() - timedelta(days=2)
    for invitation in invitations(session):
        invitation.sent_at = long_ago
    session.flush()
    before = len(mails_to(session, ana.email)) + len(mails_to(session, ana_too.email))
    for board_url in boards:
        post_form(client, f"{board_url}/remind", {"confirmed": "yes"}, form_url=board_url)
    after = len(mails_to(session, ana.email)) + len(mails_to(session, ana_too.email))
    assert after == before + 1
