"""Respondents in their own language, in Chromium.

- The marker language (tests/support/marker_language.py): a rep and a buyer walk their
  whole journey — landing, the buyers to confirm, every page with its error summary and
  its autosave note, nominations, the thank-you pages, a revoked link, the emails — and
  any word left outside the ⟦ ⟧ markers fails the test: a text no catalogue or bank
  translation ever touched, which a Spanish reader would meet in English.
- Spanish, as the issue's reader lives it: a team set to Spanish through the manager's
  form, the buyer's email read from a real SMTP server, the survey answered on a phone
  from the email to the thank-you page, with no English word on any page and no serious
  or critical axe-core violation (the page's `lang` included).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app import create_app
from assess.models import Invitation, OutboxMessage, Rep, RoundBank, User
from assess.models.outbox import LINK_PLACEHOLDER
from assess.platform.db import get_database
from assess.platform.settings import get_settings
from assess.services.bank_versions import bank_for_version, ensure_version
from assess.services.buyer_confirmation import add_buyers
from assess.services.invitations import invitation_link
from assess.services.round_launch import draft_round, launch_draft
from assess.services.teams import create_team
from tests.e2e.conftest import (
    OWNER,
    axe_violations,
    emailed_link,
    live_candor,
    sign_in_as_owner,
    wait_for_mail,
)
from tests.e2e.survey_driver import answer_visible_questions, next_page
from tests.support.marker_language import (
    MARKER,
    page_unmarked,
    unmarked_words,
    write_marker_catalogues,
)
from tests.support.marker_language import marker_bank as marked

REP, BUYER, REVOKED = "Robin Marker", "Bea Buyer", "Rex Revoked"
#: Names people typed, the brand, and the marker language's own name in the switch (its code).
ALLOWED = {"E2E Company", "Marker team", REP, BUYER, "Candor", MARKER}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.fixture(scope="module")
def marker_server(tmp_path_factory):
    """A live Candor that also speaks the marker language, with a round in it: a rep
    who reads it, the rep's two self-assessments, and two buyers (one revoked)."""
    catalogues = write_marker_catalogues(tmp_path_factory.mktemp("catalogues"))
    instance = tmp_path_factory.mktemp("marker-instance")
    extra = {"CANDOR_TRANSLATIONS_DIR": str(catalogues)}
    with live_candor(instance, None, extra_env=extra) as base:
        app = create_app({"CANDOR_INSTANCE_PATH": instance, "CANDOR_BASE_URL": base, **extra})
        with app.app_context(), get_database(app).session_scope() as session:
            links = marker_round(session, get_settings(app))
        yield base, links, app


def marker_round(session, settings) -> dict[str, str]:
    owner = session.scalar(select(User).where(User.email == OWNER[0]))
    team = create_team(session, owner, "Marker team", owner.id)
    team.language = MARKER
    rep = Rep(
        organization_id=team.organization_id, team_id=team.id, name=REP,
        email="robin@marker.example",
    )  # fmt: skip
    session.add(rep)
    session.flush()
    assessment_round = draft_round(
        session, team=team, name="Marker round",
        bank_ids=["consultative_selling", "trustworthiness", "buyer_feedback"],
        opens_on=date.today(), closes_on=date.today() + timedelta(days=14), created_by=owner,
    )  # fmt: skip
    buyer_version = None
    for entry in session.scalars(
        select(RoundBank).where(RoundBank.round_id == assessment_round.id)
    ).all():
        bank = marked(bank_for_version(entry.bank_version))
        entry.bank_version_id = ensure_version(session, bank).id
        if bank.is_buyer_survey:
            buyer_version = entry.bank_version_id
    session.flush()
    session.expire_all()
    launch_draft(session, settings, assessment_round, {})
    buyer, revoked = add_buyers(
        session, settings, assessment_round, buyer_version,
        [(rep, BUYER, "bea@buyer.example", "customer"),
         (rep, REVOKED, "rex@buyer.example", "prospect")],
    )  # fmt: skip
    revoked.status = "revoked"
    session.flush()
    own = session.scalars(
        select(Invitation).where(Invitation.rep_id == rep.id, Invitation.rater_role == "self")
    ).first()
    return {
        "rep": invitation_link(settings, own),
        "buyer": invitation_link(settings, buyer),
        "revoked": invitation_link(settings, revoked),
    }


