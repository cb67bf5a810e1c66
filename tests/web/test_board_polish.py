"""The completion board, as a manager on a phone reads it: a closed round keeps "Delete
answers" behind "More" instead of a red button on every row; the manager's own review
has an "Answer now" link; a rep's coaching reports show one progress bar while they
render; counts carry a thousands separator."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from sqlalchemy import select

from assess.models import Report
from tests import factories
from tests.conftest import post_form, sign_in
from tests.web.test_round_guards import press, running_round, text
from tests.web.test_rounds import invitations


def rep_card(page: str, name: str) -> str:
    """The board's card of one rep (raw HTML)."""
    start = page.index(f"<h2>{name}</h2>")
    end = page.find('<section class="card rep-card"', start)
    return page[start : end if end > 0 else len(page)]


def started_own_survey(session, assessment_round, rep):
    own = invitations(session, round_id=assessment_round.id, rep_id=rep.id, rater_role="self")[0]
    own.status = "in_progress"
    factories.ResponseFactory(invitation=own)
    session.flush()
    return own


def test_a_closed_round_keeps_delete_answers_behind_more(client, session, manager):
    assessment_round, board_url, (ana, _) = running_round(client, session, manager)
    own = started_own_survey(session, assessment_round, ana)
    open_page = client.get(board_url).get_data(as_text=True)
    assert 'class="danger" aria-label="Delete answers of' in open_page
    assert 'class="row-more"' not in open_page  # an open round: a button like the others

    post_form(client, f"{board_url}/close", {"confirmed": "yes"}, form_url=board_url)
    page = client.get(board_url).get_data(as_text=True)
    tucked = re.findall(r'<details class="row-more">(.*?)</details>', page, re.S)
    assert tucked and all("Delete answers" in part for part in tucked)
    assert "<summary>More" in tucked[0]
    outside = re.sub(r'<details class="row-more">.*?</details>', "", page, flags=re.S)
    assert "Delete answers" not in outside and 'class="danger"' not in outside
    # still one click and a confirmation away
    delete_url = f"/manage/invitations/{own.id}/delete-data"
    assert f'action="{delete_url}"' in tucked[0]
    assert "Delete" in text(press(client, delete_url, form_url=board_url))


def test_the_managers_own_review_has_an_answer_now_link(app, client, session, manager, owner):
    assessment_round, board_url, (ana, _) = running_round(client, session, manager)
    card = rep_card(client.get(board_url).get_data(as_text=True), ana.name)
    found = re.search(r'<a class="button primary" href="([^"]+)">Answer now', card)
    assert found, card
    (review,) = invitations(
        session, round_id=assessment_round.id, rep_id=ana.id, rater_role="manager"
    )
    assert review.rater_user_id == manager.id
    landing = client.get(urlsplit(found.group(1)).path)
    assert landing.status_code == 200
    assert "as their manager" in text(landing) and ana.name in text(landing)
    # the self-assessment link is still one to copy and hand over, not to answer
    assert card.count("Answer now") == 1

    owners_browser = app.test_client()
    sign_in(owners_browser, owner.email)  # not the reviewer: nothing to answer on this board
    assert "Answer now" not in owners_browser.get(board_url).get_data(as_text=True)


def test_a_reps_reports_show_one_progress_bar_while_they_render(client, session, manager):
    assessment_round, board_url, (ana, _) = running_round(client, session, manager)
    post_form(client, f"{board_url}/close", {"confirmed": "yes"}, form_url=board_url)
    copies = session.scalars(
        select(Report).where(Report.round_id == assessment_round.id, Report.rep_id == ana.id)
    ).all()
    if not copies:  # Ana had no answers: give her the two copies the queue would render
        copies = [
            Report(
                organization_id=assessment_round.organization_id,
                round_id=assessment_round.id,
                kind="rep",
                rep_id=ana.id,
                reader=reader,
                tone="blunt",
            )
            for reader in ("rep", "manager")
        ]
        session.add_all(copies)
    for copy, (status, progress) in zip(copies, (("running", 40), ("queued", 0)), strict=True):
        copy.status, copy.progress = status, progress
    session.flush()

    card = rep_card(client.get(board_url).get_data(as_text=True), ana.name)
    assert card.count("<progress") == 1, card
    assert re.search(r"Coaching reports <span class=\"report-status\">running</span>", card)
    assert '<progress max="100" value="20"' in card  # both copies, one bar

    for copy in copies:
        copy.status, copy.progress = "done", 100
    session.flush()
    card = rep_card(client.get(board_url).get_data(as_text=True), ana.name)
    assert card.count("<progress") == 1  # how many answered, again
    assert "Coaching reports" not in card


def test_board_counts_carry_a_thousands_separator(client, session, manager):
    assessment_round, board_url, (ana, _) = running_round(client, session, manager)
    version = assessment_round.banks[0].bank_version
    session.add_all(
        factories.InvitationFactory.build(
            round=assessment_round, rep=ana, bank_version=version, rater_role="customer",
            rater_key=f"b{number}@client.example", status="completed",
        )
        for number in range(1000)
    )  # fmt: skip
    session.flush()
    page = text(client.get(board_url))
    assert re.search(r"Completion: 1,00\d of 1,00\d", page), page[:400]
    assert re.search(r"1,000 of 1,00\d finished", page)
    assert not re.search(r"\b1\d{3} of\b", page)
