"""A rep's own surveys in a round are one journey: one email with one link, and each
thank-you page leads to the next survey."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from assess.models import Invitation, OutboxMessage, Round, utcnow
from assess.services.bank_versions import shipped_banks
from assess.services.rounds import due_reminders
from tests import factories
from tests.conftest import post_form, sign_in
from tests.factories import RepFactory, TeamFactory
from tests.web.conftest import link_path, post_page, valid_form_answers
from tests.web.test_rounds import launch

BANKS = ("consultative_selling", "trustworthiness", "buyer_feedback", "manager_review")


def test_a_rep_gets_one_email_and_each_survey_leads_to_the_next(client, session, manager):
    team = TeamFactory(organization=manager.organization, manager_id=manager.id)
    rep = RepFactory(team=team, name="Jo Journey")
    sign_in(client, manager.email)
    board_url = launch(client, team, banks=BANKS).headers["Location"]
    to_rep = select(OutboxMessage).where(OutboxMessage.to_address == rep.email)
    mails = list(session.scalars(to_rep))
    assert len(mails) == 1, [m.subject for m in mails]  # not one per self-assessment
    assert mails[0].subject.endswith("your 2 self-assessments")
    together = sum(shipped_banks()[key].expected_minutes for key in BANKS[:2])
    assert f"It takes about {together:g} minutes." in mails[0].body_text  # both, not one

    own = list(
        session.scalars(
            select(Invitation).where(Invitation.rep_id == rep.id, Invitation.rater_role == "self")
        )
    )
    by_bank = {invitation.bank_version.bank_key: invitation for invitation in own}
    first, second = by_bank["consultative_selling"], by_bank["trustworthiness"]
    # both unfinished: reminding everyone reaches the rep once, not once per survey
    for invitation in own:
        invitation.sent_at = invitation.sent_at and invitation.sent_at.replace(year=2000)
    session.flush()
    before = len(list(session.scalars(to_rep)))
    post_form(client, f"{board_url}/remind", {"confirmed": "yes"}, form_url=board_url)
    assert len(list(session.scalars(to_rep))) == before + 1
    client_rep = client.application.test_client()
    landing = client_rep.get(link_path(first)).get_data(as_text=True)
    assert "survey 1 of 2 of your self-assessment" in landing and "0 of 2 done." in landing
    bank = shipped_banks()["consultative_selling"]
    answer = None
    for number in range(1, len(bank.pages) + 1):
        answer = post_page(client_rep, first, number, valid_form_answers(bank, number))
    # the buyers page after survey 1 already says that survey 2 is waiting
    nominate = client_rep.get(link_path(first) + "/nominate").get_data(as_text=True)
    assert "1 of 2 done." in nominate and "Next: Trust and reliability" in nominate
    done = client_rep.get(link_path(first) + "/done").get_data(as_text=True)
    assert "1 of 2 done." in done and "Next: Trust and reliability" in done
    assert "This link now shows only this page" not in done  # it leads on to the next
    assert f'href="http://127.0.0.1:5000{link_path(second)}"' in done
    client_rep.get(link_path(second))
    page = client_rep.get(link_path(second) + "/p/1").get_data(as_text=True)
    assert "Survey 2 of 2: Trust and reliability" in page
    last = client_rep.get(link_path(second)).get_data(as_text=True)
    assert "This is the last one." in last and "leads to the next" not in last
    assert answer is not None


def test_the_scheduled_reminder_names_the_survey_waiting_first(client, session, manager):
    team = TeamFactory(organization=manager.organization, manager_id=manager.id)
    rep = RepFactory(team=team)
    sign_in(client, manager.email)
    launch(client, team, banks=BANKS)
    own = list(
        session.scalars(
            select(Invitation).where(Invitation.rep_id == rep.id, Invitation.rater_role == "self")
        )
    )
    for invitation in own:  # emailed three days ago, neither survey finished
        invitation.sent_at = utcnow() - timedelta(days=3)
    session.flush()
    due = [i for i in due_reminders(session, utcnow(), timedelta(days=2)) if i.rep_id == rep.id]
    # one reminder for the rep's own surveys: the one waiting first, not one per survey
    assert [i.bank_version.bank_key for i in due if i.rater_role == "self"] == [
        "consultative_selling"
    ]


def test_the_scheduled_reminder_reaches_a_buyer_of_two_reps_once(client, session, manager):
    team = TeamFactory(organization=manager.organization, manager_id=manager.id)
    reps = [RepFactory(team=team), RepFactory(team=team)]
    sign_in(client, manager.email)
    launch(client, team, banks=BANKS)
    assessment_round = session.scalars(select(Round).where(Round.team_id == team.id)).one()
    buyer_bank = next(
        entry.bank_version
        for entry in assessment_round.banks
        if entry.bank_version.bank_key == "buyer_feedback"
    )
    for rep in reps:  # one person, a buyer of both reps, emailed three days ago
        factories.InvitationFactory(
            round=assessment_round, rep=rep, bank_version=buyer_bank, rater_role="customer",
            rater_key="shared@client.example", rater_email="shared@client.example",
            sent_at=utcnow() - timedelta(days=3),
        )  # fmt: skip
    session.flush()
    due = due_reminders(session, utcnow(), timedelta(days=2))
    assert [i.rater_email for i in due].count("shared@client.example") == 1


def board_rows_of(markup: str, rep_id: int) -> list[str]:
    """The board's table rows of one rep's card, as HTML."""
    start = markup.index(f'id="rep-{rep_id}"')
    card = markup[start : markup.index("</section>", start)]
    return re.findall(r"<tr class=\"status-.*?</tr>", card, re.S)


def test_the_board_shows_a_reps_surveys_as_one_journey_and_a_closed_round_no_links(
    client, session, manager
):
    """The second self-survey is not "not opened" with a Send button of its own: it
    comes after the first. A "Remind" hint appears only beside a Remind button, and a
    closed round offers no link to copy."""
    team = TeamFactory(organization=manager.organization, manager_id=manager.id)
    rep = RepFactory(team=team, name="Jo Journey")
    sign_in(client, manager.email)
    board_url = launch(client, team, banks=BANKS).headers["Location"]
    rows = board_rows_of(client.get(board_url).get_data(as_text=True), rep.id)
    own = [row for row in rows if "(self" in row]
    assert len(own) == 2
    assert "survey 1 of 2 of one link" in own[0] and "survey 2 of 2 of one link" in own[1]
    assert "comes after survey 1" in own[1] and "not opened" not in own[1]
    assert "/remind" in own[0] and "/remind" not in own[1]
    assert "copy-link" not in own[1]
    for row in rows:
        assert ">Remind<" in row or "emails it again" not in row, row

    round_id = int(board_url.rsplit("/", 1)[1])
    assessment_round = session.get(Round, round_id)
    assessment_round.status = "closed"
    session.flush()
    closed = client.get(board_url).get_data(as_text=True)
    assert "copy-link" not in closed and ">Copy<" not in closed
    assert "emails it again" not in closed
