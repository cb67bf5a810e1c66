"""Team names as they are kept and compared, so no look-alike of a team can be made."""

from __future__ import annotations

import unicodedata


def team_shown(name: str) -> str:
    """A team name as it is kept: NFKC, without invisible characters (a zero-width
    space), its spaces collapsed — so no look-alike of a team can be made."""
    visible_only = "".join(c for c in unicodedata.normalize("NFKC", name) if c.isprintable())
    return " ".join(visible_only.split())


def team_key(name: str) -> str:
    """A team name as it is compared: "Harbor sales ", "harbor  Sales" and one with an
    invisible character are one team, so a typo does not quietly create a second one."""
    return team_shown(name).casefold()
