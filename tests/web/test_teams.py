"""Teams and reps, by hand and from CSV, as a manager sees them."""

from __future__ import annotations

import html
import io
import re

from sqlalchemy import func, select

from assess.models import Rep, Team
from tests.conftest import csrf_from, post_form, sign_in
from tests.factories import RepFactory, TeamFactory
from tests.support.http import csrf_token


def count(session, model, **where) -> int:
    query = select(func.count()).select_from(model)
    for column, value in where.items():
        query = query.where(getattr(model, column) == value)
    return session.scalar(query)


def test_create_a_team_add_a_rep_and_archive_it(client, manager, session):
    sign_in(client, manager.email)
    created = post_form(client, "/manage/teams", {"name": "Inside Sales", "manager_id": manager.id})
    team = session.scalar(select(Team).where(Team.name == "Inside Sales"))
    assert created.headers["Location"] == f"/manage/teams/{team.id}"
    assert team.manager_id == manager.id

    page = client.get(f"/manage/teams/{team.id}")
    added = client.post(
        f"/manage/teams/{team.id}",
        data={
            "rep-csrf_token": csrf_from(page),
            "rep-name": "Ada Seller",
            "rep-email": "Ada@X.example",
        },
    )
    assert added.status_code == 302
    rep = session.scalar(select(Rep).where(Rep.team_id == team.id))
    assert (rep.name, rep.email) == ("Ada Seller", "ada@x.example")

    page = client.get(f"/manage/teams/{team.id}")
    assert "Ada Seller" in page.get_data(as_text=True)
    archive_url = f"/manage/teams/{team.id}/archive"
    asked = client.post(archive_url, data={"csrf_token": csrf_from(page)})
    # the first press only asks: a GET page saying what archiving does
    assert asked.status_code == 303 and asked.headers["Location"].endswith(
        f"{archive_url}?to=archived"
    )
    session.refresh(team)
    assert team.archived_at is None
    question = client.get(asked.headers["Location"]).get_data(as_text=True)
    assert f"Archive {team.name}?" in question and "1 rep and every past round" in question
    confirm = {"csrf_token": csrf_from(page), "confirmed": "yes", "to": "archived"}
    archived = client.post(archive_url, data=confirm)
    assert archived.status_code == 302
    session.refresh(team)
    assert team.archived_at is not None
    # the same confirmation again (a second tab, a replayed request) does not restore it
    client.post(archive_url, data=confirm)
    session.refresh(team)
    assert team.archived_at is not None
    listing = client.get("/manage/teams").get_data(as_text=True)
    assert f'href="/manage/teams/{team.id}"' not in listing  # archived teams are hidden
    shown = client.get("/manage/teams?archived=1").get_data(as_text=True)
    assert f'href="/manage/teams/{team.id}"' in shown


def test_a_duplicate_rep_email_is_explained_and_not_saved(client, manager, session):
    team = TeamFactory(organization=manager.organization, manager_id=manager.id)
    RepFactory(team=team, email="taken@example.com")
    sign_in(client, manager.email)
    page = client.get(f"/manage/teams/{team.id}")
    answer = client.post(
        f"/manage/teams/{team.id}",
        data={
            "rep-csrf_token": csrf_from(page),
            "rep-name": "Copy",
            "rep-email": "TAKEN@example.com",
        },
    )
    assert answer.status_code == 200
    assert "A rep with this email exists already." in answer.get_data(as_text=True)
    assert count(session, Rep, email="taken@example.com") == 1


def test_another_organizations_team_and_rep_answer_404(client, manager):
    foreign_rep = RepFactory()
    sign_in(client, manager.email)
    for url in (
        f"/manage/teams/{foreign_rep.team_id}",
        f"/manage/reps/{foreign_rep.id}",
    ):
        assert client.get(url).status_code == 404
    page = client.get("/manage/teams")
    assert (
        client.post(
            f"/manage/teams/{foreign_rep.team_id}/archive", data={"csrf_token": csrf_from(page)}
        ).status_code
        == 404
    )


