"""Links that show no form, guessing limits, and bad input: clear pages, nothing changed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from assess.models import Answer, Invitation, Response, Round, ThrottleHit, utcnow
from assess.web.survey import links
from tests.conftest import csrf_from
from tests.factories import InvitationFactory, RepFactory
from tests.web.conftest import (
    link_path,
    page_path,
    post_page,
    response_of,
    stored_answers,
    valid_form_answers,
)


def text_of(answer) -> str:
    return answer.get_data(as_text=True)


def answered_first_page(client, session, survey_round, invitation):
    post_page(client, invitation, 1, valid_form_answers(survey_round.buyer_bank, 1))
    assert stored_answers(session, invitation)


@pytest.mark.parametrize(
    ("change", "status", "message"),
    [
        ({"expires_at": utcnow() - timedelta(minutes=1)}, 410, "This link has expired"),
        ({"status": "revoked"}, 410, "This link is no longer active"),
        ({"status": "awaiting_approval"}, 404, "This link is not active yet"),
    ],
)
def test_links_that_no_longer_open_get_a_clear_page_and_never_show_answers(
    client, session, survey_round, buyer_invitation, change, status, message
):
    answered_first_page(client, session, survey_round, buyer_invitation)
    row = session.get(Invitation, buyer_invitation.id)
    for key, value in change.items():
        setattr(row, key, value)
    session.flush()
    for path in (
        link_path(buyer_invitation),
        page_path(buyer_invitation, 1),
        link_path(buyer_invitation) + "/done",
    ):
        answer = client.get(path)
        assert answer.status_code == status, path
        assert message in text_of(answer)
        assert "checked" not in text_of(answer) and "<form" not in text_of(answer)


def test_a_revoked_link_saves_nothing(client, session, survey_round, buyer_invitation):
    page = client.get(page_path(buyer_invitation, 1))
    session.get(Invitation, buyer_invitation.id).status = "revoked"
    session.flush()
    answer = client.post(
        page_path(buyer_invitation, 1),
        data={"csrf_token": csrf_from(page), **valid_form_answers(survey_round.buyer_bank, 1)},
    )
    assert answer.status_code == 410
    assert response_of(session, buyer_invitation) is None


def test_a_closed_round_gets_a_clear_page(client, session, survey_round, buyer_invitation):
    session.get(Round, survey_round.round.id).status = "closed"
    session.flush()
    answer = client.get(link_path(buyer_invitation))
    assert answer.status_code == 410
    assert "This survey has closed" in text_of(answer)


def test_a_round_that_has_not_opened_yet_says_when(client, session, survey_round, buyer_invitation):
    row = session.get(Round, survey_round.round.id)
    row.opens_at = utcnow() + timedelta(days=2)
    row.closes_at = utcnow() + timedelta(days=9)
    session.flush()
    answer = client.get(link_path(buyer_invitation))
    assert answer.status_code == 403
    assert "has not opened yet" in text_of(answer)


def test_an_unknown_link_is_404_and_counted(client, session):
    answer = client.get("/s/not-a-real-token-at-all")
    assert answer.status_code == 404
    assert "We cannot find this link" in text_of(answer)
    assert session.scalar(select(func.count()).select_from(ThrottleHit)) == 1


def test_guessing_links_is_rate_limited_per_address(client, session, buyer_invitation):
    for number in range(links.MAX_MISSES):
        assert client.get(f"/s/guess-{number}").status_code == 404
    blocked = client.get("/s/guess-again")
    assert blocked.status_code == 429
    assert "Too many tries" in text_of(blocked)
    assert blocked.headers["Retry-After"] == "1"  # the wait grows with each further miss
    # A real link from the same address (a colleague behind the same proxy) still opens.
    assert client.get(link_path(buyer_invitation)).status_code == 200
    other_address = client.get("/s/guess-again", environ_base={"REMOTE_ADDR": "10.1.2.3"})
    assert other_address.status_code == 404


def test_a_post_without_csrf_token_changes_nothing(client, session, survey_round, buyer_invitation):
    answer = client.post(
        page_path(buyer_invitation, 1), data=valid_form_answers(survey_round.buyer_bank, 1)
    )
    assert answer.status_code == 400
    assert "Please send that again" in text_of(answer)
    assert response_of(session, buyer_invitation) is None
    assert session.get(Invitation, buyer_invitation.id).status == "pending"


def test_a_post_with_more_fields_than_the_page_has_is_refused(
    client, session, survey_round, buyer_invitation
):
    page = client.get(page_path(buyer_invitation, 1))
    data = {"csrf_token": csrf_from(page), **valid_form_answers(survey_round.buyer_bank, 1)}
    data.update({f"extra{number}": "1" for number in range(5)})
    answer = client.post(page_path(buyer_invitation, 1), data=data)
    assert answer.status_code == 400
    assert "We could not read that" in text_of(answer)
    assert response_of(session, buyer_invitation) is None


def test_a_field_sent_twice_is_not_an_answer(client, session, survey_round, buyer_invitation):
    page = client.get(page_path(buyer_invitation, 1))
    answer = client.post(
        page_path(buyer_invitation, 1),
        data={"csrf_token": csrf_from(page), "bf_listened": ["1", "5"], "action": "back"},
    )
    assert answer.status_code == 422
    assert "bf_listened" not in stored_answers(session, buyer_invitation)


def test_an_oversized_request_gets_413_and_changes_nothing(
    client, session, survey_round, buyer_invitation
):
    page = client.get(page_path(buyer_invitation, 1))
    answer = client.post(
        page_path(buyer_invitation, 1),
        data={"csrf_token": csrf_from(page), "bf_listened": "3", "bf_comment": "x" * 600_000},
    )
    assert answer.status_code == 413
    assert "too much to send at once" in text_of(answer)
    assert response_of(session, buyer_invitation) is None


def test_html_in_a_rep_name_is_escaped(client, session, survey_round):
    rep = RepFactory(team=survey_round.rep.team, name='<script>alert("x")</script>')
    invitation = InvitationFactory(
        round=survey_round.round,
        rep=rep,
        bank_version=survey_round.buyer_version,
        rater_role="prospect",
        rater_key="p@example.com",
    )
    for path in (link_path(invitation), page_path(invitation, 1)):
        page = text_of(client.get(path))
        assert "<script>alert" not in page
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page


def test_html_in_a_comment_is_stored_as_typed_and_shown_escaped(
    client, session, survey_round, buyer_invitation
):
    answered_first_page(client, session, survey_round, buyer_invitation)
    comment = '</textarea><img src=x onerror="alert(1)">'
    post_page(client, buyer_invitation, 2, {"bf_comment": comment}, action="back")
    assert stored_answers(session, buyer_invitation)["bf_comment"] == comment
    page = text_of(client.get(page_path(buyer_invitation, 2)))
    assert comment not in page
    assert "&lt;/textarea&gt;&lt;img src=x onerror=&#34;alert(1)&#34;&gt;</textarea>" in page


def test_pages_carry_no_inline_script_or_style(client, survey_round, buyer_invitation):
    answer = client.get(page_path(buyer_invitation, 1))
    page = text_of(answer)
    assert "<script>" not in page and "style=" not in page and "<style" not in page
    assert 'src="/static/survey.js"' in page
    assert "script-src 'self'" in answer.headers["Content-Security-Policy"]


def test_a_missing_page_number_is_404_not_500(client, buyer_invitation):
    assert client.get(page_path(buyer_invitation, 0)).status_code == 404
    token = csrf_from(client.get(page_path(buyer_invitation, 1)))
    assert (
        client.post(page_path(buyer_invitation, 7), data={"csrf_token": token}).status_code == 404
    )


def test_nothing_is_stored_for_an_unknown_link_post(client, session, buyer_invitation):
    token = csrf_from(client.get(page_path(buyer_invitation, 1)))
    answer = client.post("/s/unknown-token/p/1", data={"csrf_token": token, "bf_listened": "3"})
    assert answer.status_code == 404
    assert session.scalar(select(func.count()).select_from(Answer)) == 0
    assert session.scalar(select(func.count()).select_from(Response)) == 0
