"""A manager is protected from slips: every button that cannot be taken back states its
consequence first, reminders come at most once a day, a rep is not their own buyer, and
a mistyped buyer comes back at the field with what was typed."""

from __future__ import annotations

import copy
import html
import io
from datetime import date, timedelta
from urllib.parse import urlsplit

from sqlalchemy import func, select

from assess.models import Invitation, OutboxMessage, Round, utcnow
from tests import factories
from tests.conftest import csrf_from, post_form, sign_in
from tests.factories import RepFactory, TeamFactory
from tests.web.test_rounds import invitations, launch


def running_round(client, session, manager, reps=("Ana Alvarez", "Ben Brooks")):
    team = TeamFactory(organization=manager.organization, manager_id=manager.id)
    people = [RepFactory(team=team, name=name) for name in reps]
    sign_in(client, manager.email)
    board_url = launch(client, team).headers["Location"]
    return session.get(Round, int(board_url.rsplit("/", 1)[1])), board_url, people


def text(answer) -> str:
    return " ".join(html.unescape(answer.get_data(as_text=True)).split())


def press(client, url: str, data: dict | None = None, form_url: str | None = None):
    """Press a guarded button: its POST answers with a redirect to the confirmation page
    (a GET, so Back and Reload resend nothing); return that page."""
    answer = post_form(client, url, data or {}, form_url=form_url)
    assert answer.status_code == 303, answer.status_code
    location = answer.headers["Location"]
    assert urlsplit(location).path == url
    page = client.get(location)
    assert page.status_code == 200
    return page


def test_closing_names_who_has_not_finished_and_waits_for_the_second_press(
    client, session, manager
):
    assessment_round, board_url, (_, ben) = running_round(client, session, manager)
    # Ben has his manager's review and three buyers: a verdict, though his own survey waits
    versions = {entry.bank_version.bank_key: entry.bank_version for entry in assessment_round.banks}
    (review,) = invitations(session, round_id=assessment_round.id, rep_id=ben.id,
                            rater_role="manager")  # fmt: skip
    review.status = "completed"
    for number in range(3):
        factories.InvitationFactory(
            round=assessment_round, rep=ben, bank_version=versions["buyer_feedback"],
            rater_role="customer", rater_key=f"b{number}@client.example", status="completed",
        )  # fmt: skip
    session.flush()
    page = text(press(client, f"{board_url}/close", form_url=board_url))
    assert "Close Spring round now?" in page
    assert (
        "1 rep would get no verdict yet — no manager's review, or fewer than 3 finished "
        "buyer surveys: Ana Alvarez." in page
    )
    assert "1 other rep still has answers missing, but enough for a verdict: Ben Brooks." in page
    assert "links are not finished" in page
    session.refresh(assessment_round)
    assert assessment_round.status == "open"  # nothing happened yet
    client.get(f"{board_url}/close?confirmed=yes")  # reloading the page acts on nothing
    session.refresh(assessment_round)
    assert assessment_round.status == "open"
    post_form(client, f"{board_url}/close", {"confirmed": "yes"}, form_url=f"{board_url}/close")
    session.refresh(assessment_round)
    assert assessment_round.status == "closed"


def test_revoking_and_deleting_state_the_consequence_first(client, session, manager):
    assessment_round, board_url, (ana, _) = running_round(client, session, manager)
    (own,) = invitations(session, round_id=assessment_round.id, rep_id=ana.id, rater_role="self")
    page = text(press(client, f"/manage/invitations/{own.id}/revoke", form_url=board_url))
    assert "Revoke Ana Alvarez's link?" in page or "Revoke self's link?" in page
    assert "cannot be turned back on" in page
    session.refresh(own)
    assert own.status != "revoked"
    own.status = "in_progress"
    factories.ResponseFactory(invitation=own)  # something was answered through it
    page = text(press(client, f"/manage/invitations/{own.id}/delete-data", form_url=board_url))
    assert "erased for good" in page
    session.refresh(own)
    assert own.status == "in_progress"


