"""Promises of the rounds API: a draft asks nobody; launching asks whom the page's
launch asks; results exist only once the round is closed and scored, and never show
a buyer group below the anonymity minimum; a link only to a write token; reads carry
ETags; lists page with a cursor that neither repeats nor skips."""

from __future__ import annotations

import re
from datetime import date, timedelta

from assess.models import OutboxMessage
from tests.conftest import sign_in
from tests.factories import RepFactory, TeamFactory
from tests.support.answered_rounds import HAPPY, answered_round


def dates(days: int = 14) -> dict:
    today = date.today()
    return {"opens_on": today.isoformat(), "closes_on": (today + timedelta(days)).isoformat()}


def test_a_draft_asks_nobody_and_launching_asks_the_team(api, owner, manager, token_of, session):
    team = TeamFactory(organization=owner.organization, name="Alpha", manager_id=manager.id)
    RepFactory(team=team, name="Ann Active", email="ann@example.com")
    RepFactory(team=team, name="Bo Busy", email="bo@example.com")
    caller = api(token_of(owner))

    draft = caller.post("/api/v1/rounds", {"team_id": team.id, "name": "Q1", **dates()})
    assert draft.status_code == 201, draft.json
    assert draft.json["status"] == "draft"
    assert set(draft.json["banks"]) >= {"buyer_feedback", "manager_review"}
    round_id = draft.json["id"]
    assert caller.get(f"/api/v1/rounds/{round_id}/invitations").json["data"] == []
    assert session.query(OutboxMessage).count() == 0

    launched = caller.post(f"/api/v1/rounds/{round_id}/launch", {})
    assert launched.status_code == 200, launched.json
    assert launched.json["round"]["status"] == "open"
    listed = caller.get(f"/api/v1/rounds/{round_id}/invitations?limit=200").json["data"]
    roles = {(row["role"], row["rep_id"] is not None) for row in listed}
    assert ("self", True) in roles and ("manager", True) in roles
    mailed = {message.to_address for message in session.query(OutboxMessage)}
    assert {"ann@example.com", "bo@example.com"} <= mailed  # as the page's launch mails

    again = caller.post(f"/api/v1/rounds/{round_id}/launch", {})
    assert again.status_code == 409 and "only a draft launches" in again.json["detail"]
    assert caller.get(f"/api/v1/rounds/{round_id}/results").status_code == 409


def test_bad_round_input_is_refused_with_the_field_and_changes_nothing(api, owner, token_of):
    team = TeamFactory(organization=owner.organization)
    caller = api(token_of(owner))
    past = {**dates(), "opens_on": (date.today() - timedelta(days=3)).isoformat()}
    cases = {
        "opens_on": {"team_id": team.id, "name": "Late", **past},
        "banks": {"team_id": team.id, "name": "X", "banks": ["no_such_bank"], **dates()},
        "team_id": {"team_id": team.id + 999, "name": "X", **dates()},
        "closes_on": {"team_id": team.id, "name": "Long", **dates(400)},
    }
    for field, body in cases.items():
        answer = caller.post("/api/v1/rounds", body)
        assert answer.status_code == 422, (field, answer.json)
        assert answer.content_type == "application/problem+json"
        assert field in {error["field"] for error in answer.json["errors"]}, answer.json
    assert caller.get("/api/v1/rounds").json["data"] == []


def test_links_go_to_write_tokens_only_and_only_as_the_board_shows_them(
    api, client, owner, token_of
):
    team = TeamFactory(organization=owner.organization, manager_id=owner.id)
    RepFactory(team=team)
    writer, reader = api(token_of(owner)), api(token_of(owner, "read"))
    round_id = writer.post("/api/v1/rounds", {"team_id": team.id, "name": "Q", **dates()}).json[
        "id"
    ]
    writer.post(f"/api/v1/rounds/{round_id}/launch", {})
    url = f"/api/v1/rounds/{round_id}/invitations?limit=200"
    # no mail server here, so the board shows the rep's link for handing over — for the
    # first of their own surveys only: the next opens from its thank-you page
    listed = writer.get(url).json["data"]
    own = [row for row in listed if row["role"] == "self"]
    assert len(own) == 2
    assert [bool(row["link"]) for row in own].count(True) == 1
    sign_in(client, owner.email)
    board = client.get(f"/manage/rounds/{round_id}").get_data(as_text=True)
    on_board = set(re.findall(r'class="copy-link"[^>]* value="([^"]+)"', board))
    on_board |= set(re.findall(r'href="([^"]+)">Answer now', board))  # the owner's own review
    assert on_board and {row["link"] for row in listed if row["link"]} == on_board
    assert not any(row["link"] for row in reader.get(url).json["data"])


