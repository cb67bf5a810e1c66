"""How a rep's report speaks to the rep: "You are…", "Your buyers…".

Both copies of a rep's report (the rep's own and the manager's) read the same up to the
manager's coaching guide — but for the statistics, which the manager's copy gives and the
rep's says in words (``plain_verdicts``) — so the report is written to the person it is about, in a
coaching tone: the verdict stays honest, but it is said to them, with what comes next.
The owner's language ("expect complaints and lost referrals") is for the team report
and the manager's guide (``coaching_guide``), never for these pages.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from assess.core.i18n import N_, gettext
from assess.core.reports.inputs import READERS
from assess.core.reports.rubrics import Rubrics
from assess.core.reports.wording import number

_ = gettext

#: The verdict's headline in each tone (N_: translated where shown).
HEADLINES = {
    "blunt": {
        "ready": N_("You are ready: the good leads can come to you, and the standard with them."),
        "coach": N_("You are worth coaching: your gaps are specific, and you can close them."),
        "trust_risk": N_("You are a trust risk today: buyers do not feel safe with you yet."),
        "not_a_fit": N_(
            "This role is not a fit for you today: the gaps run across most of the job."
        ),
        None: N_("You could not be assessed: too few answers came back."),
    },
    "diplomatic": {
        "ready": N_("You are ready for more responsibility and the best leads."),
        "coach": N_("You are worth coaching: a few specific habits will make the difference."),
        "trust_risk": N_(
            "Rebuilding buyers' trust comes first for you: until it is back, your "
            "manager will support you with sensitive buyers."
        ),
        "not_a_fit": N_("You would need a lot of support in this role: the gaps are broad."),
        None: N_("You could not be assessed yet: too few answers came back."),
    },
}

#: What the verdict means for the rep and what comes next, after the headline (a rep
#: worth coaching is told how many things to work on first: ``next_steps``).
NEXT_STEPS = {
    "ready": N_("Keep doing what works; below is where you can still grow."),
    "trust_risk": N_(
        "It is what buyers experienced, not who you are: habits they can see will change it."
    ),
    "not_a_fit": N_(
        "The gaps are many and wide: talk with your manager about the support "
        "you would need, and about which role suits you."
    ),
}

COPY_LABELS = {"rep": N_("Rep's copy"), "manager": N_("Manager's copy")}

#: The forced-choice note as the rep's own copy says it: what was found, without the
#: statistic behind it (the manager's copy gives the rank correlation).
FORCED_CHOICE_PLAIN = N_(
    "In the forced choices, where you could pick only one statement as most like you, "
    "your competencies came out in a different order from your own ratings: the ratings "
    "may describe how you would like to work more than your everyday habits. Read the "
    "perception gaps with that in mind."
)


def check_reader(reader: str) -> str:
    """`reader`, checked: an unknown reader would silently get the rep's copy."""
    if reader not in READERS:
        raise ValueError(f"reader must be one of {', '.join(READERS)}, got {reader!r}")
    return reader


def copy_note(reader: str, rep: str) -> str:
    """The line under the title that says whose copy this is, and what the other holds."""
    if reader == "manager":
        return _(
            "%(rep)s's report with the statistics behind it, then a coaching guide that is "
            "not in %(rep)s's copy.",
            rep=rep,
        )
    return _("Your copy. Your manager has the same report, with notes for your one-to-ones.")


def seen_by(groups_used: list[str] | None) -> str:
    """Who the rep's score rests on, in words: a score without buyers never claims them."""
    used = set(groups_used or ())
    if used == {"manager"}:
        return _("what your manager saw (too few buyers yet)")
    if used == {"buyers"}:
        return _("what your buyers saw (no manager review)")
    return _("what your manager and buyers saw")


def closing_sentence(overall: Mapping[str, Any]) -> str:
    """The verdict card's last sentence: the score and whose eyes it rests on."""
    if overall.get("score") is None:
        return _("There is no score yet: it comes from your manager's review and buyers' answers.")
    who = seen_by(overall.get("groups_used"))
    return _("Your score: %(score)s of 100, from %(who)s.", score=number(overall["score"]), who=who)


def views_sentence(compared: Mapping[str, tuple]) -> str:
    """A blind spot's numbers, each side on the statements both rated (the gaps'):
    "You rate yourself 100 where buyers see 61 and your manager 50." — or, when the
    statements differ, "…100 where buyers see 61, and 75 where your manager sees 50."
    """
    if "buyers" not in compared:
        own, theirs = compared["manager"]
        return _(
            "You rate yourself %(own)s where your manager sees %(manager)s.",
            own=number(own),
            manager=number(theirs),
        )
    own, buyers = compared["buyers"]
    if "manager" not in compared:
        return _(
            "You rate yourself %(own)s where buyers see %(buyers)s.",
            own=number(own),
            buyers=number(buyers),
        )
    mine, manager = compared["manager"]
    if number(mine) == number(own):
        return _(
            "You rate yourself %(own)s where buyers see %(buyers)s and your manager %(manager)s.",
            own=number(own),
            buyers=number(buyers),
            manager=number(manager),
        )
    return _(
        "You rate yourself %(own)s where buyers see %(buyers)s, and %(mine)s where your "
        "manager sees %(manager)s.",
        own=number(own),
        buyers=number(buyers),
        mine=number(mine),
        manager=number(manager),
    )


