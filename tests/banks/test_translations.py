"""Texts in several locales, with fallback to the bank's default."""

from __future__ import annotations

from assess.core.banks import Text, load_bank
from tests.banks.conftest import MINI, edit


def test_text_falls_back_to_language_then_default():
    title = Text((("de", "Zuhören"), ("en", "Listening")))
    assert title.get("de", "en") == "Zuhören"
    assert title.get("de-AT", "en") == "Zuhören"
    assert title.get("fr", "en") == "Listening"
    assert title.get(None, "en") == "Listening"


def test_adding_a_locale_needs_no_change_of_format(tmp_path):
    german = edit(
        MINI, "title: Mini bank", "locales: [en, de]\ntitle: {en: Mini bank, de: Mini-Katalog}"
    )
    german = edit(
        german,
        "text: I let buyers finish.",
        "text: {en: I let buyers finish., de: Ich lasse Käufer ausreden.}",
    )
    path = tmp_path / "de.yaml"
    path.write_text(german, encoding="utf-8")
    bank = load_bank(path)
    assert bank.locales == ("de", "en")
    assert bank.text(bank.title, "de") == "Mini-Katalog"
    listen = bank.item("q_listen")
    assert bank.text(listen.text, "de") == "Ich lasse Käufer ausreden."
    # untranslated texts fall back to English
    assert bank.text(bank.item("q_discount").text, "de") == "What do you do?"
    assert bank.text(bank.rubric.competencies[0].name, "es") == "Listening"


def test_default_locale_can_be_another_language(tmp_path):
    spanish = edit(MINI, "title: Mini bank", "default_locale: es\ntitle: Mini banco")
    path = tmp_path / "es.yaml"
    path.write_text(spanish, encoding="utf-8")
    bank = load_bank(path)
    assert bank.default_locale == "es"
    assert bank.text(bank.title, "en") == "Mini banco"
