"""Every buyer is vouched for by the rep and the manager: a buyer the manager adds is
written to only after the rep says they dealt with them.

The promise to a buyer ("no one sees my answers alone") fails if a manager can add
people they control next to one real buyer and read the real one out of the group's
average. These tests try that from outside: the manager's routes, the outbox, the
board, the rep's and the buyers' links.
"""

from __future__ import annotations

import re

from sqlalchemy import select

from assess.models import Invitation, OutboxMessage
from tests.conftest import csrf_from, outbox_link, post_form, sign_in
from tests.factories import RepFactory, TeamFactory, UserFactory
from tests.web.conftest import link_path
from tests.web.test_rounds import launch, upload_buyers

SURVEY_LINK = re.compile(r"/s/[\w-]{20,}")


def add_buyer(client, board_url, rep, name, email, role="customer"):
    return post_form(
        client,
        f"{board_url}/reps/{rep.id}/buyers",
        {"name": name, "email": email, "role": role},
        form_url=board_url,
        follow_redirects=True,
    )


def buyer(session, email) -> Invitation:
    found = session.scalar(select(Invitation).where(Invitation.rater_email == email))
    session.refresh(found)
    return found


def mail_to(session, address) -> list[OutboxMessage]:
    return list(session.scalars(select(OutboxMessage).where(OutboxMessage.to_address == address)))


def rep_answers(app, rep_link: str, answers: dict[int, str]):
    """The rep, in their own browser, opens their link and answers for each buyer."""
    phone = app.test_client()
    phone.get(rep_link)
    page = phone.get(f"{rep_link}/buyers")
    data = {f"buyer-{buyer_id}": value for buyer_id, value in answers.items()}
    return phone, phone.post(
        f"{rep_link}/buyers",
        data={"csrf_token": csrf_from(page), **data},
        follow_redirects=True,
    )


def started_round(client, manager):
    team = TeamFactory(organization=manager.organization, manager_id=manager.id)
    rep = RepFactory(team=team, name="Ana Rep")
    sign_in(client, manager.email)
    board_url = launch(client, team).headers["Location"]
    return rep, board_url


def test_a_buyer_the_manager_adds_is_not_asked_until_the_rep_says_yes(
    app, client, manager, session
):
    rep, board_url = started_round(client, manager)
    added = add_buyer(client, board_url, rep, "Bea Buyer", "bea@buyer.example.com")
    assert "waits for Ana Rep to confirm" in added.text
    bea = buyer(session, "bea@buyer.example.com")
    assert bea.status == "awaiting_rep"
    # nobody writes to Bea, her link opens nothing, the board offers no link to copy
    assert mail_to(session, "bea@buyer.example.com") == []
    assert app.test_client().get(link_path(bea)).status_code == 404
    board = client.get(board_url).text
    assert "waiting for the rep" in board
    assert link_path(bea) not in board
    # Ana is told, with her own link, who waits for her answer
    (asking,) = [m for m in mail_to(session, rep.email) if "to confirm" in m.subject]
    assert "ask some of the buyers you dealt with" in asking.body_text
    assert "Bea" not in asking.body_text  # named behind the rep's link only (erasure)
    rep_link = outbox_link(client, rep.email)
    landing = app.test_client().get(rep_link)
    assert "Your manager would like to ask 1 buyer about you" in landing.text

    phone, answered = rep_answers(app, rep_link, {bea.id: "ask"})
    assert "we will ask Bea Buyer" in answered.text
    assert buyer(session, "bea@buyer.example.com").status == "pending"
    assert len(mail_to(session, "bea@buyer.example.com")) == 1
    assert app.test_client().get(link_path(bea)).status_code == 200
    # the answer is final: nothing waits, the banner is gone
    assert "would like to ask" not in phone.get(rep_link).text


def test_a_buyer_the_rep_never_dealt_with_is_never_asked(app, client, manager, session):
    rep, board_url = started_round(client, manager)
    add_buyer(client, board_url, rep, "Fay Fake", "fay@decoy.example.net")
    add_buyer(client, board_url, rep, "Gus Fake", "gus@decoy.example.net", role="prospect")
    fay, gus = buyer(session, "fay@decoy.example.net"), buyer(session, "gus@decoy.example.net")
    rep_link = outbox_link(client, rep.email)
    _, answered = rep_answers(app, rep_link, {fay.id: "decline", gus.id: "decline"})
    assert "we will not write to Fay Fake and Gus Fake" in answered.text
    for fake in (fay, gus):
        assert buyer(session, fake.rater_email).status == "declined_by_rep"
        assert mail_to(session, fake.rater_email) == []
        assert app.test_client().get(link_path(fake)).status_code == 410
    board = client.get(board_url).text
    assert board.count("the rep never dealt with them") == 2
    assert not any(link_path(fake) in board for fake in (fay, gus))


