"""Sample report inputs made with the pure scoring engine: for tests, the benchmark and
the README's page images.

No database: synthetic answers (``assess.demo.synthetic``) go through ``score_rep``,
``score_team`` and ``score_alignment`` exactly as a closed round's would, so a sample
report says what a real one would say about the same answers. Seeded, so every run
gives the same numbers.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from assess.core.banks import Bank
from assess.core.reports.inputs import ReportInputs
from assess.core.scoring import RaterResponse, score_rep
from assess.core.scoring.alignment import score_alignment
from assess.core.scoring.team import score_team
from assess.demo.synthetic import Profile, synthetic_answers
from assess.services.bank_versions import shipped_banks

ALIGNMENT_BANK = "sales_marketing_alignment"
SELF_BANKS = ("consultative_selling", "trustworthiness")
PREVIOUS_ROUND = "Autumn 2025"


@dataclass
class RepStory:
    """How one rep is seen: by themself, by their manager, and by buyers."""

    name: str
    self_view: Profile
    manager_view: Profile | None
    buyer_view: Profile
    buyers: Mapping[str, int] = field(default_factory=lambda: {"referral": 2, "customer": 2})


def archetypes() -> dict[str, RepStory]:
    """The reps every demo tells a story with (name -> story), previous-round-free."""
    return {
        "trusted": RepStory(
            "Maria Okafor",
            Profile(default=0.78),
            Profile(default=0.88),
            # the manager alone speaks to what buyers are not asked: clearly, for her
            Profile(default=0.94),
        ),
        "pushy": RepStory(
            "Pete Lindqvist",
            Profile(default=0.88),  # thinks highly of themself, not an ideal
            Profile(default=0.5, levels={"buyer_first": 0.3, "listening": 0.35}),
            # pushed hardest where it shows most: the buyer's time to decide
            Profile(default=0.3, pushy=True, levels={"account_growth": 0.55, "buyer_first": 0.15}),
            {"referral": 3, "customer": 1},
        ),
        "faker": RepStory(
            "Gary Boyle",
            Profile(default=0.9, fake_good=True),
            # others see an average rep who listens well: the one thing he need not fake
            Profile(default=0.62, levels={"listening": 0.92, "offer_mastery": 0.5}),
            Profile(
                default=0.62, levels={"listening": 0.9, "offer_mastery": 0.5, "transparency": 0.5}
            ),
        ),
        "newcomer": RepStory(
            "Aisha Rahman",
            Profile(default=0.5, levels={"listening": 0.65, "discovery": 0.4}),
            Profile(default=0.66, levels={"discovery": 0.42, "offer_mastery": 0.85}),
            Profile(
                default=0.72, levels={"listening": 0.8, "discovery": 0.45, "offer_mastery": 0.85}
            ),
        ),
        "improver": RepStory(
            "Tom Becker",
            Profile(default=0.7),
            Profile(default=0.7),
            Profile(default=0.72, levels={"discovery": 0.62}),
        ),
    }


def round_banks(banks: Mapping[str, Bank] | None = None) -> dict[str, Bank]:
    """The shipped banks (every bank a demo round uses)."""
    return dict(banks or shipped_banks())


def _rep_banks(banks: Mapping[str, Bank]) -> dict[str, Bank]:
    return {bank_id: bank for bank_id, bank in banks.items() if bank_id != ALIGNMENT_BANK}


def story_responses(
    banks: Mapping[str, Bank], story: RepStory, rng: random.Random
) -> list[RaterResponse]:
    """Every survey about the rep in `story`: two self-assessments, the manager's
    review and one buyer survey per buyer.

    Each rater draws from a generator of their own, seeded from `rng` once: a question
    added to one bank changes that bank's answers only, never another rater's, so the
    sample reps keep their stories when a bank is edited."""
    root = rng.getrandbits(64)

    def rater_rng(name: str) -> random.Random:
        return random.Random(f"{root}/{name}")  # noqa: S311 - demo answers, seeded

    responses = [
        RaterResponse(
            f"self-{bank_id}",
            "self",
            bank_id,
            synthetic_answers(banks[bank_id], story.self_view, rater_rng(f"self-{bank_id}")),
            active_seconds=720,
        )
        for bank_id in SELF_BANKS
    ]
    if story.manager_view is not None:
        responses.append(
            RaterResponse(
                "manager",
                "manager",
                "manager_review",
                synthetic_answers(
                    banks["manager_review"], story.manager_view, rater_rng("manager"), "manager"
                ),
                active_seconds=420,
            )
        )
    for role, count in sorted(story.buyers.items()):
        for number in range(count):
            responses.append(
                RaterResponse(
                    f"{role}-{number}",
                    role,
                    "buyer_feedback",
                    synthetic_answers(
                        banks["buyer_feedback"],
                        story.buyer_view,
                        rater_rng(f"{role}-{number}"),
                        role,
                    ),
                    active_seconds=200,
                )
            )
    return responses


def rep_payload(
    banks: Mapping[str, Bank], story: RepStory, *, rep_id: str, seed: int
) -> dict[str, Any]:
    """Score `story` with the real engine: a ``RepResult.to_dict()``."""
    responses = story_responses(banks, story, random.Random(seed))  # noqa: S311 - seeded
    return score_rep(_rep_banks(banks), responses, rep_name=story.name, rep_id=rep_id).to_dict()


def _earlier(story: RepStory, drop: float) -> RepStory:
    """The same rep one round ago, seen `drop` lower by manager and buyers."""

    def lower(profile: Profile | None) -> Profile | None:
        if profile is None:
            return None
        return Profile(
            default=max(0.05, profile.default - drop),
            levels={key: max(0.05, value - drop) for key, value in profile.levels.items()},
            pushy=profile.pushy,
            fake_good=profile.fake_good,
        )

    return RepStory(
        story.name,
        story.self_view,
        lower(story.manager_view),
        lower(story.buyer_view),
        story.buyers,
    )


def demo_rep_inputs(
    *,
    archetype: str = "pushy",
    tone: str = "blunt",
    name: str | None = None,
    buyers: Mapping[str, int] | None = None,
    previous: bool = True,
    banks: Mapping[str, Bank] | None = None,
) -> ReportInputs:
    """Report inputs for one demo rep (default: the pushy rep with a blind spot and a
    trust red flag, and a previous round to compare against)."""
    banks = round_banks(banks)
    story = archetypes()[archetype]
    if name is not None:
        story.name = name
    if buyers is not None:
        story.buyers = dict(buyers)
    payload = rep_payload(banks, story, rep_id="rep-1", seed=11)
    before = rep_payload(banks, _earlier(story, 0.08), rep_id="rep-1", seed=7) if previous else None
    return _report_inputs(
        "rep", tone, banks, previous, rep_payload=payload, previous_rep_payload=before
    )


def _report_inputs(
    kind: str, tone: str, banks: Mapping[str, Bank], previous: bool, **payloads: Any
) -> ReportInputs:
    """Report inputs for the demo's organization, team and round, around `payloads`."""
    return ReportInputs(
        kind=kind,
        organization_name="Northwind Supplies",
        team_name="Field sales",
        round_name="Spring 2026",
        round_closed_on="23 April 2026",
        tone=tone,
        banks=banks,
        previous_round_name=PREVIOUS_ROUND if previous else None,
        **payloads,
    )


