"""A buyer is someone outside the rep's organization, however the address is spelled:
not the rep's own mailbox with a +tag or in full-width letters, not another rep or a
Candor user of the organization, not someone at the rep's own company. The same rule
holds on the board's form, in the buyers CSV, in the rep's own suggestions and when
the manager approves a suggestion."""

from __future__ import annotations

import html
import io

from sqlalchemy import func, select

from assess.models import Invitation, OutboxMessage
from tests import factories
from tests.conftest import csrf_from, post_form
from tests.web.conftest import link_path, post_page, valid_form_answers
from tests.web.test_round_guards import running_round, text

REP = "alex.moreno@northwind.example.com"
COLLEAGUE = "jordan.blake@gmail.com"  # another rep, at a public mail provider
REFUSED = {
    "alex.moreno+buyer@northwind.example.com": "own mailbox",
    "\uff41lex.moreno@northwind.example.com": "own mailbox",  # a full-width "ａ"
    "Jordan.Blake+deal@gmail.com": "colleague",
    "someone.else@northwind.example.com": "company",
}


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def northwind(session, reps):
    """Ana's team, with Ana at northwind.example.com and a colleague at gmail.com."""
    ana, ben = reps
    ana.email, ben.email = REP, COLLEAGUE
    session.flush()
    return ana


def test_the_boards_form_refuses_the_reps_mailbox_colleagues_and_company(client, session, manager):
    assessment_round, board_url, reps = running_round(client, session, manager)
    ana = northwind(session, reps)
    local, _, domain = manager.email.partition("@")
    refused = {**REFUSED, f"{local.upper()}+x@{domain}": "colleague"}
    url = f"/manage/rounds/{assessment_round.id}/reps/{ana.id}/buyers"
    before = count(session, Invitation)
    for address, why in refused.items():
        answer = post_form(
            client, url, {"name": "Someone", "email": address, "role": "customer"},
            form_url=board_url,
        )  # fmt: skip
        page = text(answer)
        assert answer.status_code == 422, address
        assert 'aria-invalid="true"' in answer.get_data(as_text=True), address
        expected = {
            "own mailbox": "a rep cannot rate themself as a buyer",
            "colleague": "a colleague is not a buyer",
            "company": "That address is at the rep's own company (northwind.example.com); "
            "ask someone they sold to.",
        }[why]
        assert expected in page, (address, page[:300])
    assert count(session, Invitation) == before
    went = post_form(
        client, url, {"name": "Bo Buyer", "email": "bo@client.example", "role": "customer"},
        form_url=board_url,
    )  # fmt: skip
    assert went.status_code == 302 and count(session, Invitation) == before + 1


def test_a_rep_at_a_public_mail_provider_may_be_rated_by_others_there(client, session, manager):
    assessment_round, board_url, (ana, _) = running_round(client, session, manager)
    ana.email = "ana.alvarez@gmail.com"
    session.flush()
    url = f"/manage/rounds/{assessment_round.id}/reps/{ana.id}/buyers"
    went = post_form(
        client, url, {"name": "Gia", "email": "gia.buyer@gmail.com", "role": "customer"},
        form_url=board_url,
    )  # fmt: skip
    assert went.status_code == 302


