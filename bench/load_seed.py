"""The database side of the load test: the round seeded before, the check made after.

``seed_round`` writes an organization, a team, reps and an open round with the shipped
banks consultative_selling + buyer_feedback straight through the models, with invitations
made by ``new_invitation`` as the app makes them; each ``Survey`` carries its link and
the answers its respondent will give (from ``assess.demo.synthetic``). ``verify`` then
compares the database with the ``Ledger`` of what the respondents saved.

Apart from serving (``bench/load_serve.py``) and driving (``bench/load_drive.py``)
because this is the only part that touches the database through the models: the
reliability tests seed rounds here without starting a server or sending a request.
"""

from __future__ import annotations

import random
import secrets
import threading
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import func, select

from assess.core.banks import Bank
from assess.demo.synthetic import Profile, synthetic_answers
from assess.models import (
    Answer,
    Invitation,
    Organization,
    Rep,
    Response,
    Round,
    RoundBank,
    Team,
    utcnow,
)
from assess.platform.db import Database
from assess.services.bank_versions import ensure_version, shipped_banks
from assess.services.invitations import invitation_token, new_invitation

SELF_BANK = "consultative_selling"
BUYER_BANK = "buyer_feedback"
BUYER_ROLES = ("prospect", "referral", "customer")
#: Signs the invitation links; the server under load must run with the same key.
SECRET_KEY = "load-test-secret-key-" + "x" * 16


@dataclass
class Survey:
    """One invitation the load drives: its link and the answers its respondent gives."""

    invitation_id: int
    token: str
    bank_key: str
    answers: dict  # item id -> answer value, what must be stored at the end
    first_try: dict  # item id -> a different value, sent once before going back


@dataclass
class Ledger:
    """What the clients sent and saw, for the check afterwards."""

    saved: dict[int, dict] = field(default_factory=dict)  # invitation -> item -> value
    finished: set[int] = field(default_factory=set)
    started: set[int] = field(default_factory=set)
    errors: list[str] = field(default_factory=list)
    retries: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def form_fields(bank: Bank, page_number: int, answers: dict) -> dict[str, str]:
    """The form fields a browser posts for page ``page_number`` with ``answers``."""
    fields: dict[str, str] = {}
    for item in bank.pages[page_number - 1].items:
        if item.id not in answers:
            continue
        value = answers[item.id]
        if item.type == "forced_choice":
            fields[f"{item.id}.most"] = value["most"]
            fields[f"{item.id}.least"] = value["least"]
        elif isinstance(value, bool):
            fields[item.id] = "yes" if value else "no"
        else:
            fields[item.id] = str(value)
    return fields


