"""The input rule on the respondent's forms (see tests/security/test_input_rule.py): a
comment and a nomination refuse what no text field may hold, by name, saving nothing;
a rating is ASCII digits only."""

from __future__ import annotations

from sqlalchemy import select

from assess.models import Answer, Invitation
from tests.conftest import csrf_from
from tests.security.test_input_rule import counts, post_raw
from tests.web.conftest import page_path, valid_form_answers


def test_a_respondents_comment_and_nominations_refuse_it(
    client, session, survey_round, self_invitation, buyer_invitation
):
    bank = survey_round.buyer_bank
    last = len(bank.pages)
    for number in range(1, last):
        page = client.get(page_path(buyer_invitation, number))
        fields = {"action": "next", **valid_form_answers(bank, number)}
        client.post(
            page_path(buyer_invitation, number), data={"csrf_token": csrf_from(page), **fields}
        )
    fields = {"action": "next", **valid_form_answers(bank, last)}
    comment = fields.pop("bf_comment")
    assert comment
    answer = post_raw(
        client, page_path(buyer_invitation, last), page_path(buyer_invitation, last), fields,
        "bf_comment", "Fine%00",
    )  # fmt: skip
    assert answer.status_code == 422
    assert "Your answer contains a NUL character" in answer.text
    session.expire_all()
    assert session.get(Invitation, buyer_invitation.id).status != "completed"

    # The rep's nomination form (no account needed) says which field, and adds nobody.
    self_bank = survey_round.self_bank
    for number in range(1, len(self_bank.pages) + 1):
        page = client.get(page_path(self_invitation, number))
        fields = {"action": "next", **valid_form_answers(self_bank, number)}
        client.post(
            page_path(self_invitation, number), data={"csrf_token": csrf_from(page), **fields}
        )
    nominate_url = page_path(self_invitation, 1).rsplit("/p/", 1)[0] + "/nominate"
    before = counts(session)
    answer = post_raw(
        client, nominate_url, nominate_url, {"email-0": "bo@b.example", "role-0": "customer"},
        "name-0", "Bo%0D%0ABcc: x@y.example",
    )  # fmt: skip
    assert answer.status_code == 422
    assert "The name contains a line break" in answer.text
    assert counts(session) == before


def test_numbers_are_ascii_digits(client, session, survey_round, buyer_invitation):
    bank = survey_round.buyer_bank
    likert = next(item for item in bank.pages[0].items if item.type == "likert")
    for digit in ("٣", "５"):
        page = client.get(page_path(buyer_invitation, 1))
        fields = {"action": "next", **valid_form_answers(bank, 1), likert.id: digit}
        answer = client.post(
            page_path(buyer_invitation, 1), data={"csrf_token": csrf_from(page), **fields}
        )
        assert answer.status_code == 422, digit
        session.expire_all()
        stored = session.scalar(select(Answer.value).where(Answer.item_id == likert.id))
        assert stored is None, digit
