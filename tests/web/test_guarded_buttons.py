"""The board's guarded buttons refuse what they must, say what really happens, and treat
a HEAD like a GET: a later round of another team blocks a reopen without being named, a
confirmed CSV that is no longer text is a message, a closed round's links are not
revoked, a link never answered has no answers to delete, and a count of buyers below
the minimum is never shown."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from assess.models import Invitation, utcnow
from tests import factories
from tests.conftest import post_form
from tests.web.test_round_guards import press, running_round, text
from tests.web.test_rounds import invitations


def buyer_version(assessment_round):
    return next(
        entry.bank_version
        for entry in assessment_round.banks
        if entry.bank_version.bank_key == "buyer_feedback"
    )


def test_a_later_round_of_a_team_the_manager_cannot_see_still_blocks_the_reopen(
    client, session, manager
):
    assessment_round, board_url, _ = running_round(client, session, manager)
    post_form(client, f"{board_url}/close", {"confirmed": "yes"}, form_url=board_url)
    other_manager = factories.UserFactory(organization=manager.organization)
    other_team = factories.TeamFactory(
        organization=manager.organization, manager_id=other_manager.id
    )
    factories.RoundFactory(
        team=other_team, name="Team B secret round", status="closed",
        closed_at=utcnow() + timedelta(minutes=1),
    )  # fmt: skip
    assert "Reopen the round" not in text(client.get(board_url))
    answer = post_form(
        client, f"{board_url}/reopen", {"days": "3", "confirmed": "yes"}, form_url=board_url
    )
    assert answer.status_code == 302
    page = text(client.get(board_url))
    assert "A later round of your organization closed after this round" in page
    assert "Team B secret round" not in page
    session.refresh(assessment_round)
    assert assessment_round.status == "closed"


def test_a_confirmed_buyers_list_whose_upload_is_gone_is_refused_in_words(client, session, manager):
    """The preview's button carries only the kept upload's token: a made-up or spent
    token asks nobody and says what to do."""
    assessment_round, board_url, _ = running_round(client, session, manager)
    before = session.scalar(select(func.count()).select_from(Invitation))
    for upload in ("made-up-token-aaaaaaaaaaaa", "../../secret_key", ""):
        answer = post_form(
            client,
            f"/manage/rounds/{assessment_round.id}/buyers.csv",
            {"confirmed": "yes", "upload": upload},
            form_url=board_url,
        )
        assert answer.status_code == 422
        assert "choose the file and preview it again" in text(answer)
    assert session.scalar(select(func.count()).select_from(Invitation)) == before


def test_a_closed_rounds_link_is_not_revoked(client, session, manager):
    assessment_round, board_url, (ana, _) = running_round(client, session, manager)
    (own,) = invitations(session, round_id=assessment_round.id, rep_id=ana.id, rater_role="self")
    post_form(client, f"{board_url}/close", {"confirmed": "yes"}, form_url=board_url)
    answer = post_form(
        client, f"/manage/invitations/{own.id}/revoke", {"confirmed": "yes"}, form_url=board_url
    )
    assert answer.status_code == 302
    assert "This round is closed" in text(client.get(board_url))
    session.refresh(own)
    assert own.status == "pending" and own.revoked_at is None


def test_a_link_never_answered_has_no_answers_to_delete(client, session, manager):
    assessment_round, board_url, (ana, _) = running_round(client, session, manager)
    buyer = factories.InvitationFactory(
        round=assessment_round, rep=ana, bank_version=buyer_version(assessment_round),
        rater_role="customer", rater_key="nia@client.example", rater_email="nia@client.example",
        rater_name="Nia Never",
    )  # fmt: skip
    url = f"/manage/invitations/{buyer.id}/delete-data"
    page = text(press(client, url, form_url=board_url))
    assert "Nothing to delete: Nia Never has not answered anything" in page
    assert "Delete the answers" not in page  # no button to press
    answer = post_form(client, url, {"confirmed": "yes"}, form_url=board_url)
    page = text(client.get(answer.headers["Location"], follow_redirects=True))
    assert "Nothing to delete" in page and "answers are deleted" not in page
    session.refresh(buyer)
    assert buyer.status == "pending" and buyer.rater_email == "nia@client.example"


def test_the_rep_left_with_too_few_buyers_is_not_told_how_few(client, session, manager):
    assessment_round, board_url, (ana, _) = running_round(client, session, manager)
    buyers = []
    for number in range(4):
        buyer = factories.InvitationFactory(
            round=assessment_round, rep=ana, bank_version=buyer_version(assessment_round),
            rater_role="customer", rater_key=f"b{number}@client.example",
            rater_name=f"Buyer {number}", status="completed",
        )  # fmt: skip
        factories.ResponseFactory(invitation=buyer, completed_at=utcnow())
        buyers.append(buyer)
    delete = f"/manage/invitations/{buyers[0].id}/delete-data"
    assert "Ana Alvarez keeps 3 finished buyer surveys." in text(
        press(client, delete, form_url=board_url)
    )  # at the minimum: the count may be said
    buyers[1].status = "revoked"
    buyers[2].status = "revoked"
    session.flush()
    page = text(press(client, delete, form_url=board_url))
    assert "Ana Alvarez would have fewer than the 3 finished buyer surveys a verdict needs" in page
    assert "keeps 1" not in page and "1 finished" not in page


def test_a_head_request_to_a_guarded_button_is_a_get(client, session, manager):
    assessment_round, board_url, (ana, _) = running_round(client, session, manager)
    own = invitations(session, round_id=assessment_round.id, rep_id=ana.id, rater_role="self")[0]
    own.status = "in_progress"
    factories.ResponseFactory(invitation=own)
    for invitation in invitations(session, round_id=assessment_round.id):
        invitation.sent_at = utcnow() - timedelta(hours=30)  # so someone is due a reminder
    session.flush()
    urls = [
        f"{board_url}/close",
        f"{board_url}/remind",
        f"/manage/invitations/{own.id}/revoke",
        f"/manage/invitations/{own.id}/delete-data",
    ]
    for url in urls:
        head = client.head(url)
        assert head.status_code == 200, (url, head.status_code)
        assert head.data == b""
        assert client.get(url).status_code == 200
    post_form(client, f"{board_url}/close", {"confirmed": "yes"}, form_url=board_url)
    head = client.head(f"{board_url}/reopen?days=3")
    assert head.status_code == 200 and head.data == b""
    session.refresh(assessment_round)
    session.refresh(own)
    assert assessment_round.status == "closed" and own.status == "in_progress"