FIRST_NAMES = (
    "Ana", "Ben", "Chloe", "Dev", "Elena", "Farid", "Grace", "Hugo", "Ines", "Jonas",
    "Kemi", "Liam", "Mei", "Nils", "Olga", "Priya", "Quinn", "Rosa", "Sami", "Tariq",
)  # fmt: skip
LAST_NAMES = (
    "Adler", "Brandt", "Costa", "Dubois", "Evans", "Fischer", "Garcia", "Hansen", "Ito",
    "Jensen", "Kowalski", "Larsen", "Moreau", "Novak", "Ortiz", "Petrov", "Quist", "Rossi",
)  # fmt: skip


#: Reps with one weak competency: (self level, manager level, manager's level of the
#: weak one, buyer level, buyers' level of the weak one).
WEAK_SPOT_LEVELS = {
    "steady": (0.72, 0.68, 0.45, 0.7, 0.42),
    "developing": (0.62, 0.6, 0.35, 0.66, 0.35),
}


def team_stories(size: int) -> list[tuple[RepStory, float]]:
    """`size` reps: the five archetypes first, then seeded variations of them.

    Each entry is (story, improvement since the previous round)."""
    rng = random.Random(size)  # noqa: S311 - seeded on purpose: same demo every run
    base = archetypes()
    stories: list[tuple[RepStory, float]] = [
        (base["trusted"], 0.02),
        (base["pushy"], -0.03),
        (base["faker"], 0.0),
        (base["newcomer"], 0.1),
        (base["improver"], 0.2),
    ]
    kinds = ("trusted", "steady", "steady", "developing", "pushy", "developing", "faker")
    number = 0
    while len(stories) < size:
        kind = kinds[number % len(kinds)]
        name = (
            f"{FIRST_NAMES[number % len(FIRST_NAMES)]} "
            f"{LAST_NAMES[(number // len(FIRST_NAMES) + number) % len(LAST_NAMES)]}"
        )
        if number >= len(FIRST_NAMES) * len(LAST_NAMES) // 2:
            name += f" {number}"
        number += 1
        level = rng.uniform(-0.08, 0.08)
        weak = rng.choice(("discovery", "qualifying", "marketing_partnership", "account_growth"))
        if kind == "trusted":
            story = RepStory(name, Profile(0.8), Profile(0.82 + level), Profile(0.84 + level))
        elif kind in WEAK_SPOT_LEVELS:
            own, manager, manager_weak, buyer, buyer_weak = WEAK_SPOT_LEVELS[kind]
            story = RepStory(
                name,
                Profile(own),
                Profile(manager + level, levels={weak: manager_weak}),
                Profile(buyer + level, levels={weak: buyer_weak}),
            )
        elif kind == "pushy":
            story = RepStory(
                name,
                Profile(0.9),
                Profile(0.5),
                Profile(0.35 + level, pushy=True),
                {"referral": 3, "customer": 1},
            )
        else:
            story = RepStory(name, Profile(0.9, fake_good=True), Profile(0.5), Profile(0.5))
        stories.append((story, rng.uniform(-0.05, 0.15)))
    return stories[:size]


