"""Promises of the HRIS sync (`POST /api/v1/reps/sync`): what the list says is what
Candor holds; one bad row saves nothing and says where; a retry with the same
Idempotency-Key never syncs twice; a read token changes nothing."""

from __future__ import annotations

from tests.factories import RepFactory, TeamFactory

SYNC = "/api/v1/reps/sync"


def reps_of(api_caller, **query) -> dict[str, dict]:
    listed = api_caller.get(
        "/api/v1/reps?limit=200" + "".join(f"&{k}={v}" for k, v in query.items())
    )
    assert listed.status_code == 200, listed.json
    return {rep["email"]: rep for rep in listed.json["data"]}


def test_a_sync_creates_renames_moves_brings_back_and_archives(api, owner, token_of, session):
    east = TeamFactory(organization=owner.organization, name="East")
    staying = RepFactory(team=east, name="Sam Stay", email="sam@example.com")
    leaving = RepFactory(team=east, name="Lee Leave", email="lee@example.com")
    returning = RepFactory(team=east, name="Ria Return", email="ria@example.com")
    returning.archived_at = returning.created_at
    session.flush()
    caller = api(token_of(owner))

    answer = caller.post(SYNC, {
        "reps": [
            {"name": "Sam Staying", "email": "SAM@example.com", "team": "west "},
            {"name": "Ria Return", "email": "ria@example.com", "team": "East"},
            {"name": "Nia New", "email": "nia@example.com", "team": "  east"},
        ],
        "archive_missing": True,
    })  # fmt: skip

    assert answer.status_code == 200, answer.json
    assert answer.json == {
        "created": 1, "updated": 2, "unchanged": 0, "archived": 1, "teams_created": ["west"],
    }  # fmt: skip
    reps = reps_of(caller)
    assert reps["sam@example.com"]["name"] == "Sam Staying"
    assert reps["sam@example.com"]["team_id"] != east.id
    assert reps["sam@example.com"]["id"] == staying.id  # the same rep, not a second one
    assert reps["nia@example.com"]["team_id"] == east.id  # "  east" is the team East
    assert reps["ria@example.com"]["archived"] is False
    assert reps["lee@example.com"]["archived"] is True and leaving.id
    again = caller.post(SYNC, {"reps": [
        {"name": "Sam Staying", "email": "sam@example.com", "team": "West"},
    ]})  # fmt: skip
    assert again.json["unchanged"] == 1 and again.json["archived"] == 0


def test_one_bad_entry_saves_nothing_and_each_problem_says_where(api, owner, token_of):
    caller = api(token_of(owner))
    answer = caller.post(SYNC, {"reps": [
        {"name": "Good One", "email": "good@example.com", "team": "Alpha"},
        {"name": "", "email": "not-an-address", "team": "Alpha"},
        {"name": "Twice", "email": "good@example.com", "team": "Alpha"},
        {"name": "Nul\u0000l", "email": "nul@example.com", "team": "Alpha"},
    ]})  # fmt: skip

    assert answer.status_code == 422
    assert answer.content_type == "application/problem+json"
    fields = {error["field"] for error in answer.json["errors"]}
    assert fields == {"reps[1].name", "reps[1].email", "reps[2].email", "reps[3].name"}
    assert "nothing was saved" in answer.json["detail"]
    assert reps_of(caller) == {}
    assert caller.get("/api/v1/teams").json["data"] == []  # no team made either


def test_a_retry_with_the_same_key_returns_the_first_answer_and_syncs_once(api, owner, token_of):
    caller = api(token_of(owner))
    body = {"reps": [{"name": "Kim Key", "email": "kim@example.com", "team": "Alpha"}]}
    first = caller.post(SYNC, body, **{"Idempotency-Key": "nightly-2026-11-29"})
    retry = caller.post(SYNC, body, **{"Idempotency-Key": "nightly-2026-11-29"})
    fresh = caller.post(SYNC, body, **{"Idempotency-Key": "nightly-2026-11-30"})

    assert first.json["created"] == 1
    assert retry.json == first.json  # not "unchanged": the first answer, replayed
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert fresh.json["unchanged"] == 1 and "Idempotent-Replayed" not in fresh.headers
    reused = caller.post(SYNC, {"reps": []}, **{"Idempotency-Key": "nightly-2026-11-29"})
    assert reused.status_code == 422
    assert "used for another request" in reused.json["detail"]


def test_a_read_token_cannot_sync_and_changes_nothing(api, owner, token_of):
    reader = api(token_of(owner, "read"))
    answer = reader.post(SYNC, {"reps": [{"name": "R", "email": "r@example.com", "team": "T"}]})
    assert answer.status_code == 403
    assert answer.content_type == "application/problem+json"
    assert reps_of(reader) == {}


def test_a_sync_of_ten_thousand_reps_fits_in_one_call(api, owner, token_of):
    caller = api(token_of(owner))
    reps = [
        {"name": f"Representative Number {n:05d} Longname-Doublebarrel",
         "email": f"representative.number.{n:05d}@a-rather-long-company-domain.example.com",
         "team": f"Regional Sales Team {n % 40:02d}"}
        for n in range(10_000)
    ]  # fmt: skip
    answer = caller.post(SYNC, {"reps": reps})
    assert answer.status_code == 200, answer.get_data(as_text=True)[:300]
    assert answer.json["created"] == 10_000
    too_many = caller.post(SYNC, {"reps": reps + reps[:1]})
    assert too_many.status_code == 422 and too_many.content_type == "application/problem+json"