def band_sentence(
    rubrics: Rubrics, competency: Mapping[str, Any], focus: bool, focus_count: int
) -> str:
    """What the score means for the rep: one of the things to work on first (their
    actions are on page one), next in line, or a strength. Bands are read by their place
    among the rubric's bands, since banks name their own.

    `focus_count` is how many focus areas page one lists: the sentence counts them as
    page one does ("one of your two things"), and with none it promises no list. A band
    the 90 % interval does not settle (``band_settled`` false: "Gap or Developing",
    "Developing or Strength") is never called "a gap" or "a strength": the sentence says
    no more than the band label beside it."""
    competency_id, band = competency["id"], competency.get("band")
    if band is None:
        return ""
    if focus:
        if focus_count == 1:
            return _("The one thing to work on first: your two actions are on page one.")
        if focus_count == 2:
            return _("One of your two things to work on first: your two actions are on page one.")
        return _("One of your three things to work on first: your two actions are on page one.")
    settled = competency.get("band_settled", True)
    interval = competency.get("interval")
    reaches_top = bool(interval) and rubrics.is_top_band(
        competency_id, rubrics.band_of(competency_id, interval[1])
    )
    if not settled and reaches_top:
        return _("It may be a strength, or not yet one: more answers will tell.")
    if rubrics.is_top_band(competency_id, band):
        return _("A strength: keep doing it, and show a colleague how you do it.")
    if not focus_count:
        return _("Not a focus area for now: page one says why.")
    if settled and rubrics.band_order(competency_id, band) == 0:
        if focus_count == 1:
            return _(
                "A gap too, but not your one thing to work on first: it comes next, once that "
                "one moves."
            )
        if focus_count == 2:
            return _("A gap too, but not among your two for now: it comes next, once they move.")
        return _("A gap too, but not among your three for now: it comes next, once they move.")
    if focus_count == 1:
        return _("Not your one thing to work on first: make it a habit once that one moves.")
    if focus_count == 2:
        return _("Not among your two for now: make it a habit once they move.")
    return _("Not among your three for now: make it a habit once they move.")


def next_steps(verdict: str | None, focus_count: int) -> str:
    """What the verdict means for the rep and what comes next, after the headline; a
    rep worth coaching is pointed to as many things to work on as page one lists."""
    if verdict == "coach" and focus_count == 1:
        return _("Below: the one thing to work on first, and your next 30 days.")
    if verdict == "coach" and focus_count == 2:
        return _("Below: the two things to work on first, and your next 30 days.")
    if verdict == "coach" and focus_count:
        return _("Below: the three things to work on first, and your next 30 days.")
    if verdict == "coach":
        return _("Below: where you stand on each competency, and what to work on next.")
    return _(NEXT_STEPS[verdict]) if verdict in NEXT_STEPS else ""


def manager_only_sentence(rubrics: Rubrics, competency_id: str) -> str:
    """Why a competency's score is the manager's alone: buyers are not asked about it
    (and why), or too few of them answered."""
    reason = rubrics.not_asked_of_buyers.get(competency_id)
    if reason:
        return _("From your manager's review only. %(reason)s", reason=reason)
    return _(
        "From your manager's review only: too few buyers answered to say how they see you here."
    )


def perception_empty(payload: Mapping[str, Any]) -> str:
    """What the perception section says when it lists no gap: "no blind spots" only
    against the groups whose scores were there to compare with."""
    others = (payload.get("overall", {}).get("combined") or {}).get("score") is not None
    if others and payload.get("gaps_withheld") and not payload.get("gaps"):
        return _(
            "No perception gap is drawn: your self-assessment was flagged (see page one), "
            "so comparing with it would measure the answers, not how you see yourself."
        )
    compared = {
        gap.get("versus")
        for gap in payload.get("gaps", [])
        if gap.get("self") is not None and gap.get("other") is not None
    }
    if not compared:
        return _(
            "No perception gap can be measured yet: it compares your self-assessment with "
            "your manager's review and your buyers' answers, and neither is there."
        )
    if compared == {"manager"}:
        return _("No blind spots: you see yourself much as your manager does.")
    if compared == {"buyers"}:
        return _("No blind spots: you see yourself much as your buyers do.")
    return _("No blind spots: you see yourself much as your manager and your buyers do.")