def alignment_payload(banks: Mapping[str, Bank], seed: int = 5) -> dict[str, Any]:
    """Sales believes the teams work well together; marketing does not, and delivery
    says sales promises what it cannot deliver."""
    bank = banks[ALIGNMENT_BANK]
    rng = random.Random(seed)  # noqa: S311 - seeded on purpose
    raters = (
        [("self", 0.78)] * 4
        + [("manager", 0.75)]
        + [("marketing", 0.42)] * 3
        + [("operations", 0.45)] * 3
    )
    levels = {
        "marketing": {"one_team": 0.27},
        "operations": {"deliverable_promises": 0.2, "delivery_handover": 0.3},
    }
    responses = [
        RaterResponse(
            f"align-{number}",
            role,
            bank.id,
            synthetic_answers(
                bank.for_role(role), Profile(default=level, levels=levels.get(role, {})), rng
            ),
        )
        for number, (role, level) in enumerate(raters)
    ]
    return score_alignment(bank, responses).to_dict()


def demo_team_inputs(
    size: int = 12,
    *,
    tone: str = "blunt",
    alignment: bool = True,
    previous: bool = True,
    banks: Mapping[str, Bank] | None = None,
    names: Sequence[str] | None = None,
) -> ReportInputs:
    """Team report inputs for `size` reps (the archetypes first), scored for real, with
    an alignment survey and a previous round unless told otherwise."""
    banks = round_banks(banks)
    payloads, before = [], []
    for index, (story, improvement) in enumerate(team_stories(size)):
        if names is not None and index < len(names):
            story.name = names[index]
        rep_id = f"rep-{index + 1:04d}"
        payloads.append(rep_payload(banks, story, rep_id=rep_id, seed=1000 + index))
        if previous:
            earlier = _earlier(story, improvement)
            before.append(rep_payload(banks, earlier, rep_id=rep_id, seed=5000 + index))
    team = score_team(payloads, before if previous else None).to_dict()
    team_payload = {
        "team": team,
        "alignment": {ALIGNMENT_BANK: alignment_payload(banks)} if alignment else {},
        "previous_round": {"id": 1, "name": PREVIOUS_ROUND} if previous else None,
    }
    return _report_inputs(
        "team",
        tone,
        banks,
        previous,
        team_payload=team_payload,
        rep_payloads=tuple(sorted(payloads, key=lambda payload: payload["rep_name"])),
    )
