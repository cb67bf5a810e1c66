"""Forms of the manager's side."""

from __future__ import annotations

from flask import abort
from flask_wtf import FlaskForm
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
from wtforms.validators import DataRequired, Email, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from assess.core.banks import BUYER_ROLES

BUYER_ROLE_CHOICES = [SelectChoice(role, role.capitalize()) for role in BUYER_ROLES]


class RepForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    email = EmailField("Email", validators=[DataRequired(), Email(), Length(max=254)])


class RepEditForm(RepForm):
    team_id = SelectField("Team", coerce=int)


class ImportRepsForm(FlaskForm):
    file = FileField(
        "CSV file with the columns name, email, team",
        validators=[FileAllowed(["csv", "txt"], "Upload a .csv file.")],
    )
    csv_text = HiddenField()  # carried from the preview to the confirmation


class ConfirmForm(FlaskForm):
    """A button that changes something: CSRF and nothing else."""


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class TeamForm(FlaskForm):
    name = StringField("Team name", validators=[DataRequired(), Length(max=200)])
    manager_id = SelectField(
        "Manager (answers the reps' manager reviews)", coerce=int, validators=[Optional()]
    )
    other_managers = MultiCheckboxField(
        "Other managers (they see and run this team too)", coerce=int, validators=[Optional()]
    )


class RoundForm(FlaskForm):
    name = StringField("Round name", validators=[DataRequired(), Length(max=200)])
    team_id = SelectField("Team", coerce=int)
    bank_ids = MultiCheckboxField("Assessments", validators=[DataRequired()])
    opens_on = DateField("Opens on", validators=[DataRequired()])
    closes_on = DateField("Closes on", validators=[DataRequired()])
    marketing_raters = TextAreaField(
        "Marketing staff who answer the alignment survey (one per line: name, email)",
        validators=[Optional(), Length(max=20_000)],
    )

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        if self.closes_on.data <= self.opens_on.data:
            self.closes_on.errors.append("The round must close after it opens.")
            return False
        return True


class BuyerForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    email = EmailField("Email", validators=[DataRequired(), Email(), Length(max=254)])
    role = SelectField("They are a", choices=BUYER_ROLE_CHOICES)


class ExtendForm(FlaskForm):
    closes_on = DateField("New closing date", validators=[DataRequired()])


def require_confirmation() -> None:
    """Stop a state-changing button's request with 400 unless its form (and so its CSRF
    token) came from our own page."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
