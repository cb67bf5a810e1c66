"""Which language each person is written to in: the team's, a rep's own, a buyer's;
the respondent's own choice on the landing page, remembered for the link.

Driven through the manager's forms and the survey routes, as people use them; the
Spanish asserted here is the banks' (question_banks/), so it holds whatever the
message catalogue says.
"""

from __future__ import annotations

import html
import io
from datetime import date, timedelta

from sqlalchemy import select

from assess.models import Invitation, Rep, Round, RoundBank, Team
from assess.services.bank_versions import ensure_version, shipped_banks
from tests.conftest import csrf_from, outbox_link, post_form, sign_in
from tests.factories import InvitationFactory, RepFactory, TeamFactory
from tests.web.conftest import link_path, page_path, post_page, response_of, valid_form_answers

SELF_TITLE_ES = shipped_banks()["consultative_selling"].text(
    shipped_banks()["consultative_selling"].title, "es"
)
BUYER_BANK = shipped_banks()["buyer_feedback"]
FIRST_BUYER_ITEM = BUYER_BANK.pages[0].items[0]


def text_of(answer) -> str:
    return html.unescape(answer.get_data(as_text=True))


def launch(client, team) -> Round:
    answer = post_form(
        client,
        "/manage/rounds/new",
        {
            "name": "Ronda de primavera",
            "team_id": team.id,
            "bank_ids": ["consultative_selling", "buyer_feedback"],
            "opens_on": date.today().isoformat(),
            "closes_on": (date.today() + timedelta(days=14)).isoformat(),
            "confirmed": "yes",
        },
    )
    assert answer.status_code == 302, text_of(answer)
    return int(answer.headers["Location"].rsplit("/", 1)[1])


def save_team(client, team, **fields):
    data = {"team-name": team.name, "team-manager_id": team.manager_id or "", **fields}
    return post_form(client, f"/manage/teams/{team.id}", data)


def test_a_spanish_team_writes_to_its_reps_and_buyers_in_spanish(client, session, manager):
    team = TeamFactory(organization=manager.organization, manager_id=manager.id)
    rep = RepFactory(team=team, name="Lucía Romero")
    sign_in(client, manager.email)
    assert 'value="es"' in text_of(client.get(f"/manage/teams/{team.id}"))
    assert save_team(client, team, **{"team-language": "es"}).status_code == 302
    session.expire_all()
    assert session.get(Team, team.id).language == "es"
    round_id = launch(client, team)
    own = session.scalar(select(Invitation).where(Invitation.rep_id == rep.id))
    assert own.language == "es"
    landing = client.application.test_client().get(outbox_link(client, rep.email))
    assert '<html lang="es">' in text_of(landing)
    assert SELF_TITLE_ES in text_of(landing)
    # a buyer the manager adds without choosing is written to in the team's language
    board = f"/manage/rounds/{round_id}"
    added = post_form(
        client,
        f"/manage/rounds/{round_id}/reps/{rep.id}/buyers",
        {"name": "Bea Compradora", "email": "bea@cliente.example", "role": "customer"},
        form_url=board,
    )
    assert added.status_code == 302, text_of(added)
    buyer = session.scalar(select(Invitation).where(Invitation.rater_key == "bea@cliente.example"))
    assert buyer.language == "es"


def test_a_reps_own_language_and_a_buyers_win_over_the_teams(client, session, manager):
    team = TeamFactory(organization=manager.organization, manager_id=manager.id)
    rep = RepFactory(team=team, name="Lucía Romero")
    other = RepFactory(team=team, name="Ben Brooks")
    sign_in(client, manager.email)
    saved = post_form(
        client,
        f"/manage/reps/{rep.id}",
        {"name": rep.name, "email": rep.email, "team_id": team.id, "language": "es"},
    )
    assert saved.status_code == 302, text_of(saved)
    page = text_of(client.get(f"/manage/reps/{rep.id}"))
    assert "As the team (English)" in page and '<option selected value="es">' in page
    round_id = launch(client, team)
    languages = dict(
        session.execute(
            select(Invitation.rep_id, Invitation.language).where(Invitation.rater_role == "self")
        ).all()
    )
    assert languages == {rep.id: "es", other.id: "en"}
    added = post_form(
        client,
        f"/manage/rounds/{round_id}/reps/{other.id}/buyers",
        {"name": "Carla", "email": "carla@cliente.example", "role": "prospect", "language": "es"},
        form_url=f"/manage/rounds/{round_id}",
    )
    assert added.status_code == 302
    carla = session.scalar(
        select(Invitation).where(Invitation.rater_key == "carla@cliente.example")
    )
    assert carla.language == "es"
    # a language Candor does not write in changes nothing and says so
    refused = post_form(
        client,
        f"/manage/rounds/{round_id}/reps/{other.id}/buyers",
        {"name": "Kai", "email": "kai@cliente.example", "role": "prospect", "language": "tlh"},
        form_url=f"/manage/rounds/{round_id}",
    )
    assert refused.status_code == 422
    assert "Not a valid choice" in text_of(refused)
    assert (
        session.scalar(select(Invitation).where(Invitation.rater_key == "kai@cliente.example"))
        is None
    )
    back_to_team = post_form(
        client,
        f"/manage/reps/{rep.id}",
        {"name": rep.name, "email": rep.email, "team_id": team.id, "language": ""},
    )
    assert back_to_team.status_code == 302
    session.expire_all()
    assert session.get(Rep, rep.id).language is None


