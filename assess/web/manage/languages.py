"""The language pickers of the manager's forms: a team's, a rep's, a buyer's.

The choices are the languages Candor has catalogues for (`Catalogs.languages`), each
under its own name; a rep's or a buyer's picker can also say "as the team".
"""

from __future__ import annotations

from wtforms import SelectChoice, SelectField

from assess.core.i18n import language_name
from assess.platform.settings import get_settings


class LanguageField(SelectField):
    """A language picker whose empty value ("" — and a record's None) is "as the team",
    so a form sent without the field keeps what the record had, or the team's."""

    def process_data(self, value) -> None:
        self.data = value or self.default or ""

    def process_formdata(self, valuelist) -> None:
        if valuelist:
            self.data = valuelist[0] or ""


def offer_languages(field: SelectField, team_language: str | None = None) -> None:
    """Fill `field`'s choices; with `team_language`, first "As the team (English)"."""
    choices = [
        SelectChoice(code, language_name(code)) for code in get_settings().catalogs.languages()
    ]
    if team_language is not None:
        choices.insert(0, SelectChoice("", f"As the team ({language_name(team_language)})"))
    field.choices = choices
