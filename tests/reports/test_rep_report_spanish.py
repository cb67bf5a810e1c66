"""The rep's coaching report in Spanish: the rep's own copy speaks the language the rep
reads, every word of it (Candor's messages, the banks' texts, dates and numbers); the
manager's copy stays in English.

The pure half renders the demo's pushy rep (`pushy_inputs`: verdict, blind spots, red
flags, a trend) in both languages and compares them sentence by sentence; the other
half closes a real round for a rep whose language is Spanish and reads both PDFs back.
"""

from __future__ import annotations

import re
from dataclasses import replace
from html import unescape

import pytest

from assess.core.i18n import Catalogs, speaking_locale
from assess.core.reports.wording import decimal, number, signed
from assess.demo.samples import demo_rep_inputs
from assess.demo.synthetic import Profile
from assess.services import report_pdfs
from tests.conftest import sign_in
from tests.reports.conftest import PdfText, with_rep_payload
from tests.reports.test_rep_verdict_words import borderline_verdict
from tests.support.answered_rounds import answered_round

#: What Candor itself says in the Spanish report (headings and sentences).
SPANISH = (
    "Copia personal",
    "Informe de coaching",
    "Hoy es un riesgo de confianza: los compradores todavía no se sienten seguros con usted.",
    "Tres cosas que trabajar primero",
    "Dónde está usted",
    "Cómo se ve usted y cómo le ven los demás",
    "Competencia por competencia",
    "Qué dijeron los compradores",
    "Señales de alerta",
    "Planteada por al menos 2 contactos recomendados",
    "Las puntuaciones van de 0 a 100.",
)
#: The same headings and sentences in English.
ENGLISH = (
    "Rep's copy",
    "Coaching report",
    "You are a trust risk today: buyers do not feel safe with you yet.",
    "Three things to work on first",
    "Where you stand",
    "How you see yourself, and how others see you",
    "Competency by competency",
    "What buyers said",
    "Red flags",
    "Raised by at least 2 referred buyers",
    "Scores run from 0 to 100.",
)
#: Elements whose text no reader sees: the document's head, a chart's screen-reader
#: title and description.
UNSEEN = re.compile(r"<(head|title|desc)\b.*?</\1>", re.S)


def visible_text(html: str) -> str:
    """The text a reader sees on the pages, tags dropped, whitespace collapsed."""
    text = re.sub(r"<[^>]+>", " ", UNSEEN.sub(" ", html))
    return " ".join(unescape(text).split())


def typed_by_people(inputs) -> list[str]:
    """What users typed, the same in every language: names and comments."""
    payload = inputs.rep_payload
    return sorted(
        {
            payload["rep_name"],
            inputs.organization_name,
            inputs.team_name,
            inputs.round_name,
            inputs.previous_round_name or "",
            *payload.get("buyer_comments", []),
            *payload.get("manager_comments", []),
        }
        - {""},
        key=len,
        reverse=True,
    )


def sentences(text: str, leave_out: list[str]) -> set[str]:
    """`text` cut into sentences and labels, names and comments left out, numbers and
    punctuation dropped, lower case: the words only."""
    for typed in leave_out:
        text = text.replace(typed, " ")
    found = set()
    for piece in re.split(r"[.:;!?·()«»“”\"]|\s[–—-]\s", text):
        words = re.sub(r"[\d%+−±–→,]+", " ", piece).lower().split()
        if len(words) >= 2:
            found.add(" ".join(words))
    return found


def spanish_html(inputs) -> str:
    with speaking_locale(Catalogs(), "es"):
        return report_pdfs.rep_report_html(
            replace(inputs, locale="es", round_closed_on="3 de diciembre de 2026")
        )


@pytest.fixture(scope="module")
def both(pushy_inputs):
    return report_pdfs.rep_report_html(pushy_inputs), spanish_html(pushy_inputs)


def test_the_spanish_report_says_it_in_spanish(both):
    english, spanish = (visible_text(html) for html in both)
    for words in SPANISH:
        assert words in spanish, words
    for words in ENGLISH:
        assert words in english, words
        assert words not in spanish, words
    # the banks' words too: a competency and its band, in the rubric's Spanish
    assert "Transparencia" in spanish and "«Carencia»" in spanish
    assert "cierre: 3 de diciembre de 2026" in spanish
    assert '<html lang="es">' in both[1] and '<html lang="en">' in both[0]