def test_the_buyers_file_takes_a_language_column(client, session, manager):
    team = TeamFactory(organization=manager.organization, manager_id=manager.id)
    rep = RepFactory(team=team, name="Ana Alvarez", email="ana@northwind.example.com")
    sign_in(client, manager.email)
    round_id = launch(client, team)
    url = f"/manage/rounds/{round_id}/buyers.csv"
    board = f"/manage/rounds/{round_id}"

    def upload(body: str):
        token = csrf_from(client.get(board))
        data = {"csrf_token": token, "file": (io.BytesIO(body.encode()), "buyers.csv")}
        return client.post(url, data=data, follow_redirects=True)

    bad = upload(
        "rep_email,name,email,role,language\n"
        f"{rep.email},Bea,bea@cliente.example,customer,Spanish\n"
        f"{rep.email},Kai,kai@cliente.example,customer,Klingon\n"
    )
    assert bad.status_code == 422
    assert "Line 3: the language 'Klingon' is not one Candor writes in" in text_of(bad)
    assert "Line 2" not in text_of(bad)
    good = upload(
        "rep_email,name,email,role,language\n"
        f"{rep.email},Bea,bea@cliente.example,customer,Español\n"
        f"{rep.email},Cy,cy@cliente.example,customer,\n"
    )
    preview = text_of(good)
    assert good.status_code == 200 and "Español" in preview and "English" in preview
    token = csrf_from(good)
    upload_token = preview.split('name="upload" value="', 1)[1].split('"', 1)[0]
    client.post(url, data={"csrf_token": token, "confirmed": "yes", "upload": upload_token})
    languages = dict(
        session.execute(
            select(Invitation.rater_key, Invitation.language).where(
                Invitation.rater_key.in_(["bea@cliente.example", "cy@cliente.example"])
            )
        ).all()
    )
    assert languages == {"bea@cliente.example": "es", "cy@cliente.example": "en"}


def test_the_respondent_switches_language_and_the_link_remembers(
    app, client, session, survey_round, buyer_invitation
):
    buyer_invitation.language = "en"
    session.commit()
    landing = client.get(link_path(buyer_invitation))
    page = text_of(landing)
    assert '<html lang="en">' in page
    assert 'value="es" lang="es"' in page and ">Español</button>" in page  # its own name
    switched = client.post(
        link_path(buyer_invitation) + "/language",
        data={"csrf_token": csrf_from(landing), "language": "es"},
    )
    assert switched.status_code == 302
    session.expire_all()
    assert session.get(Invitation, buyer_invitation.id).language == "es"
    # remembered for the link: the survey is Spanish from now on
    again = client.get(page_path(buyer_invitation, 1))
    assert '<html lang="es">' in text_of(again)
    assert BUYER_BANK.text(FIRST_BUYER_ITEM.text, "es") in text_of(again)
    assert BUYER_BANK.text(FIRST_BUYER_ITEM.text, "en") not in text_of(again)
    # choosing made this browser the response's own, as a first answer would: another
    # browser (someone else holding the link) can neither answer nor choose again
    other = app.test_client()
    assert other.get(page_path(buyer_invitation, 1)).status_code == 403
    assert session.get(Invitation, buyer_invitation.id).status == "opened"  # not answering
    # the answers are recorded with the language they were given in
    post_page(client, buyer_invitation, 1, valid_form_answers(BUYER_BANK, 1))
    assert response_of(session, buyer_invitation).locale == "es"


