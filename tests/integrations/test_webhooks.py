"""Signed webhooks, from the outside: an owner adds an endpoint on the pages, a real
receiver on loopback checks every signature as a listener's code would, and the events
come from launching, answering, closing and rendering through the real pages and jobs.

The app here lets webhooks reach loopback (CANDOR_WEBHOOKS_ALLOW_PRIVATE, as a test
receiver needs) and retries after a hundredth of a second; the guard itself, with the
setting off, is tested in `test_webhook_addresses.py`.
"""

from __future__ import annotations

import html
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from assess.models import Invitation, Round, WebhookDelivery
from assess.services import webhooks
from assess.services.bank_versions import ensure_version, shipped_banks
from tests.conftest import post_form, rolled_back_app, sign_in
from tests.factories import InvitationFactory, RepFactory, TeamFactory
from tests.support.webhook_receiver import running_receiver
from tests.web.conftest import post_page, valid_form_answers


@pytest.fixture
def app(database_url, tmp_path):
    """The app of every test here (`client`, `session` and the factories use it)."""
    with rolled_back_app(
        database_url,
        tmp_path / "instance",
        CANDOR_WEBHOOKS_ALLOW_PRIVATE=True,
        CANDOR_WEBHOOK_RETRY_SECONDS=0.01,
    ) as application:
        yield application


#: Everything each event may say (docs/integrations.md).
SAID = {
    "round.launched": {"round_id", "team_id", "name", "opens_on", "closes_on", "invitations"},
    "round.closed": {"round_id", "team_id"},
    "report.ready": {"report_id", "round_id", "kind", "reader", "rep_id"},
    "response.finished": {"round_id", "survey", "rep_id", "role", "group", "finished"},
}


def add_endpoint(client, receiver, events=()) -> int:
    """Add an endpoint on the page, and give the receiver the secret the page shows, as
    an owner copies it into their receiver."""
    data = {"url": receiver.url, "description": "Our CRM", "events": list(events)}
    answer = post_form(client, "/manage/webhooks/new", data)
    assert answer.status_code == 302, answer.get_data(as_text=True)
    page = client.get(answer.headers["Location"]).get_data(as_text=True)
    receiver.secret = re.search(r'id="signing-secret"[^>]*value="([^"]+)"', page).group(1)
    return int(answer.headers["Location"].rsplit("/", 1)[1])


def endpoint_page(client, endpoint_id: int) -> str:
    return html.unescape(client.get(f"/manage/webhooks/{endpoint_id}").get_data(as_text=True))


def send_test_event(client, endpoint_id: int):
    url = f"/manage/webhooks/{endpoint_id}"
    return post_form(client, f"{url}/test", {}, form_url=url)


def finish(app, invitation: Invitation, bank) -> None:
    """The respondent, in a browser of their own, answers every page and sends."""
    browser = app.test_client()
    for number in range(1, len(bank.pages) + 1):
        answer = post_page(browser, invitation, number, valid_form_answers(bank, number))
    assert answer.status_code == 302, answer.get_data(as_text=True)
    assert answer.headers["Location"].endswith(("/done", "/nominate"))


def launch(client, team, banks, **extra):
    data = {
        "name": "Spring round",
        "team_id": team.id,
        "bank_ids": list(banks),
        "opens_on": date.today().isoformat(),
        "closes_on": (date.today() + timedelta(days=14)).isoformat(),
        "confirmed": "yes",
        **extra,
    }
    answer = post_form(client, "/manage/rounds/new", data)
    assert answer.status_code == 302, answer.get_data(as_text=True)
    return int(answer.headers["Location"].rsplit("/", 1)[1])