def test_a_person_is_emailed_at_most_once_a_day(client, session, manager):
    assessment_round, board_url, (ana, ben) = running_round(client, session, manager)
    mails = session.scalar(select(func.count()).select_from(OutboxMessage))
    (ana_link,) = invitations(
        session, round_id=assessment_round.id, rep_id=ana.id, rater_role="self"
    )
    answer = post_form(client, f"/manage/invitations/{ana_link.id}/remind", {}, form_url=board_url)
    assert answer.status_code == 302
    page = text(client.get(board_url))
    assert "one email a day is enough" in page and "The next reminder can go after" in page
    assert "last emailed" in page
    assert session.scalar(select(func.count()).select_from(OutboxMessage)) == mails

    # remind everyone: those emailed in the last 24 hours are left out, and it says so
    for invitation in invitations(session, round_id=assessment_round.id):
        if invitation.rep_id == ben.id:
            invitation.sent_at = utcnow() - timedelta(hours=30)
    session.flush()
    due = [i for i in invitations(session, round_id=assessment_round.id) if i.rep_id == ben.id]
    page = text(press(client, f"{board_url}/remind", form_url=board_url))
    assert f"Remind {len(due)} people?" in page and "emailed in the last 24 hours" in page
    post_form(client, f"{board_url}/remind", {"confirmed": "yes"}, form_url=board_url)
    sent = session.scalar(select(func.count()).select_from(OutboxMessage)) - mails
    assert sent == len(due)
    post_form(client, f"{board_url}/remind", {"confirmed": "yes"}, form_url=board_url)
    assert session.scalar(select(func.count()).select_from(OutboxMessage)) - mails == sent


def test_the_rep_is_not_their_own_buyer_and_a_bad_buyer_comes_back_at_the_field(
    client, session, manager
):
    assessment_round, board_url, (ana, _) = running_round(client, session, manager)
    before = session.scalar(select(func.count()).select_from(Invitation))
    url = f"/manage/rounds/{assessment_round.id}/reps/{ana.id}/buyers"
    answer = post_form(
        client, url, {"name": "Ana herself", "email": ana.email.upper(), "role": "customer"},
        form_url=board_url,
    )  # fmt: skip
    assert answer.status_code == 422
    page = answer.get_data(as_text=True)
    assert "a rep cannot rate themself as a buyer" in html.unescape(page)
    assert 'value="Ana herself"' in page and "<details open>" in page
    assert 'aria-invalid="true"' in page
    answer = post_form(
        client, url, {"name": "Bea Buyer", "email": "not-an-address", "role": "customer"},
        form_url=board_url,
    )  # fmt: skip
    assert answer.status_code == 422 and 'value="not-an-address"' in answer.get_data(as_text=True)
    assert session.scalar(select(func.count()).select_from(Invitation)) == before


def test_a_closed_round_reopens_for_a_few_days_and_closes_again(client, session, manager):
    assessment_round, board_url, _ = running_round(client, session, manager)
    post_form(client, f"{board_url}/close", {"confirmed": "yes"}, form_url=board_url)
    page = text(press(client, f"{board_url}/reopen", {"days": "3"}, form_url=board_url))
    until = date.today() + timedelta(days=3)
    assert f"Reopen Spring round until {until:%d %B %Y}?" in page
    assert "unfinished links open again until then: about Ana Alvarez, Ben Brooks" in page
    assert f"it now closes on {until:%d %B %Y}" in page and "It was due to close on" in page
    post_form(client, f"{board_url}/reopen", {"days": "3", "confirmed": "yes"}, form_url=board_url)
    session.refresh(assessment_round)
    assert assessment_round.status == "open" and assessment_round.closed_at is None
    waiting = [i for i in invitations(session, round_id=assessment_round.id)]
    assert all(i.expires_at.date() == until for i in waiting)
    post_form(client, f"{board_url}/close", {"confirmed": "yes"}, form_url=board_url)
    session.refresh(assessment_round)
    assert assessment_round.status == "closed"


def test_a_round_cannot_reopen_once_a_later_one_has_closed(client, session, manager):
    assessment_round, board_url, _ = running_round(client, session, manager)
    post_form(client, f"{board_url}/close", {"confirmed": "yes"}, form_url=board_url)
    factories.RoundFactory(
        team=assessment_round.team, status="closed", closed_at=utcnow() + timedelta(minutes=1)
    )
    answer = post_form(
        client, f"{board_url}/reopen", {"days": "3", "confirmed": "yes"}, form_url=board_url
    )
    assert answer.status_code == 302
    assert "Start a new round instead" in text(client.get(board_url))
    session.refresh(assessment_round)
    assert assessment_round.status == "closed"


def test_without_a_mail_server_nothing_claims_to_be_sent(client, session, manager):
    team = TeamFactory(organization=manager.organization, manager_id=manager.id)
    RepFactory(team=team)
    sign_in(client, manager.email)
    answer = launch(client, team)
    page = text(client.get(answer.headers["Location"]))
    assert "waits in the Outbox (no mail server is set up)" in page
    assert " sent" not in page.split("Round launched", 1)[1][:200]


