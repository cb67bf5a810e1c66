"""The demo's second team: Inside Sales, fourteen reps without a story of their own.

"Does it predict here?" says nothing below `CANDOR_VALIDITY_MIN_REPS` reps (20 by
default), and a demo with one team of twelve would only ever show "not enough reps".
Like a company that owns the product, Northwind has a second team, so the owner's page
compares 26 reps in the autumn and 24 in the spring.

The team's reps differ where the validity page looks: how well they run discovery (what
the outcomes follow, `assess.demo.outcomes`) and how well they know the offer. Its old
hands know the catalogue by heart and pitch it; its newer hires know it less and ask
more. So across the organization knowing the offer does not go with winning, while
discovery does. Seeded: the same reps every time. Pure data.
"""

from __future__ import annotations

import random

from assess.demo.stories import RepStory
from assess.demo.synthetic import Profile

TEAM_NAME = "Inside Sales"
#: The team's manager: an account with no public sign-in (the demo logins are the
#: owner's and Field Sales' manager's).
MANAGER = ("Nadia Petrova", "nadia.petrova@northwind.example.com")
REP_NAMES = (
    "Amara Singh", "Ben Carter", "Carla Romero", "Daniel Kim", "Elif Yilmaz",
    "Felix Wagner", "Grace Liu", "Hamid Rahimi", "Isabel Sousa", "Jonas Berg",
    "Keisha Brown", "Leo Marchetti", "Maya Cohen", "Noah Williams",
)  # fmt: skip
#: How many buyers answered about each rep, in turn (inside sales talk to more prospects).
BUYER_MIXES = (
    ("prospect", "prospect", "prospect", "customer", "customer", "referral"),
    ("prospect", "prospect", "customer", "customer", "customer"),
    ("prospect", "prospect", "prospect", "customer", "referral", "referral", "customer"),
)


def _clamped(level: float) -> float:
    return round(min(0.95, max(0.1, level)), 3)


def inside_sales_stories() -> tuple[RepStory, ...]:
    """The team's reps: levels drawn from a generator seeded with the team's name.

    Discovery is spread from weak to strong; knowing the offer runs the other way
    (experience: the longer a rep has sold it, the better they know it and the sooner
    they pitch), with noise; listening follows discovery half way; the rest sits at
    the rep's own level. Buyers and the manager see the same rep, the manager a little
    differently."""
    rng = random.Random(TEAM_NAME)  # noqa: S311 - seeded on purpose: the same demo every time
    # every level of experience, from the newest hire to the oldest hand, in any order
    experiences = [(number + rng.random()) / len(REP_NAMES) for number in range(len(REP_NAMES))]
    rng.shuffle(experiences)
    stories = []
    for number, (name, experience) in enumerate(zip(REP_NAMES, experiences, strict=True)):
        default = _clamped(0.5 + 0.42 * rng.random())
        discovery = _clamped(default + 0.15 - 0.3 * experience + rng.gauss(0, 0.08))
        offer = _clamped(0.45 + 0.4 * experience + rng.gauss(0, 0.08))
        levels = {
            "discovery": discovery,
            "offer_mastery": offer,
            "listening": _clamped((default + discovery) / 2),
        }
        managers = {key: _clamped(level + rng.gauss(0, 0.04)) for key, level in levels.items()}
        stories.append(
            RepStory(
                name,
                "inside sales",
                Profile(default=_clamped(0.66 + rng.uniform(-0.08, 0.12))),
                Profile(default=default, levels=levels),
                Profile(default=_clamped(default + 0.02), levels=managers),
                buyers=BUYER_MIXES[number % len(BUYER_MIXES)],
            )
        )
    return tuple(stories)


INSIDE_SALES = inside_sales_stories()