def test_a_failed_message_is_retried_with_the_same_id_and_a_fresh_valid_signature(
    client, owner, session
):
    sign_in(client, owner.email)
    with running_receiver(answers=[500, 200]) as receiver:
        endpoint_id = add_endpoint(client, receiver)
        answer = send_test_event(client, endpoint_id)
        assert answer.status_code == 302
        first, retry = receiver.received
    assert first.verified and retry.verified  # each try signed anew, both check out
    assert first.headers["webhook-id"] == retry.headers["webhook-id"]
    assert first.body == retry.body
    assert first.headers["content-type"] == "application/json"
    message = retry.payload
    assert message["type"] == "webhook.test"
    assert message["data"]["endpoint_id"] == endpoint_id
    assert message["timestamp"].endswith("Z")
    page = endpoint_page(client, endpoint_id)
    row = re.search(r'<tr class="delivery-delivered">(.*?)</tr>', page, re.S).group(1)
    assert "webhook.test" in row and "delivered" in row
    assert re.search(r"<td data-label=\"Tries\">2</td>", row)  # two tries
    assert "200" in row and first.headers["webhook-id"] in row


def test_a_receiver_that_keeps_failing_is_given_up_after_eight_tries(client, owner, session):
    sign_in(client, owner.email)
    with running_receiver(answers=[503]) as receiver:
        endpoint_id = add_endpoint(client, receiver)
        send_test_event(client, endpoint_id)
        tries = list(receiver.received)
    assert len(tries) == webhooks.MAX_ATTEMPTS == 8
    assert len({message.headers["webhook-id"] for message in tries}) == 1
    page = endpoint_page(client, endpoint_id)
    row = re.search(r'<tr class="delivery-failed">(.*?)</tr>', page, re.S).group(1)
    assert '<td data-label="Tries">8</td>' in row and "503" in row
    assert "Answered 503: <h1>Busy</h1> <p>try later</p>" in row  # a short excerpt, one line
    raw = client.get(f"/manage/webhooks/{endpoint_id}").get_data(as_text=True)
    assert "&lt;h1&gt;Busy" in raw and "<h1>Busy" not in raw  # shown as text, never as markup


def test_the_retry_schedule_doubles_from_the_configured_base():
    assert [webhooks.retry_delay(n, 30) for n in range(1, 8)] == [
        30, 60, 120, 240, 480, 960, 1920,
    ]  # fmt: skip


def test_a_rounds_life_reaches_the_receiver_and_no_buyer_below_the_minimum_is_told(
    app, client, owner, manager, session
):
    team = TeamFactory(organization=owner.organization, manager_id=manager.id)
    rep = RepFactory(team=team, name="Robin Rep")
    sign_in(client, owner.email)
    with running_receiver() as receiver:
        add_endpoint(client, receiver)
        round_id = launch(
            client, team, ("consultative_selling", "buyer_feedback", "manager_review")
        )
        (launched,) = receiver.events("round.launched")
        assessment_round = session.get(Round, round_id)
        assert launched["data"] == {
            "round_id": round_id,
            "team_id": team.id,
            "name": "Spring round",
            "opens_on": assessment_round.opens_at.date().isoformat(),
            "closes_on": assessment_round.closes_at.date().isoformat(),
            "invitations": 2,  # the rep's self-assessment and the manager's review
        }

        banks = shipped_banks()
        own = session.scalar(
            select(Invitation).where(
                Invitation.round_id == round_id, Invitation.rater_role == "self"
            )
        )
        finish(app, own, banks["consultative_selling"])
        assert [event["data"] for event in receiver.events("response.finished")] == [
            {"round_id": round_id, "survey": "consultative_selling", "rep_id": rep.id,
             "role": "self"},
        ]  # fmt: skip

        buyer_version = ensure_version(session, banks["buyer_feedback"])
        buyers = [
            InvitationFactory(
                round=assessment_round, rep=rep, bank_version=buyer_version,
                rater_role=role, rater_key=f"{name.lower()}@example.com",
                rater_name=f"{name} Buyer", rater_email=f"{name.lower()}@example.com",
                status="pending",
            )
            for name, role in (("Bea", "referral"), ("Cy", "customer"), ("Di", "prospect"))
        ]  # fmt: skip
        for buyer in buyers[:2]:
            finish(app, buyer, banks["buyer_feedback"])
        assert len(receiver.events("response.finished")) == 1  # two buyers: nothing told
        finish(app, buyers[2], banks["buyer_feedback"])
        told = receiver.events("response.finished")[1:]
        assert [event["data"] for event in told] == [
            {"round_id": round_id, "survey": "buyer_feedback", "rep_id": rep.id,
             "group": "buyers", "finished": 3},
        ]  # fmt: skip

        board = f"/manage/rounds/{round_id}"
        post_form(client, f"{board}/close", {"confirmed": "yes"}, form_url=board)
        (closed,) = receiver.events("round.closed")
        assert closed["data"] == {"round_id": round_id, "team_id": team.id}
        ready = {
            (event["data"]["kind"], event["data"]["reader"], event["data"].get("rep_id"))
            for event in receiver.events("report.ready")
        }
        assert ready == {
            ("team", "manager", None),
            ("rep", "rep", rep.id),
            ("rep", "manager", rep.id),
        }
        every = list(receiver.received)
    assert every and all(message.verified for message in every)
    said = " ".join(message.body for message in every)
    for buyer in buyers:  # no name, address or id of a buyer in anything sent
        assert buyer.rater_name not in said and buyer.rater_email not in said
    for message in every:
        event, data = message.payload["type"], message.payload["data"]
        assert set(data) <= SAID[event], event
        assert "role" not in data or data["role"] in ("self", "manager")  # never a buyer's
    assert not [role for role in ("referral", "customer", "prospect") if f'"{role}"' in said]


