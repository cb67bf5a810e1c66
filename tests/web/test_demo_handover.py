"""The demo owner hands a first-start instance over to a real organization: the demo
and everything in it go, the new owner starts empty, nothing of the demo is left to
see — and nothing changes when the form is wrong. The demo's mail is never sent."""

from __future__ import annotations

from sqlalchemy import func, select

from assess.demo import DEMO_LOGINS, load_demo, load_demo_if_fresh
from assess.models import (
    Answer,
    Invitation,
    Organization,
    OutboxMessage,
    Rep,
    Report,
    Response,
    Round,
    Team,
    User,
)
from assess.platform.settings import get_settings
from assess.services import outbox
from tests.conftest import csrf_from, post_form, rolled_back_app, sign_in

DEMO_TABLES = (Team, Rep, Round, Invitation, Response, Answer, Report, OutboxMessage, User)


def rows(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def form(client, **fields):
    page = client.get("/manage/handover")
    assert page.status_code == 200
    data = {
        "csrf_token": csrf_from(page),
        "organization_name": "Acme Sales",
        "name": "Ada Owner",
        "email": "ada@acme.example",
        "password": "a-long-new-password",
        "confirm": "a-long-new-password",
        "confirmed": "DELETE THE DEMO",
        **fields,
    }
    return client.post("/manage/handover", data=data)


def test_the_demo_owner_hands_the_instance_over_and_nothing_of_the_demo_is_left(
    client, session, tmp_path
):
    load_demo(session, "test-secret-key")
    demo = session.scalar(select(Organization).where(Organization.slug == "demo"))
    outbox.queue_message(
        session, get_settings(client.application).mail, to="rep@northwind.example.com",
        subject="A demo reminder", text="t", organization_id=demo.id,
    )  # fmt: skip
    session.commit()
    before = {model.__name__: rows(session, model) for model in DEMO_TABLES}
    assert all(before.values())
    email, password = DEMO_LOGINS["owner"]
    sign_in(client, email, password)
    assert "Make this instance yours" in client.get("/manage/").get_data(as_text=True)

    # a wrong confirmation or a bad password changes nothing
    refused = form(client, confirmed="delete")
    assert refused.status_code == 200 and "Type DELETE THE DEMO" in refused.get_data(as_text=True)
    refused = form(client, confirm="another-password")
    assert "The two passwords differ." in refused.get_data(as_text=True)
    assert {model.__name__: rows(session, model) for model in DEMO_TABLES} == before

    done = form(client)
    assert done.status_code == 302 and done.headers["Location"] == "/manage/teams"
    session.expire_all()
    assert [org.name for org in session.scalars(select(Organization))] == ["Acme Sales"]
    for model in DEMO_TABLES[:-1]:
        assert rows(session, model) == 0, model.__name__
    assert [user.email for user in session.scalars(select(User))] == ["ada@acme.example"]
    # the new owner is signed in, and sees an empty organization without the demo banner
    dashboard = client.get("/manage/").get_data(as_text=True)
    assert "Acme Sales" in dashboard and "Make this instance yours" not in dashboard
    assert "Field Sales" not in client.get("/manage/teams").get_data(as_text=True)
    other = client.get("/manage/handover").get_data(as_text=True)  # only the demo has it
    assert "not the demo: there is nothing to hand over" in other and "DELETE" not in other
    assert form(client).status_code == 200  # and posting it changes nothing
    assert [org.name for org in session.scalars(select(Organization))] == ["Acme Sales"]
    # the demo's sign-in is gone with it
    client.post("/logout", data={"csrf_token": csrf_from(client.get("/manage/"))})
    again = post_form(client, "/login", {"email": email, "password": password})
    assert again.status_code == 401


def test_a_manager_cannot_hand_over_the_demo(client, session):
    load_demo(session, "test-secret-key")
    session.commit()
    email, password = DEMO_LOGINS["manager"]
    sign_in(client, email, password)
    assert client.get("/manage/handover").status_code == 403
    assert "Make this instance yours" not in client.get("/manage/").get_data(as_text=True)


def test_the_demo_organizations_mail_is_kept_even_with_a_mail_server(database_url, tmp_path):
    with rolled_back_app(
        database_url, tmp_path / "demo-mail", SMTP_URL="smtp://127.0.0.1:1"
    ) as app:
        database = app.extensions["candor.db"].sessionmaker()
        load_demo(database, "test-secret-key")
        demo = database.scalar(select(Organization).where(Organization.slug == "demo"))
        statuses = set(
            database.scalars(
                select(OutboxMessage.status).where(OutboxMessage.organization_id == demo.id)
            )
        )
        assert statuses <= {"kept"}
        message = outbox.queue_message(
            database, get_settings(app).mail, to="rep@northwind.example.com", subject="s",
            text="t", organization_id=demo.id,
        )  # fmt: skip
        assert message.status == "kept"
        database.close()


def test_a_handed_over_instance_stays_handed_over(client, session):
    """Naming the new organization "Demo" does not make it the demo (its mail would be
    kept, the handover offered again); a restart does not load the demo again, so its
    public sign-ins stay dead, even when the new owner took a demo address."""
    load_demo(session, "test-secret-key")
    session.commit()
    email, password = DEMO_LOGINS["owner"]
    sign_in(client, email, password)
    done = form(client, organization_name="Demo", email=DEMO_LOGINS["manager"][0])
    assert done.status_code == 302
    session.expire_all()
    (organization,) = session.scalars(select(Organization))
    assert organization.name == "Demo" and organization.slug != "demo"
    assert "Make this instance yours" not in client.get("/manage/").get_data(as_text=True)
    # what `flask serve` does at every start
    assert load_demo_if_fresh(session, "test-secret-key") is False
    assert [org.name for org in session.scalars(select(Organization))] == ["Demo"]
    client.post("/logout", data={"csrf_token": csrf_from(client.get("/manage/"))})
    assert post_form(client, "/login", {"email": email, "password": password}).status_code == 401
