"""Situational options (and forced-choice statements) are shown in an order of each
respondent's own: always picking the first answer must not earn the best score, and the
order must never change under a respondent's pointer."""

from __future__ import annotations

import html
import re

import pytest

from assess.core.scoring.responses import plan_for, score_response
from assess.services.bank_versions import ensure_version, shipped_banks
from assess.services.round_scoring import completed_responses
from tests.conftest import csrf_from
from tests.factories import InvitationFactory, RepFactory, RoundFactory
from tests.web.conftest import page_path, stored_answers, valid_form_answers


def shown_choices(page, name: str) -> list[tuple[str, str]]:
    """(value, label) of each radio button named ``name``, top to bottom, as shown."""
    radio = re.compile(
        rf'name="{re.escape(name)}" value="([^"]*)"[^>]*>\s*<span>(.*?)</span>', re.S
    )
    text = page.get_data(as_text=True)
    return [(html.unescape(value), html.unescape(label)) for value, label in radio.findall(text)]


def checked_value(page, name: str) -> str | None:
    text = page.get_data(as_text=True)
    found = re.search(rf'name="{re.escape(name)}" value="([^"]*)"\s*checked', text)
    return html.unescape(found.group(1)) if found else None


def situational_items(bank, number: int):
    return [item for item in bank.pages[number - 1].items if item.type == "situational"]


def self_invitation_for(survey_round):
    """A self-assessment link for one more rep of the round's team."""
    rep = RepFactory(team=survey_round.rep.team)
    return InvitationFactory(
        round=survey_round.round, rep=rep, bank_version=survey_round.self_version
    )


def first_shown(item, shown: list[tuple[str, str]]) -> str:
    """The answer of a rep who clicks down the left edge: whatever is shown first."""
    return shown[0][0]


def walk_survey(app, invitation, bank, pick=first_shown) -> dict[str, list[tuple[str, str]]]:
    """Answer every page of ``bank`` in a browser of its own, as shown; return item id
    -> the (value, label) pairs its page showed, for every situational and forced-choice
    item. ``pick(item, shown)`` chooses each situational answer from what is shown."""
    browser = app.test_client()
    seen: dict[str, list[tuple[str, str]]] = {}
    for number in range(1, len(bank.pages) + 1):
        page = browser.get(page_path(invitation, number))
        assert page.status_code == 200, page.status_code
        form = valid_form_answers(bank, number)
        for item in bank.pages[number - 1].items:
            if item.type == "situational":
                seen[item.id] = shown_choices(page, item.id)
                form[item.id] = pick(item, seen[item.id])
            elif item.type == "forced_choice":
                seen[item.id] = shown_choices(page, f"{item.id}.most")
                assert shown_choices(page, f"{item.id}.least") == seen[item.id]
        answer = browser.post(
            page_path(invitation, number),
            data={"csrf_token": csrf_from(page), "action": "next", **form},
        )
        assert answer.status_code == 302, answer.get_data(as_text=True)
    return seen


def test_respondents_see_situational_options_in_orders_of_their_own(app, session, survey_round):
    bank = survey_round.self_bank
    respondents = [self_invitation_for(survey_round) for _ in range(5)]
    seen = [walk_survey(app, invitation, bank) for invitation in respondents]

    situational = [item for item in bank.items if item.type == "situational"]
    assert len(situational) >= 5
    for item in situational:
        texts = {option.id: bank.text(option.text) for option in item.options}
        for shown in seen:  # every option once, each under its own words
            assert sorted(shown[item.id]) == sorted(texts.items())
    orders = {item.id: {tuple(shown[item.id]) for shown in seen} for item in situational}
    assert any(len(different) > 1 for different in orders.values()), orders

    # clicking the first answer every time no longer means the best one every time
    first_scores = [
        item.option(shown[item.id][0][0]).score for shown in seen for item in situational
    ]
    assert min(first_scores) < 100, first_scores
    assert sum(first_scores) / len(first_scores) < 80, first_scores  # by chance: ~45
    stored = [stored_answers(session, invitation) for invitation in respondents]
    assert [[answers[item.id] for item in situational] for answers in stored] == [
        [shown[item.id][0][0] for item in situational] for shown in seen
    ]

    # forced-choice statements: shuffled too, each still once
    blocks = [item for item in bank.items if item.type == "forced_choice"]
    for item in blocks:
        for shown in seen:
            assert sorted(value for value, _ in shown[item.id]) == sorted(
                statement.id for statement in item.statements
            )
    assert any(len({tuple(shown[item.id]) for shown in seen}) > 1 for item in blocks)


