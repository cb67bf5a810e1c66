"""Every route, from the app's URL map, run as five people against the rule it declares:
the owner, the team's manager, another team's manager, a manager of no team, another
organization's owner — and nobody signed in.

A route without a declared rule stops the app from starting, so none can be missed.
"""

from __future__ import annotations

import io

import pytest
from flask import Flask

from assess.models import Report, utcnow
from assess.platform.report_files import write_atomically
from assess.services.api_tokens import create_token
from assess.services.bank_versions import ensure_version, shipped_banks
from assess.services.held_invitations import person_key
from assess.web.scoping import check_every_route_declares_access, public
from tests.conftest import csrf_from, post_form, sign_in
from tests.factories import (
    InvitationFactory,
    RepFactory,
    ResponseFactory,
    RoundFactory,
    TeamFactory,
    UserFactory,
    WebhookEndpointFactory,
)

PEOPLE = ("owner", "team_manager", "other_manager", "no_team_manager", "foreign_owner")
ALLOWED = {
    "signed_in": set(PEOPLE),
    "owner": {"owner", "foreign_owner"},
    "team": {"owner", "team_manager"},
}


@pytest.fixture
def world(app, session, tmp_path):
    """Organization A with two teams and their managers, a manager of no team, and the
    owner of organization B; one row of each kind in team A1."""
    owner = UserFactory(role="owner", name="Olive Owner")
    organization = owner.organization
    team_manager = UserFactory(role="manager", organization=organization)
    other_manager = UserFactory(role="manager", organization=organization)
    no_team_manager = UserFactory(role="manager", organization=organization)
    foreign_owner = UserFactory(role="owner")
    newcomer = UserFactory(role="manager", organization=organization)  # never signed in
    team = TeamFactory(organization=organization, name="Alpha Squad", manager_id=team_manager.id)
    TeamFactory(organization=organization, name="Beta Squad", manager_id=other_manager.id)
    rep = RepFactory(team=team, name="Rita Alpharep")
    banks = shipped_banks()
    versions = [
        ensure_version(session, banks[b]) for b in ("consultative_selling", "buyer_feedback")
    ]
    assessment_round = RoundFactory(team=team, name="Alpha Spring", bank_versions=versions)
    invitation = InvitationFactory(round=assessment_round, rep=rep, bank_version=versions[0])
    # a finished buyer survey: the bank version's item analysis exists for organization A
    buyer = InvitationFactory(
        round=assessment_round, rep=rep, bank_version=versions[1], rater_role="customer",
        rater_key="cy@example.com", status="completed",
    )  # fmt: skip
    ResponseFactory(invitation=buyer, completed_at=utcnow())
    path, checksum = write_atomically(tmp_path, "team.pdf", b"%PDF-1.4 the team report")
    report = Report(
        organization_id=organization.id,
        round_id=assessment_round.id,
        kind="team",
        status="done",
        file_path=str(path),
        checksum=checksum,
    )
    session.add(report)
    session.flush()
    people = {
        "owner": owner,
        "team_manager": team_manager,
        "other_manager": other_manager,
        "no_team_manager": no_team_manager,
        "foreign_owner": foreign_owner,
    }
    clients = {}
    for name, user in people.items():
        clients[name] = app.test_client()
        sign_in(clients[name], user.email)
    clients["anonymous"] = app.test_client()
    ids = {
        "team_id": team.id,
        "rep_id": rep.id,
        "round_id": assessment_round.id,
        "invitation_id": invitation.id,
        "report_id": report.id,
        "user_id": newcomer.id,
        "key": person_key("test-secret-key", "user", newcomer.id),
        "version_id": versions[1].id,
        "kind": "csv",
        "token_id": create_token(session, owner, "A's sync", "read")[0].id,
        "endpoint_id": WebhookEndpointFactory(organization=organization).id,
    }
    return clients, ids


def checked_routes(app):
    # Signing out last: it ends the session the other checks run in.
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: (r.rule == "/logout", r.rule)):
        if rule.endpoint == "static":
            continue
        access = app.view_functions[rule.endpoint].access_rule
        if access.kind in ("public", "api"):  # the API: tests/api/test_token_matrix.py
            continue
        for method in sorted(rule.methods & {"GET", "POST"}):
            yield rule, access, method