def test_no_english_sentence_is_left_in_the_spanish_report(pushy_inputs, both):
    typed = typed_by_people(pushy_inputs)
    english = sentences(visible_text(both[0]), typed)
    spanish = " ".join(sorted(sentences(visible_text(both[1]), typed)))
    assert len(english) > 100  # the comparison reads a whole report
    left = sorted(sentence for sentence in english if sentence in spanish)
    assert left == []


#: A rep without the evidence a verdict rests on (no manager review, too few buyers).
MISSING = {
    "verdict": None,
    "between": [],
    "missing": [{"what": "manager_review"}, {"what": "buyers", "at_least": 3}],
    "by_bank": [],
}


def test_every_copy_and_card_speaks_spanish(pushy_inputs, banks):
    """The manager's copy (with its guide), a borderline card in both copies, a rep
    without the evidence for a verdict, and the other demo reps, each rendered in
    Spanish: no English sentence left in any of them."""
    cases = [
        replace(pushy_inputs, reader="manager"),
        with_rep_payload(pushy_inputs, verdict=borderline_verdict()),
        replace(with_rep_payload(pushy_inputs, verdict=borderline_verdict()), reader="manager"),
        with_rep_payload(pushy_inputs, verdict=MISSING),
        *(demo_rep_inputs(archetype=kind, banks=banks) for kind in ("faker", "trusted")),
        replace(demo_rep_inputs(archetype="newcomer", banks=banks), tone="diplomatic"),
    ]
    for inputs in cases:
        typed = typed_by_people(inputs)
        english = sentences(visible_text(report_pdfs.rep_report_html(inputs)), typed)
        spanish = " ".join(sorted(sentences(visible_text(spanish_html(inputs)), typed)))
        assert [sentence for sentence in sorted(english) if sentence in spanish] == []


def test_numbers_and_page_numbers_follow_the_language(pushy_inputs):
    with speaking_locale(Catalogs(), "es"):
        assert (decimal(-0.35, 2, sign=True), number(42.4), signed(-3)) == ("-0,35", "42", "−3")
        pdf = PdfText(report_pdfs.rep_report_pdf(replace(pushy_inputs, locale="es")))
    assert (decimal(-0.35, 2, sign=True), number(42.4), signed(-3)) == ("-0.35", "42", "−3")
    assert pdf.has(f"Página 1 de {pdf.count}")
    assert not pdf.has("Page 1 of")
    english = PdfText(report_pdfs.rep_report_pdf(pushy_inputs))
    assert english.has(f"Page 1 of {english.count}")


# -- through the services: a real round, closed, its reports rendered by the job --------

LUKEWARM = Profile(default=0.45, noise=0.05)


def test_a_spanish_speaking_rep_gets_their_copy_in_spanish(client, manager, session):
    answered = answered_round(client, session, manager)
    answered.rep.language = "es"
    session.flush()
    answered.answer("consultative_selling", "self", name="Robin Rep")
    answered.answer("manager_review", "manager", LUKEWARM, name="Max Manager")
    for index in range(3):
        answered.answer("buyer_feedback", "customer", LUKEWARM, name=f"Customer {index}")
    sign_in(client, manager.email)
    answered.close()

    rep_copy = answered.report("rep", reader="rep")
    manager_copy = answered.report("rep", reader="manager")
    rep_text, manager_text = rep_copy.flat(), manager_copy.flat()

    # the rep's copy: Candor's words, the banks' words and the date in Spanish
    for words in ("Copia personal", "Dónde está usted", "Competencia por competencia",
                  "Qué dijeron los compradores", "Informe de coaching"):  # fmt: skip
        assert rep_copy.has(words), words
    assert re.search(r"cierre: \d+ de [a-z]+ de \d{4}", rep_text)
    assert rep_copy.has(f"Página 1 de {rep_copy.count}")
    assert rep_copy.has("Descubrir el problema real")  # a competency, as the bank says it
    for words in ("Rep's copy", "Where you stand", "Competency by competency", "Page 1 of",
                  "Discovery of the real problem", "Based on"):  # fmt: skip
        assert not rep_copy.has(words), words

    # the manager's copy stays in English, with its coaching guide
    for words in ("Manager's copy", "Where you stand", "Coaching guide for the manager",
                  "Discovery of the real problem"):  # fmt: skip
        assert manager_copy.has(words), words
    assert not manager_copy.has("Copia para responsables")
    assert not manager_copy.has("Dónde está usted")
    assert "Página" not in manager_text