def test_each_email_says_who_is_asked_and_for_what(client, session, manager):
    team = TeamFactory(organization=manager.organization, manager_id=manager.id)
    rep = RepFactory(team=team, name="Cara Cole")
    sign_in(client, manager.email)
    launch(client, team, banks=("consultative_selling", "trustworthiness", "manager_review"))
    subjects = sorted(session.scalars(select(OutboxMessage.subject)))
    org = manager.organization.name
    assert f"{org}: your review of Cara Cole" in subjects
    own = [
        subject
        for subject in subjects
        if subject.startswith(f"{org}: ") and "review" not in subject
    ]
    # two self-assessments, one email that names them both (tests/web/test_rep_journey.py)
    assert own == [f"{org}: your 2 self-assessments"]
    assert rep.name not in own[0]


def test_a_nominee_awaiting_approval_is_not_shown_as_opened(client, session, manager):
    assessment_round, board_url, (ana, _) = running_round(client, session, manager)
    buyer_bank = next(
        rb.bank_version
        for rb in assessment_round.banks
        if rb.bank_version.bank_key == "buyer_feedback"
    )
    factories.InvitationFactory(
        round=assessment_round, rep=ana, bank_version=buyer_bank, rater_role="customer",
        rater_key="nominee@example.com", rater_name="Nia Nominee", status="awaiting_approval",
    )  # fmt: skip
    row = text(client.get(board_url)).split("Nia Nominee", 1)[1][:300]
    assert "awaiting your approval" in row and "Nothing is sent until you approve" in row
    assert "(opened)" not in row


def test_the_launch_says_what_is_missing_before_anything_is_sent(client, session, owner):
    team = TeamFactory(organization=owner.organization)  # no manager set
    RepFactory(team=team)
    sign_in(client, owner.email)
    before = session.scalar(select(func.count()).select_from(OutboxMessage))
    first = launch(client, team, banks=("consultative_selling", "manager_review"), confirmed="")
    page = text(first)
    assert first.status_code == 200 and "Before anything is sent" in page
    assert "has no manager" in page and "No buyer survey is in the round" in page
    assert session.scalar(select(func.count()).select_from(Round)) == 0
    assert session.scalar(select(func.count()).select_from(OutboxMessage)) == before
    empty = TeamFactory(organization=owner.organization, manager_id=owner.id)
    refused = launch(client, empty)
    assert "has no active reps" in text(refused)
    assert session.scalar(select(func.count()).select_from(Round)) == 0
    went = launch(client, team, banks=("consultative_selling", "manager_review"))
    assert went.status_code == 302  # "launch anyway"


def test_no_reopen_is_offered_once_a_later_round_has_closed(client, session, manager):
    assessment_round, board_url, _ = running_round(client, session, manager)
    post_form(client, f"{board_url}/close", {"confirmed": "yes"}, form_url=board_url)
    assert "Reopen the round" in text(client.get(board_url))
    factories.RoundFactory(
        team=assessment_round.team, status="closed", closed_at=utcnow() + timedelta(minutes=1)
    )
    assert "Reopen the round" not in text(client.get(board_url))


def test_inviting_a_manager_without_a_mail_server_claims_no_email_went(client, owner):
    sign_in(client, owner.email)
    answer = post_form(client, "/manage/people", {"name": "Nia New", "email": "nia@x.example"})
    page = text(client.get(answer.headers["Location"]))
    assert "No mail server is set up, so the welcome email waits" in page
    assert "on its way" not in page


def test_deleting_a_buyers_answers_says_what_the_rep_is_left_with(client, session, manager):
    assessment_round, board_url, (ana, _) = running_round(client, session, manager)
    versions = [entry.bank_version for entry in assessment_round.banks]
    buyer_bank = next(v for v in versions if v.bank_key == "buyer_feedback")
    buyer = factories.InvitationFactory(
        round=assessment_round, rep=ana, bank_version=buyer_bank, rater_role="customer",
        rater_key="cy@client.example", rater_name="Cy Client", status="completed",
    )  # fmt: skip
    factories.ResponseFactory(invitation=buyer, completed_at=utcnow())
    page = text(press(client, f"/manage/invitations/{buyer.id}/delete-data", form_url=board_url))
    # how few are left is not said: a count below the minimum would tell too much
    assert "Ana Alvarez would have fewer than the 3 finished buyer surveys a verdict needs" in page
    assert "keeps 0" not in page

    # a bank that asks for more buyers is read, not a number written into the page
    selling = next(v for v in versions if v.bank_key == "consultative_selling")
    content = copy.deepcopy(selling.content)
    content["rubric"]["evidence"] = {"manager_review": True, "min_buyers": 5}
    selling.content, selling.content_hash = content, "stricter-" + selling.content_hash[9:]
    session.flush()
    page = text(press(client, f"/manage/invitations/{buyer.id}/delete-data", form_url=board_url))
    assert "fewer than the 5 finished buyer surveys a verdict needs" in page