def seed_round(database_url: str, surveys: int, seed: int = 7) -> list[Survey]:
    """An open round with ``surveys`` invitations (a third self, the rest buyers)."""
    rng = random.Random(seed)
    banks = shipped_banks()
    database = Database(database_url)
    try:
        with database.session_scope() as session:
            organization = Organization(name="Load Test Ltd", slug=f"load-{secrets.token_hex(4)}")
            session.add(organization)
            session.flush()
            team = Team(organization_id=organization.id, name="Field sales")
            session.add(team)
            session.flush()
            versions = {key: ensure_version(session, banks[key]) for key in (SELF_BANK, BUYER_BANK)}
            now = utcnow()
            assessment_round = Round(
                organization_id=organization.id,
                team_id=team.id,
                name="Load round",
                status="open",
                opens_at=now - timedelta(hours=1),
                closes_at=now + timedelta(days=14),
            )
            assessment_round.banks = [RoundBank(bank_version_id=v.id) for v in versions.values()]
            session.add(assessment_round)
            rep_count = max(1, surveys // 3)
            reps = [
                Rep(
                    organization_id=organization.id,
                    team_id=team.id,
                    name=f"Rep {n}",
                    email=f"rep{n}@load.example.com",
                )
                for n in range(rep_count)
            ]
            session.add_all(reps)
            session.flush()
            invitations = []
            for n in range(surveys):
                rep = reps[n % rep_count]
                is_self = n < rep_count
                invitation = new_invitation(
                    SECRET_KEY,
                    organization_id=organization.id,
                    round_id=assessment_round.id,
                    rep_id=rep.id,
                    bank_version_id=versions[SELF_BANK if is_self else BUYER_BANK].id,
                    rater_role="self" if is_self else BUYER_ROLES[n % 3],
                    rater_key="self" if is_self else f"buyer{n}@load.example.com",
                    rater_email=None if is_self else f"buyer{n}@load.example.com",
                    expires_at=now + timedelta(days=14),
                    status="pending",
                )
                invitations.append((invitation, SELF_BANK if is_self else BUYER_BANK))
            session.add_all([invitation for invitation, _ in invitations])
            session.flush()
            result = []
            for invitation, bank_key in invitations:
                bank = banks[bank_key]
                profile = Profile(default=rng.uniform(0.3, 0.9))
                answers = synthetic_answers(bank, profile, rng)
                first_try = {
                    item.id: (answers[item.id] % item.max_value) + 1
                    for item in bank.items
                    if item.type == "likert" and item.id in answers
                }
                result.append(
                    Survey(
                        invitation.id,
                        invitation_token(SECRET_KEY, invitation),
                        bank_key,
                        answers,
                        first_try,
                    )
                )
        rng.shuffle(result)
        return result
    finally:
        database.dispose()


def verify(database_url: str, ledger: Ledger, surveys: list[Survey]) -> list[str]:
    """Compare the database with what the clients sent about ``surveys``; return the
    discrepancies."""
    seeded = [survey.invitation_id for survey in surveys]
    problems = []
    database = Database(database_url)
    try:
        with database.session_scope() as session:
            duplicates = session.execute(
                select(Answer.response_id, Answer.item_id, func.count())
                .group_by(Answer.response_id, Answer.item_id)
                .having(func.count() > 1)
            ).all()
            if duplicates:
                problems.append(f"{len(duplicates)} answers stored more than once")
            responses = {
                r.invitation_id: r
                for r in session.scalars(
                    select(Response).where(Response.invitation_id.in_(ledger.started))
                )
            }
            per_invitation = Counter(
                session.scalars(
                    select(Response.invitation_id).where(Response.invitation_id.in_(ledger.started))
                )
            )
            if any(count > 1 for count in per_invitation.values()):
                problems.append("an invitation has more than one response")
            stored: dict[int, dict] = {}
            for response_id, item_id, value in session.execute(
                select(Answer.response_id, Answer.item_id, Answer.value).where(
                    Answer.response_id.in_([r.id for r in responses.values()])
                )
            ):
                stored.setdefault(response_id, {})[item_id] = value
            statuses = dict(
                session.execute(
                    select(Invitation.id, Invitation.status).where(
                        Invitation.id.in_(ledger.started)
                    )
                ).all()
            )
            for invitation_id, sent in ledger.saved.items():
                response = responses.get(invitation_id)
                answers = stored.get(response.id, {}) if response else {}
                if invitation_id in ledger.finished:
                    if answers != sent:
                        missing = sorted(set(sent) - set(answers))
                        extra = sorted(set(answers) - set(sent))
                        wrong = sorted(k for k in set(sent) & set(answers) if sent[k] != answers[k])
                        problems.append(
                            f"invitation {invitation_id}: missing {missing}, extra {extra}, "
                            f"different {wrong}"
                        )
                    if response is None or response.completed_at is None:
                        problems.append(f"invitation {invitation_id}: finished but not completed")
                    if statuses.get(invitation_id) != "completed":
                        problems.append(
                            f"invitation {invitation_id}: status {statuses.get(invitation_id)}"
                        )
                else:
                    lost = {k for k, v in sent.items() if answers.get(k) != v}
                    if lost:
                        problems.append(f"invitation {invitation_id}: lost {sorted(lost)}")
                    if response is not None and response.completed_at is not None:
                        problems.append(f"invitation {invitation_id}: completed, not finished")
            completed_elsewhere = session.scalar(
                select(func.count())
                .select_from(Response)
                .where(
                    Response.completed_at.is_not(None),
                    Response.invitation_id.in_(seeded),
                    Response.invitation_id.not_in(ledger.started or {0}),
                )
            )
            if completed_elsewhere:
                problems.append(f"{completed_elsewhere} responses completed that nobody finished")
    finally:
        database.dispose()
    return problems