def test_the_alignment_survey_is_told_only_as_a_group_of_at_least_the_minimum(
    app, client, owner, manager, session
):
    """Everyone answering the alignment survey is anonymous, the rep too: a rep's
    finished alignment survey names no rep, and a group below 3 is never told."""
    team = TeamFactory(organization=owner.organization, manager_id=manager.id)
    RepFactory(team=team)
    sign_in(client, owner.email)
    marketers = "Mia M, mia@example.com\nMo M, mo@example.com\nMax M, max@example.com"
    bank = shipped_banks()["sales_marketing_alignment"]
    with running_receiver() as receiver:
        add_endpoint(client, receiver, events=["response.finished"])
        round_id = launch(client, team, ("sales_marketing_alignment",), marketing_raters=marketers)
        asked = list(session.scalars(select(Invitation).where(Invitation.round_id == round_id)))
        rep_own = next(i for i in asked if i.rater_role == "self")
        finish(app, rep_own, bank.for_role("self"))
        assert receiver.events() == []  # sales: the rep and the manager, fewer than 3
        marketing = [i for i in asked if i.rater_role == "marketing"]
        for invitation in marketing[:2]:
            finish(app, invitation, bank.for_role("marketing"))
        assert receiver.events() == []
        finish(app, marketing[2], bank.for_role("marketing"))
        told = receiver.events()
    assert [event["data"] for event in told] == [
        {"round_id": round_id, "survey": "sales_marketing_alignment", "group": "marketing",
         "finished": 3},
    ]  # fmt: skip


def test_an_endpoint_hears_only_the_events_it_chose_and_a_disabled_one_nothing(
    client, owner, manager, session
):
    team = TeamFactory(organization=owner.organization, manager_id=manager.id)
    RepFactory(team=team)
    sign_in(client, owner.email)
    with running_receiver() as closing_only, running_receiver() as switched_off:
        add_endpoint(client, closing_only, events=["round.closed"])
        off = add_endpoint(client, switched_off)
        url = f"/manage/webhooks/{off}"
        post_form(client, f"{url}/disable", {}, form_url=url)
        round_id = launch(client, team, ("consultative_selling",))
        board = f"/manage/rounds/{round_id}"
        post_form(client, f"{board}/close", {"confirmed": "yes"}, form_url=board)
        answer = send_test_event(client, off)
        assert [event["type"] for event in closing_only.events()] == ["round.closed"]
        assert switched_off.received == []
    followed = client.get(answer.headers["Location"]).get_data(as_text=True)
    assert "This endpoint is disabled: enable it, then send a test event." in followed
    post_form(client, f"{url}/enable", {}, form_url=url)
    assert "disabled: nothing is sent" not in endpoint_page(client, off)


