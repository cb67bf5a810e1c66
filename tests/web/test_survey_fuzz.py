"""Random values posted to a survey page never cause a 500, and only valid answers are
ever stored."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from assess.core.banks import validate_answer
from assess.models import Answer, Response
from tests.conftest import csrf_from
from tests.web.conftest import page_path

TEXTS = st.one_of(
    st.sampled_from(["", " ", "0", "1", "5", "7", "10", "11", "-1", "yes", "no", "true",
                     "advisor", "pushy", "1e3", "٣", "\x00", "<b>x</b>"]),
    st.text(max_size=40),
    st.text(min_size=990, max_size=1010, alphabet="ab\r\n"),
)  # fmt: skip


@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_random_posts_never_fail_and_store_only_valid_answers(
    data, client, session, survey_round, buyer_invitation
):
    bank = survey_round.buyer_bank
    number = data.draw(st.sampled_from([1, 2]), label="page")
    fields = [item.id for item in bank.pages[number - 1].items] + ["unknown", "action"]
    chosen = data.draw(st.lists(st.sampled_from(fields), max_size=len(fields) - 2, unique=True))
    form = {name: data.draw(TEXTS, label=name) for name in chosen}
    form["action"] = data.draw(st.sampled_from(["next", "back", "bogus"]), label="action")
    page = client.get(page_path(buyer_invitation, 1))
    if page.status_code != 200:  # completed by an earlier example
        assert page.status_code == 302
        return
    autosave = data.draw(st.booleans(), label="autosave")
    answer = client.post(
        page_path(buyer_invitation, number),
        data={"csrf_token": csrf_from(page), **form},
        headers={"X-Candor-Autosave": "1"} if autosave else {},
    )
    assert answer.status_code < 500, answer.get_data(as_text=True)[:500]

    session.expire_all()
    response = session.scalar(select(Response).where(Response.invitation_id == buyer_invitation.id))
    if response is None:
        return
    for row in session.scalars(select(Answer).where(Answer.response_id == response.id)):
        item = bank.item(row.item_id)
        assert item is not None, row.item_id
        assert validate_answer(item, row.value) is None, (row.item_id, row.value)
