"""Survey form fields: posted strings -> answer values, and answer values -> form values.

A page is plain HTML (no WTForms fields: the items come from the bank), so this module
is the one place that knows how an item's answer travels through a form:

=============  ==========================  ===========================================
item type      field name(s)               posted value -> answer value
=============  ==========================  ===========================================
likert         ``<item>``                  ``"1"`` … ``"7"`` -> ``int``
likelihood     ``<item>``                  ``"0"`` … ``"10"`` -> ``int``
situational    ``<item>``                  option id
choice         ``<item>``                  option id
forced_choice  ``<item>.most``,            ``{"most": id, "least": id}``
               ``<item>.least``
yes_no         ``<item>``                  ``"yes"`` / ``"no"`` -> ``True`` / ``False``
text           ``<item>``                  the text, line breaks -> LF, outer blanks gone
=============  ==========================  ===========================================

Parsing never judges: a value that is not a valid answer is handed on as it is, and
``validate_answer`` words the message. A blank field parses to ``None`` (unanswered).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from werkzeug.datastructures import MultiDict

from assess.core.banks import Item, Page
from assess.core.text import displayable

#: Fields a page form carries besides the answers: the CSRF token and the button pressed.
CONTROL_FIELDS = ("csrf_token", "action")
_SMALL_INTEGER = re.compile(r"^[+-]?[0-9]{1,3}$")
_YES_NO = {"yes": True, "no": False}
#: Line breaks as browsers and pasted documents send them (Word's manual break is a
#: vertical tab): each becomes one "\n", so a pasted comment is not refused for them.
LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")


def field_names(item: Item) -> tuple[str, ...]:
    """The form field names that carry ``item``'s answer."""
    if item.type == "forced_choice":
        return (f"{item.id}.most", f"{item.id}.least")
    return (item.id,)


def max_fields(page: Page) -> int:
    """The most form values a genuine post of ``page`` can hold."""
    return len(CONTROL_FIELDS) + sum(len(field_names(item)) for item in page.items)


def count_fields(form: MultiDict, files: MultiDict | None = None) -> int:
    """How many values (every repeat counts) and files a request carries."""
    values = sum(len(form.getlist(name)) for name in form)
    return values + (sum(len(files.getlist(name)) for name in files) if files else 0)


def parse_page(items: Iterable[Item], form: MultiDict) -> dict[str, Any]:
    """Answer values of the items whose fields are in ``form``; ``None`` for a blank one.

    Items with no field in the form at all are left out, which is different from a
    blank field: only a text field that was sent empty clears a saved text.
    """
    posted: dict[str, Any] = {}
    for item in items:
        names = field_names(item)
        if any(name in form for name in names):
            posted[item.id] = parse_item(item, form)
    return posted


def parse_item(item: Item, form: MultiDict) -> Any:
    """The answer value ``form`` holds for ``item`` (possibly invalid), or ``None``."""
    if item.type == "forced_choice":
        most = _single(form, f"{item.id}.most")
        least = _single(form, f"{item.id}.least")
        if most is None and least is None:
            return None
        return {"most": most, "least": least}
    raw = _single(form, item.id, keep_blanks=item.type == "text")
    if raw is None or isinstance(raw, list):
        return raw  # a list (the field sent twice) is never valid; validate_answer says so
    if item.type in ("likert", "likelihood"):
        return int(raw) if _SMALL_INTEGER.match(raw) else raw
    if item.type == "yes_no":
        return _YES_NO.get(raw, raw)
    if item.type == "text":
        text = LINE_BREAKS.sub("\n", raw).strip()
        return text or None
    return raw


def _single(form: MultiDict, name: str, keep_blanks: bool = False) -> str | list | None:
    values = form.getlist(name)
    if not values:
        return None
    if len(values) > 1:
        return values
    value = values[0] if keep_blanks else values[0].strip()
    return value if value.strip() else None


def form_value(value: Any) -> Any:
    """An answer value (or a typed, invalid one) as the form shows it: strings only."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict):
        return {key: form_value(part) for key, part in value.items()}
    if isinstance(value, list):
        return ""
    return displayable(str(value))
