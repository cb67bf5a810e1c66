"""The demo's rounds: two closed rounds with answers from the stories, one open round.

Seeded random generators (one per round, rep and bank) make the demo the same every
time it is loaded.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from assess.demo.stories import (
    DELIVERY_ALIGNMENT,
    DELIVERY_STAFF,
    MARKETERS,
    MARKETING_ALIGNMENT,
    SALES_ALIGNMENT,
    STORIES,
)
from assess.demo.synthetic import Profile, synthetic_answers
from assess.models import Answer, Invitation, Rep, Response, Round, RoundBank, Team, User, utcnow
from assess.services.bank_versions import ensure_version, shipped_banks
from assess.services.invitations import new_invitation
from assess.services.respondent_browser import bind_to_no_browser

BUYER_FIRST_NAMES = ("Ana", "Ben", "Cara", "Dev", "Ema", "Finn", "Gia", "Hugo", "Iris", "Jon")
BUYER_COMPANIES = ("acme", "globex", "initech", "umbrella", "stark", "wayne", "hooli")
CLOSED_ROUNDS = (
    ("Spring 2026 round", datetime(2026, 4, 1, tzinfo=UTC), 20, False),
    ("Autumn 2026 round", datetime(2026, 10, 1, tzinfo=UTC), 20, True),
)
CORE_BANKS = ("consultative_selling", "trustworthiness", "buyer_feedback", "manager_review")


class DemoRounds:
    def __init__(self, session: Session, secret_key: str, team: Team, manager: User):
        self.session = session
        self.secret_key = secret_key
        self.team = team
        self.manager = manager
        self.banks = shipped_banks()
        self.reps = {rep.name: rep for rep in team.reps}

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
        )  # fmt: skip
        self.session.add(invitation)
        self.session.flush()
        return invitation

    def answer(self, invitation: Invitation, profile: Profile, seed: str, *, pages=None):
        """Answer (all pages, or the first `pages`) and complete when all were answered."""
        # what this rater is asked: delivery staff answer the delivery pages only
        bank = self.banks[invitation.bank_version.bank_key].for_role(invitation.rater_role)
        rng = random.Random(seed)
        answers = synthetic_answers(bank, profile, rng, invitation.rater_role)
        keep = None if pages is None else {i.id for p in bank.pages[:pages] for i in p.items}
        started = invitation.sent_at + timedelta(hours=rng.randint(2, 72))
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
        self.session.flush()
        for item_id, value in answers.items():
            if keep is None or item_id in keep:
                self.session.add(Answer(response_id=response.id, item_id=item_id, value=value))
        invitation.status = "completed" if complete else "in_progress"

    def buyer(self, index: int, rep: Rep) -> tuple[str, str]:
        first = BUYER_FIRST_NAMES[(index + rep.id) % len(BUYER_FIRST_NAMES)]
        company = BUYER_COMPANIES[(index * 3 + rep.id) % len(BUYER_COMPANIES)]
        return f"{first} ({company.title()})", f"{first.lower()}.{rep.id}.{index}@{company}.example"

    def closed_round(self, name, opens_at, days, with_alignment) -> Round:
        bank_ids = CORE_BANKS + (("sales_marketing_alignment",) if with_alignment else ())
        assessment_round, versions = self.make_round(name, opens_at, days, bank_ids, "closed")
        for story in STORIES:
            if story.new and not with_alignment:
                continue  # the first round was before they joined
            rep = self.reps[story.name]
            seed = f"{name}/{story.name}"
            for bank_id in ("consultative_selling", "trustworthiness"):
                self.answer(
                    self.invite(assessment_round, versions[bank_id], "self", "self", rep,
                                rep.name, rep.email),
                    story.self_view, f"{seed}/{bank_id}",
                )  # fmt: skip
            review = self.invite(
                assessment_round, versions["manager_review"], "manager",
                f"user:{self.manager.id}", rep, self.manager.name, self.manager.email,
            )  # fmt: skip
            self.answer(review, story.manager_view, f"{seed}/manager")
            buyer_view = story.buyer_view
            if not with_alignment and story.previous_buyer_view is not None:
                buyer_view = story.previous_buyer_view
            for index, role in enumerate(story.buyers):
                buyer_name, buyer_email = self.buyer(index, rep)
                invitation = self.invite(
                    assessment_round, versions["buyer_feedback"], role, buyer_email, rep,
                    buyer_name, buyer_email,
                )  # fmt: skip
                self.answer(invitation, buyer_view, f"{seed}/buyer{index}")
            if with_alignment:
                invitation = self.invite(
                    assessment_round, versions["sales_marketing_alignment"], "self", "self",
                    rep, rep.name, rep.email,
                )  # fmt: skip
                self.answer(invitation, SALES_ALIGNMENT, f"{seed}/alignment")
        if with_alignment:
            version = versions["sales_marketing_alignment"]
            manager_view = self.invite(
                assessment_round, version, "manager", f"user:{self.manager.id}", None,
                self.manager.name, self.manager.email,
            )  # fmt: skip
            self.answer(manager_view, SALES_ALIGNMENT, f"{name}/manager/alignment")
            for marketer_name, local in MARKETERS:
                email = f"{local}@northwind.example.com"
                invitation = self.invite(
                    assessment_round, version, "marketing", email, None, marketer_name, email
                )
                self.answer(invitation, MARKETING_ALIGNMENT, f"{name}/{local}")
            for person, local in DELIVERY_STAFF:
                email = f"{local}@northwind.example.com"
                invitation = self.invite(
                    assessment_round, version, "operations", email, None, person, email
                )
                self.answer(invitation, DELIVERY_ALIGNMENT, f"{name}/{local}")
        return assessment_round

    def open_round(self) -> Round:
        """A round in progress: some finished, some half way, some not opened yet."""
        today = utcnow().replace(hour=0, minute=0, second=0, microsecond=0)
        bank_ids = ("consultative_selling", "trustworthiness", "buyer_feedback")
        assessment_round, versions = self.make_round(
            "Winter 2026 pulse", today - timedelta(days=6), 21, bank_ids, "open"
        )
        for number, story in enumerate(STORIES):
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
        rep = self.reps[STORIES[0].name]
        nominee = self.invite(
            assessment_round, versions["buyer_feedback"], "referral", "nell@hooli.example", rep,
            "Nell (Hooli)", "nell@hooli.example",
        )  # fmt: skip
        nominee.status, nominee.nominated_by_rep, nominee.sent_at = "awaiting_approval", True, None
        self.session.flush()
        return assessment_round
