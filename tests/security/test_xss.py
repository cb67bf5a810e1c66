"""Hostile text is inert everywhere it is shown.

Names (organization, team, rep, user, rater), notes, a buyer's comment, a report's error
and the texts of a question bank all carry script tags, event handlers, SVG payloads and
``javascript:`` URLs. Every page a GET route of the app's URL map can show is fetched
(a new route without a way to fill it fails the test), and none may hold a payload as
live markup. Exports must come as downloads of a non-HTML type.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from assess.core.banks import bank_from_dict
from assess.models import Answer, OutboxMessage, Report, Response, utcnow
from assess.services.api_tokens import create_token
from assess.services.bank_versions import ensure_version, shipped_banks
from assess.services.invitations import token_for
from tests.conftest import sign_in
from tests.factories import (
    InvitationFactory,
    OrganizationFactory,
    RepFactory,
    RoundFactory,
    TeamFactory,
    UserFactory,
    WebhookEndpointFactory,
)

HOSTILE = "<script>alert(1)</script><svg onload=alert(2)>\"><img src=x onerror=alert(3)>'"
HOSTILE_URL = "javascript:alert(4)"
# GET routes not fetched here, and why.
NOT_PAGES = {
    "static": "files from static/, no data",
    "auth.sso_callback": "the provider's redirect back: without a sign-in under way it "
    "says so on a fixed page (tests/integrations/test_sso_sign_in.py)",
    "auth.sso_callback_moved": "a fixed page (410) saying the redirect URI changed",
    "home.healthz": "a fixed text",
    "auth.set_password": "its token page shows no stored text; covered in tests/web/test_auth",
    "manage.download_report": "a PDF from a stored file (PDF escaping: tests/reports)",
    "manage.add_buyer": "a form's address: a GET only redirects to the rep's card",
}


def hostile_bank(key: str):
    """The shipped bank ``key`` with its title, an item and an option rewritten as attacks."""
    data = shipped_banks()[key].to_dict()
    data["id"] = f"{key}_hostile"
    data["title"] = {"en": f"{HOSTILE} title"}
    data["instructions"] = {"en": f"{HOSTILE} {HOSTILE_URL}"}
    for page in data["pages"]:
        page["title"] = {"en": f"{HOSTILE} page"}
        for item in page["items"]:
            item["text"] = {"en": f"{HOSTILE} {item['id']}"}
            for option in item.get("options", ()):
                option["text"] = {"en": f"{HOSTILE} option"}
    return bank_from_dict(data)


@pytest.fixture
def hostile(session):
    """An organization whose every shown text is an attack."""
    organization = OrganizationFactory(name=f"{HOSTILE} Ltd")
    owner = UserFactory(organization=organization, role="owner", name=HOSTILE)
    team = TeamFactory(organization=organization, name=HOSTILE, manager_id=owner.id)
    rep = RepFactory(team=team, name=f"{HOSTILE} rep")
    self_version = ensure_version(session, hostile_bank("consultative_selling"))
    buyer_version = ensure_version(session, hostile_bank("buyer_feedback"))
    assessment_round = RoundFactory(
        team=team, name=f"{HOSTILE} round", bank_versions=[self_version, buyer_version]
    )
    closed_round = RoundFactory(
        team=team,
        name=f"{HOSTILE} closed round",
        bank_versions=[self_version, buyer_version],
        status="closed",
        closed_at=utcnow(),
    )
    buyer = InvitationFactory(
        round=assessment_round,
        rep=rep,
        bank_version=buyer_version,
        rater_role="customer",
        rater_key="buyer@example.com",
        rater_name=HOSTILE,
        rater_email="buyer@example.com",
        note=f"{HOSTILE} {HOSTILE_URL}",
    )
    finished = InvitationFactory(
        round=assessment_round,
        rep=rep,
        bank_version=buyer_version,
        rater_role="prospect",
        rater_key="done@example.com",
        rater_name=HOSTILE,
        rater_email="done@example.com",
        status="completed",
    )
    response = Response(
        organization_id=organization.id,
        invitation_id=finished.id,
        completed_at=utcnow(),
        current_page=2,
    )
    session.add(response)
    session.flush()
    session.add_all(
        [
            Answer(response_id=response.id, item_id="bf_comment", value=f"{HOSTILE} {HOSTILE_URL}"),
            Answer(response_id=response.id, item_id="bf_interrupted", value=HOSTILE),
        ]
    )
    self_invitation = InvitationFactory(
        round=assessment_round, rep=rep, bank_version=self_version, status="completed"
    )
    session.add(
        Response(
            organization_id=organization.id,
            invitation_id=self_invitation.id,
            completed_at=utcnow(),
            current_page=6,
        )
    )
    report = Report(
        organization_id=organization.id,
        round_id=assessment_round.id,
        kind="team",
        status="failed",
        error=f"{HOSTILE} {HOSTILE_URL}",
    )
    session.add(report)
    session.add(
        OutboxMessage(
            organization_id=organization.id,
            to_address="buyer@example.com",
            subject=HOSTILE,
            body_text=HOSTILE,
            body_html=HOSTILE,
            last_error=HOSTILE,
            dedupe_key=f"hostile-{organization.id}",
        )
    )
    endpoint = WebhookEndpointFactory(organization=organization, description=HOSTILE)
    api_token, _ = create_token(session, owner, HOSTILE[:120], "read")
    session.flush()
    return {
        "owner": owner,
        "values": {
            "endpoint_id": endpoint.id,
            "token_id": api_token.id,
            "team_id": team.id,
            "rep_id": rep.id,
            "round_id": assessment_round.id,
            "closed_round_id": closed_round.id,
            "invitation_id": buyer.id,
            "report_id": report.id,
            "version_id": buyer_version.id,
            "kind": "csv",
        },
        "tokens": {
            "open": token_for("test-secret-key", buyer.token_nonce),
            "done": token_for("test-secret-key", finished.token_nonce),
            "self_done": token_for("test-secret-key", self_invitation.token_nonce),
        },
    }


class LiveMarkup(HTMLParser):
    """Collects what a browser would run: inline scripts, event-handler attributes,
    ``javascript:`` URLs, and the elements the payloads would have created."""

    URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            if name in self.URL_ATTRIBUTES and value.replace(" ", "").startswith("javascript:"):
                self.found.append(f"<{tag} {name}={value}>")
        if tag == "svg" or (tag == "img" and dict(attrs).get("src") == "x"):
            self.found.append(f"<{tag}>")
        if tag == "script":
            if not dict(attrs).get("src"):
                self.found.append("<script> inline")
            self.in_script = True

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = False

    def handle_data(self, data):
        if self.in_script and data.strip():
            self.found.append(f"<script>{data[:40]}")


def live_payloads(page: str) -> list[str]:
    parser = LiveMarkup()
    parser.feed(page)
    parser.close()
    return parser.found


def manager_urls(app, values) -> dict[str, list[str]]:
    """Endpoint -> URLs for every GET route outside the survey, filled from ``values``."""
    urls: dict[str, list[str]] = {}
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in NOT_PAGES:
            continue
        if rule.endpoint.startswith("survey."):
            continue
        if rule.rule.startswith("/api/v1/") and rule.endpoint not in ("api_docs", "api_openapi"):
            continue  # JSON for API tokens, never HTML: tests/api/ (the docs page is here)
        if rule.endpoint == "manage.reopen_round":  # its confirmation: a closed round's
            urls[rule.endpoint] = [rule.build({"round_id": values["closed_round_id"]})[1]]
            urls[rule.endpoint][0] += "?days=3"
            continue
        missing = rule.arguments - set(values)
        assert not missing, f"{rule.rule}: add a hostile row for {missing} to this test"
        if rule.endpoint == "manage.export_round":
            urls[rule.endpoint] = [
                rule.build({**values, "kind": kind})[1] for kind in ("csv", "json")
            ]
            continue
        urls[rule.endpoint] = [rule.build({k: values[k] for k in rule.arguments})[1]]
    return urls


def test_hostile_text_is_inert_on_every_manager_page(app, client, hostile):
    sign_in(client, hostile["owner"].email)
    checked = []
    for endpoint, urls in manager_urls(app, hostile["values"]).items():
        for url in urls:
            answer = client.get(url)
            if answer.status_code == 302:  # a page for visitors (sign-in): as a visitor
                answer = app.test_client().get(url)
            assert answer.status_code == 200, f"{url} answered {answer.status_code}"
            text = answer.get_data(as_text=True)
            if endpoint == "manage.export_round" or url.endswith((".json", ".csv")):
                # Data, not a page: a type a browser will not render as HTML, and sniffing off.
                assert "html" not in answer.mimetype, url
                assert answer.headers["X-Content-Type-Options"] == "nosniff"
                if endpoint == "manage.export_round":
                    assert answer.headers["Content-Disposition"].startswith("attachment")
                continue
            assert answer.mimetype == "text/html", url
            assert not live_payloads(text), f"{url}: {live_payloads(text)}"
            checked.append(endpoint)
    page_of = {endpoint for endpoint in checked}
    assert {"manage.round_board", "manage.team", "manage.rep", "manage.outbox"} <= page_of
    # The hostile text really was on the pages (escaped), so the check meant something.
    board = client.get(f"/manage/rounds/{hostile['values']['round_id']}").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in board


def test_hostile_bank_texts_and_names_are_inert_on_every_survey_page(app, client, hostile):
    tokens = hostile["tokens"]
    pages = [f"/s/{tokens['open']}", f"/s/{tokens['open']}/p/1"]
    pages += [f"/s/{tokens['done']}/done", f"/s/{tokens['self_done']}/done"]
    survey_endpoints = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("survey.") and "GET" in rule.methods
    }
    assert survey_endpoints == {
        "survey.landing",
        "survey.page",
        "survey.done",
        "survey.nominate_buyers",
        "survey.confirm_buyers",
        "survey.take_move",
    }
    pages.append(f"/s/{tokens['self_done']}/nominate")
    pages.append(f"/s/{tokens['self_done']}/buyers")
    moved = client.get(f"/s/{tokens['open']}/move/not-a-move-token")  # names the organization
    assert moved.status_code == 404 and not live_payloads(moved.get_data(as_text=True))
    for url in pages:
        answer = client.get(url)
        assert answer.status_code == 200, f"{url} answered {answer.status_code}"
        text = answer.get_data(as_text=True)
        assert not live_payloads(text), f"{url}: {live_payloads(text)}"
    first_page = client.get(pages[1]).get_data(as_text=True)
    assert "&lt;svg onload=alert(2)&gt;" in first_page  # the bank text is there, escaped


def test_a_hostile_comment_posted_through_the_form_comes_back_inert(app, client, hostile):
    """What a respondent types is shown back to them escaped, valid or not."""
    from tests.conftest import csrf_from

    token = hostile["tokens"]["open"]
    page = client.get(f"/s/{token}/p/1")
    answer = client.post(
        f"/s/{token}/p/1",
        data={"csrf_token": csrf_from(page), "action": "next", "bf_interrupted": HOSTILE},
    )
    assert answer.status_code == 422
    assert not live_payloads(answer.get_data(as_text=True))


def test_the_detector_sees_live_payloads_and_not_escaped_ones():
    for live in (
        "<script>alert(1)</script>",
        "<svg onload=alert(1)>",
        '<img src=x onerror="alert(1)">',
        '<a href=" javascript:alert(1)">x</a>',
        "<p onmouseover='alert(1)'>x</p>",
    ):
        assert live_payloads(live), live
    escaped = '<p title="&lt;svg onload=alert(2)&gt;">&lt;script&gt;alert(1)&lt;/script&gt;</p>'
    assert live_payloads(escaped) == []