def test_a_language_not_offered_changes_nothing(client, session, survey_round, buyer_invitation):
    buyer_invitation.language = "es"
    session.commit()
    landing = client.get(link_path(buyer_invitation))
    for wanted in ("de", "", "es-x" * 200, "<b>en</b>"):
        answer = client.post(
            link_path(buyer_invitation) + "/language",
            data={"csrf_token": csrf_from(landing), "language": wanted},
            follow_redirects=True,
        )
        assert answer.status_code == 200
        session.expire_all()
        assert session.get(Invitation, buyer_invitation.id).language == "es"
    without_token = client.post(link_path(buyer_invitation) + "/language", data={"language": "en"})
    assert without_token.status_code == 400
    session.expire_all()
    assert session.get(Invitation, buyer_invitation.id).language == "es"


def test_only_the_browser_answering_may_switch_the_language(
    app, client, session, survey_round, buyer_invitation
):
    buyer_invitation.language = "es"
    session.commit()
    post_page(client, buyer_invitation, 1, {"bf_listened": "4"}, action="back")
    stranger = app.test_client()
    assert stranger.get(link_path(buyer_invitation)).status_code == 403  # started elsewhere
    own_link = InvitationFactory(
        round=survey_round.round,
        rep=survey_round.rep,
        bank_version=survey_round.buyer_version,
        rater_role="prospect",
        rater_key="other@example.com",
    )
    token = csrf_from(stranger.get(link_path(own_link)))  # a token of the stranger's own
    answer = stranger.post(
        link_path(buyer_invitation) + "/language", data={"csrf_token": token, "language": "en"}
    )
    assert answer.status_code == 403
    session.expire_all()
    assert session.get(Invitation, buyer_invitation.id).language == "es"


def test_a_form_refused_before_its_link_is_read_speaks_the_links_language(
    client, session, survey_round, buyer_invitation
):
    """A page sent after its CSRF token lapsed (or from elsewhere) is refused before the
    survey reads its link: the refusal is still in the respondent's language."""
    buyer_invitation.language = "es"
    session.commit()
    refused = client.post(page_path(buyer_invitation, 1), data={"bf_listened": "4"})
    assert refused.status_code == 400
    page = text_of(refused)
    assert '<html lang="es">' in page and "Please send that again" not in page
    unknown = client.post("/s/" + "x" * 43 + "/p/1", data={"bf_listened": "4"})
    assert unknown.status_code == 400 and '<html lang="en">' in text_of(unknown)


def second_self_survey(session, survey_round) -> Invitation:
    """The rep's second survey of the round (trustworthiness), in English."""
    trust = ensure_version(session, shipped_banks()["trustworthiness"])
    session.add(RoundBank(round_id=survey_round.round.id, bank_version_id=trust.id))
    session.flush()
    return InvitationFactory(
        round=survey_round.round, rep=survey_round.rep, bank_version=trust,
        rater_role="self", rater_key="self", language="en",
    )  # fmt: skip


def test_a_reps_choice_carries_to_every_survey_of_their_round(
    client, session, survey_round, self_invitation
):
    """A rep's surveys of a round are one journey behind one link: choosing Spanish on
    the first makes the next one Spanish too."""
    second = second_self_survey(session, survey_round)
    self_invitation.language = "en"
    session.commit()
    landing = client.get(link_path(self_invitation))
    client.post(
        link_path(self_invitation) + "/language",
        data={"csrf_token": csrf_from(landing), "language": "es"},
    )
    session.expire_all()
    assert {session.get(Invitation, own.id).language for own in (self_invitation, second)} == {"es"}


def test_choosing_marks_the_link_opened_so_a_new_link_can_be_sent(
    client, session, survey_round, buyer_invitation
):
    """A choice posted straight to the link (never the landing page) binds a browser: the
    board must say the link was opened, so the manager can send a new one."""
    buyer_invitation.language = "en"
    session.commit()
    token = csrf_from(client.get("/login"))
    answer = client.post(
        link_path(buyer_invitation) + "/language", data={"csrf_token": token, "language": "es"}
    )
    assert answer.status_code == 302
    session.expire_all()
    assert session.get(Invitation, buyer_invitation.id).status == "opened"


def test_a_reps_choice_leaves_a_survey_another_browser_started(
    app, client, session, survey_round, self_invitation
):
    """The rep's second survey was started in another browser: a choice made through the
    first survey's link changes the first, not the one that browser answers."""
    second = second_self_survey(session, survey_round)
    self_invitation.language = "en"
    session.commit()
    other_browser = app.test_client()
    post_page(other_browser, second, 1, {}, action="back")  # binds `second` over there
    landing = client.get(link_path(self_invitation))
    client.post(
        link_path(self_invitation) + "/language",
        data={"csrf_token": csrf_from(landing), "language": "es"},
    )
    session.expire_all()
    assert session.get(Invitation, self_invitation.id).language == "es"
    assert session.get(Invitation, second.id).language == "en"
