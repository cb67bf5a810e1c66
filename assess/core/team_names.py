"""Team names as they are kept and compared, so no look-alike of a team can be made.

A team's name decides who sees its reps: a second team whose name only looks like the
first ("Field Sales" with a Cyrillic "а", a Braille blank for the space, an accent)
would have no manager, and a rep moved into it would vanish from their manager's
pages. So every name is compared by a skeleton — blanks of any kind as one space,
accents and case aside, letters of other alphabets that look like Latin ones read as
those — and a name whose skeleton is taken *is* that team.
"""

from __future__ import annotations

import unicodedata

#: Characters that print as nothing or as a space without being one (Unicode's own
#: spaces, category Zs, are caught by category).
BLANKS = frozenset("\u115f\u1160\u180e\u200b\u200c\u200d\u2060\u2800\u3164\ufeff\uffa0\u034f")
#: Letters that look like Latin ones (Unicode TR39's common confusables for names).
LOOK_ALIKES = str.maketrans(
    {
        "ı": "i", "ȷ": "j", "ɑ": "a", "ɡ": "g", "ℓ": "l",
        "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o",
        "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "і": "i", "ї": "i", "ј": "j",
        "ѕ": "s", "ԁ": "d", "ԛ": "q", "ԝ": "w", "һ": "h", "ӏ": "l",
        "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "μ": "u", "ν": "v",
        "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ω": "w",
    }
)  # fmt: skip


def _blank(character: str) -> bool:
    return character in BLANKS or unicodedata.category(character) == "Zs"


def team_shown(name: str) -> str:
    """A team name as it is kept: NFKC, blanks of any kind as spaces, without
    invisible characters, its spaces collapsed."""
    text = unicodedata.normalize("NFKC", name)
    visible = "".join(" " if _blank(c) else c for c in text if c.isprintable() or _blank(c))
    return " ".join(visible.split())


def team_key(name: str) -> str:
    """A team name as it is compared: "Harbor sales ", "harbor  Sales", "Harbör Sales"
    and one spelt with a Cyrillic "а" or a Braille blank are one team, so neither a
    typo nor a look-alike quietly creates a second one."""
    decomposed = unicodedata.normalize("NFKD", team_shown(name).casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return bare.translate(LOOK_ALIKES)