def upload(client, text: str, **extra):
    """Upload `text`; the answer is the preview the upload redirects to."""
    page = client.get("/manage/reps/import")
    data = {"csrf_token": csrf_from(page), "file": (io.BytesIO(text.encode()), "reps.csv"), **extra}
    return client.post(
        "/manage/reps/import", data=data, content_type="multipart/form-data", follow_redirects=True
    )


def upload_token(preview) -> str:
    """The kept upload's token: from the Import button's form, or (a preview with bad
    rows has no button) from the preview's address."""
    page = preview if isinstance(preview, str) else preview.get_data(as_text=True)
    found = re.search(r'name="upload" type="hidden" value="([^"]*)"', page)
    return found.group(1) if found else preview.request.args["upload"]


def confirm_import(client, preview, **kwargs):
    """Press the preview's Import button."""
    token = csrf_from(preview) if not isinstance(preview, str) else csrf_token(preview)
    return client.post(
        "/manage/reps/import",
        data={"csrf_token": token, "upload": upload_token(preview), "confirm": "1"},
        **kwargs,
    )


def test_csv_import_previews_bad_rows_and_saves_nothing(client, manager, session):
    RepFactory(
        team=TeamFactory(organization=manager.organization, manager_id=manager.id),
        email="old@example.com",
    )
    sign_in(client, manager.email)
    before = count(session, Rep)
    csv_text = (
        "Name,Email,Team\n"
        "Good Rep,good@example.com,East\n"
        ",nameless@example.com,East\n"
        "Bad Mail,not-an-email,East\n"
        "Old Rep,old@example.com,East\n"
        "Twice,good@example.com,West\n"
        "<script>alert(1)</script>,x@example.com,East\n"
    )
    preview = upload(client, csv_text)
    assert confirm_import(client, preview).status_code == 303  # back to the preview
    body = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "4 with problems" in body
    assert "the name is empty" in body
    assert "is not an email address" in body
    assert "a rep with this email already exists" in body
    assert "the same email is on line 2" in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "<script>alert(1)" not in body
    assert "Import 6 reps" not in body  # no confirm button while rows are bad
    assert count(session, Rep) == before


def test_csv_import_preview_then_confirm_creates_teams_and_reps(client, manager, session):
    sign_in(client, manager.email)
    csv_text = "team;email;name\nEast;a@example.com;Ann\nWest;b@example.com;Bob\n"
    preview = upload(client, csv_text)
    assert "Import 2 reps" in preview.get_data(as_text=True)
    assert count(session, Rep) == 0  # a preview saves nothing
    confirmed = confirm_import(client, preview)
    assert confirmed.status_code == 302
    teams = dict(
        session.execute(select(Team.name, Team.id).where(
            Team.organization_id == manager.organization_id)).all()
    )  # fmt: skip
    assert set(teams) == {"East", "West"}
    assert count(session, Rep, team_id=teams["East"]) == 1


def test_a_team_name_differing_only_in_case_or_spaces_is_the_existing_team(
    client, manager, session
):
    sign_in(client, manager.email)
    TeamFactory(organization=manager.organization, name="Harbor Sales", manager_id=manager.id)
    csv_text = "name,email,team\nTina,tina@example.com,harbor  sales \nNed,ned@example.com,Nord\n"
    page = html.unescape(upload(client, csv_text).get_data(as_text=True))
    # the preview says before anything is saved which teams would be new
    assert "1 new team will be created" in page and ": Nord." in page
    assert '<td class="cell-text">Harbor Sales</td>' in page  # shown as the team it will join
    confirm_import(client, page)
    names = set(session.scalars(select(Team.name).where(
        Team.organization_id == manager.organization_id)))  # fmt: skip
    assert names == {"Harbor Sales", "Nord"}  # no second "harbor sales"


def test_csv_without_the_needed_columns_says_which(client, manager):
    sign_in(client, manager.email)
    answer = upload(client, "full name,mail\nAnn,a@example.com\n")
    assert "the header lacks name, email, team" in answer.get_data(as_text=True)