def test_the_order_stays_put_on_reload_back_and_a_page_sent_back(
    app, client, session, survey_round, self_invitation
):
    bank = survey_round.self_bank
    names = [item.id for item in situational_items(bank, 1)]
    first = client.get(page_path(self_invitation, 1))
    order = {name: shown_choices(first, name) for name in names}
    assert all(len(choices) >= 3 for choices in order.values())

    again = client.get(page_path(self_invitation, 1))
    assert {name: shown_choices(again, name) for name in names} == order
    elsewhere = app.test_client().get(page_path(self_invitation, 1))  # before any save
    assert {name: shown_choices(elsewhere, name) for name in names} == order

    # a page sent back with messages: one required answer left out, one not an option
    form = valid_form_answers(bank, 1)
    likert = next(item.id for item in bank.pages[0].items if item.type == "likert")
    del form[likert]
    picked = order[names[0]][-1][0]
    form[names[0]] = picked
    form[names[1]] = "not-an-option"
    sent_back = client.post(
        page_path(self_invitation, 1),
        data={"csrf_token": csrf_from(first), "action": "next", **form},
    )
    assert sent_back.status_code == 422
    assert "answers need a look" in sent_back.get_data(as_text=True)
    assert {name: shown_choices(sent_back, name) for name in names} == order
    assert checked_value(sent_back, names[0]) == picked

    # fixed, then on to page 2 and back again
    form[likert] = "3"
    form[names[1]] = order[names[1]][1][0]
    saved = client.post(
        page_path(self_invitation, 1),
        data={"csrf_token": csrf_from(sent_back), "action": "next", **form},
    )
    assert saved.status_code == 302
    second = client.get(page_path(self_invitation, 2))
    back = client.post(
        page_path(self_invitation, 2),
        data={"csrf_token": csrf_from(second), "action": "back"},
    )
    assert back.headers["Location"] == page_path(self_invitation, 1)
    review = client.get(back.headers["Location"])
    assert {name: shown_choices(review, name) for name in names} == order
    assert checked_value(review, names[0]) == picked


def test_the_chosen_option_is_saved_and_scored_whatever_its_place(app, session, survey_round):
    """Two reps answer alike except that one picks the best answer of every situational
    item and the other the worst, each found by its words wherever it is shown."""
    bank = survey_round.self_bank

    def by_words(best: bool):
        def pick(item, shown):
            wanted = (max if best else min)(item.options, key=lambda option: option.score)
            words = bank.text(wanted.text)
            return next(value for value, label in shown if label == words)

        return pick

    best, worst = self_invitation_for(survey_round), self_invitation_for(survey_round)
    walk_survey(app, best, bank, by_words(best=True))
    walk_survey(app, worst, bank, by_words(best=False))

    situational = [item for item in bank.items if item.type == "situational"]
    top = {item.id: max(item.options, key=lambda option: option.score) for item in situational}
    bottom = {item.id: min(item.options, key=lambda option: option.score) for item in situational}
    assert {key: stored_answers(session, best)[key] for key in top} == {
        key: option.id for key, option in top.items()
    }
    assert {key: stored_answers(session, worst)[key] for key in bottom} == {
        key: option.id for key, option in bottom.items()
    }

    session.expire_all()
    scored = {
        invitation.id: score_response(plan_for(bank), response)
        for invitation, _, response in completed_responses(session, survey_round.round)
    }
    high, low = scored[best.id], scored[worst.id]
    for competency in {item.competency for item in situational}:
        gained = sum(
            top[item.id].score - bottom[item.id].score
            for item in situational
            if item.competency == competency
        )
        assert high.answered[competency] == low.answered[competency]
        points = high.scores[competency] - low.scores[competency]
        assert points * high.answered[competency] == pytest.approx(gained)


def test_choice_options_keep_their_written_order(app, session, survey_round):
    """A choice item is often an ordered scale ("Gladly" … "No", then "haven't seen"):
    shown as written to everyone."""
    manager_bank = shipped_banks()["manager_review"]
    version = ensure_version(session, manager_bank)
    assessment_round = RoundFactory(team=survey_round.rep.team, bank_versions=[version])
    item = manager_bank.item("mr_key_customer")
    number = next(
        position
        for position, bank_page in enumerate(manager_bank.pages, 1)
        if item in bank_page.items
    )
    for key in ("user:1", "user:2"):
        invitation = InvitationFactory(
            round=assessment_round, rep=survey_round.rep, bank_version=version,
            rater_role="manager", rater_key=key,
        )  # fmt: skip
        browser = app.test_client()
        for earlier in range(1, number):
            page = browser.get(page_path(invitation, earlier))
            form = valid_form_answers(manager_bank, earlier)
            browser.post(
                page_path(invitation, earlier),
                data={"csrf_token": csrf_from(page), "action": "next", **form},
            )
        page = browser.get(page_path(invitation, number))
        assert shown_choices(page, item.id) == [
            (option.id, manager_bank.text(option.text)) for option in item.options
        ]
