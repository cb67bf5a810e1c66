"""The database itself refuses duplicates and cross-organization references."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.exc import IntegrityError

from assess.models import Answer, Invitation, Rep, Team
from tests.factories import (
    BankVersionFactory,
    InvitationFactory,
    OrganizationFactory,
    OutcomeFactory,
    RepFactory,
    ResponseFactory,
    RoundFactory,
    TeamFactory,
    UserFactory,
)


@pytest.fixture
def setting(session):
    """A rep in a round of organization A, with one invitation and its response."""
    bank = BankVersionFactory()
    rep = RepFactory()
    assessment_round = RoundFactory(team=rep.team, bank_versions=[bank])
    invitation = InvitationFactory(round=assessment_round, rep=rep, bank_version=bank)
    response = ResponseFactory(invitation=invitation)
    return {"bank": bank, "rep": rep, "round": assessment_round, "response": response}


def assert_refused(session, constraint: str, *rows):
    """Adding `rows` must fail on a `constraint` ("foreign key", "unique", "check")."""
    savepoint = session.begin_nested()
    session.add_all(rows)
    with pytest.raises(IntegrityError) as refused:
        session.flush()
    savepoint.rollback()
    assert constraint in str(refused.value.orig).lower()


def test_a_second_answer_to_the_same_item_is_refused(session, setting):
    response = setting["response"]
    session.add(Answer(response_id=response.id, item_id="q1", value=4))
    session.flush()
    assert_refused(session, "unique", Answer(response_id=response.id, item_id="q1", value=5))


def test_a_rep_cannot_join_a_team_of_another_organization(session):
    other_team = TeamFactory()
    organization = OrganizationFactory()
    assert_refused(
        session,
        "foreign key",
        Rep(organization_id=organization.id, team_id=other_team.id, name="X", email="x@e.com"),
    )


def test_a_team_cannot_be_managed_by_another_organizations_user(session):
    foreign_manager = UserFactory()
    organization = OrganizationFactory()
    assert_refused(
        session,
        "foreign key",
        Team(organization_id=organization.id, name="T", manager_id=foreign_manager.id),
    )


def test_an_invitation_cannot_point_at_another_organizations_rep(session, setting):
    foreign_rep = RepFactory()
    invitation = InvitationFactory.build(
        round=setting["round"], rep=foreign_rep, bank_version=setting["bank"]
    )
    assert_refused(session, "foreign key", invitation)


def test_an_invitation_must_be_for_a_bank_of_its_round(session, setting):
    other_bank = BankVersionFactory(bank_key="trustworthiness")
    invitation = InvitationFactory.build(
        round=setting["round"], rep=setting["rep"], bank_version=other_bank
    )
    assert_refused(session, "foreign key", invitation)


def test_the_same_rater_cannot_be_invited_twice_for_one_rep_and_bank(session, setting):
    duplicate = InvitationFactory.build(
        round=setting["round"], rep=setting["rep"], bank_version=setting["bank"]
    )
    assert_refused(session, "unique", duplicate)


def test_an_unknown_rater_role_is_refused(session, setting):
    invitation = InvitationFactory.build(
        round=setting["round"],
        rep=setting["rep"],
        bank_version=setting["bank"],
        rater_role="friend",
        rater_key="friend@example.com",
    )
    assert_refused(session, "check", invitation)


def test_a_response_cannot_belong_to_another_organizations_invitation(session, setting):
    invitation = InvitationFactory(
        round=setting["round"],
        rep=setting["rep"],
        bank_version=setting["bank"],
        rater_role="customer",
        rater_key="buyer@example.com",
    )
    other_organization = OrganizationFactory()
    stray = ResponseFactory.build(invitation=invitation, organization_id=other_organization.id)
    assert_refused(session, "foreign key", stray)


def test_one_invitation_has_one_response(session, setting):
    invitation = session.get(Invitation, setting["response"].invitation_id)
    assert_refused(session, "unique", ResponseFactory.build(invitation=invitation))


def test_deleting_a_response_deletes_its_answers(session, setting):
    response = setting["response"]
    session.add(Answer(response_id=response.id, item_id="q1", value=4))
    session.flush()
    session.delete(response)
    session.flush()
    assert session.query(Answer).count() == 0


def test_a_round_must_close_after_it_opens(session):
    team = TeamFactory()
    assessment_round = RoundFactory.build(team=team)
    assessment_round.closes_at = assessment_round.opens_at
    assert_refused(session, "check", assessment_round)


def test_two_users_cannot_share_an_email(session):
    UserFactory(email="same@example.com")
    assert_refused(session, "unique", UserFactory.build(email="same@example.com"))


def test_an_outcome_stays_in_its_reps_organization(session, setting):
    foreign_rep = RepFactory()
    stray = OutcomeFactory.build(rep=foreign_rep, organization_id=setting["rep"].organization_id)
    assert_refused(session, "foreign key", stray)
    foreign_round = RoundFactory()
    assert_refused(
        session, "foreign key", OutcomeFactory.build(rep=setting["rep"], round=foreign_round)
    )


def test_one_outcome_per_rep_and_period_ending_after_it_starts(session, setting):
    OutcomeFactory(rep=setting["rep"], round=setting["round"], win_rate=40.0)
    assert_refused(session, "unique", OutcomeFactory.build(rep=setting["rep"], win_rate=45.0))
    backwards = OutcomeFactory.build(
        rep=setting["rep"], period_start=date(2026, 6, 30), period_end=date(2026, 4, 1)
    )
    assert_refused(session, "check", backwards)