def test_results_show_groups_only_at_the_minimum_as_the_report_does(
    api, client, session, manager, token_of
):
    answered = answered_round(client, session, manager)
    answered.answer("consultative_selling", "self", name="Robin Rep")
    answered.answer("manager_review", "manager", name="Max Manager")
    for number in range(2):  # two buyers: below the minimum of three
        answered.answer("buyer_feedback", "customer", HAPPY, name=f"Buyer {number}",
                        comment=f"SECRET COMMENT {number}")  # fmt: skip
    sign_in(client, manager.email)
    answered.close()
    caller = api(token_of(manager, "read"))

    result = caller.get(f"/api/v1/rounds/{answered.round.id}/results/{answered.rep.id}")

    assert result.status_code == 200, result.json
    body = result.json
    assert set(body["overall"]) <= {"self", "manager", "combined"}
    for competency in body["competencies"]:
        assert not set(competency["groups"]) & {"buyers", "customer", "prospect", "referral"}
    assert body["buyer_comments"] == [] and body["buyers_answered"] is None
    assert body["referral"] is None
    assert "SECRET COMMENT" not in result.get_data(as_text=True)
    listed = caller.get(f"/api/v1/rounds/{answered.round.id}/results").json["data"]
    assert [row["rep_id"] for row in listed] == [answered.rep.id]


def test_reads_carry_etags_and_a_cursor_pages_without_repeats(api, owner, token_of):
    team = TeamFactory(organization=owner.organization)
    for number in range(5):
        RepFactory(team=team, email=f"rep{number}@example.com")
    caller = api(token_of(owner, "read"))
    first = caller.get("/api/v1/reps?limit=2")
    assert first.headers["ETag"]
    unchanged = caller.get("/api/v1/reps?limit=2", **{"If-None-Match": first.headers["ETag"]})
    assert unchanged.status_code == 304 and unchanged.data == b""

    seen, url = [], "/api/v1/reps?limit=2"
    while url:
        page = caller.get(url)
        seen += [rep["email"] for rep in page.json["data"]]
        cursor = page.json["next_cursor"]
        assert ("Link" in page.headers) == bool(cursor)
        url = f"/api/v1/reps?limit=2&cursor={cursor}" if cursor else None
    assert sorted(seen) == [f"rep{n}@example.com" for n in range(5)]
    assert caller.get("/api/v1/reps?cursor=not-ours").status_code == 400


def test_results_at_the_minimum_show_the_pooled_buyers_like_the_report(
    api, client, session, manager, token_of
):
    answered = answered_round(client, session, manager)
    answered.answer("consultative_selling", "self", name="Robin Rep")
    answered.answer("manager_review", "manager", name="Max Manager")
    for number, comment in enumerate(("Pushy.", "pushy", "Knew our numbers.")):
        answered.answer("buyer_feedback", "customer", HAPPY, name=f"Buyer {number}",
                        comment=comment)  # fmt: skip
    sign_in(client, manager.email)
    answered.close()
    body = (
        api(token_of(manager, "read"))
        .get(f"/api/v1/rounds/{answered.round.id}/results/{answered.rep.id}")
        .json
    )

    assert body["overall"]["buyers"]["raters"] == 3
    assert body["buyers_answered"] == 3
    # each comment once, as the report prints them: two copies would count the raters
    assert sorted(body["buyer_comments"]) == ["Knew our numbers.", "Pushy."]
    exported = [row["value"] for row in answered.export("json") if row["item"] == "comment"]
    assert sorted(exported) == ["Knew our numbers.", "Pushy."]
    team_text = answered.report("rep").text
    assert all(comment in team_text for comment in body["buyer_comments"])