def assert_marked(page, where: str) -> None:
    assert page.evaluate("document.documentElement.lang") == MARKER, where
    left = page_unmarked(page, ALLOWED)
    assert left == [], f"{where}: words no translation touched:\n" + "\n".join(left)


def walk_pages(page, where: str) -> None:
    """Every page of the open survey: first sent empty (its error summary), then
    answered (its autosave note), each checked."""
    first = True
    while page.locator(".progress-text").count():
        assert_marked(page, f"{where} {page.url}")
        if first:  # nothing answered: the page says what needs a look
            next_page(page)
            if page.locator(".error-summary").count():
                assert_marked(page, f"{where}: error summary")
                page.goto(page.url)  # the page afresh, as a respondent reloading it
            first = False
        answer_visible_questions(page)
        page.locator(".autosave-status").filter(has_text=re.compile(r"\S")).first.wait_for(
            timeout=10_000
        )
        assert_marked(page, f"{where}: autosave note")
        next_page(page)


def test_the_whole_journey_is_translated(browser, marker_server):
    base, links, app = marker_server
    rep = browser.new_context().new_page()
    rep.goto(links["rep"])
    assert_marked(rep, "rep landing, with the buyers waiting")
    rep.locator("a.button[href$='/buyers']").click()
    assert_marked(rep, "buyers to confirm")
    rep.locator("input[type=radio][value=ask]").first.check()
    rep.locator("button[type=submit].primary").click()
    assert_marked(rep, "buyers confirmed")
    for survey in ("consultative selling", "trustworthiness"):
        if rep.locator("a.button.primary").count() == 0:
            rep.goto(links["rep"])
        rep.locator("a.button.primary").first.click()
        walk_pages(rep, survey)
        if rep.locator("button[value=skip]").count():
            assert_marked(rep, "nominations")
            rep.locator("button[value=skip]").click()
        assert_marked(rep, f"thank-you after {survey}")
    buyer = browser.new_context(**PHONE).new_page()
    buyer.goto(links["buyer"])
    assert_marked(buyer, "buyer landing")
    buyer.locator("a.button.primary").click()
    walk_pages(buyer, "buyer survey")
    assert_marked(buyer, "buyer thank-you")
    buyer.goto(links["revoked"])
    assert_marked(buyer, "a revoked link")
    with app.app_context(), get_database(app).session_scope() as session:
        mails = session.scalars(
            select(OutboxMessage).where(
                OutboxMessage.to_address.in_(["robin@marker.example", "bea@buyer.example"])
            )
        ).all()
    assert mails, "the rep and the buyer were written to"
    for mail in mails:
        for part in (mail.subject, mail.body_text):
            # the stored message holds its link as a placeholder, filled in when it is sent
            left = unmarked_words(part.replace(LINK_PLACEHOLDER, " "), ALLOWED)
            assert left == [], f"email {mail.subject!r}: {left}"


# --- Spanish, on a phone, from the email ------------------------------------------------

#: Words that are English and never Spanish: one of them on a Spanish page is a text
#: left untranslated.
ENGLISH_ONLY = frozenset(
    re.findall(
        r"\w+",
        """the and you your of to with is are this that will for page next back answer
        answers saved save send thank thanks please who what how why when which buyer
        buyers manager survey question questions never only about would their they have
        has not yes or start continue done skip""",
    )
)


