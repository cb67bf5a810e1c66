"""At the end of a self-assessment the rep may suggest buyers; the manager approves them."""

from __future__ import annotations

from sqlalchemy import select

from assess.models import Invitation, OutboxMessage, RoundBank, Team
from assess.services.bank_versions import ensure_version, shipped_banks
from assess.services.nominations import MAX_NOMINEES
from tests.conftest import csrf_from
from tests.factories import InvitationFactory, RoundFactory, UserFactory
from tests.web.conftest import link_path, post_page, valid_form_answers


def finish_self_assessment(client, survey_round, invitation):
    bank = survey_round.self_bank
    answer = None
    for number in range(1, len(bank.pages) + 1):
        answer = post_page(client, invitation, number, valid_form_answers(bank, number))
    return answer


def nominate(client, invitation, rows: list[tuple[str, str, str]], action="nominate"):
    path = link_path(invitation) + "/nominate"
    data = {"csrf_token": csrf_from(client.get(path)), "action": action}
    for index, (name, email, role) in enumerate(rows):
        data.update({f"name-{index}": name, f"email-{index}": email, f"role-{index}": role})
    return client.post(path, data=data)


def nominees(session, invitation) -> list[Invitation]:
    session.expire_all()
    return list(
        session.scalars(
            select(Invitation)
            .where(Invitation.rep_id == invitation.rep_id, Invitation.nominated_by_rep.is_(True))
            .order_by(Invitation.id)
        )
    )


def test_finishing_a_self_assessment_offers_the_nomination_step(
    client, survey_round, self_invitation
):
    answer = finish_self_assessment(client, survey_round, self_invitation)
    assert answer.headers["Location"] == link_path(self_invitation) + "/nominate"
    page = client.get(answer.headers["Location"]).get_data(as_text=True)
    assert "Who should we ask about you?" in page
    assert 'for="email-0"' in page and 'name="role-0"' in page
    assert "Customer — they bought from me" in page


def test_nominees_become_invitations_awaiting_the_managers_approval(
    client, session, survey_round, self_invitation
):
    finish_self_assessment(client, survey_round, self_invitation)
    answer = nominate(
        client,
        self_invitation,
        [
            ("Ann Buyer", " Ann@Example.COM ", "customer"),
            ("Ben Prospect", "ben@example.com", "prospect"),
        ],
    )
    assert answer.status_code == 302
    assert answer.headers["Location"] == link_path(self_invitation) + "/done"
    rows = nominees(session, self_invitation)
    assert [(row.rater_name, row.rater_key, row.rater_role) for row in rows] == [
        ("Ann Buyer", "ann@example.com", "customer"),
        ("Ben Prospect", "ben@example.com", "prospect"),
    ]
    for row in rows:
        assert row.status == "awaiting_approval"
        assert row.bank_version_id == survey_round.buyer_version.id
        assert row.expires_at == survey_round.round.closes_at
        assert row.rater_email == row.rater_key
        assert row.round_id == survey_round.round.id
    thanks = client.get(answer.headers["Location"]).get_data(as_text=True)
    assert "Your manager will check these names" in thanks


def test_already_asked_addresses_are_not_duplicated_and_not_revealed(
    client, session, survey_round, self_invitation
):
    InvitationFactory(
        round=survey_round.round,
        rep=survey_round.rep,
        bank_version=survey_round.buyer_version,
        rater_role="customer",
        rater_key="known@example.com",
    )
    finish_self_assessment(client, survey_round, self_invitation)
    answer = nominate(
        client,
        self_invitation,
        [
            ("Known", "KNOWN@example.com", "customer"),
            ("New", "new@example.com", "referral"),
            ("New again", "new@example.com", "referral"),
        ],
    )
    assert answer.status_code == 302
    rows = nominees(session, self_invitation)
    assert [row.rater_key for row in rows] == ["new@example.com"]
    thanks = client.get(answer.headers["Location"]).get_data(as_text=True)
    # The rep is not told who was asked already: the same words as for new names, and
    # every suggestion takes a place, so neither the page nor the count gives it away.
    assert "Your manager will check these names" in thanks
    assert "known@example.com" not in thanks and "already" not in thanks.lower()
    page = client.get(f"{link_path(self_invitation)}/nominate").get_data(as_text=True)
    assert "You have suggested 3 people so far" in page

    again = nominate(client, self_invitation, [("New", "new@example.com", "referral")])
    assert again.status_code == 302
    assert len(nominees(session, self_invitation)) == 1


