"""The emails a respondent gets are in the invitation's language: the first invitation,
its reminders and a fresh link; the rep's "buyers to confirm" email is in the rep's
language; a link from before languages (no language) is written to in English.

Composed through the real services into the real outbox (the test database), with the
shipped banks and the shipped Spanish catalogue.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from assess.core.i18n import DEFAULT_LANGUAGE, current_locale, format_date
from assess.platform.mail import MailSettings
from assess.platform.settings import get_settings
from assess.services import respondent_browser
from assess.services.bank_versions import ensure_version, shipped_banks
from assess.services.buyer_confirmation import ask_rep
from assess.services.rounds import compose_invitation
from tests.factories import (
    InvitationFactory,
    OrganizationFactory,
    RepFactory,
    ResponseFactory,
    RoundFactory,
    TeamFactory,
)

#: Sentences of the English invitation that a Spanish one must not contain.
ENGLISH_SENTENCES = (
    "Hello",
    "It takes about",
    "You can stop and come back; everything you answer is saved.",
    "The link is personal and works until",
    "asks you to take",
    "Start now",
)


@pytest.fixture
def settings(app):
    return get_settings(app)


@pytest.fixture
def versions(session):
    banks = shipped_banks()
    return {
        key: ensure_version(session, banks[key])
        for key in ("consultative_selling", "trustworthiness", "buyer_feedback")
    }


@pytest.fixture
def world(session, versions):
    """A team (in English) with one rep, Ana, in a round of the shipped surveys."""
    organization = OrganizationFactory(name="Acme")
    team = TeamFactory(organization=organization)
    rep = RepFactory(team=team, name="Ana Rep")
    assessment_round = RoundFactory(team=team, bank_versions=list(versions.values()))
    return assessment_round, rep


def own_invitation(assessment_round, rep, version, language, **fields):
    return InvitationFactory(
        round=assessment_round, rep=rep, bank_version=version, rater_role="self",
        rater_key="self", rater_name=rep.name, rater_email=rep.email, language=language,
        expires_at=assessment_round.closes_at, **fields,
    )  # fmt: skip


def buyer_invitation(assessment_round, rep, version, language, **fields):
    return InvitationFactory(
        round=assessment_round, rep=rep, bank_version=version, rater_role="customer",
        rater_key="bea@buyer.example.com", rater_name="Bea Buyer",
        rater_email="bea@buyer.example.com", language=language,
        expires_at=assessment_round.closes_at, **fields,
    )  # fmt: skip


def english_free(*texts: str) -> None:
    for text in texts:
        for sentence in ENGLISH_SENTENCES:
            assert sentence not in text, (sentence, text)


def test_an_invitation_in_spanish_is_written_in_spanish(session, settings, world, versions):
    assessment_round, rep = world
    invitation = own_invitation(assessment_round, rep, versions["consultative_selling"], "es")

    mail = compose_invitation(session, settings, invitation)

    assert mail.subject == "Acme: Venta consultiva: autoevaluación"  # the bank's Spanish title
    day = format_date(invitation.expires_at, locale="es")
    assert " de " in day  # "14 de diciembre de 2026"
    for body in (mail.body_text, mail.body_html):
        assert "Hola, Ana Rep:" in body
        assert (
            "Acme le pide que complete «Venta consultiva: autoevaluación», una autoevaluación "
            "de cómo trabaja hoy en día." in body
        )
        assert "Le llevará unos 15 minutos." in body
        assert (
            "Puede hacer una pausa y volver más tarde: todo lo que responda queda guardado." in body
        )
        assert f"El enlace es personal y funciona hasta el {day}." in body
    assert "Empezar ahora" in mail.body_html
    english_free(mail.subject, mail.body_text, mail.body_html)
    # composing in Spanish leaves the caller (a manager's English page) in English
    assert current_locale() == DEFAULT_LANGUAGE


def test_reminders_and_fresh_links_of_a_spanish_invitation_are_spanish(
    session, settings, world, versions
):
    assessment_round, rep = world
    invitation = own_invitation(assessment_round, rep, versions["consultative_selling"], "es")
    compose_invitation(session, settings, invitation)

    reminder = compose_invitation(session, settings, invitation, reminder=True)
    assert reminder.subject == "Recordatorio — Acme: Venta consultiva: autoevaluación"
    assert "Le recordamos amablemente que aún no hemos recibido sus respuestas." in (
        reminder.body_text
    )
    assert "A friendly reminder" not in reminder.body_text
    english_free(reminder.subject, reminder.body_text, reminder.body_html)

    fresh = compose_invitation(session, settings, invitation, fresh=True)
    assert fresh.subject == "Nuevo enlace — Acme: Venta consultiva: autoevaluación"
    english_free(fresh.subject, fresh.body_text, fresh.body_html)


def test_a_buyer_asked_in_spanish_reads_spanish_and_half_minutes_with_a_comma(
    session, settings, world, versions
):
    assessment_round, rep = world
    buyer = buyer_invitation(assessment_round, rep, versions["buyer_feedback"], "es")

    mail = compose_invitation(session, settings, buyer)

    assert mail.subject == "Acme quiere conocer su opinión sobre Ana Rep"
    assert "Hola, Bea Buyer:" in mail.body_text
    assert "Acme quiere saber cómo fue su experiencia con Ana Rep." in mail.body_text
    assert "Le llevará unos 3,5 minutos." in mail.body_text  # the bank's 3.5 minutes
    assert "½" not in mail.body_text
    english_free(mail.subject, mail.body_text, mail.body_html)


def test_a_spanish_reps_surveys_are_listed_in_spanish_in_one_email(
    session, settings, world, versions
):
    assessment_round, rep = world
    first = own_invitation(assessment_round, rep, versions["consultative_selling"], "es")
    own_invitation(assessment_round, rep, versions["trustworthiness"], "es")

    mail = compose_invitation(session, settings, first)

    assert mail.subject == "Acme: sus 2 autoevaluaciones"
    assert (
        "Acme le pide que complete 2 autoevaluaciones breves, una tras otra, con este único "
        "enlace: «Venta consultiva: autoevaluación» y «Confianza y fiabilidad: "
        "autoevaluación»." in mail.body_text
    )
    assert "Le llevará unos 27 minutos." in mail.body_text
    english_free(mail.subject, mail.body_text)


def test_an_invitation_without_a_language_is_written_in_english(session, settings, world, versions):
    assessment_round, rep = world
    invitation = own_invitation(assessment_round, rep, versions["consultative_selling"], None)
    buyer = buyer_invitation(assessment_round, rep, versions["buyer_feedback"], None)

    mail = compose_invitation(session, settings, invitation)
    to_buyer = compose_invitation(session, settings, buyer, reminder=True)

    day = invitation.expires_at
    assert mail.subject == "Acme: Consultative selling — self-assessment"
    assert "Hello Ana Rep," in mail.body_text
    assert "Acme asks you to take “Consultative selling — self-assessment”" in mail.body_text
    assert (
        "It takes about 15 minutes. You can stop and come back; everything you answer is saved."
        in mail.body_text
    )
    # "5 December 2026": the day without a leading zero
    assert f"The link is personal and works until {day.day} {day:%B} {day.year}." in (
        mail.body_text
    )
    assert "Start now" in mail.body_html
    assert to_buyer.subject == "Reminder — Acme asks for your view of Ana Rep"
    assert "A friendly reminder: your answers are still missing." in to_buyer.body_text
    assert "It takes about 3½ minutes." in to_buyer.body_text
    for body in (mail.body_text, to_buyer.body_text):
        assert "Hola" not in body and "enlace" not in body


def test_the_reps_buyers_to_confirm_email_follows_the_reps_language(
    session, settings, world, versions
):
    assessment_round, rep = world
    spanish_rep = RepFactory(team=rep.team, name="Eva Rep", language="es")
    for who in (rep, spanish_rep):  # each rep's own link carries the question
        own_invitation(assessment_round, who, versions["consultative_selling"], "en")
        InvitationFactory(
            round=assessment_round, rep=who, bank_version=versions["buyer_feedback"],
            rater_role="customer", rater_key=f"buyer-of-{who.id}@example.com",
            rater_email=f"buyer-of-{who.id}@example.com", status="awaiting_rep",
        )  # fmt: skip

    to_spanish = ask_rep(session, settings, assessment_round, spanish_rep)
    to_english = ask_rep(session, settings, assessment_round, rep)

    assert to_spanish.subject == "Acme: compradores por confirmar antes de escribirles"
    assert "Hola, Eva Rep:" in to_spanish.body_text
    assert (
        "Su responsable quiere preguntar a algunos de los compradores con los que ha tratado "
        "cómo fue su experiencia con usted." in to_spanish.body_text
    )
    assert "«Compradores a los que su responsable quiere preguntar»" in to_spanish.body_text
    day = format_date(assessment_round.closes_at, locale="es")
    assert f"El enlace es personal y funciona hasta el {day}." in to_spanish.body_html
    assert "Your manager" not in to_spanish.body_text + to_spanish.body_html

    assert to_english.subject == "Acme: buyers to confirm before we ask"
    assert "Hello Ana Rep," in to_english.body_text
    assert 'answer on the page "Buyers your manager would like to ask":' in to_english.body_text
    assert "Su responsable" not in to_english.body_text


def test_a_rep_without_a_language_of_their_own_reads_the_teams(session, settings, world, versions):
    assessment_round, rep = world
    rep.team.language = "es"
    session.flush()
    own_invitation(assessment_round, rep, versions["consultative_selling"], "es")
    InvitationFactory(
        round=assessment_round, rep=rep, bank_version=versions["buyer_feedback"],
        rater_role="customer", rater_key="bo@example.com", rater_email="bo@example.com",
        status="awaiting_rep",
    )  # fmt: skip

    mail = ask_rep(session, settings, assessment_round, rep)

    assert mail.subject == "Acme: compradores por confirmar antes de escribirles"


def test_the_move_link_is_sent_in_the_surveys_language(session, settings, world, versions):
    assessment_round, rep = world
    buyer = buyer_invitation(assessment_round, rep, versions["buyer_feedback"], "es")
    response = ResponseFactory(invitation=buyer)
    with_mail = replace(settings, mail=MailSettings("smtp://127.0.0.1:1", "candor@example.com"))

    mail = respondent_browser.send_move_link(session, with_mail, buyer, response)

    assert mail.subject == "Continúe su encuesta en otro navegador"
    assert "Alguien (esperamos que usted) ha pedido continuar una encuesta" in mail.body_text
    assert "El enlace solo se puede usar una vez, durante 2 horas." in mail.body_text
    assert "Continuar la encuesta en este navegador" in mail.body_html
    assert "Someone" not in mail.body_text
