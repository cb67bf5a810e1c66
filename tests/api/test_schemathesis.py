"""Schemathesis against the API's own OpenAPI document, on both databases: generated
requests for every operation, each answer checked against the document (no 5xx, the
status, content type, headers and body the document promises), and every operation
refusing a missing token (401) and a read token where it writes (403).

Examples are bounded so `make test` stays minutes, not hours; what they find grows
with the seed Hypothesis keeps rotating between runs.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from assess.services.api_tokens import create_token
from tests.api.conftest import bearer
from tests.factories import RepFactory, TeamFactory, UserFactory

#: Examples per operation: enough to reach each branch the schema describes, few
#: enough that both halves of `make test` stay minutes.
EXAMPLES = 25


@pytest.fixture
def api_schema(app, session):
    owner = UserFactory(role="owner")
    team = TeamFactory(organization=owner.organization, manager_id=owner.id)
    RepFactory(team=team)
    tokens = {scope: create_token(session, owner, scope, scope)[1] for scope in ("read", "write")}
    session.flush()
    app.config["CANDOR_API_RATE_LIMIT"] = 1_000_000  # the limit has a test of its own
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app), tokens


#: "Schema-valid data is accepted" cannot hold for rules no schema can state — a
#: round opening yesterday, a cursor the API never gave, a team of another
#: organization — which are refused with a documented 4xx problem instead.
BUSINESS_RULES = [positive_data_acceptance]


def check_case(case, tokens) -> None:
    case.call_and_validate(headers=bearer(tokens["write"]), excluded_checks=BUSINESS_RULES)
    assert case.call().status_code == 401, "a call without a token"
    refused = case.call(headers=bearer(tokens["read"]))
    if case.method.upper() == "POST":
        assert refused.status_code == 403, "a write with a read token"
    else:
        assert refused.status_code not in (401, 403), "a read with a read token"


def test_every_answer_matches_the_document(api_schema):
    # Schemathesis's pytest plugin does not run under pytest 9 yet, so each operation
    # gets its own Hypothesis test here, from the operation's own strategy.
    loaded, tokens = api_schema
    operations = [result.ok() for result in loaded.get_all_operations()]
    assert len(operations) >= 15
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case):
            check_case(case, tokens)

        run()
