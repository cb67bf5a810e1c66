"""The Spanish catalogue is whole: every message the code and templates mark (found by
the same extraction as `make messages`) has Spanish, keeps the message's placeholders,
and the compiled catalogue is what the app reads; every shipped bank has every text in
Spanish too. A message added without its Spanish fails here, before a Spanish reader
meets it in English."""

from __future__ import annotations

import re

from babel.messages.pofile import read_po

from assess.core.banks import check_paths
from assess.core.i18n import Catalogs, speaking_locale
from assess.core.i18n import gettext as translated
from assess.core.i18n.catalogs import SHIPPED_DIR
from assess.services.bank_versions import SHIPPED_BANKS, shipped_banks
from tests.support.marker_language import extracted_messages

PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def spanish_catalogue():
    with (SHIPPED_DIR / "es" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle)


def key(message) -> str:
    return message.id[0] if isinstance(message.id, tuple) else message.id


def placeholders(*texts: str) -> set[str]:
    return {name for text in texts for name in PLACEHOLDER.findall(text)}


def test_every_marked_message_has_spanish_with_the_same_placeholders():
    spanish = {key(message): message for message in spanish_catalogue() if message.id}
    missing, broken = [], []
    for message in extracted_messages():
        if not message.id:
            continue
        found = spanish.get(key(message))
        forms = () if found is None else found.string
        forms = forms if isinstance(forms, tuple) else (forms,)
        if found is None or found.fuzzy or not forms or not all(forms):
            missing.append(key(message))
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        wanted = placeholders(*ids)
        for form in forms:  # a plural form may leave the count out ("un comprador")
            if placeholders(form) - wanted or placeholders(form) < wanted - {"num", "count"}:
                broken.append(f"{key(message)!r} → {form!r}")
    assert missing == [], f"{len(missing)} messages without Spanish: {missing[:20]}"
    assert broken == [], "placeholders differ:\n" + "\n".join(broken)


def test_the_catalogue_the_app_reads_is_the_one_in_git():
    """The compiled .mo says what the .po says (`make translations` ran on this one)."""
    catalogs = Catalogs()
    assert catalogs.languages() == ("en", "es")
    compiled = catalogs.translations("es")
    for message in spanish_catalogue():
        if message.id and message.string and not isinstance(message.id, tuple):
            assert compiled.gettext(message.id) == message.string
    with speaking_locale(catalogs, "es"):
        assert translated("Start") == "Empezar"


def test_every_shipped_bank_has_every_text_in_spanish():
    result = check_paths([str(SHIPPED_BANKS)])  # a missing translation is a problem there
    assert result.ok, "\n".join(result.lines)
    assert all("es" in bank.locales for bank in shipped_banks().values())


def test_the_catalogue_compiles_without_an_error():
    """What `make translations` checks: placeholders of each message and its Spanish
    agree in kind (a message with "90 %" in it reads as a format to pybabel)."""
    errors = [f"{message.id!r}: {error}" for message, found in spanish_catalogue().check()
              for error in found]  # fmt: skip
    assert errors == []