def test_the_rep_must_answer_for_every_buyer_and_a_half_answer_changes_nothing(
    app, client, manager, session
):
    rep, board_url = started_round(client, manager)
    add_buyer(client, board_url, rep, "Bea Buyer", "bea@buyer.example.com")
    add_buyer(client, board_url, rep, "Cy Client", "cy@client.example.com")
    bea = buyer(session, "bea@buyer.example.com")
    _, answered = rep_answers(app, outbox_link(client, rep.email), {bea.id: "ask"})
    assert answered.status_code == 422
    assert "Cy Client has no answer yet" in answered.text
    assert buyer(session, "bea@buyer.example.com").status == "awaiting_rep"
    assert buyer(session, "cy@client.example.com").status == "awaiting_rep"
    assert mail_to(session, "bea@buyer.example.com") == []


def test_only_the_reps_browser_answers_once_the_rep_has_started(app, client, manager, session):
    """Someone holding the rep's link (the manager, without a mail server) cannot
    answer for the rep once the rep's survey is started in the rep's browser."""
    rep, board_url = started_round(client, manager)
    rep_link = outbox_link(client, rep.email)
    rep_phone = app.test_client()
    first = rep_phone.get(f"{rep_link}/p/1")
    rep_phone.post(
        f"{rep_link}/p/1", data={"csrf_token": csrf_from(first), "action": "save"}
    )  # a save binds the survey to the rep's browser
    add_buyer(client, board_url, rep, "Fay Fake", "fay@decoy.example.net")
    fay = buyer(session, "fay@decoy.example.net")
    intruder = app.test_client()
    page = intruder.get(f"{rep_link}/buyers")
    assert page.status_code == 403
    assert "Fay Fake" not in page.text
    intruder.post(f"{rep_link}/buyers", data={f"buyer-{fay.id}": "ask"})
    assert buyer(session, "fay@decoy.example.net").status == "awaiting_rep"


def test_the_buyers_csv_waits_for_each_rep_and_tells_each_rep_once(app, client, manager, session):
    team = TeamFactory(organization=manager.organization, manager_id=manager.id)
    ann, bob = RepFactory(team=team), RepFactory(team=team)
    sign_in(client, manager.email)
    board_url = launch(client, team).headers["Location"]
    round_id = int(board_url.rsplit("/", 1)[1])
    text = (
        "rep_email,name,email,role\n"
        f"{ann.email},Cy Client,cy@client.example,customer\n"
        f"{ann.email},Di Doe,di@client.example,prospect\n"
        f"{bob.email},Ed East,ed@client.example,referral\n"
    )
    preview = upload_buyers(client, board_url, round_id, text)
    page = client.post(
        f"/manage/rounds/{round_id}/buyers.csv",
        data={
            "csrf_token": csrf_from(preview),
            "confirmed": "yes",
            "upload": re.search(r'name="upload" value="([^"]+)"', preview.text).group(1),
        },
        follow_redirects=True,
    )
    assert "3 buyers added" in page.text
    for address in ("cy@client.example", "di@client.example", "ed@client.example"):
        assert buyer(session, address).status == "awaiting_rep"
        assert mail_to(session, address) == []
    asks = {rep.email: [m for m in mail_to(session, rep.email) if "to confirm" in m.subject]
            for rep in (ann, bob)}  # fmt: skip
    assert len(asks[ann.email]) == 1 and len(asks[bob.email]) == 1


def test_buyers_added_one_by_one_make_one_email_and_the_page_lists_them_all(
    app, client, manager, session
):
    rep, board_url = started_round(client, manager)
    for number in range(3):
        add_buyer(client, board_url, rep, f"Buyer {number}", f"b{number}@buyer.example.com")
    asks = [m for m in mail_to(session, rep.email) if "to confirm" in m.subject]
    assert len(asks) == 1
    page = app.test_client().get(f"{outbox_link(client, rep.email)}/buyers").text
    assert all(f"Buyer {number}" in page for number in range(3))


def test_with_a_mail_server_the_manager_never_holds_the_reps_link(mail_app):
    """The rep's link is where the rep vouches for buyers: with a mail server only the
    rep's email carries it, never the manager's board or outbox."""
    client = mail_app.test_client()
    session = mail_app.test_session
    manager = UserFactory(role="manager")
    rep, board_url = started_round(client, manager)
    add_buyer(client, board_url, rep, "Fay Fake", "fay@decoy.example.net")
    pages = [client.get(board_url).text, client.get("/manage/outbox").text]
    self_links = [
        link_path(row)
        for row in session.scalars(select(Invitation).where(Invitation.rep_id == rep.id))
        if row.rater_role != "manager"  # the manager's own review: theirs to open
    ]
    assert len(self_links) == 2  # the rep's self-assessment and the buyer
    for page in pages:
        assert not any(path in page for path in self_links)


def test_a_hostile_buyer_name_is_inert_on_the_reps_page(app, client, manager, session):
    rep, board_url = started_round(client, manager)
    add_buyer(client, board_url, rep, "Bo <img src=x onerror=alert(1)>", "bo@buyer.example.com")
    page = app.test_client().get(f"{outbox_link(client, rep.email)}/buyers").text
    assert "<img src=x" not in page
    assert "Bo &lt;img src=x onerror=alert(1)&gt;" in page


