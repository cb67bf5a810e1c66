"""Forms of the manager's side."""

from __future__ import annotations

from datetime import date

from flask import abort, request
from flask_wtf.file import FileAllowed, FileField
from wtforms import (
    DateField,
    EmailField,
    HiddenField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from assess.core.banks import BUYER_ROLES
from assess.core.i18n import DEFAULT_LANGUAGE
from assess.core.round_dates import closing_problem, round_dates_problem
from assess.core.text import ascii_int, plural
from assess.web.forms import CandorForm
from assess.web.manage.languages import LanguageField

BUYER_ROLE_CHOICES = [SelectChoice(role, role.capitalize()) for role in BUYER_ROLES]


DAY_MISSING = "Choose a day."


class DayField(DateField):
    """A date field that says what is wrong with a day that is not one (2026-02-30,
    "abc", year 99999) instead of "This field is required."."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            raise ValueError(
                "That is not a day of the calendar: write it as YYYY-MM-DD, for example 2026-03-31."
            ) from None


class RepForm(CandorForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    email = EmailField("Email", validators=[DataRequired(), Email(), Length(max=254)])
    # choices: assess.web.manage.languages.offer_languages
    language = LanguageField("Language of their surveys, emails and coaching report")


class RepEditForm(RepForm):
    team_id = SelectField("Team", coerce=ascii_int)


class ImportRepsForm(CandorForm):
    file = FileField(
        "CSV file with the columns name, email, team",
        validators=[FileAllowed(["csv", "txt"], "Upload a .csv file.")],
    )
    upload = HiddenField()  # the kept upload's token, from the preview to the confirmation


class ImportOutcomesForm(CandorForm):
    file = FileField(
        "CSV file with the columns email, period_start, period_end and the outcomes",
        validators=[FileAllowed(["csv", "txt"], "Upload a .csv file.")],
    )
    upload = HiddenField()  # the kept upload's token, from the preview to the confirmation


class ConfirmForm(CandorForm):
    """A button that changes something: CSRF and nothing else."""


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class TeamForm(CandorForm):
    name = StringField("Team name", validators=[DataRequired(), Length(max=200)])
    manager_id = SelectField(
        "Manager (answers the reps' manager reviews)", coerce=ascii_int, validators=[Optional()]
    )
    other_managers = MultiCheckboxField(
        "Other managers (they see and run this team too)", coerce=ascii_int, validators=[Optional()]
    )
    language = LanguageField(
        "Language of its surveys, emails and rep reports (a rep or a buyer can have their own)",
        default=DEFAULT_LANGUAGE,
    )


class RoundForm(CandorForm):
    name = StringField("Round name", validators=[DataRequired(), Length(max=200)])
    team_id = SelectField("Team", coerce=ascii_int)
    bank_ids = MultiCheckboxField("Assessments", validators=[DataRequired()])
    opens_on = DayField("Opens on", validators=[InputRequired(DAY_MISSING)])
    closes_on = DayField("Closes on", validators=[InputRequired(DAY_MISSING)])
    marketing_raters = TextAreaField(
        "Marketing staff who answer the alignment survey (one per line: name, email)",
        validators=[Optional(), Length(max=20_000)],
    )
    operations_raters = TextAreaField(
        "Delivery and operations staff who answer the alignment survey (one per line: name, email)",
        validators=[Optional(), Length(max=20_000)],
    )

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        found = round_dates_problem(self.opens_on.data, self.closes_on.data, date.today())
        if found:
            getattr(self, found[0]).errors.append(found[1])
            return False
        return True


class ExtendForm(CandorForm):
    closes_on = DayField("New closing date", validators=[InputRequired(DAY_MISSING)])

    def validate(self, extra_validators=None) -> bool:
        return super().validate(extra_validators) and closing_day_is_sane(self.closes_on)


#: How far ahead a round may open or close, and how long one may run.


def closing_day_is_sane(field) -> bool:
    """A closing day from today on (a round that has closed takes no answer: every link
    would be dead on arrival) and at most two years ahead; else a message on `field`."""
    problem = closing_problem(field.data, date.today())
    if problem:
        field.errors.append(problem)
    return problem is None


#: How long a closed round may be reopened for, in days.
REOPEN_DAYS = (1, 3, 7, 14)


class ReopenForm(CandorForm):
    days = SelectField(
        "Reopen for",
        coerce=ascii_int,
        choices=[SelectChoice(days, plural(days, "day")) for days in REOPEN_DAYS],
    )


class BuyerForm(CandorForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    email = EmailField("Email", validators=[DataRequired(), Email(), Length(max=254)])
    role = SelectField("They are a", choices=BUYER_ROLE_CHOICES)
    language = LanguageField("Write to them in")


def acts_on_nothing() -> bool:
    """A GET, or a HEAD (a GET without the body): it only shows a confirmation page."""
    return request.method in ("GET", "HEAD")


def require_confirmation() -> None:
    """Stop a state-changing button's request with 400 unless its form (and so its CSRF
    token) came from our own page. A GET or HEAD acts on nothing (it shows a
    confirmation page) and passes."""
    if acts_on_nothing():
        return
    if not ConfirmForm().validate_on_submit():
        abort(400)
