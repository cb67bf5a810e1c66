"""The fonts a report is set in: Inter for text, then the shipped Noto Emoji subsets, so
that an emoji a buyer typed in a comment (or a name) prints as itself, not as an empty
box. DejaVu Sans, a system font, stands in for anything Inter lacks before the emoji.

Noto Emoji comes in eleven subsets (`static/fonts/noto-emoji-N-400-normal.woff`, OFL).
Each is declared as a family of its own: WeasyPrint does not honour `unicode-range`, so
eleven faces under one name would print glyphs from the wrong subset.
"""

from __future__ import annotations

EMOJI_SUBSETS = range(11)
EMOJI_FAMILIES = tuple(f"Noto Emoji {subset}" for subset in EMOJI_SUBSETS)
FONT_STACK = ", ".join(
    ["Inter", '"DejaVu Sans"', *(f'"{family}"' for family in EMOJI_FAMILIES), "sans-serif"]
)
