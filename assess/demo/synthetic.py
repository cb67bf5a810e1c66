"""Plausible answers generated from a profile: for the demo, benchmarks and tests.

Pure (bank + profile + seeded random generator → answers), so the demo organization is
the same every time and tells the story its profiles describe: a level per competency
(0 = poor, 1 = excellent) drives every scored item towards the answer such a rep (or
such a rater's view of the rep) would give, with a little noise.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, field

from assess.core.banks import NOT_OBSERVED, Bank, Item, is_visible

COMMENTS = {
    "high": (
        "Listened first, then showed us exactly how it would work for our team.",
        "Straight with us about what the product could not do. We trust them.",
        "Followed up by email as I asked, with the numbers we needed.",
        "Told us the smaller package would do, and it did.",
        "Asked what the delay was costing us before talking about price.",
        "Said plainly which of our sites would need a second licence, before we asked.",
        "Sent the notes from our call the same afternoon, with the open questions marked.",
        "Introduced us to a customer like us and left the two of us to talk.",
        "Never hurried us, even when the quarter was ending.",
        "Knew when to bring in their engineer instead of guessing an answer.",
    ),
    "mid": (
        "Helpful, but the follow-up took longer than promised.",
        "Knew the product well; could ask more about our situation before pitching.",
        "Friendly and quick to answer, though the proposal missed our second site.",
        "Good demo; we had to ask twice about the renewal terms.",
        "Solid, if a little scripted in the first meeting.",
        "Answered everything we asked, but we had to do the asking.",
        "The offer was clear; the timeline for our rollout less so.",
        "Polite and prepared. I am not sure they understood our budget cycle.",
        "Good on the phone, slower on email.",
        "Brought the right people to the second meeting, not to the first.",
    ),
    "low": (
        "Pushy. Kept talking over me and did not listen to what we actually needed.",
        "Promised a delivery date that turned out to be impossible.",
        "Called me three times after I asked for an email.",
        "The price went up between the call and the written offer.",
        "Pitched the biggest plan before asking a single question.",
        "Said the discount ended Friday. It was still there the week after.",
        "We asked for references twice and never got any.",
        "Could not tell us what the product does not do.",
        "The contract had terms we had never discussed.",
        "Went over my head to our director after I said we needed time.",
    ),
}
#: What a manager writes after watching the rep work.
MANAGER_COMMENTS = {
    "high": (
        "Runs the best discovery calls on the team; I use their recordings for onboarding.",
        "Buyers ask for them by name. Ready for the key accounts.",
        "Calm under quarter-end pressure and still honest about fit.",
        "Keeps every promise log up to date without being asked.",
        "Brings marketing real stories from the field every month.",
    ),
    "mid": (
        "Good with buyers; the follow-up slips when the pipeline is full.",
        "Knows the offer, but pitches before the problem is clear.",
        "Improving; needs to confirm the decision maker earlier.",
        "Reliable, though the proposals are still generic.",
        "Listens well in the first meeting, less so once a deal is close.",
    ),
    "low": (
        "Discounts too early and talks over buyers on calls.",
        "Commits to dates before checking with delivery.",
        "Buyers complain about the pressure at quarter end.",
        "Skips discovery to get to the demo.",
        "Two escalations this quarter about promises we could not keep.",
    ),
}
#: What salespeople and marketers write about working together (the alignment survey).
ALIGNMENT_COMMENTS = {
    "high": (
        "We plan the quarter together and the campaign brief starts from call notes.",
        "Marketing sits in on deal reviews; the leads we get are the ones we asked for.",
        "Shared dashboard, one definition of a qualified lead, and we both use it.",
        "Every campaign comes with a one-page brief we can read before the first call.",
        "We review lost deals with marketing once a month.",
    ),
    "mid": (
        "Good campaigns, but we hear about them the week they launch.",
        "The handover works for inbound leads; for events it still falls through.",
        "We share the calendar now, not yet the target account list.",
        "Webinar leads are followed up; trade-show badges sit for a week.",
        "The brief is good; nobody tells us which deals it produced.",
        "The lead form asks the right questions; sales rarely reads the answers.",
        "Marketing joins the pipeline call now and then, when a launch is close.",
        "We agree on what a good lead is, on paper at least.",
        "Case studies come out, but months after the deal that inspired them.",
        "Sales gives feedback on campaigns when asked; nobody asks often.",
    ),
    "low": (
        "Leads arrive with no context, so the first call starts from zero.",
        "Our messaging promises things the product team has not built yet.",
        "Two different lists of target accounts, and nobody owns the difference.",
        "Marketing asked for email follow-up; sales called every lead anyway.",
        "We found out about the launch from a customer.",
        "Each side blames the other for the quarter's missed pipeline.",
        "The price list sales uses is not the one on the website.",
        "Nobody told marketing which industries we stopped selling to.",
        "Event leads get one call, then nobody touches them again.",
        "Sales rewrites every email template before sending it.",
    ),
}

#: What the people who deliver what sales sells write (the alignment survey's delivery
#: pages).
DELIVERY_COMMENTS = {
    "high": (
        "We see every deal's commitments before kick-off, in writing.",
        "Sales asks us before promising a date; the dates hold.",
    ),
    "mid": (
        "The handover note is good when we get one, about half the time.",
        "Marketing asked us what customers like once, and it showed in the next campaign.",
    ),
    "low": (
        "We learn the go-live date from the customer, usually the week it was promised for.",
        "Sales promised a custom report we have never built; we found out at kick-off.",
        "Customers quote the brochure at us; half of it is not what we deliver.",
    ),
}


#: What a rater in each role often could not see, with the chance they say so ("Not
#: seen", "Haven't seen this"; an optional question without that answer is left blank)
#: instead of guessing. A prospect has not yet found out what the offer or the product's
#: limits turned out to be, nor watched a promise come due, and may not know the rep well
#: enough to recommend them; a buyer who never asked for anything unusual cannot say how
#: the rep handled it; a manager rarely learns what a rep passed on from a buyer's
#: confidence. Never an item a red flag reads (being pushed, heard, a customer's "kept
#: their word"): a story that rests on them stays told.
NOT_SEEN = {
    "prospect": {
        "bf_would_refer": 0.4,
        "bf_offer_wrong": 0.6,
        "bf_surprised": 0.6,
        "bf_checked_first": 0.5,
        "bf_chased": 0.4,
        "bf_used_against": 0.3,
    },
    "referral": {"bf_checked_first": 0.4, "bf_offer_wrong": 0.3, "bf_surprised": 0.3},
    "customer": {"bf_checked_first": 0.3},
    "manager": {
        "mr_in_leak": 0.6,
        "mr_in_real_concern": 0.3,
        "mr_mkt_know_source": 0.3,
        "mr_acct_full_range": 0.25,
    },
}
#: Answers that follow from the role, not from how the rater sees the rep: a customer
#: has bought, a prospect has not (a referred buyer may have either way).
ROLE_ANSWERS = {
    "customer": {"bf_is_customer": True},
    "prospect": {"bf_is_customer": False},
}


@dataclass
class Profile:
    """How a rater sees a rep: a level per competency, a default, and quirks."""

    default: float = 0.6
    levels: Mapping[str, float] = field(default_factory=dict)
    noise: float = 0.12
    fake_good: bool = False  # the flattering answer everywhere, saintly items included
    pushy: bool = False  # the pushy answer wherever there is one ("they pushed me": agree)
    #: what this rater writes in a comment box, when not the survey's usual pool
    comments: Mapping[str, tuple[str, ...]] | None = None

    def level(self, competency: str | None) -> float:
        return self.levels.get(competency or "", self.default)


def synthetic_answers(
    bank: Bank, profile: Profile, rng: random.Random, role: str | None = None
) -> dict:
    """Answers to every visible item of `bank` as a rater with `profile` would give.

    With `role`, the answers also follow from who the rater is (``ROLE_ANSWERS``), and
    now and then a rating they could not have seen is answered "not observed"
    (``NOT_SEEN``) — from a generator of its own, drawn after the answers, so the
    ratings themselves are those the rater would give without it."""
    answers: dict = {}
    given = ROLE_ANSWERS.get(role or "", {})
    too_good = set(bank.rubric.validity.social_desirability)
    comments = (
        profile.comments
        if profile.comments is not None
        else ALIGNMENT_COMMENTS
        if bank.is_org_wide
        else MANAGER_COMMENTS
        if bank.rater_roles == ("manager",)
        else COMMENTS
    )
    honest = Profile(default=0.3, noise=profile.noise)  # nobody real is a saint
    for item in bank.items:
        if not is_visible(item, answers):
            continue
        if item.id in given:
            answers[item.id] = given[item.id]
            continue
        rater = honest if item.id in too_good and not profile.fake_good else profile
        value = answer_item(item, rater, rng, comments)
        if value is not None:
            answers[item.id] = value
    unseen = {
        item_id: chance
        for item_id, chance in NOT_SEEN.get(role or "", {}).items()
        if item_id in answers
        and (bank.item(item_id).offers_not_observed or not bank.item(item_id).required)
    }
    if unseen:
        draw = random.Random(rng.getrandbits(32))
        for item_id, chance in unseen.items():
            if draw.random() >= chance:
                continue
            if bank.item(item_id).offers_not_observed:
                answers[item_id] = NOT_OBSERVED
            else:
                del answers[item_id]  # an optional question: left blank
    return answers


def _target(profile: Profile, item: Item, rng: random.Random) -> float:
    """The rater's level for `item`, with noise — except for an item outside every
    competency (a manager's overall judgement, a customer's yes/no), which a rater
    answers from their whole view of the rep, so that one draw of noise does not turn
    a story around."""
    varies = item.competency or item.type == "likelihood"  # "would you recommend" varies
    noise = rng.gauss(0, profile.noise) if varies else 0.0
    return min(1.0, max(0.0, profile.level(item.competency) + noise))


def answer_item(item: Item, profile: Profile, rng: random.Random, comments=COMMENTS):
    if item.type == "likert":
        points = item.max_value
        if profile.pushy and "push" in item.id:
            return points  # "They pushed me to decide faster than I wanted to": agreed
        level = 1.0 if profile.fake_good else _target(profile, item, rng)
        point = 1 + round(level * (points - 1))
        # faking good picks the flattering answer: on a reverse-keyed item, disagreeing
        # (agreeing with everything would be yes-saying, a different thing)
        return points + 1 - point if item.reverse_keyed else point
    if item.type == "likelihood":
        # people who are content give 8–10, not the 6 a straight line would: a rater at
        # 0.6 answers about 7, at 0.8 about 9
        return round(_target(profile, item, rng) ** 0.6 * 10)
    if item.type in ("situational", "choice"):
        if profile.pushy:
            pushy = [option for option in item.options if "push" in option.id]
            if pushy:
                return pushy[0].id
        goal = 100 * (1.0 if profile.fake_good else _target(profile, item, rng))
        # "haven't seen" is no view of the rep: a rater who has one never picks it
        seen = [option for option in item.options if option.id != NOT_OBSERVED]
        return min(seen, key=lambda option: (abs(option.score - goal), option.id)).id
    if item.type == "forced_choice":
        ranked = sorted(
            item.statements,
            key=lambda s: (profile.level(s.competency) + rng.gauss(0, 0.05), s.id),
        )
        return {"most": ranked[-1].id, "least": ranked[0].id}
    if item.type == "yes_no":
        level = 1.0 if profile.fake_good else _target(profile, item, rng)
        if item.yes_score is None:
            return level >= 0.5
        yes_is_good = item.yes_score >= (item.no_score or 0)
        return (level >= 0.5) == yes_is_good
    if item.type == "text":
        mood = (
            "low"
            if profile.pushy or profile.default < 0.45
            else ("high" if profile.default >= 0.7 else "mid")
        )
        # a draw of its own, so the pools' sizes do not shift the rest of the answers
        draw = random.Random(rng.getrandbits(32))
        department = comments is ALIGNMENT_COMMENTS or comments is DELIVERY_COMMENTS
        if department and draw.random() < 0.5:
            return None  # in a whole department, about half leave the comment box empty
        text = draw.choice(comments[mood])
        return text[: item.max_length] if item.max_length else text
    return None
