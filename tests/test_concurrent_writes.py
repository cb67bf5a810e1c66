"""20 processes saving survey pages at once: nobody sees "database is locked", nothing
is lost or duplicated. This is what BEGIN IMMEDIATE + WAL + busy timeout buy on SQLite;
on PostgreSQL the same test guards the same promise."""

from __future__ import annotations

import multiprocessing
import secrets
from datetime import timedelta

from sqlalchemy import delete, func, select

from assess.models import (
    Answer,
    BankVersion,
    Invitation,
    Organization,
    Rep,
    Response,
    Round,
    RoundBank,
    Team,
    utcnow,
)
from assess.platform import migrate
from assess.platform.db import Database
from assess.platform.security import new_link_token

WRITERS = 20
PAGES = 10
ITEMS_PER_PAGE = 6


def make_responses(database: Database, count: int) -> tuple[int, int, list[int]]:
    with database.session_scope() as session:
        organization = Organization(
            name="Concurrency", slug=f"concurrency-{utcnow().timestamp():.0f}"
        )
        session.add(organization)
        session.flush()
        team = Team(organization_id=organization.id, name="T")
        bank = BankVersion(
            bank_key="b", version="1", title="B", content_hash=secrets.token_hex(32), content={}
        )
        session.add_all([team, bank])
        session.flush()
        assessment_round = Round(
            organization_id=organization.id, team_id=team.id, name="R", status="open",
            opens_at=utcnow(), closes_at=utcnow() + timedelta(days=1),
        )  # fmt: skip
        session.add(assessment_round)
        session.flush()
        session.add(RoundBank(round_id=assessment_round.id, bank_version_id=bank.id))
        response_ids = []
        for number in range(count):
            rep = Rep(organization_id=organization.id, team_id=team.id, name=f"R{number}",
                      email=f"r{number}@example.com")  # fmt: skip
            session.add(rep)
            session.flush()
            invitation = Invitation(
                organization_id=organization.id, round_id=assessment_round.id, rep_id=rep.id,
                bank_version_id=bank.id, rater_role="self", rater_key="self",
                token_nonce=secrets.token_hex(16),
                token_hash=new_link_token()[1],
                expires_at=utcnow() + timedelta(days=1),
            )  # fmt: skip
            session.add(invitation)
            session.flush()
            response = Response(organization_id=organization.id, invitation_id=invitation.id)
            session.add(response)
            session.flush()
            response_ids.append(response.id)
        return organization.id, bank.id, response_ids


def save_pages(url: str, response_id: int) -> list[str]:
    """One respondent: post every page twice (a double submit), as its own transaction."""
    database = Database(url)
    errors = []
    for page in range(PAGES):
        for _attempt in range(2):
            try:
                with database.session_scope() as session:
                    existing = {
                        answer.item_id: answer
                        for answer in session.scalars(
                            select(Answer).where(Answer.response_id == response_id)
                        )
                    }
                    for item in range(ITEMS_PER_PAGE):
                        item_id = f"p{page}i{item}"
                        if item_id in existing:
                            existing[item_id].value = item + 1
                        else:
                            session.add(
                                Answer(response_id=response_id, item_id=item_id, value=item + 1)
                            )
                    session.get(Response, response_id).current_page = page + 1
            except Exception as error:  # noqa: BLE001 — the test reports every failure
                errors.append(f"{type(error).__name__}: {error}")
    database.dispose()
    return errors


def test_twenty_concurrent_writers_lose_nothing(database_url, tmp_path):
    url = database_url
    if url.startswith("sqlite"):
        url = f"sqlite:///{tmp_path / 'concurrent.db'}"
        migrate.upgrade(Database(url))
    database = Database(url)
    organization_id, bank_id, response_ids = make_responses(database, WRITERS)

    context = multiprocessing.get_context("forkserver")
    with context.Pool(WRITERS) as pool:
        results = pool.starmap(save_pages, [(url, response_id) for response_id in response_ids])

    errors = [error for result in results for error in result]
    assert errors == []
    with database.session_scope() as session:
        per_response = dict(
            session.execute(
                select(Answer.response_id, func.count())
                .where(Answer.response_id.in_(response_ids))
                .group_by(Answer.response_id)
            ).all()
        )
        assert per_response == {rid: PAGES * ITEMS_PER_PAGE for rid in response_ids}
        pages = session.scalars(select(Response.current_page).where(Response.id.in_(response_ids)))
        assert set(pages) == {PAGES}
        session.execute(delete(Organization).where(Organization.id == organization_id))
        session.execute(delete(BankVersion).where(BankVersion.id == bank_id))
    database.dispose()
