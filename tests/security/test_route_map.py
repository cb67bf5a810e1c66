"""Every route, enumerated from the app's URL map, so a new one cannot escape:
ids of another organization answer 404, and every state-changing route needs CSRF."""

from __future__ import annotations

import pytest

from assess.models import utcnow
from assess.services.api_tokens import create_token
from assess.services.bank_versions import ensure_version, shipped_banks
from assess.services.held_invitations import person_key
from assess.services.invitations import token_for
from tests.conftest import csrf_from, sign_in
from tests.factories import (
    InvitationFactory,
    RepFactory,
    ResponseFactory,
    RoundFactory,
    TeamFactory,
    UserFactory,
    WebhookEndpointFactory,
)

# Routes whose URL carries a credential instead of an id (the respondent's link token,
# a password link) are protected by that token, not by the organization; they are
# covered by their own tests and by the CSRF check below.
TOKEN_ARGUMENTS = {"token", "move_token"}
# The organization's public sign-in name in its single sign-on callback address: a
# visitor's route, not a row of the signed-in organization (tests/integrations/).
PUBLIC_NAME_ARGUMENTS = {"org_slug"}
STATIC_ENDPOINTS = {"static"}
API_PREFIX = "/api/"


@pytest.fixture
def foreign(session):
    """Rows of organization B, one of each kind a URL can point at."""
    owner_b = UserFactory(role="owner")
    team = TeamFactory(organization=owner_b.organization, manager_id=owner_b.id)
    rep = RepFactory(team=team)
    version = ensure_version(session, shipped_banks()["consultative_selling"])
    assessment_round = RoundFactory(team=team, bank_versions=[version])
    invitation = InvitationFactory(round=assessment_round, rep=rep, bank_version=version)
    ResponseFactory(invitation=invitation, completed_at=utcnow())  # the version is answered in B
    from assess.models import Report

    report = Report(organization_id=team.organization_id, round_id=assessment_round.id, kind="team")
    session.add(report)
    session.flush()
    return {
        "team_id": team.id,
        "rep_id": rep.id,
        "round_id": assessment_round.id,
        "invitation_id": invitation.id,
        "report_id": report.id,
        "user_id": (manager_b := UserFactory(role="manager", organization=owner_b.organization)).id,
        "key": person_key("test-secret-key", "user", manager_b.id),
        "version_id": version.id,
        "token": token_for("test-secret-key", invitation.token_nonce),
        "kind": "csv",
        "number": 1,
        "move_token": "not-a-move-token",
        "token_id": create_token(session, owner_b, "B's sync", "write")[0].id,
        "endpoint_id": WebhookEndpointFactory(organization=owner_b.organization).id,
    }


def id_routes(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint in STATIC_ENDPOINTS or not rule.arguments:
            continue
        if rule.arguments & (TOKEN_ARGUMENTS | PUBLIC_NAME_ARGUMENTS):
            continue
        if rule.rule.startswith(API_PREFIX):  # tokens, not sessions: tests/api/
            continue
        yield rule


def build(rule, values):
    missing = rule.arguments - set(values)
    assert not missing, f"{rule.rule}: add a foreign row for {missing} to this test"
    return rule.build({name: values[name] for name in rule.arguments})[1]


def test_every_id_of_another_organization_answers_404(app, client, foreign, session):
    me = UserFactory(role="owner")
    sign_in(client, me.email)
    token = csrf_from(client.get("/manage/teams"))
    checked = []
    for rule in id_routes(app):
        url = build(rule, foreign)
        for method in sorted(rule.methods & {"GET", "POST"}):
            if method == "GET":
                answer = client.get(url)
            else:
                answer = client.post(url, data={"csrf_token": token})
            assert answer.status_code == 404, f"{method} {url} answered {answer.status_code}"
            checked.append(f"{method} {rule.rule}")
    assert len(checked) >= 10  # the test really walked the routes


def test_every_state_changing_route_refuses_a_post_without_csrf(app, client, foreign, manager):
    sign_in(client, manager.email)
    checked = []
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods or rule.endpoint in STATIC_ENDPOINTS:
            continue
        url = build(rule, foreign) if rule.arguments else rule.rule
        answer = client.post(url, data={})
        if rule.rule.startswith(API_PREFIX):
            # No CSRF token is needed there because no cookie counts: a signed-in
            # browser's forged POST is refused for want of an API token.
            assert answer.status_code == 401, f"POST {url} answered {answer.status_code}"
            continue
        assert answer.status_code in (400, 404), f"POST {url} answered {answer.status_code}"
        if answer.status_code == 400:
            checked.append(rule.rule)
    assert "/login" in checked and "/logout" in checked