def english_words(page, allowed: set[str]) -> list[str]:
    found = []
    for text in page.evaluate(
        "() => [document.title, ...[...document.body.querySelectorAll('*')]"
        ".filter(e => e.checkVisibility() && !e.closest('[lang]:not(html)'))"
        ".flatMap(e => [...e.childNodes].filter(n => n.nodeType === 3)"
        ".map(n => n.textContent))]"
    ):
        for name in allowed:
            text = text.replace(name, " ")
        words = [w for w in re.findall(r"[A-Za-z]+", text) if w.lower() in ENGLISH_ONLY]
        if words:
            found.append(f"{text.strip()!r} → {words}")
    return found


def test_a_spanish_buyer_answers_on_a_phone_from_the_email(browser, server, mailbox):
    manager = browser.new_context(bypass_csp=True).new_page()
    sign_in_as_owner(manager, server)
    manager.goto(server + "/manage/teams")
    manager.get_by_label("Team name").fill("Ventas Sur")
    manager.get_by_label(re.compile("^Manager")).select_option(index=1)
    manager.get_by_label(re.compile("^Language of its surveys")).select_option("es")
    manager.get_by_role("button", name="Create the team").click()
    manager.locator("#rep-name").fill("Lucía Romero")
    manager.locator("#rep-email").fill("lucia@ventas.example")
    manager.get_by_role("button", name="Add the rep").click()
    manager.goto(server + "/manage/rounds/new")
    manager.get_by_label("Round name").fill("Ronda de otoño")
    manager.get_by_label("Team").select_option(label="Ventas Sur")
    for box in manager.locator("input[name=bank_ids]").all():
        box.set_checked(box.get_attribute("value") in ("consultative_selling", "buyer_feedback"))
    manager.locator("#closes_on").fill((date.today() + timedelta(days=14)).isoformat())
    manager.get_by_role("button", name="Launch and send the invitations").click()
    anyway = manager.get_by_role("button", name="Launch anyway and send the invitations")
    anyway.or_(manager.locator("table.board")).first.wait_for()
    if anyway.count():
        anyway.click()
    manager.wait_for_url(re.compile(r"/manage/rounds/\d+$"))
    card = manager.locator("section.rep-card", has_text="Lucía Romero")
    card.locator("summary").click()
    card.get_by_label("Name").fill("Marta Gómez")
    card.get_by_label("Email").fill("marta@cliente.example")
    card.get_by_label("They are a").select_option("customer")
    card.get_by_role("button", name="Add this buyer").click()
    names = {"Lucía Romero", "Marta Gómez", "E2E Company", "Ventas Sur", "Candor"}

    lucia = browser.new_context(**PHONE).new_page()
    lucia.goto(emailed_link(mailbox, "lucia@ventas.example"))
    assert lucia.evaluate("document.documentElement.lang") == "es"
    lucia.locator("a.button[href$='/buyers']").click()
    assert english_words(lucia, names) == []
    lucia.locator("input[type=radio][value=ask]").first.check()
    lucia.locator("button[type=submit].primary").click()

    email = wait_for_mail(mailbox, "marta@cliente.example")
    body = email.get_body(("plain",)).get_content()
    assert "Lucía Romero" in body and "E2E Company" in email["Subject"]
    words = {word.lower() for word in re.findall(r"[A-Za-z]+", re.sub(r"https?://\S+", "", body))}
    assert not words & ENGLISH_ONLY, body
    phone = browser.new_context(**PHONE, bypass_csp=True).new_page()
    phone.goto(emailed_link(mailbox, "marta@cliente.example"))
    visited = 0
    while True:
        where = phone.url
        assert phone.evaluate("document.documentElement.lang") == "es", where
        assert english_words(phone, names) == [], where
        assert axe_violations(phone) == [], where
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390, where
        visited += 1
        if phone.locator(".progress-text").count():
            answer_visible_questions(phone)
            next_page(phone)
        elif phone.locator("a.button.primary").count():
            phone.locator("a.button.primary").click()
        else:
            break
    assert visited >= 4  # landing, two pages, thank-you
    assert "Gracias" in phone.locator("main h1").inner_text()