def test_nothing_waits_once_the_round_has_closed(app, client, manager, session):
    rep, board_url = started_round(client, manager)
    add_buyer(client, board_url, rep, "Bea Buyer", "bea@buyer.example.com")
    rep_link = outbox_link(client, rep.email)
    asked = client.post(
        f"{board_url}/close",
        data={"csrf_token": csrf_from(client.get(board_url))},
        follow_redirects=True,
    )
    assert "1 buyer still waits for a yes" in asked.text
    close = post_form(client, f"{board_url}/close", {"confirmed": "yes"}, form_url=board_url)
    assert close.status_code in (302, 303)
    bea = buyer(session, "bea@buyer.example.com")
    phone = app.test_client()
    assert phone.get(f"{rep_link}/buyers").status_code == 410
    phone.post(f"{rep_link}/buyers", data={f"buyer-{bea.id}": "ask"})
    assert buyer(session, "bea@buyer.example.com").status == "awaiting_rep"
    assert mail_to(session, "bea@buyer.example.com") == []


def test_a_manager_who_changes_the_reps_address_does_not_get_the_reps_link(mail_app):
    """The attacker's route: change the rep's address to one the manager reads, add
    buyers, and answer for the rep from the email. The question goes to the address
    the rep's invitation went to, and the old address is told of the change."""
    client, session = mail_app.test_client(), mail_app.test_session
    manager = UserFactory(role="manager")
    rep, board_url = started_round(client, manager)
    original = rep.email
    team_id = rep.team_id
    saved = post_form(
        client,
        f"/manage/reps/{rep.id}",
        {"name": rep.name, "email": "evil-manager@attacker.example", "team_id": team_id},
    )
    assert saved.status_code == 302
    add_buyer(client, board_url, rep, "Puppet One", "p1@puppets.example")
    sent_to = [(m["To"], m["Subject"]) for m in mail_app.smtp.messages]
    assert not any(to == "evil-manager@attacker.example" for to, _ in sent_to)
    assert any(to == original and "to confirm" in subject for to, subject in sent_to)
    assert any(
        to == original and "another address" in subject for to, subject in sent_to
    )  # the rep learns of the change at the old address
    assert buyer(session, "p1@puppets.example").status == "awaiting_rep"


def test_whoever_answers_for_the_rep_takes_the_reps_link_with_them(app, client, manager, session):
    """Without a mail server the manager holds the rep's link. If they answer for the
    rep, the rep's own browser finds the survey "started in another browser": the
    step leaves a trace the rep sees, it is never a silent yes in their name."""
    rep, board_url = started_round(client, manager)
    add_buyer(client, board_url, rep, "Sock Puppet", "sock@puppet-co.example")
    rep_link = outbox_link(client, rep.email)
    sock = buyer(session, "sock@puppet-co.example")
    rep_answers(app, rep_link, {sock.id: "ask"})  # someone holding the link, in their browser
    reps_phone = app.test_client()
    elsewhere = reps_phone.get(f"{rep_link}/p/1")
    assert elsewhere.status_code == 403
    assert "started in another browser" in elsewhere.text
    # the status the board shows is unchanged: nothing was answered
    assert session.scalar(
        select(Invitation.status).where(
            Invitation.rep_id == rep.id, Invitation.rater_role == "self"
        )
    ) in ("pending", "opened")


def test_the_board_lists_the_reps_own_survey_then_the_review_then_buyers(
    app, client, manager, session
):
    rep, board_url = started_round(client, manager)
    add_buyer(client, board_url, rep, "Aaron Early", "aaron@buyer.example.com")
    board = client.get(board_url).text
    card = board[board.index(f'id="rep-{rep.id}"') :]
    order = [card.index(marker) for marker in ("(self)", "(manager)", "Aaron Early")]
    assert order == sorted(order)  # "Aaron" sorts before "manager" by name, yet comes after
    row = card[card.index("Aaron Early") : card.index("</tr>", card.index("Aaron Early"))]
    assert ">Decline</button>" in row and ">Revoke</button>" not in row


def test_the_rep_sees_on_their_link_every_buyer_asked_about_them(app, client, manager, session):
    """Whoever says yes in the rep's name, and whatever link the rep is given next, the
    rep's landing page names every buyer asked about them: a planted buyer shows."""
    rep, board_url = started_round(client, manager)
    add_buyer(client, board_url, rep, "Fake Buyer", "fake@decoy.example.net")
    rep_link = outbox_link(client, rep.email)
    fake = buyer(session, "fake@decoy.example.net")
    rep_answers(app, rep_link, {fake.id: "ask"})  # someone else, in their browser
    self_invitation = session.scalar(
        select(Invitation).where(Invitation.rep_id == rep.id, Invitation.rater_role == "self")
    )
    started_over = post_form(
        client,
        f"/manage/invitations/{self_invitation.id}/new-link",
        {"confirmed": "yes"},
        form_url=board_url,
    )
    assert started_over.status_code in (302, 303)
    new_link = outbox_link(client, rep.email)
    assert new_link != rep_link
    landing = app.test_client().get(new_link).text
    assert "Buyers asked about you this round: Fake Buyer." in landing
