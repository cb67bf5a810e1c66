"""Reading the owner's pages of the demo organization as a user sees them: the demo
loaded, someone signed in, and a page's HTML turned into the text on screen."""

from __future__ import annotations

import html
import re

from sqlalchemy import select

from assess.demo import DEMO_LOGINS, load_demo
from assess.models import Rep, Round
from tests.conftest import sign_in


def load_signed_in_demo(client, session, role: str = "owner") -> None:
    """Load the demo organization and sign `client` in as its owner (or manager)."""
    load_demo(session, "test-secret-key")
    sign_in(client, *DEMO_LOGINS[role])


def demo_round(session, name: str = "Autumn 2026 round") -> Round:
    return session.scalar(select(Round).where(Round.name == name))


def demo_rep(session, name: str) -> Rep:
    return session.scalar(select(Rep).where(Rep.name == name))


def visible_text(markup: str) -> str:
    """What a page says, without its tags, its scripts or its SVG charts' hidden
    descriptions, whitespace collapsed."""
    markup = re.sub(r"<(script|style|title|desc)\b.*?</\1>", " ", markup, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def squeezed(text: str) -> str:
    """`text` without any whitespace: lines in a PDF wrap anywhere."""
    return "".join(text.split())