def test_a_colleague_is_not_a_buyer_and_a_csv_lists_every_problem_at_once(client, session, manager):
    assessment_round, board_url, (ana, ben) = running_round(client, session, manager)
    url = f"/manage/rounds/{assessment_round.id}/reps/{ana.id}/buyers"
    answer = post_form(
        client, url, {"name": "Boss", "email": manager.email, "role": "customer"},
        form_url=board_url,
    )  # fmt: skip
    assert answer.status_code == 422 and "a colleague is not a buyer" in text(answer)
    content = (
        "rep_email,name,email,role\n"
        f"{ana.email},Ana herself,{ana.email},customer\n"
        f"{ben.email},The boss,{manager.email},customer\n"
        f"{ben.email},Nobody,not-an-email,customer\n"
    )
    token = csrf_from(client.get(board_url))
    refused = client.post(
        f"/manage/rounds/{assessment_round.id}/buyers.csv",
        data={"csrf_token": token, "file": (io.BytesIO(content.encode()), "b.csv")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    page = text(refused)
    assert refused.status_code == 422
    assert "is not an email address" in page  # the file's own problem (line 4)
    assert "a rep cannot rate themself" in page and "a colleague is not a buyer" in page


def test_a_closed_round_does_not_point_to_a_remind_button_and_one_rep_is_one_rep(
    client, session, manager
):
    assessment_round, board_url, _ = running_round(client, session, manager, reps=("Ana",))
    assert "1 rep<" in client.get("/manage/").get_data(as_text=True)
    assert "1 reps" not in client.get("/manage/").get_data(as_text=True)
    post_form(client, f"{board_url}/close", {"confirmed": "yes"}, form_url=board_url)
    assert "“Remind” emails it again" not in text(client.get(board_url))


def test_a_broken_csv_and_a_too_large_upload_are_explained_in_words(client, session, manager):
    assessment_round, board_url, (ana, _) = running_round(client, session, manager)
    url = f"/manage/rounds/{assessment_round.id}/buyers.csv"
    content = f"rep_email,name,email,role\n{ana.email},Cy\rClient,cy@x.example,customer\n"
    answer = client.post(
        url,
        data={"csrf_token": csrf_from(client.get(board_url)),
              "file": (io.BytesIO(content.encode()), "b.csv")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )  # fmt: skip
    page = text(answer)
    assert answer.status_code == 422
    # the csv module refuses the file part-way: said in words, not Python's text
    assert "a line break inside a cell or a stray carriage return" in page
    assert "universal-newline" not in page and "Traceback" not in page
    huge = client.post(  # a plain body: the limit is checked before any temporary file
        url,
        data=b"file=" + b"x" * 600_000,
        content_type="application/x-www-form-urlencoded",
        headers={"Referer": "http://localhost" + board_url},
    )
    assert huge.status_code == 413
    assert "at most 512 KB" in text(huge) and "Go back" in text(huge)


def test_a_day_that_is_not_one_is_named_as_such_and_nothing_is_launched(client, session, manager):
    team = TeamFactory(organization=manager.organization, manager_id=manager.id)
    RepFactory(team=team)
    sign_in(client, manager.email)
    for field, value in (
        ("closes_on", "2026-02-30"),
        ("opens_on", "abc"),
        ("closes_on", "99999-01-01"),
    ):
        answer = launch(client, team, **{field: value})
        assert answer.status_code != 302, (field, value)
        assert "That is not a day of the calendar: write it as YYYY-MM-DD" in answer.text
        assert "This field is required" not in answer.text
    assert session.scalar(select(func.count()).select_from(Round)) == 0


def test_the_new_round_form_names_who_answers_in_the_products_words(client, manager):
    sign_in(client, manager.email)
    page = client.get("/manage/rounds/new").text
    assert "answered by the rep, the manager, marketing and delivery" in page
    assert "answered by prospects, referrals and customers" in page
    assert "answered by self" not in page
    assert 'class="alignment-staff"' in page  # hidden by CSS until the survey is ticked
