"""The demo's rounds: each team's two closed rounds with answers from its stories, and
Field Sales' round in progress.

Dates are counted back from the day the demo is loaded, so that the coaching plan made
after the autumn round has had its 30- and 60-day pulses and still waits for its
90-day one (`assess.demo.coaching`), whenever the demo is loaded. Seeded random
generators (one per round, rep and bank) make the answers the same every time.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import insert
from sqlalchemy.orm import Session

from assess.demo.stories import (
    DELIVERY_ALIGNMENT,
    DELIVERY_STAFF,
    MARKETERS,
    MARKETING_ALIGNMENT,
    SALES_ALIGNMENT,
    RepStory,
)
from assess.demo.synthetic import Profile, synthetic_answers
from assess.models import Answer, Invitation, Rep, Response, Round, RoundBank, Team, User
from assess.services.bank_versions import bank_for_version, ensure_version, shipped_banks
from assess.services.invitations import new_invitation
from assess.services.respondent_browser import bind_to_no_browser

BUYER_FIRST_NAMES = ("Ana", "Ben", "Cara", "Dev", "Ema", "Finn", "Gia", "Hugo", "Iris", "Jon")
BUYER_COMPANIES = ("acme", "globex", "initech", "umbrella", "stark", "wayne", "hooli")
CORE_BANKS = ("consultative_selling", "trustworthiness", "buyer_feedback", "manager_review")


@dataclass(frozen=True)
class ClosedRound:
    """A closed round of the demo: it opened `days_ago` days before the demo was loaded
    and ran `days` days; `first` is a team's first round (before the newcomers joined,
    with the buyers' earlier view); `alignment` adds the alignment survey."""

    name: str
    days_ago: int
    days: int = 20
    first: bool = False
    alignment: bool = False

    def opens_at(self, today: datetime) -> datetime:
        return today - timedelta(days=self.days_ago)


#: Field Sales' rounds, half a year apart; the autumn one closed about eleven weeks
#: before the demo was loaded (its plan's pulses need 60 days and more).
CLOSED_ROUNDS = (
    ClosedRound("Spring 2026 round", 100 + 183, first=True),
    ClosedRound("Autumn 2026 round", 100, alignment=True),
)
#: Inside Sales' rounds, a name of their own (every round of the demo is found by its
#: name): each a day before Field Sales', so that Field Sales' autumn round is the
#: organization's latest and may still be reopened (a round that closed after it would
#: compare its percentiles with it).
INSIDE_ROUNDS = (
    ClosedRound("Spring 2026 review", 100 + 184, first=True),
    ClosedRound("Autumn 2026 review", 101),
)
OPEN_ROUND = "Winter 2026 pulse"