def test_one_row_reads_as_one_row_and_one_rep(client, manager, session):
    sign_in(client, manager.email)
    csv_text = "team;email;name\nEast;a@example.com;Ann\n"
    answer = upload(client, csv_text)
    preview = answer.get_data(as_text=True)
    assert "1 row" in preview and "1 rows" not in preview
    assert "Import 1 rep<" in preview
    done = confirm_import(client, answer, follow_redirects=True).get_data(as_text=True)
    assert "Imported 1 rep and created 1 team." in done


def test_the_team_manager_is_not_offered_again_as_one_of_its_other_managers(
    client, owner, manager, session
):
    team = TeamFactory(organization=owner.organization, manager_id=manager.id)
    sign_in(client, owner.email)
    page = client.get(f"/manage/teams/{team.id}").get_data(as_text=True)
    others = page[page.index("Other managers") :]
    others = others[: others.index("</fieldset>")] if "</fieldset>" in others else others
    assert f'value="{manager.id}"' not in others
    assert f'value="{owner.id}"' in others


def test_the_upload_answers_with_a_preview_page_that_reloads_without_the_file(
    client, manager, owner, session
):
    """Back and Reload on a preview never ask to send the file again: the upload is
    answered with a redirect to a GET preview. Once imported, or for another user, the
    preview is gone and says so; nothing is imported twice."""
    sign_in(client, manager.email)
    page = client.get("/manage/reps/import")
    sent = client.post(
        "/manage/reps/import",
        data={"csrf_token": csrf_from(page),
              "file": (io.BytesIO(b"name,email,team\nAnn,ann@example.com,East\n"), "r.csv")},
        content_type="multipart/form-data",
    )  # fmt: skip
    assert sent.status_code == 303
    preview_url = sent.headers["Location"]
    assert "/manage/reps/import?upload=" in preview_url
    for _ in range(2):  # reloading is a GET: the same preview, nothing saved
        again = client.get(preview_url)
        assert "Import 1 rep<" in again.get_data(as_text=True)
    assert count(session, Rep) == 0
    other = app_client_signed_in(client, owner)
    assert "no longer there" in other.get(preview_url).get_data(as_text=True)
    assert confirm_import(client, again).status_code == 302
    assert count(session, Rep) == 1
    gone = client.get(preview_url).get_data(as_text=True)
    assert "no longer there" in gone and "Import 1 rep<" not in gone
    assert confirm_import(client, again).status_code == 200  # pressed twice: says gone
    assert count(session, Rep) == 1


def app_client_signed_in(client, user):
    other = client.application.test_client()
    sign_in(other, user.email)
    return other


def test_a_look_alike_team_is_never_created(client, manager, owner, session):
    """Case, doubled spaces and invisible characters make no second team: not in the
    import (its preview counts one new team, and one is made), not by hand, and not as a
    copy of a team the importing manager cannot see."""
    TeamFactory(organization=owner.organization, name="Secret Team")  # the owner's
    sign_in(client, manager.email)
    content = (
        "name,email,team\nAnn,ann@example.com,secret team\n"
        "Bob,bob@example.com,Secret  Team\nCy,cy@example.com,Secret\u200b Team\n"
        "Di,di@example.com,North  Star\nEd,ed@example.com,north star\n"
    )
    preview = upload(client, content).get_data(as_text=True)
    assert "3 with problems" in preview and preview.count("You do not manage the team") == 3
    content = "name,email,team\nDi,di@example.com,North  Star\nEd,ed@example.com,north star\n"
    preview = upload(client, content)
    assert "1 new team will be created" in preview.get_data(as_text=True)
    confirm_import(client, preview)
    names = sorted(session.scalars(select(Team.name).where(
        Team.organization_id == manager.organization_id)))  # fmt: skip
    assert names == ["North Star", "Secret Team"]
    page = client.get("/manage/teams")
    made = client.post(
        "/manage/teams",
        data={"csrf_token": csrf_from(page), "name": "north\u200b  STAR"},
    )
    assert "A team with this name exists already" in made.get_data(as_text=True)


def test_a_header_the_csv_module_cannot_read_is_explained_in_words(client, manager):
    sign_in(client, manager.email)
    page = upload(client, "name,em\rail,team\nAnn,ann@example.com,East\n").get_data(as_text=True)
    assert "stray carriage return" in page
    assert "universal-newline" not in page and "new-line character" not in page
