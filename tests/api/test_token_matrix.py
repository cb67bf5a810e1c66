"""Every API operation, from the app's URL map, called by every kind of caller: no
token, a wrong one, a revoked one, a read token, a write token, and a token of
another organization — and a browser signed in as the owner, whose cookie must not
count. Like the pages' permission matrix, a new operation cannot escape it.
"""

from __future__ import annotations

import pytest

from assess.models import Report, ScoreSnapshot, utcnow
from assess.services.api_tokens import create_token, revoke
from assess.services.bank_versions import ensure_version, shipped_banks
from tests.api.conftest import bearer
from tests.conftest import rolled_back_app, sign_in
from tests.factories import (
    InvitationFactory,
    RepFactory,
    ResponseFactory,
    RoundFactory,
    TeamFactory,
    UserFactory,
    bind,
)


@pytest.fixture
def world(session, owner):
    team = TeamFactory(organization=owner.organization, name="Alpha", manager_id=owner.id)
    rep = RepFactory(team=team)
    version = ensure_version(session, shipped_banks()["consultative_selling"])
    closed = RoundFactory(team=team, bank_versions=[version], status="closed")
    invitation = InvitationFactory(round=closed, rep=rep, bank_version=version)
    ResponseFactory(invitation=invitation, completed_at=utcnow())
    report = Report(organization_id=team.organization_id, round_id=closed.id, kind="team")
    snapshot = ScoreSnapshot(
        organization_id=team.organization_id, round_id=closed.id, scope="rep", rep_id=rep.id,
        scoring_version="test", inputs_digest="0" * 64, payload={"competencies": []},
    )  # fmt: skip
    session.add_all([report, snapshot])
    session.flush()
    revoked, revoked_text = create_token(session, owner, "old", "write")
    revoke(revoked)
    foreign_owner = UserFactory(role="owner")
    tokens = {
        "none": None,
        "wrong": "cnd_" + "x" * 43,
        "revoked": revoked_text,
        "read": create_token(session, owner, "r", "read")[1],
        "write": create_token(session, owner, "w", "write")[1],
        "foreign": create_token(session, foreign_owner, "f", "write")[1],
    }
    ids = {"team_id": team.id, "rep_id": rep.id, "round_id": closed.id, "report_id": report.id}
    return tokens, ids


def operations(app):
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        view = app.view_functions[rule.endpoint]
        if getattr(view, "access_rule", None) and view.access_rule.kind == "api":
            for method in sorted(rule.methods & {"GET", "POST"}):
                yield rule, view.access_rule.scope, method


def call(app, method, url, token):
    client = app.test_client()
    headers = bearer(token) if token else {}
    if method == "GET":
        return client.get(url, headers=headers)
    return client.post(url, json={}, headers=headers)


def test_every_operation_answers_each_caller_as_its_scope_says(app, world):
    tokens, ids = world
    seen = 0
    for rule, scope, method in operations(app):
        url = rule.build({name: ids[name] for name in rule.arguments})[1]
        for caller in ("none", "wrong", "revoked", "read", "foreign", "write"):
            answer = call(app, method, url, tokens[caller])
            where = f"{method} {rule.rule} with {caller} token: {answer.status_code}"
            assert answer.status_code < 500, where
            if caller in ("none", "wrong", "revoked"):
                assert answer.status_code == 401, where
                assert answer.headers["WWW-Authenticate"].startswith("Bearer"), where
                assert answer.content_type == "application/problem+json", where
            elif caller == "read" and scope == "write":
                assert answer.status_code == 403, where
            elif caller == "foreign" and rule.arguments:
                # another organization's ids answer 404, exactly as the pages do
                assert answer.status_code == 404, where
            else:
                assert answer.status_code not in (401, 403, 404), where
            seen += 1
    assert seen >= 6 * 15


def test_lists_never_show_another_organizations_rows(app, world):
    tokens, _ = world
    for path in ("/api/v1/teams", "/api/v1/reps", "/api/v1/rounds"):
        answer = call(app, "GET", path, tokens["foreign"])
        assert answer.status_code == 200 and answer.json["data"] == [], path
        assert call(app, "GET", path, tokens["read"]).json["data"], path


def test_a_signed_in_browser_cannot_use_the_api_without_a_token(app, client, owner, world):
    sign_in(client, owner.email)
    assert client.get("/manage/teams").status_code == 200
    assert client.get("/api/v1/teams").status_code == 401
    launched = client.post(f"/api/v1/rounds/{world[1]['round_id']}/close")
    assert launched.status_code == 401


def test_the_rate_limit_answers_429_with_retry_after(database_url, tmp_path, session_factory):
    app, owner_token = session_factory(CANDOR_API_RATE_LIMIT=3)
    client = app.test_client()
    answers = [client.get("/api/v1/teams", headers=bearer(owner_token)) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert answers[0].headers["RateLimit-Limit"] == "3"
    assert answers[2].headers["RateLimit-Remaining"] == "0"
    assert int(answers[3].headers["Retry-After"]) > 0
    assert answers[3].content_type == "application/problem+json"


@pytest.fixture
def session_factory(database_url, tmp_path):
    """An app with other settings, and a read token of a new owner in it."""
    made = []

    def make(**settings):
        context = rolled_back_app(database_url, tmp_path / "limited", **settings)
        application = context.__enter__()
        made.append(context)
        test_session = application.extensions["candor.db"].sessionmaker()
        bind(test_session)
        owner = UserFactory(role="owner")
        text = create_token(test_session, owner, "limited", "read")[1]
        test_session.flush()
        return application, text

    yield make
    for context in made:
        context.__exit__(None, None, None)
