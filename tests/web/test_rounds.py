"""Launching a round and running it from the completion board."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

from sqlalchemy import func, select

from assess.models import Answer, BankVersion, Invitation, OutboxMessage, Round, utcnow
from assess.services.rounds import buyer_bank_version_id
from tests import factories
from tests.conftest import csrf_from, outbox_link, post_form, sign_in
from tests.factories import RepFactory, TeamFactory, UserFactory

LINK = re.compile(r"http://127\.0\.0\.1:5000(/s/[\w-]+)")


def launch(
    client, team, banks=("consultative_selling", "buyer_feedback", "manager_review"), **extra
):
    data = {
        "name": "Spring round",
        "team_id": team.id,
        "bank_ids": list(banks),
        "opens_on": date.today().isoformat(),
        "closes_on": (date.today() + timedelta(days=14)).isoformat(),
        "confirmed": "yes",  # past the pre-launch check (tests/web/test_round_guards.py)
        **extra,
    }
    return post_form(client, "/manage/rounds/new", data)


def invitations(session, **where):
    query = select(Invitation)
    for column, value in where.items():
        query = query.where(getattr(Invitation, column) == value)
    return list(session.scalars(query))


def test_launch_invites_each_rep_and_the_manager(client, manager, session):
    team = TeamFactory(organization=manager.organization, manager_id=manager.id)
    reps = [RepFactory(team=team) for _ in range(3)]
    RepFactory(team=team, archived_at=utcnow())  # archived: not invited
    sign_in(client, manager.email)
    answer = launch(client, team)
    assessment_round = session.scalar(select(Round).where(Round.team_id == team.id))
    assert answer.headers["Location"] == f"/manage/rounds/{assessment_round.id}"
    selfs = invitations(session, round_id=assessment_round.id, rater_role="self")
    assert sorted(i.rep_id for i in selfs) == sorted(rep.id for rep in reps)
    reviews = invitations(session, round_id=assessment_round.id, rater_role="manager")
    assert {i.rater_user_id for i in reviews} == {manager.id} and len(reviews) == 3
    mail = list(session.scalars(select(OutboxMessage)))
    assert sorted(m.to_address for m in mail) == sorted(
        [r.email for r in reps] + [manager.email] * 3
    )
    board = client.get(f"/manage/rounds/{assessment_round.id}").get_data(as_text=True)
    assert "Completion: 0 of 6" in board
    for rep in reps:
        assert rep.name in board


def test_the_emailed_link_opens_the_survey(client, manager, session):
    team = TeamFactory(organization=manager.organization, manager_id=manager.id)
    rep = RepFactory(team=team)
    sign_in(client, manager.email)
    launch(client, team, banks=("consultative_selling",))
    path = outbox_link(client, rep.email)
    respondent = client.application.test_client()
    page = respondent.get(path)
    assert page.status_code == 200
    assert team.organization.name in page.get_data(as_text=True)


def test_launch_without_a_manager_warns_and_skips_manager_reviews(client, owner, session):
    team = TeamFactory(organization=owner.organization)
    RepFactory(team=team)
    sign_in(client, owner.email)
    answer = launch(client, team)
    board = client.get(answer.headers["Location"]).get_data(as_text=True)
    assert "has no manager" in board
    assert invitations(session, rater_role="manager") == []


def test_adding_buyers_and_refusing_duplicates(client, manager, session):
    team = TeamFactory(organization=manager.organization, manager_id=manager.id)
    rep = RepFactory(team=team)
    sign_in(client, manager.email)
    board_url = launch(client, team).headers["Location"]
    round_id = int(board_url.rsplit("/", 1)[1])
    buyer = {"name": "Bo <i>Buyer</i>", "email": "bo@client.example", "role": "referral"}
    url = f"/manage/rounds/{round_id}/reps/{rep.id}/buyers"
    post_form(client, url, buyer, form_url=board_url)
    again = post_form(client, url, buyer, form_url=board_url, follow_redirects=True)
    assert "already asked about" in again.get_data(as_text=True)
    # the same mailbox under a "+tag" is the same buyer: counted once, never twice
    tagged = {**buyer, "email": "Bo+second@client.example"}
    again = post_form(client, url, tagged, form_url=board_url, follow_redirects=True)
    assert "already asked about" in again.get_data(as_text=True)
    buyers = invitations(session, round_id=round_id, rater_role="referral")
    assert len(buyers) == 1 and buyers[0].rater_email == "bo@client.example"
    board = client.get(board_url).get_data(as_text=True)
    assert "Bo &lt;i&gt;Buyer&lt;/i&gt;" in board


def test_nominated_buyers_wait_for_approval(client, manager, session):
    team = TeamFactory(organization=manager.organization, manager_id=manager.id)
    rep = RepFactory(team=team)
    sign_in(client, manager.email)
    board_url = launch(client, team).headers["Location"]
    round_id = int(board_url.rsplit("/", 1)[1])
    assessment_round = session.get(Round, round_id)
    with client.application.app_context():
        buyer_version = session.get(BankVersion, buyer_bank_version_id(assessment_round))
    nominee = factories.InvitationFactory(
        round=assessment_round, rep=rep, bank_version=buyer_version,
        rater_role="customer", rater_key="cy@client.example", rater_email="cy@client.example",
        rater_name="Cy", status="awaiting_approval", nominated_by_rep=True,
    )  # fmt: skip
    outbox_before = session.scalar(select(func.count()).select_from(OutboxMessage))
    board = client.get(board_url)
    assert "awaiting your approval" in board.get_data(as_text=True)
    client.post(f"/manage/invitations/{nominee.id}/approve", data={"csrf_token": csrf_from(board)})
    session.refresh(nominee)
    assert nominee.status == "pending"
    assert session.scalar(select(func.count()).select_from(OutboxMessage)) == outbox_before + 1


def test_revoke_remind_extend_and_close(client, manager, session):
    team = TeamFactory(organization=manager.organization, manager_id=manager.id)
    rep = RepFactory(team=team)
    sign_in(client, manager.email)
    board_url = launch(client, team, banks=("consultative_selling",)).headers["Location"]
    round_id = int(board_url.rsplit("/", 1)[1])
    invitation = invitations(session, round_id=round_id)[0]
    token = csrf_from(client.get(board_url))
    invitation.sent_at -= timedelta(hours=25)  # one email a day: the invitation went yesterday
    session.flush()

    client.post(f"/manage/invitations/{invitation.id}/remind", data={"csrf_token": token})
    session.refresh(invitation)
    assert invitation.reminder_count == 1
    reminder = session.scalar(
        select(OutboxMessage).where(OutboxMessage.subject.startswith("Reminder"))
    )
    assert reminder.to_address == rep.email

    new_close = date.today() + timedelta(days=30)
    client.post(
        f"/manage/rounds/{round_id}/extend",
        data={"csrf_token": token, "closes_on": new_close.isoformat()},
    )
    session.refresh(invitation)
    assert invitation.expires_at.date() == new_close

    client.post(
        f"/manage/invitations/{invitation.id}/revoke",
        data={"csrf_token": token, "confirmed": "yes"},
    )
    session.refresh(invitation)
    assert invitation.status == "revoked"

    client.post(f"/manage/rounds/{round_id}/close", data={"csrf_token": token, "confirmed": "yes"})
    assessment_round = session.get(Round, round_id)
    session.refresh(assessment_round)
    assert assessment_round.status == "closed"


def test_round_pages_of_another_organization_answer_404(client, manager, session):
    other_manager = UserFactory()
    team = TeamFactory(organization=other_manager.organization)
    rep = RepFactory(team=team)
    assessment_round = factories.RoundFactory(team=team)
    sign_in(client, manager.email)
    token = csrf_from(client.get("/manage/"))
    assert client.get(f"/manage/rounds/{assessment_round.id}").status_code == 404
    for url in (
        f"/manage/rounds/{assessment_round.id}/close",
        f"/manage/rounds/{assessment_round.id}/remind",
        f"/manage/rounds/{assessment_round.id}/reps/{rep.id}/buyers",
    ):
        assert client.post(url, data={"csrf_token": token}).status_code == 404


def test_marketing_staff_answer_the_alignment_survey_once_each(client, manager, session):
    team = TeamFactory(organization=manager.organization, manager_id=manager.id)
    RepFactory(team=team)
    sign_in(client, manager.email)
    launch(
        client, team, banks=("sales_marketing_alignment",),
        marketing_raters="Mia Marketer, mia@example.com\nMo, mo@example.com",
    )  # fmt: skip
    marketers = invitations(session, rater_role="marketing")
    assert sorted(i.rater_email for i in marketers) == ["mia@example.com", "mo@example.com"]
    assert all(i.rep_id is None for i in marketers)
    managers = invitations(session, rater_role="manager")
    assert len(managers) == 1 and managers[0].rep_id is None
    assert len(invitations(session, rater_role="self")) == 1


def test_scheduled_reminders_go_to_those_who_have_not_finished(client, runner, manager, session):
    team = TeamFactory(organization=manager.organization, manager_id=manager.id)
    waiting, finished = RepFactory(team=team), RepFactory(team=team)
    sign_in(client, manager.email)
    board_url = launch(client, team, banks=("consultative_selling",)).headers["Location"]
    round_id = int(board_url.rsplit("/", 1)[1])
    for invitation in invitations(session, round_id=round_id):
        invitation.sent_at = utcnow() - timedelta(days=4)
        if invitation.rep_id == finished.id:
            invitation.status = "completed"
    session.flush()

    result = runner.invoke(args=["reminders", "send"])
    assert result.output.splitlines()[0] == "1 reminders sent."
    again = runner.invoke(args=["reminders", "send"])  # not due again for three days
    assert again.output.splitlines()[0] == "0 reminders sent."
    reminders = session.scalars(
        select(OutboxMessage).where(OutboxMessage.subject.startswith("Reminder"))
    )
    assert [message.to_address for message in reminders] == [waiting.email]


def test_export_names_no_buyer_and_neutralizes_formulas(client, manager, session):
    team = TeamFactory(organization=manager.organization, manager_id=manager.id)
    rep = RepFactory(team=team, name="=HYPERLINK(evil)")
    sign_in(client, manager.email)
    board_url = launch(client, team, banks=("consultative_selling", "buyer_feedback")).headers[
        "Location"
    ]
    round_id = int(board_url.rsplit("/", 1)[1])
    assessment_round = session.get(Round, round_id)
    with client.application.app_context():
        buyer_version = session.get(BankVersion, buyer_bank_version_id(assessment_round))
    buyer = factories.InvitationFactory(
        round=assessment_round, rep=rep, bank_version=buyer_version, rater_role="referral",
        rater_key="secret@client.example", rater_email="secret@client.example",
        rater_name="Secret Buyer", status="completed",
    )  # fmt: skip
    response = factories.ResponseFactory(invitation=buyer, completed_at=utcnow())
    session.add(Answer(response_id=response.id, item_id="bf_comment", value="BUYER-ONLY text"))
    (own,) = invitations(session, rep_id=rep.id, rater_role="self")
    mine = factories.ResponseFactory(invitation=own)
    session.add(Answer(response_id=mine.id, item_id="cs_comment", value="@SUM(1+1)"))
    session.flush()

    exported = client.get(f"/manage/rounds/{round_id}/export.csv").get_data(as_text=True)
    assert "Secret Buyer" not in exported and "secret@client.example" not in exported
    # one buyer is below the anonymity minimum: nothing of theirs leaves in a file
    # (tests/security/test_anonymity.py tries harder)
    assert "BUYER-ONLY" not in exported and "referral" not in exported
    assert "'@SUM(1+1)" in exported
    assert "'=HYPERLINK(evil)" in exported
    as_json = client.get(f"/manage/rounds/{round_id}/export.json").json
    assert [(row["rater_role"], row["value"]) for row in as_json] == [("self", "@SUM(1+1)")]


def test_deleting_a_respondents_data_removes_their_answers(client, manager, session):
    team = TeamFactory(organization=manager.organization, manager_id=manager.id)
    rep = RepFactory(team=team)
    sign_in(client, manager.email)
    board_url = launch(client, team, banks=("consultative_selling",)).headers["Location"]
    invitation = invitations(session, rep_id=rep.id)[0]
    response = factories.ResponseFactory(invitation=invitation)
    session.add(Answer(response_id=response.id, item_id="x", value=3))
    invitation.status = "in_progress"
    session.flush()
    board = client.get(board_url)
    client.post(
        f"/manage/invitations/{invitation.id}/delete-data",
        data={"csrf_token": csrf_from(board), "confirmed": "yes"},
    )
    assert session.scalar(select(func.count()).select_from(Answer)) == 0
    session.refresh(invitation)
    assert invitation.status == "revoked"


def upload_buyers(client, board_url, round_id, text):
    token = csrf_from(client.get(board_url))
    return client.post(
        f"/manage/rounds/{round_id}/buyers.csv",
        data={"csrf_token": token, "file": (io.BytesIO(text.encode()), "buyers.csv")},
        content_type="multipart/form-data",
        follow_redirects=True,  # the upload is kept; its preview is a GET page
    )


def test_buyers_from_csv_all_or_nothing(client, manager, session):
    team = TeamFactory(organization=manager.organization, manager_id=manager.id)
    ann, bob = RepFactory(team=team), RepFactory(team=team)
    sign_in(client, manager.email)
    board_url = launch(client, team, banks=("buyer_feedback",)).headers["Location"]
    round_id = int(board_url.rsplit("/", 1)[1])
    bad = (
        "rep_email,name,email,role\n"
        f"{ann.email},Cy Client,cy@client.example,customer\n"
        f"nobody@example.com,Di,di@client.example,customer\n"
        f"{bob.email},Ed,not-an-email,friend\n"
    )
    refused = upload_buyers(client, board_url, round_id, bad)
    text = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "Line 3: no rep of this team has the email" in text
    assert "Line 4:" in text and "is not an email address" in text and "the role must be" in text
    assert invitations(session, round_id=round_id, rater_role="customer") == []

    good = (
        "rep_email,name,email,role\n"
        f"{ann.email},Cy Client,cy@client.example,customer\n"
        f"{bob.email},Ed Buyer,ed@client.example,referral\n"
    )
    preview = upload_buyers(client, board_url, round_id, good)
    assert preview.status_code == 200  # a preview of every row; nothing asked yet
    shown = preview.get_data(as_text=True)
    assert "Cy Client" in shown and "ed@client.example" in shown and "Ask 2 buyers" in shown
    assert invitations(session, round_id=round_id, rater_role="customer") == []
    confirmed = client.post(
        f"/manage/rounds/{round_id}/buyers.csv",
        data={
            "csrf_token": csrf_from(preview),
            "confirmed": "yes",
            "upload": re.search(r'name="upload" value="([^"]+)"', shown).group(1),
        },
    )
    assert confirmed.status_code == 302
    asked = {
        (i.rep_id, i.rater_email, i.rater_role) for i in invitations(session, round_id=round_id)
    }
    assert asked == {
        (ann.id, "cy@client.example", "customer"),
        (bob.id, "ed@client.example", "referral"),
    }
    again = upload_buyers(client, board_url, round_id, good)
    assert "already asked about" in again.get_data(as_text=True)


def test_a_latin_1_buyers_file_keeps_accents_in_the_preview(client, manager, session):
    team = TeamFactory(organization=manager.organization, manager_id=manager.id)
    ann = RepFactory(team=team)
    sign_in(client, manager.email)
    board_url = launch(client, team, banks=("buyer_feedback",)).headers["Location"]
    round_id = int(board_url.rsplit("/", 1)[1])
    content = f"rep_email,name,email,role\n{ann.email},José Martínez,jm@client.example,customer\n"
    token = csrf_from(client.get(board_url))
    preview = client.post(
        f"/manage/rounds/{round_id}/buyers.csv",
        data={"csrf_token": token, "file": (io.BytesIO(content.encode("cp1252")), "b.csv")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "José Martínez" in preview.get_data(as_text=True)


def test_a_new_round_starts_with_everything_a_verdict_needs_ticked(client, manager):
    sign_in(client, manager.email)
    page = client.get("/manage/rounds/new").get_data(as_text=True)
    ticked = set(re.findall(r'name="bank_ids"[^>]*value="(\w+)"[^>]*checked', page))
    ticked |= set(re.findall(r'checked[^>]*name="bank_ids"[^>]*value="(\w+)"', page))
    assert {"consultative_selling", "trustworthiness", "buyer_feedback", "manager_review"} <= (
        ticked
    )
    assert "sales_marketing_alignment" not in ticked  # organization-wide: a choice


def test_reloading_a_form_address_shows_a_page_not_a_bare_405(client, manager, session):
    team = TeamFactory(organization=manager.organization, manager_id=manager.id)
    rep = RepFactory(team=team)
    sign_in(client, manager.email)
    board_url = launch(client, team).headers["Location"]
    round_id = int(board_url.rsplit("/", 1)[1])
    # the "Ask a buyer" address, reloaded after a refusal: back to that rep's card
    again = client.get(f"/manage/rounds/{round_id}/reps/{rep.id}/buyers")
    assert again.status_code == 302 and again.headers["Location"].endswith(f"#rep-{rep.id}")
    # any other form-only address answers with the app's own page
    answer = client.get(f"/manage/rounds/{round_id}/buyers.csv")
    assert answer.status_code == 405
    page = answer.get_data(as_text=True)
    assert "This address is for a form" in page and 'name="viewport"' in page
