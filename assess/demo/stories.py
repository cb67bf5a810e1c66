"""The people of the demo organization and how each of them comes across.

Each rep has a story the reports should tell, expressed as profiles (assess.demo.synthetic):
how the rep rates themself, and how buyers and the manager see them, in this round and
the previous one. Pure data.
"""

from __future__ import annotations

from dataclasses import dataclass

from assess.demo.synthetic import DELIVERY_COMMENTS, Profile


@dataclass(frozen=True)
class RepStory:
    name: str
    story: str
    self_view: Profile
    buyer_view: Profile
    manager_view: Profile
    previous_buyer_view: Profile | None = None  # None: same as now
    # Seven buyers, a round's worth for a rep in the field: with two statements per
    # competency, fewer leave most intervals across a band's edge and most verdicts open.
    buyers: tuple[str, ...] = (
        *("customer", "customer", "customer"),
        *("referral", "referral", "prospect", "prospect"),
    )
    new: bool = False  # joined after the first round: no earlier scores, no trend
    #: The language the rep and their buyers read (None: the team's, English).
    language: str | None = None


STORIES = (
    RepStory(
        "Alex Moreno",
        "trusted consultative closer",
        Profile(default=0.8),
        Profile(default=0.88),
        Profile(default=0.85),
    ),
    RepStory(
        "Marcus Hale",
        "pushy closer who rates himself highly: blind spot and a trust red flag",
        Profile(default=0.86, noise=0.1),  # high, but a self-view, not an ideal
        Profile(default=0.28, pushy=True, levels={"offer_mastery": 0.7}),
        Profile(default=0.55, levels={"offer_mastery": 0.8}),
        buyers=("referral", "referral", "referral", "customer", "prospect"),
    ),
    RepStory(
        "Chloe Dubois",
        "fakes good on the self-assessment",
        Profile(default=0.9, fake_good=True),
        Profile(default=0.62),
        Profile(default=0.7),
    ),
    RepStory(
        "Sam Okafor",
        "coachable newcomer: trusted, still learning the consultative craft",
        Profile(default=0.5, levels={"offer_mastery": 0.35, "account_growth": 0.35}),
        # buyers trust him and like how he listens; the consultative craft is still new
        Profile(
            default=0.62,
            levels={
                "listening": 0.78,
                "discovery": 0.35,
                "buyer_first": 0.82,
                "transparency": 0.8,
                "realistic_promises": 0.8,
                "follow_through": 0.8,
            },
        ),
        # the manager sees what buyers are not asked about: accounts and marketing
        Profile(
            default=0.62,
            levels={
                "discovery": 0.35,
                "buyer_first": 0.8,
                "transparency": 0.8,
                "realistic_promises": 0.8,
                "follow_through": 0.8,
                "account_growth": 0.72,
                "marketing_partnership": 0.72,
            },
        ),
        # six buyers: enough for the intervals to tell "worth coaching" from its neighbours
        buyers=("prospect", "prospect", "customer", "customer", "referral", "customer"),
        new=True,
    ),
    RepStory(
        "Priya Natarajan",
        "improved a lot since the last round",
        Profile(default=0.72),
        Profile(default=0.88),
        Profile(default=0.85),
        previous_buyer_view=Profile(default=0.45, levels={"listening": 0.35}),
    ),
    RepStory(
        "Jordan Blake",
        "solid, a little weak on account growth",
        Profile(default=0.7),
        Profile(default=0.62, levels={"account_growth": 0.45}),
        Profile(default=0.62, levels={"account_growth": 0.45}),
    ),
    RepStory(
        "Lena Fischer",
        "undersells herself: hidden strengths",
        Profile(default=0.45),
        Profile(default=0.9),
        Profile(default=0.88),
        buyers=("customer", "customer", "customer", "referral", "prospect", "referral"),
    ),
    RepStory(
        "Ravi Menon",
        "good listener, ignores marketing",
        Profile(default=0.65, levels={"marketing_partnership": 0.3}),
        Profile(default=0.7, levels={"marketing_partnership": 0.3}),
        Profile(default=0.68, levels={"marketing_partnership": 0.2}),
    ),
    RepStory(
        "Tessa Lindqvist",
        "over-promises to close",
        Profile(default=0.75),
        Profile(default=0.55, levels={"realistic_promises": 0.3, "follow_through": 0.35}),
        Profile(default=0.55, levels={"realistic_promises": 0.35}),
        buyers=("customer", "customer", "customer", "customer", "referral", "referral", "prospect"),
    ),
    RepStory(
        "Diego Alvarez",
        "steady performer, who works in Spanish: his surveys, his buyers' and his report too",
        Profile(default=0.68),
        Profile(default=0.62),
        Profile(default=0.62),
        language="es",
    ),
    RepStory(
        "Hannah Cole",
        "new, only two buyers answered so far",
        Profile(default=0.6),
        Profile(default=0.65),
        Profile(default=0.68),
        buyers=("prospect", "customer"),
        new=True,
    ),
    RepStory(
        "Kenji Watanabe",
        "strong but transactional",
        Profile(default=0.7, levels={"discovery": 0.5}),
        Profile(default=0.68, levels={"discovery": 0.4, "listening": 0.62}),
        Profile(default=0.72, levels={"discovery": 0.45}),
    ),
)

# Sales think phone follow-up and launches are fine; marketing strongly disagrees. And
# sales think they promise what delivery can do — delivery learns the dates sales
# promised from the customers, and says so.
SALES_ALIGNMENT = Profile(
    default=0.62,
    levels={
        "channel_followup": 0.85,
        "launch_readiness": 0.75,
        "one_team": 0.6,
        "deliverable_promises": 0.85,
        "delivery_handover": 0.72,
    },
)
MARKETING_ALIGNMENT = Profile(
    default=0.5,
    levels={
        "channel_followup": 0.2,
        "launch_readiness": 0.3,
        "one_team": 0.35,
        "deliverable_promises": 0.5,
    },
)
DELIVERY_ALIGNMENT = Profile(
    default=0.4,
    levels={"deliverable_promises": 0.05, "delivery_handover": 0.25, "delivery_feedback": 0.4},
    comments=DELIVERY_COMMENTS,
)
# Three marketers: the anonymity minimum, so the disagreement above shows in the report.
MARKETERS = (
    ("Mia Marketing", "mia.marketing"),
    ("Theo Content", "theo.content"),
    ("Ines Events", "ines.events"),
)
# Four people who deliver what sales sells: above the minimum, so their view shows.
DELIVERY_STAFF = (
    ("Olga Operations", "olga.operations"),
    ("Dan Delivery", "dan.delivery"),
    ("Sofia Service", "sofia.service"),
    ("Ravi Fulfilment", "ravi.fulfilment"),
)