class DemoRounds:
    """One team's rounds: `stories` say how each of its reps comes across; `today` is
    midnight (UTC) of the day the demo is loaded."""

    def __init__(
        self,
        session: Session,
        secret_key: str,
        team: Team,
        stories: Sequence[RepStory],
        today: datetime,
    ):
        self.session = session
        self.secret_key = secret_key
        self.team = team
        self.manager: User = team.manager
        self.stories = tuple(stories)
        self.today = today
        self.banks = shipped_banks()
        self.reps = {rep.name: rep for rep in team.reps}
        #: (response, its answers) given and not saved yet: `save_answers` stores them
        self.unsaved: list[tuple[Response, dict]] = []

    def make_round(self, name, opens_at, days, bank_ids, status) -> tuple[Round, dict]:
        assessment_round = Round(
            organization_id=self.team.organization_id, team_id=self.team.id, name=name,
            status=status, opens_at=opens_at, closes_at=opens_at + timedelta(days=days),
            created_by_id=self.manager.id,
            closed_at=opens_at + timedelta(days=days + 1) if status == "closed" else None,
        )  # fmt: skip
        self.session.add(assessment_round)
        self.session.flush()
        versions = {}
        for bank_id in bank_ids:
            version = ensure_version(self.session, self.banks[bank_id])
            self.session.add(RoundBank(round_id=assessment_round.id, bank_version_id=version.id))
            versions[bank_id] = version
        self.session.flush()
        return assessment_round, versions

    def invite(self, assessment_round, version, role, key, rep=None, name=None, email=None):
        invitation = new_invitation(
            self.secret_key, organization_id=assessment_round.organization_id,
            round_id=assessment_round.id, rep_id=rep.id if rep else None,
            bank_version_id=version.id, rater_role=role, rater_key=key,
            expires_at=assessment_round.closes_at, rater_name=name, rater_email=email,
            sent_at=assessment_round.opens_at,
            # a rep who reads Spanish, and their buyers, are written to in Spanish
            language=rep.reading_language if rep and role != "manager"
            else assessment_round.team.language,
        )  # fmt: skip
        self.session.add(invitation)
        return invitation  # flushed with the next answer (its response needs its id)

    def answer(self, invitation: Invitation, profile: Profile, seed: str, *, pages=None):
        """Answer (all pages, or the first `pages`) and complete when all were answered."""
        if invitation.id is None:
            self.session.flush()  # the invitation's id, bank and round
        # what this rater is asked (a pulse asks a bank cut down to a plan's competencies;
        # delivery staff answer the delivery pages only)
        bank = bank_for_version(invitation.bank_version).for_role(invitation.rater_role)
        rng = random.Random(seed)
        answers = synthetic_answers(bank, profile, rng, invitation.rater_role)
        keep = None if pages is None else {i.id for p in bank.pages[:pages] for i in p.items}
        # a rep's later self-assessments come with their first one's email (no sent_at)
        sent = invitation.sent_at or invitation.round.opens_at
        started = sent + timedelta(hours=rng.randint(2, 72))
        minutes = bank.expected_minutes * rng.uniform(0.8, 1.6)
        complete = keep is None
        response = Response(
            organization_id=invitation.organization_id, invitation_id=invitation.id,
            started_at=started, updated_at=started + timedelta(minutes=minutes),
            completed_at=started + timedelta(minutes=minutes) if complete else None,
            current_page=len(bank.pages) if complete else pages,
            active_seconds=int(minutes * 60),
        )  # fmt: skip
        if not complete:  # a demo person's browser: no one visiting the demo holds it
            bind_to_no_browser(response)
        self.session.add(response)
        kept = {item: value for item, value in answers.items() if keep is None or item in keep}
        self.unsaved.append((response, kept))
        invitation.status = "completed" if complete else "in_progress"

    def save_answers(self) -> None:
        """Store the answers given since the last call, in one statement (the demo's
        tens of thousands of answers would take longer one object at a time)."""
        self.session.flush()  # the responses' ids
        rows = [
            {"response_id": response.id, "item_id": item_id, "value": value,
             "saved_at": response.updated_at}
            for response, answers in self.unsaved
            for item_id, value in answers.items()
        ]  # fmt: skip
        if rows:
            self.session.execute(insert(Answer), rows)
        self.unsaved.clear()

    def buyer(self, index: int, rep: Rep) -> tuple[str, str]:
        first = BUYER_FIRST_NAMES[(index + rep.id) % len(BUYER_FIRST_NAMES)]
        company = BUYER_COMPANIES[(index * 3 + rep.id) % len(BUYER_COMPANIES)]
        return f"{first} ({company.title()})", f"{first.lower()}.{rep.id}.{index}@{company}.example"

    def closed_round(self, spec: ClosedRound) -> Round:
        name, with_alignment = spec.name, spec.alignment
        bank_ids = CORE_BANKS + (("sales_marketing_alignment",) if with_alignment else ())
        assessment_round, versions = self.make_round(
            name, spec.opens_at(self.today), spec.days, bank_ids, "closed"
        )
        asked: list[tuple[Invitation, Profile, str]] = []
        for story in self.stories:
            if story.new and spec.first:
                continue  # the first round was before they joined
            rep = self.reps[story.name]
            seed = f"{name}/{story.name}"
            for bank_id in ("consultative_selling", "trustworthiness"):
                asked.append((
                    self.invite(assessment_round, versions[bank_id], "self", "self", rep,
                                rep.name, rep.email),
                    story.self_view, f"{seed}/{bank_id}",
                ))  # fmt: skip
            review = self.invite(
                assessment_round, versions["manager_review"], "manager",
                f"user:{self.manager.id}", rep, self.manager.name, self.manager.email,
            )  # fmt: skip
            asked.append((review, story.manager_view, f"{seed}/manager"))
            buyer_view = story.buyer_view
            if spec.first and story.previous_buyer_view is not None:
                buyer_view = story.previous_buyer_view
            for index, role in enumerate(story.buyers):
                buyer_name, buyer_email = self.buyer(index, rep)
                invitation = self.invite(
                    assessment_round, versions["buyer_feedback"], role, buyer_email, rep,
                    buyer_name, buyer_email,
                )  # fmt: skip
                asked.append((invitation, buyer_view, f"{seed}/buyer{index}"))
            if with_alignment:
                invitation = self.invite(
                    assessment_round, versions["sales_marketing_alignment"], "self", "self",
                    rep, rep.name, rep.email,
                )  # fmt: skip
                asked.append((invitation, SALES_ALIGNMENT, f"{seed}/alignment"))
        if with_alignment:
            version = versions["sales_marketing_alignment"]
            manager_view = self.invite(
                assessment_round, version, "manager", f"user:{self.manager.id}", None,
                self.manager.name, self.manager.email,
            )  # fmt: skip
            asked.append((manager_view, SALES_ALIGNMENT, f"{name}/manager/alignment"))
            for marketer_name, local in MARKETERS:
                email = f"{local}@northwind.example.com"
                invitation = self.invite(
                    assessment_round, version, "marketing", email, None, marketer_name, email
                )
                asked.append((invitation, MARKETING_ALIGNMENT, f"{name}/{local}"))
            for person, local in DELIVERY_STAFF:
                email = f"{local}@northwind.example.com"
                invitation = self.invite(
                    assessment_round, version, "operations", email, None, person, email
                )
                asked.append((invitation, DELIVERY_ALIGNMENT, f"{name}/{local}"))
        self.session.flush()  # every invitation at once; then everyone answers
        for invitation, profile, seed in asked:
            self.answer(invitation, profile, seed)
        self.save_answers()
        return assessment_round

    def open_round(self) -> Round:
        """A round in progress: some finished, some half way, some not opened yet."""
        bank_ids = ("consultative_selling", "trustworthiness", "buyer_feedback")
        assessment_round, versions = self.make_round(
            OPEN_ROUND, self.today - timedelta(days=6), 21, bank_ids, "open"
        )
        for number, story in enumerate(self.stories):
            rep = self.reps[story.name]
            seed = f"winter/{story.name}"
            for bank_id in ("consultative_selling", "trustworthiness"):
                invitation = self.invite(
                    assessment_round, versions[bank_id], "self", "self", rep, rep.name, rep.email
                )
                if number % 3 == 0:
                    self.answer(invitation, story.self_view, f"{seed}/{bank_id}")
                elif number % 3 == 1 and bank_id == "consultative_selling":
                    self.answer(invitation, story.self_view, f"{seed}/{bank_id}", pages=2)
                elif number % 3 == 1:
                    invitation.status = "opened"
            if number < 4:
                for index, role in enumerate(story.buyers[:3]):
                    buyer_name, buyer_email = self.buyer(index + 10, rep)
                    invitation = self.invite(
                        assessment_round, versions["buyer_feedback"], role, buyer_email, rep,
                        buyer_name, buyer_email,
                    )  # fmt: skip
                    if index == 0:
                        self.answer(invitation, story.buyer_view, f"{seed}/buyer{index}")
        rep = self.reps[self.stories[0].name]
        nominee = self.invite(
            assessment_round, versions["buyer_feedback"], "referral", "nell@hooli.example", rep,
            "Nell (Hooli)", "nell@hooli.example",
        )  # fmt: skip
        nominee.status, nominee.nominated_by_rep, nominee.sent_at = "awaiting_approval", True, None
        self.save_answers()
        return assessment_round
