"""Outcomes through the API follow the CSV import's rules: all or nothing, each problem
named by its place, the same fields in every entry, another organization's reps
unknown, a read token refused — and each period linked to the round before it."""

from __future__ import annotations

from assess.models import Outcome
from tests.factories import RepFactory, TeamFactory, UserFactory

SYNC = "/api/v1/outcomes/sync"


def entry(email: str, **figures) -> dict:
    return {"email": email, "period_start": "2026-01-01", "period_end": "2026-03-31", **figures}


def test_outcomes_are_stored_replaced_and_listed(api, owner, token_of, session):
    team = TeamFactory(organization=owner.organization)
    ann = RepFactory(team=team, email="ann@example.com")
    caller = api(token_of(owner))
    first = caller.post(SYNC, {"outcomes": [entry("ANN@example.com", win_rate=41.5, deals_won=7)]})
    assert first.status_code == 200 and first.json == {"created": 1, "replaced": 0}
    again = caller.post(SYNC, {"outcomes": [entry("ann@example.com", win_rate="38,5",
                                                  deals_won=None)]})  # fmt: skip
    assert again.json == {"created": 0, "replaced": 1}
    (listed,) = caller.get(f"/api/v1/outcomes?rep_id={ann.id}").json["data"]
    assert listed["figures"]["win_rate"] == 38.5 and listed["figures"]["deals_won"] is None
    assert session.query(Outcome).count() == 1


def test_one_bad_entry_saves_nothing_and_says_where(api, owner, token_of, session):
    team = TeamFactory(organization=owner.organization)
    RepFactory(team=team, email="ann@example.com")
    stranger = RepFactory(team=TeamFactory(organization=UserFactory().organization))
    caller = api(token_of(owner))
    answer = caller.post(SYNC, {"outcomes": [
        entry("ann@example.com", win_rate=41.5, deals_won=3),
        entry("ann@example.com", win_rate=140, deals_won=2),
        entry(stranger.email, win_rate=20, deals_won=1),
        entry("ann@example.com", win_rate=20),
    ]})  # fmt: skip
    assert answer.status_code == 422 and answer.content_type == "application/problem+json"
    where = {error["field"] for error in answer.json["errors"]}
    assert where == {"outcomes[1]", "outcomes[2]", "outcomes[3]"}
    text = str(answer.json["errors"])
    assert "at outcomes[0]" in text  # the same rep and period twice
    assert "missing deals_won" in text
    assert session.query(Outcome).count() == 0


def test_a_read_token_cannot_send_outcomes(api, owner, token_of, session):
    RepFactory(team=TeamFactory(organization=owner.organization), email="ann@example.com")
    body = {"outcomes": [entry("ann@example.com", win_rate=40)]}
    answer = api(token_of(owner, "read")).post(SYNC, body)
    assert answer.status_code == 403
    assert session.query(Outcome).count() == 0


def test_a_period_that_has_not_started_is_refused_by_the_api(api, token_of, owner, session):
    team = TeamFactory(organization=owner.organization)
    rep = RepFactory(team=team, email="future@sales.example")
    session.flush()
    entry = {"email": rep.email, "period_start": "2099-01-01", "period_end": "2099-03-31",
             "win_rate": 40}  # fmt: skip
    answer = api(token_of(owner)).post("/api/v1/outcomes/sync", {"outcomes": [entry]})
    assert answer.status_code == 422
    assert "after today" in answer.get_data(as_text=True)
    assert session.query(Outcome).count() == 0