def ask(client, method: str, url: str, token: str | None):
    if method == "GET":
        return client.get(url)
    return client.post(url, data={"csrf_token": token} if token else {})


def test_every_route_answers_each_person_as_its_rule_says(app, world):
    clients, ids = world
    tokens = {
        name: csrf_from(client.get("/login" if name == "anonymous" else "/manage/teams"))
        for name, client in clients.items()
    }
    seen = []
    # Refusals first: they must change nothing, so the allowed calls below see the same rows.
    order = ("anonymous", "other_manager", "no_team_manager", "foreign_owner")
    order += ("team_manager", "owner")
    for rule, access, method in checked_routes(app):
        url = rule.build({name: ids[name] for name in rule.arguments})[1]
        for person in order:
            answer = ask(clients[person], method, url, tokens.get(person))
            where = f"{method} {rule.rule} as {person}: {answer.status_code}"
            if person == "anonymous":
                assert answer.status_code == 302, where
                assert answer.headers["Location"].startswith("/login"), where
            elif person in ALLOWED[access.kind]:
                foreign_id = person == "foreign_owner" and rule.arguments - {"kind"}
                expected_refusal = {404} if foreign_id else set()
                if expected_refusal:
                    assert answer.status_code == 404, where
                else:
                    assert answer.status_code not in (403, 404), where
                    assert answer.status_code < 500, where
            elif access.kind == "owner":
                assert answer.status_code == 403, where
            else:
                assert answer.status_code == 404, where
            seen.append(where)
    assert len(seen) >= 6 * 25


def test_lists_show_a_manager_only_the_teams_they_manage(app, world):
    clients, ids = world
    secrets = ("Alpha Squad", "Rita Alpharep", "Alpha Spring")
    for person in ("other_manager", "no_team_manager", "foreign_owner"):
        for page in ("/manage/", "/manage/teams", "/manage/outbox", "/manage/rounds/new"):
            text = clients[person].get(page).get_data(as_text=True)
            assert not [s for s in secrets if s in text], f"{page} as {person}"
    for person in ("owner", "team_manager"):
        assert "Alpha Squad" in clients[person].get("/manage/teams").get_data(as_text=True)
    beta = clients["no_team_manager"].get("/manage/teams").get_data(as_text=True)
    assert "Beta Squad" not in beta  # a manager of no team sees no team at all


def test_a_manager_cannot_import_reps_into_a_team_they_do_not_manage(app, world, session):
    clients, _ = world
    mole = b"name,email,team\nMole,mole@example.com,Alpha Squad\n"
    answer = post_form(
        clients["other_manager"],
        "/manage/reps/import",
        {"file": (io.BytesIO(mole), "reps.csv")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "You do not manage the team" in answer.get_data(as_text=True)
    alpha = clients["team_manager"].get(f"/manage/teams/{world[1]['team_id']}")
    assert "mole@example.com" not in alpha.get_data(as_text=True)


def test_a_route_without_a_rule_stops_the_app_from_starting():
    app = Flask("probe")
    app.add_url_rule("/declared", "declared", public(lambda: "ok"))
    app.add_url_rule("/forgotten", "forgotten", lambda: "oops")
    with pytest.raises(RuntimeError, match="/forgotten"):
        check_every_route_declares_access(app)


def test_an_id_no_row_can_have_answers_404_not_500(app, world):
    clients, _ = world
    for url in (
        "/manage/rounds/999999999999999999999999",
        "/manage/teams/9223372036854775808",
        "/manage/reports/2147483648.pdf",
        "/manage/rounds/999999999999999999999999/export.csv",
    ):
        assert clients["owner"].get(url).status_code == 404, url
    token = csrf_from(clients["owner"].get("/manage/teams"))
    answer = clients["owner"].post(
        "/manage/rounds/99999999999999999999/close", data={"csrf_token": token}
    )
    assert answer.status_code == 404
