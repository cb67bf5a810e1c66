"""factory_boy factories for the models: tests say what matters and nothing else."""

from __future__ import annotations

import base64
import secrets
from datetime import date, timedelta

import factory
from factory.alchemy import SQLAlchemyModelFactory

from assess import models
from assess.platform.security import hash_password, hash_token
from assess.services.invitations import token_for

TEST_PASSWORD = "correct horse battery"
_PASSWORD_HASH = hash_password(TEST_PASSWORD)  # argon2 is slow on purpose; hash once


class Base(SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_persistence = "flush"


class OrganizationFactory(Base):
    class Meta:
        model = models.Organization

    name = factory.Sequence(lambda n: f"Organization {n}")
    slug = factory.Sequence(lambda n: f"org-{n}")


class UserFactory(Base):
    class Meta:
        model = models.User

    organization = factory.SubFactory(OrganizationFactory)
    email = factory.Sequence(lambda n: f"user{n}@example.com")
    name = factory.Sequence(lambda n: f"User {n}")
    role = "manager"
    password_hash = _PASSWORD_HASH


class TeamFactory(Base):
    class Meta:
        model = models.Team

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Team {n}")


class RepFactory(Base):
    class Meta:
        model = models.Rep

    team = factory.SubFactory(TeamFactory)
    organization_id = factory.LazyAttribute(lambda rep: rep.team.organization_id)
    name = factory.Sequence(lambda n: f"Rep {n}")
    # not at example.com, where tests put buyers: a buyer at the rep's own company is refused
    email = factory.Sequence(lambda n: f"rep{n}@sales.example")


class BankVersionFactory(Base):
    class Meta:
        model = models.BankVersion

    bank_key = "consultative_selling"
    version = "1"
    title = "Consultative selling"
    content_hash = factory.LazyFunction(lambda: secrets.token_hex(32))
    content = factory.LazyFunction(dict)


class RoundFactory(Base):
    class Meta:
        model = models.Round
        exclude = ("team",)

    team = factory.SubFactory(TeamFactory)
    organization_id = factory.LazyAttribute(lambda r: r.team.organization_id)
    team_id = factory.LazyAttribute(lambda r: r.team.id)
    name = factory.Sequence(lambda n: f"Round {n}")
    status = "open"
    opens_at = factory.LazyFunction(models.utcnow)
    closes_at = factory.LazyAttribute(lambda r: r.opens_at + timedelta(days=14))

    @factory.post_generation
    def bank_versions(self, create, extracted, **kwargs):
        for bank_version in extracted or ():
            self.banks.append(models.RoundBank(bank_version_id=bank_version.id))
        if create and extracted:
            factory_session().flush()


class InvitationFactory(Base):
    class Meta:
        model = models.Invitation
        exclude = ("round", "rep", "bank_version")

    round = None
    rep = None
    bank_version = None
    organization_id = factory.LazyAttribute(lambda i: i.round.organization_id)
    round_id = factory.LazyAttribute(lambda i: i.round.id)
    rep_id = factory.LazyAttribute(lambda i: i.rep.id)
    bank_version_id = factory.LazyAttribute(lambda i: i.bank_version.id)
    rater_role = "self"
    rater_key = "self"
    token_nonce = factory.LazyFunction(lambda: secrets.token_hex(16))
    token_hash = factory.LazyAttribute(
        lambda i: hash_token(token_for("test-secret-key", i.token_nonce))
    )
    expires_at = factory.LazyFunction(lambda: models.utcnow() + timedelta(days=14))


class ResponseFactory(Base):
    class Meta:
        model = models.Response
        exclude = ("invitation",)

    invitation = None
    organization_id = factory.LazyAttribute(lambda r: r.invitation.organization_id)
    invitation_id = factory.LazyAttribute(lambda r: r.invitation.id)


class ScoreSnapshotFactory(Base):
    """A rep's issued scores in a round; `payload` holds what the test needs of the
    engine's output (see `score_payload`)."""

    class Meta:
        model = models.ScoreSnapshot
        exclude = ("round", "rep")

    round = None
    rep = None
    organization_id = factory.LazyAttribute(lambda s: s.round.organization_id)
    round_id = factory.LazyAttribute(lambda s: s.round.id)
    rep_id = factory.LazyAttribute(lambda s: s.rep.id)
    scope = "rep"
    scoring_version = "test"
    inputs_digest = factory.LazyFunction(lambda: secrets.token_hex(32))
    payload = factory.LazyFunction(dict)


def score_payload(
    scores: dict[str, float | None], verdict: str | None = None, bank_id: str = "consultative"
) -> dict:
    """The part of a rep snapshot's payload that outcomes are compared with: the combined
    (others') score of each competency, named by its id, and the verdict."""
    competencies = [
        {
            "id": competency,
            "bank_id": bank_id,
            "name": {"en": competency.replace("_", " ").capitalize()},
            "score": score,
            "combined": {
                "score": score,
                "status": "ok" if score is not None else "not_enough_data",
            },
        }
        for competency, score in scores.items()
    ]
    return {"competencies": competencies, "verdict": {"verdict": verdict}}


class OutcomeFactory(Base):
    class Meta:
        model = models.Outcome
        exclude = ("rep", "round")

    rep = None
    round = None
    organization_id = factory.LazyAttribute(lambda o: o.rep.organization_id)
    rep_id = factory.LazyAttribute(lambda o: o.rep.id)
    round_id = factory.LazyAttribute(lambda o: o.round.id if o.round is not None else None)
    period_start = date(2026, 1, 1)
    period_end = date(2026, 3, 31)


class WebhookEndpointFactory(Base):
    class Meta:
        model = models.WebhookEndpoint
        exclude = ("organization",)

    organization = factory.SubFactory(OrganizationFactory)
    organization_id = factory.LazyAttribute(lambda e: e.organization.id)
    # a documentation address (TEST-NET-3): the outbound guard refuses it, no packet leaves
    url = "https://203.0.113.10/candor"
    description = "CRM"
    secret = factory.LazyFunction(
        lambda: "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode("ascii")
    )
    events = factory.LazyFunction(list)
    is_active = True


class SsoSettingsFactory(Base):
    """An organization's identity provider; tests pass the issuer of the one they run."""

    class Meta:
        model = models.SsoSettings
        exclude = ("organization",)

    organization = factory.SubFactory(OrganizationFactory)
    organization_id = factory.LazyAttribute(lambda s: s.organization.id)
    issuer = "https://id.example.com"
    client_id = factory.Sequence(lambda n: f"candor-client-{n}")
    client_secret = factory.LazyFunction(lambda: secrets.token_urlsafe(24))
    enabled = True
    sso_only = False


ALL = (
    OrganizationFactory,
    UserFactory,
    TeamFactory,
    RepFactory,
    BankVersionFactory,
    RoundFactory,
    InvitationFactory,
    ResponseFactory,
    ScoreSnapshotFactory,
    OutcomeFactory,
    WebhookEndpointFactory,
    SsoSettingsFactory,
)
_bound = {}


def bind(session) -> None:
    """Point every factory at the test's session."""
    _bound["session"] = session
    for model_factory in ALL:
        model_factory._meta.sqlalchemy_session = session


def factory_session():
    return _bound["session"]
