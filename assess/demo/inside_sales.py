"""The demo's second team: Inside Sales, fourteen reps without a story of their own.

"Does it predict here?" says nothing below `CANDOR_VALIDITY_MIN_REPS` reps (20 by
default), and a demo with one team of twelve would only ever show "not enough reps".
Like a company that owns the product, Northwind has a second team, so the owner's page
compares 26 reps in the autumn and 24 in the spring.

The team's reps differ where the validity page looks: how well they run discovery (what
the outcomes follow, `assess.demo.outcomes`) and how well they know the offer. A few
stars do both; the old hands know the catalogue by heart and pitch it before they ask;
the new hires ask good questions and are still learning the catalogue; a few still
find their feet in both. So across the organization knowing the offer does not go with
winning, while discovery does. Seeded: the same reps every time. Pure data.
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
#: Who answered about each rep, in turn (inside sales talk to more prospects).
BUYER_MIXES = (
    ("prospect", "prospect", "prospect", "customer", "customer", "referral", "customer"),
    ("prospect", "prospect", "customer", "customer", "customer", "referral"),
    ("prospect", "prospect", "prospect", "customer", "referral", "referral", "customer"),
)
#: The kinds of rep on the team: (how many, their level overall, the range of their
#: discovery, the range of their command of the offer).
KINDS = (
    (4, 0.88, (0.84, 0.92), (0.8, 0.88)),  # stars: both
    (3, 0.64, (0.32, 0.45), (0.78, 0.9)),  # old hands: the catalogue, not the questions
    (4, 0.66, (0.66, 0.8), (0.3, 0.42)),  # new hires: the questions, not the catalogue yet
    (3, 0.6, (0.34, 0.46), (0.34, 0.46)),  # still finding their feet: neither yet
)
#: What the manager sees and buyers are not asked about: the manager rates them a
#: little above the rep's level overall.
MANAGER_ONLY = ("qualifying", "account_growth", "marketing_partnership")


def _clamped(level: float) -> float:
    return round(min(0.95, max(0.1, level)), 3)


def inside_sales_stories() -> tuple[RepStory, ...]:
    """The team's reps: each of a kind (in an order drawn from a generator seeded with
    the team's name), with levels drawn within the kind's ranges; listening follows
    discovery half way, the rest sits at the kind's level. Buyers and the manager see
    the same rep, the manager a little differently."""
    rng = random.Random(TEAM_NAME)  # noqa: S311 - seeded on purpose: the same demo every time
    kinds = [kind for count, *kind in KINDS for _ in range(count)]
    rng.shuffle(kinds)
    stories = []
    for number, (name, kind) in enumerate(zip(REP_NAMES, kinds, strict=True)):
        level, discovery_range, offer_range = kind
        default = _clamped(level + rng.uniform(-0.03, 0.03))
        discovery = _clamped(rng.uniform(*discovery_range))
        levels = {
            "discovery": discovery,
            "offer_mastery": _clamped(rng.uniform(*offer_range)),
            "listening": _clamped((default + discovery) / 2),
        }
        managers = {key: _clamped(value + rng.gauss(0, 0.04)) for key, value in levels.items()}
        managers.update({key: _clamped(default + 0.1) for key in MANAGER_ONLY})
        stories.append(
            RepStory(
                name,
                "inside sales",
                Profile(default=_clamped(0.7 + rng.uniform(-0.08, 0.1))),
                Profile(default=default, levels=levels),
                Profile(default=default, levels=managers),
                buyers=BUYER_MIXES[number % len(BUYER_MIXES)],
            )
        )
    return tuple(stories)


INSIDE_SALES = inside_sales_stories()