def test_the_buyers_csv_lists_every_refused_address_in_the_preview(client, session, manager):
    assessment_round, board_url, reps = running_round(client, session, manager)
    northwind(session, reps)
    lines = ["rep_email,name,email,role"]
    lines += [f"{REP},Someone,{address},customer" for address in REFUSED]
    lines.append(f"{REP},Bo Buyer,bo@client.example,customer")
    before = count(session, Invitation)
    answer = client.post(
        f"/manage/rounds/{assessment_round.id}/buyers.csv",
        data={
            "csrf_token": csrf_from(client.get(board_url)),
            "file": (io.BytesIO("\n".join(lines).encode()), "buyers.csv"),
        },
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    page = text(answer)
    assert answer.status_code == 422
    assert "Line 2:" in page and "Line 3:" in page and "Line 4:" in page and "Line 5:" in page
    assert "Line 6:" not in page  # the good row
    assert page.count("a rep cannot rate themself") == 2
    assert "a colleague is not a buyer" in page and "own company (northwind.example.com)" in page
    assert count(session, Invitation) == before


def finish_self_assessment(client, survey_round, invitation) -> None:
    bank = survey_round.self_bank
    for number in range(1, len(bank.pages) + 1):
        post_page(client, invitation, number, valid_form_answers(bank, number))


def test_the_reps_own_suggestions_follow_the_same_rule(
    client, session, survey_round, self_invitation
):
    rep = survey_round.rep
    rep.email = REP
    organization = survey_round.round.team.organization
    factories.UserFactory(organization=organization, email="manager@northwind.example.com")
    factories.RepFactory(team=survey_round.round.team, email=COLLEAGUE, name="Jordan Blake")
    session.flush()
    finish_self_assessment(client, survey_round, self_invitation)
    path = link_path(self_invitation) + "/nominate"
    typed = [*REFUSED, "MANAGER@northwind.example.com", "otto@northwind.example.com"]
    data = {"csrf_token": csrf_from(client.get(path)), "action": "nominate"}
    for row, address in enumerate(typed):
        data.update({f"name-{row}": f"Person {row}", f"email-{row}": address})
        data[f"role-{row}"] = "customer"
    answer = client.post(path, data=data)
    page = html.unescape(answer.get_data(as_text=True))
    assert answer.status_code == 422
    rows = page.split('class="error-summary"', 1)[1].split("</div>", 1)[1]  # past the summary
    assert rows.count("That is your own address") == 2
    assert rows.count("That is a colleague's address") == 2
    assert rows.count("That address is at your own company (northwind.example.com)") == 2
    assert "Jordan Blake" not in page  # the rep is not told whose address it is
    nominated = select(Invitation).where(Invitation.nominated_by_rep.is_(True))
    assert list(session.scalars(nominated)) == []


def test_approving_a_nominee_who_is_a_colleague_is_refused(client, session, manager):
    assessment_round, board_url, (ana, _) = running_round(client, session, manager)
    buyer_bank = next(
        entry.bank_version
        for entry in assessment_round.banks
        if entry.bank_version.bank_key == "buyer_feedback"
    )
    nominee = factories.InvitationFactory(
        round=assessment_round, rep=ana, bank_version=buyer_bank, rater_role="customer",
        rater_key=manager.email.upper(), rater_email=manager.email.upper(),
        rater_name="The Boss", status="awaiting_approval", nominated_by_rep=True,
    )  # fmt: skip
    mails = count(session, OutboxMessage)
    post_form(client, f"/manage/invitations/{nominee.id}/approve", {}, form_url=board_url)
    page = text(client.get(board_url))
    assert "The Boss was not approved" in page and "a colleague is not a buyer" in page
    session.refresh(nominee)
    assert nominee.status == "awaiting_approval"
    assert count(session, OutboxMessage) == mails  # the manager was not mailed a buyer survey


def test_refusing_a_colleague_does_not_name_people_of_teams_the_manager_cannot_see(
    client, session, manager
):
    assessment_round, board_url, (ana, _) = running_round(client, session, manager)
    hidden_team = factories.TeamFactory(organization=manager.organization, name="Hidden")
    stranger = factories.RepFactory(team=hidden_team, name="Stella Stranger")
    answer = post_form(
        client,
        f"/manage/rounds/{assessment_round.id}/reps/{ana.id}/buyers",
        {"name": "Someone", "email": stranger.email, "role": "customer"},
        form_url=board_url,
    )
    page = text(answer)
    assert "a colleague is not a buyer" in page
    assert "Stella" not in page and "Stranger" not in page
