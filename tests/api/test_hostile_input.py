"""What a careless or hostile client sends is refused with a problem naming it, and
changes nothing: look-alike teams, text the pages refuse, people listed twice, JSON
the parser cannot read, a body that is not JSON."""

from __future__ import annotations

from datetime import date, timedelta

from assess.models import Round
from tests.factories import RepFactory, TeamFactory

SYNC = "/api/v1/reps/sync"


def test_a_look_alike_team_in_a_sync_is_the_real_team(api, owner, manager, token_of):
    team = TeamFactory(organization=owner.organization, name="Field Sales", manager_id=manager.id)
    rep = RepFactory(team=team, email="alex@example.com", name="Alex")
    caller = api(token_of(owner))
    for look_alike in ("Field\u2800Sales", "Field S\u0430les", "F\u0131eld Sales"):
        answer = caller.post(SYNC, {"reps": [
            {"name": "Alex", "email": "alex@example.com", "team": look_alike},
        ]})  # fmt: skip
        assert answer.json == {
            "created": 0, "updated": 0, "unchanged": 1, "archived": 0, "teams_created": [],
        }, look_alike  # fmt: skip
    assert caller.get(f"/api/v1/reps/{rep.id}").json["team_id"] == team.id
    assert len(caller.get("/api/v1/teams").json["data"]) == 1


def test_text_the_pages_refuse_is_refused_by_the_api(api, owner, session, token_of):
    team = TeamFactory(organization=owner.organization, manager_id=owner.id)
    RepFactory(team=team)
    caller = api(token_of(owner))
    days = {"opens_on": date.today().isoformat(),
            "closes_on": (date.today() + timedelta(days=9)).isoformat()}  # fmt: skip
    for name in ("Q4\u0000", "Q4\r\nBcc: x@evil.example", "Q4\u202eevil"):
        answer = caller.post("/api/v1/rounds", {"team_id": team.id, "name": name, **days})
        assert answer.status_code == 422, name
        assert answer.json["errors"][0]["field"] == "name"
    synced = caller.post(SYNC, {"reps": [{"name": "A", "email": "a@example.com",
                                          "team": "Sales\u0000"}]})  # fmt: skip
    assert synced.status_code == 422
    assert synced.json["errors"][0]["field"] == "reps[0].team"
    assert session.query(Round).count() == 0


def test_staff_listed_twice_or_with_a_line_break_are_refused_before_anything(
    api, owner, session, token_of
):
    team = TeamFactory(organization=owner.organization, manager_id=owner.id)
    RepFactory(team=team)
    caller = api(token_of(owner))
    days = {"opens_on": date.today().isoformat(),
            "closes_on": (date.today() + timedelta(days=9)).isoformat()}  # fmt: skip
    draft = caller.post("/api/v1/rounds", {
        "team_id": team.id, "name": "Alignment", "banks": ["sales_marketing_alignment"], **days,
    }).json  # fmt: skip
    bodies = {
        "operations[0].email": {"marketing": [{"name": "M", "email": "dup@example.com"}],
                                "operations": [{"name": "O", "email": "DUP@example.com"}]},
        "marketing[1].email": {"marketing": [{"name": "M", "email": "m@example.com"},
                                             {"name": "N", "email": "m@example.com"}]},
        "marketing[0].name": {"marketing": [{"name": "Evil\r\nBcc: x@evil.example",
                                             "email": "e@example.com"}]},
    }  # fmt: skip
    for where, body in bodies.items():
        answer = caller.post(f"/api/v1/rounds/{draft['id']}/launch", body)
        assert answer.status_code == 422, (where, answer.json)
        assert where in {error["field"] for error in answer.json["errors"]}
    assert caller.get(f"/api/v1/rounds/{draft['id']}").json["status"] == "draft"


def test_json_the_parser_cannot_read_and_bodies_that_are_not_json(app, owner, token_of):
    client, token = app.test_client(), token_of(owner)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    for body in ("[" * 100_000, '{"reps": [' + "9" * 5000 + "]}", '{"reps": '):
        answer = client.post(SYNC, data=body, headers=headers)
        assert answer.status_code == 400, answer.status_code
        assert answer.content_type == "application/problem+json"
    as_text = client.post(
        SYNC,
        data='{"reps": [{"name": "A", "email": "a@example.com", "team": "T"}]}',
        headers={**headers, "Content-Type": "text/plain"},
    )
    assert as_text.status_code == 415 and "application/json" in as_text.json["detail"]