def test_bad_rows_are_explained_and_nothing_is_saved(
    client, session, survey_round, self_invitation
):
    finish_self_assessment(client, survey_round, self_invitation)
    answer = nominate(
        client,
        self_invitation,
        [
            ("Good", "good@example.com", "customer"),
            ("<b>Bad</b>", "not-an-email", "customer"),
            ("Me", survey_round.rep.email, "customer"),
            ("Who", "who@example.com", "owner"),
        ],
    )
    assert answer.status_code == 422
    page = answer.get_data(as_text=True)
    assert "This is not an email address" in page
    assert "That is your own address" in page
    assert "Choose how you know this person." in page
    assert 'value="&lt;b&gt;Bad&lt;/b&gt;"' in page  # typed values kept, escaped
    assert 'aria-describedby="nominee-1-error"' in page
    # a summary at the top names each row that needs a look and links to it
    summary = page.split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    assert "3 people need a look" in summary
    assert '<a href="#name-1">Person 2: This is not an email address' in summary
    assert '<a href="#name-2">Person 3: That is your own address' in summary
    assert page.index('class="error-summary"') < page.index('id="name-0"')
    assert nominees(session, self_invitation) == []


def test_at_most_ten_nominees(client, session, survey_round, self_invitation):
    finish_self_assessment(client, survey_round, self_invitation)
    rows = [(f"P{n}", f"p{n}@example.com", "prospect") for n in range(MAX_NOMINEES + 1)]
    answer = nominate(client, self_invitation, rows[:MAX_NOMINEES])
    assert answer.status_code == 302
    assert len(nominees(session, self_invitation)) == MAX_NOMINEES
    page = client.get(link_path(self_invitation) + "/nominate").get_data(as_text=True)
    assert "You have suggested as many people as we ask for." in page


def test_skip_goes_to_thanks(client, session, survey_round, self_invitation):
    finish_self_assessment(client, survey_round, self_invitation)
    answer = nominate(client, self_invitation, [], action="skip")
    assert answer.headers["Location"] == link_path(self_invitation) + "/done"
    assert nominees(session, self_invitation) == []


def test_no_nomination_step_without_a_buyer_bank_or_before_finishing(client, session, survey_round):
    round_without_buyers = RoundFactory(
        team=survey_round.rep.team, bank_versions=[survey_round.self_version]
    )
    invitation = InvitationFactory(
        round=round_without_buyers,
        rep=survey_round.rep,
        bank_version=survey_round.self_version,
    )
    answer = finish_self_assessment(client, survey_round, invitation)
    assert answer.headers["Location"] == link_path(invitation) + "/done"
    assert client.get(link_path(invitation) + "/nominate").status_code == 404


def test_the_nomination_page_waits_for_the_finished_survey(client, self_invitation):
    answer = client.get(link_path(self_invitation) + "/nominate")
    assert answer.status_code == 302
    assert answer.headers["Location"] == link_path(self_invitation)


def test_buyers_cannot_nominate(client, session, survey_round, buyer_invitation):
    bank = survey_round.buyer_bank
    for number in range(1, len(bank.pages) + 1):
        post_page(client, buyer_invitation, number, valid_form_answers(bank, number))
    assert client.get(link_path(buyer_invitation) + "/nominate").status_code == 404


def test_the_count_through_another_self_link_does_not_tell_who_was_asked(
    client, session, survey_round, self_invitation
):
    """A rep with two self-assessments suggests through one link, then reads the count
    on the other: an address already asked takes a place there as well."""
    trust_version = ensure_version(session, shipped_banks()["trustworthiness"])
    survey_round.round.banks.append(RoundBank(bank_version_id=trust_version.id))
    session.flush()
    other_link = InvitationFactory(
        round=survey_round.round,
        rep=survey_round.rep,
        bank_version=trust_version,
        rater_role="self",
        rater_key="self",
    )
    InvitationFactory(
        round=survey_round.round,
        rep=survey_round.rep,
        bank_version=survey_round.buyer_version,
        rater_role="customer",
        rater_key="known@example.com",
    )
    finish_self_assessment(client, survey_round, self_invitation)
    trust_bank = shipped_banks()["trustworthiness"]
    for number in range(1, len(trust_bank.pages) + 1):
        post_page(client, other_link, number, valid_form_answers(trust_bank, number))
    nominate(client, self_invitation, [("Known", "known@example.com", "customer")])
    for link in (self_invitation, other_link):
        page = client.get(link_path(link) + "/nominate").get_data(as_text=True)
        assert "You have suggested 1 person so far" in page


def test_the_teams_manager_is_told_that_suggestions_wait(
    client, session, survey_round, self_invitation
):
    """A suggestion waits for the manager's approval: the manager gets one email a day
    that says so, with the board's address, so it does not wait unseen until closing."""
    team = session.get(Team, survey_round.rep.team_id)
    boss = UserFactory(organization=team.organization, role="manager", name="Bo Boss")
    team.manager_id = boss.id
    session.flush()
    finish_self_assessment(client, survey_round, self_invitation)
    nominate(client, self_invitation, [("Nia", "nia@example.com", "customer")])
    nominate(client, self_invitation, [("Ola", "ola@example.com", "customer")])
    told = session.scalars(
        select(OutboxMessage).where(OutboxMessage.to_address == boss.email)
    ).all()
    assert len(told) == 1
    assert "suggested buyers to ask" in told[0].subject
    assert f"/manage/rounds/{survey_round.round.id}" in told[0].body_text
