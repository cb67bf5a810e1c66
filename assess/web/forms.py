"""What every form of ours does before its own checks: the one input rule for text.

`CandorForm` is the base of every WTForms form: each text field (one-line unless it is
a text area; hidden fields carry what is checked where it is read) first passes
`core.text`, and a field that does not stops there with one message naming it.
`StrictRequest` makes the rule see invalid UTF-8: Werkzeug keeps a form's undecodable
bytes as the literal text ``%ED%A0%80``, indistinguishable from someone typing it;
decoded with ``surrogateescape`` they become lone surrogates, which the rule refuses.
(In a multipart form Werkzeug puts U+FFFD in their place; the rule refuses that too.)
"""

from __future__ import annotations

from urllib.parse import parse_qsl

from flask import Request
from flask_wtf import FlaskForm
from werkzeug.formparser import FormDataParser
from wtforms import DateField, HiddenField, StringField, TextAreaField
from wtforms.validators import StopValidation

from assess.core.text import displayable, field_message, without_surrogates


class StrictFormDataParser(FormDataParser):
    def _parse_urlencoded(self, stream, mimetype, content_length, options):
        items = parse_qsl(
            stream.read().decode("utf-8", "surrogateescape"),
            keep_blank_values=True,
            encoding="utf-8",
            errors="surrogateescape",
        )
        return stream, self.cls(items), self.cls()


class StrictRequest(Request):
    """Flask's request, with form bytes that are not UTF-8 kept visible to the rule."""

    form_data_parser_class = StrictFormDataParser


class PrintableText:
    """The input rule as a WTForms validator (see `core.text`)."""

    def __init__(self, one_line: bool):
        self.one_line = one_line

    def __call__(self, form, field) -> None:
        if isinstance(field.data, str):
            message = field_message(str(field.label.text), field.data, one_line=self.one_line)
            if message is not None:
                field.data = displayable(field.data)  # shown again on the page
                raise StopValidation(message)


class AsciiDate:
    """A date typed in ASCII digits (``strptime`` also reads other scripts' digits)."""

    def __call__(self, form, field) -> None:
        typed = " ".join(field.raw_data or [])
        if typed and not typed.isascii():
            raise StopValidation(f"{field.label.text} must be a date like 2026-03-01.")


def showable(field) -> None:
    """Bytes that were not UTF-8 reach every field as lone surrogates; a page echoing one
    back (a date, a choice, a hidden carrier) could not be encoded. Each becomes U+FFFD,
    which the text rule, a date's format check and a choice's list all refuse."""
    if field.raw_data:
        field.raw_data = [clean(value) for value in field.raw_data]
    if isinstance(field.data, list):
        field.data = [clean(value) for value in field.data]
    else:
        field.data = clean(field.data)


def clean(value):
    return without_surrogates(value) if isinstance(value, str) else value


class CandorForm(FlaskForm):
    """A FlaskForm whose text fields refuse what no text field of ours may hold."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self:
            showable(field)
            if isinstance(field, HiddenField):
                continue  # a carrier (the CSRF token, a previewed file): checked where read
            if isinstance(field, StringField):
                one_line = not isinstance(field, TextAreaField)
                field.validators = [PrintableText(one_line), *field.validators]
            elif isinstance(field, DateField):
                field.validators = [AsciiDate(), *field.validators]