def test_a_delivery_whose_job_was_lost_goes_out_from_the_cron_command_once(
    app, runner, owner, session
):
    with running_receiver() as receiver:
        endpoint = webhooks.add_endpoint(
            session, owner.organization_id, url=receiver.url, description="",
            events=[], allow_private=True,
        )  # fmt: skip
        receiver.secret = endpoint.secret
        # Written but never committed with `commit`, so never queued: a job lost with
        # the process that was to queue it.
        (delivery,) = webhooks.emit(session, owner.organization_id, "round.closed", {})
        assert runner.invoke(args=["reminders", "send"]).exit_code == 0
        assert len(receiver.events("round.closed")) == 1
        # Again, and a duplicate of the first job: a delivered message is not sent twice.
        assert runner.invoke(args=["reminders", "send"]).exit_code == 0
        queue = app.extensions["candor.jobs"]
        assert queue.enqueue(webhooks.DELIVER_TASK, delivery.id, 0).result() == "skipped"
        assert len(receiver.received) == 1
    session.expire_all()
    assert session.get(WebhookDelivery, delivery.id).status == "delivered"


def test_the_owner_reads_the_secret_and_deletes_the_endpoint_after_a_confirmation(
    client, owner, session
):
    sign_in(client, owner.email)
    with running_receiver() as receiver:
        endpoint_id = add_endpoint(client, receiver)
        send_test_event(client, endpoint_id)
    assert receiver.secret.startswith("whsec_") and len(receiver.secret) == 6 + 44
    url = f"/manage/webhooks/{endpoint_id}"
    first = post_form(client, f"{url}/delete", {}, form_url=url)
    assert first.status_code == 303  # to the page that says what deleting does
    confirm = client.get(first.headers["Location"]).get_data(as_text=True)
    assert "Its signing secret and its delivery log are deleted with it." in confirm
    post_form(client, f"{url}/delete", {"confirmed": "yes"}, form_url=f"{url}/delete")
    assert client.get(url).status_code == 404
    assert session.scalar(select(WebhookDelivery.id)) is None
    assert "No endpoint yet." in client.get("/manage/webhooks").get_data(as_text=True)


def test_a_manager_is_refused_every_webhook_page(app, client, owner, manager, session):
    sign_in(client, owner.email)
    with running_receiver() as receiver:
        endpoint_id = add_endpoint(client, receiver)
    hub = client.get("/manage/integrations").get_data(as_text=True)
    assert 'href="/manage/webhooks"' in hub
    manager_client = app.test_client()
    sign_in(manager_client, manager.email)
    token_page = manager_client.get("/manage/teams")
    checked = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/manage/webhooks"):
            continue
        url = rule.build({"endpoint_id": endpoint_id} if rule.arguments else {})[1]
        for method in sorted(rule.methods & {"GET", "POST"}):
            if method == "GET":
                answer = manager_client.get(url)
            else:
                answer = post_form(
                    manager_client, url, {"confirmed": "yes"}, form_url="/manage/teams"
                )
            assert answer.status_code == 403, f"{method} {url}: {answer.status_code}"
            checked.append(f"{method} {rule.rule}")
    assert token_page.status_code == 200 and len(checked) >= 8
    assert endpoint_id in [
        endpoint.id for endpoint in webhooks.endpoints(session, owner.organization_id)
    ]


def test_the_list_says_which_receivers_are_failing(client, owner, session):
    sign_in(client, owner.email)
    with running_receiver(answers=[503]) as failing:
        failing_id = add_endpoint(client, failing)
        send_test_event(client, failing_id)
    with running_receiver(answers=[200]) as working:
        working_id = add_endpoint(client, working)
        send_test_event(client, working_id)
    listed = html.unescape(client.get("/manage/webhooks").get_data(as_text=True))
    rows = dict(re.findall(r'/manage/webhooks/(\d+)".*?last message ([^,]+),', listed, re.S))
    assert rows == {str(failing_id): "failed (503)", str(working_id): "delivered"}
