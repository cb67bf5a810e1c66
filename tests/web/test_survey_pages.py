"""The paged survey form: landing, every item type, saving, resume, back, validation."""

from __future__ import annotations

from sqlalchemy import select

from assess.models import Invitation, Response
from tests.conftest import csrf_from
from tests.web.conftest import (
    link_path,
    page_path,
    post_page,
    response_of,
    stored_answers,
    valid_form_answers,
)


def text_of(answer) -> str:
    return answer.get_data(as_text=True)


# --- landing ----------------------------------------------------------------------------


def test_self_landing_says_who_asks_why_how_long_and_marks_opened(
    client, session, survey_round, self_invitation
):
    answer = client.get(link_path(self_invitation))
    assert answer.status_code == 200
    page = text_of(answer)
    bank = survey_round.self_bank
    assert bank.text(bank.title) in page
    assert "About 15 minutes" in page
    assert "Robin Rep" in page
    assert "your own coaching report" in page
    assert "never sees who said what" not in page
    assert f'href="{page_path(self_invitation, 1)}"' in page
    session.expire_all()
    assert session.get(Invitation, self_invitation.id).status == "opened"


def test_buyer_landing_names_the_rep_and_promises_anonymity(client, survey_round, buyer_invitation):
    page = text_of(client.get(link_path(buyer_invitation)))
    assert "Robin Rep" in page
    assert "Robin Rep never sees who said what" in page
    assert "combined with other buyers" in page
    assert "About 3½ minutes" in page
    assert "How was your experience with our salesperson?" in page
    assert "Sign in" not in page  # a respondent has no account to sign in to


def test_organization_name_is_on_the_landing(client, session, self_invitation):
    from assess.models import Organization

    organization = session.get(Organization, self_invitation.organization_id)
    assert organization.name in text_of(client.get(link_path(self_invitation)))


# --- rendering ---------------------------------------------------------------------------


def test_every_item_type_renders_with_labels_and_fieldsets(client, survey_round, buyer_invitation):
    page = text_of(client.get(page_path(buyer_invitation, 1)))
    assert "Page 1 of 2" in page
    assert '<progress max="2" value="1"' in page
    # likert: a fieldset, a legend, five radios labelled with the anchors
    assert 'name="bf_listened" value="5"' in page
    assert "Strongly agree" in page
    # "not observed": one more answer, set apart from the points of the scale
    assert 'name="bf_listened" value="not_observed"' in page
    assert "Not seen / doesn&#39;t apply" in page or "Not seen / doesn't apply" in page
    assert page.count('class="choice choice-aside"') == page.count('data-type="likert"')
    assert page.count("<fieldset") == page.count("<legend")
    assert 'class="required"' in page

    session_page = text_of(client.get(page_path(buyer_invitation, 1)))
    assert "Back" not in session_page.split('class="nav-buttons"')[1].split("</div>")[0]


def test_second_buyer_page_renders_yes_no_likelihood_and_text(
    client, session, survey_round, buyer_invitation
):
    post_page(client, buyer_invitation, 1, valid_form_answers(survey_round.buyer_bank, 1))
    page = text_of(client.get(page_path(buyer_invitation, 2)))
    assert 'name="bf_is_customer" value="yes"' in page and 'value="no"' in page
    for number in range(11):
        assert f'name="bf_would_refer" value="{number}"' in page
    assert "0 = Not at all likely" in page and "10 = Extremely likely" in page
    assert '<textarea id="q-bf_comment-input" name="bf_comment"' in page
    assert 'maxlength="1000"' in page and "Up to 1,000 characters." in page
    assert 'for="q-bf_comment-input"' in page
    # show_if: the after-sale question waits for "yes, I bought": hidden, its fields
    # disabled (never required or sent), numbered only once it applies
    wrapper = page[: page.index('id="q-bf_after_sale"')].rsplit('<div class="branch"', 1)[1]
    assert wrapper.split(">", 1)[0].endswith(" hidden")
    assert 'name="bf_after_sale" value="1" required disabled>' in page
    assert "Send my answers" in page


def test_situational_and_forced_choice_render(client, session, survey_round, self_invitation):
    bank = survey_round.self_bank
    for number in range(1, len(bank.pages)):
        post_page(client, self_invitation, number, valid_form_answers(bank, number))
    page = text_of(client.get(page_path(self_invitation, len(bank.pages))))
    assert "Most like me" in page and "Least like me" in page
    assert 'name="cs_fc_habits.most" value="price_the_pain"' in page
    assert 'name="cs_fc_habits.least" value="price_the_pain"' in page
    first = text_of(client.get(page_path(self_invitation, 1)))
    situational = next(item for item in bank.pages[0].items if item.type == "situational")
    assert '<span class="scenario">' in first
    assert f'name="{situational.id}" value="{situational.options[0].id}"' in first


# --- saving ------------------------------------------------------------------------------


def test_every_item_type_saves_as_its_answer_value(client, session, survey_round, buyer_invitation):
    bank = survey_round.buyer_bank
    post_page(client, buyer_invitation, 1, valid_form_answers(bank, 1))
    answer = post_page(
        client,
        buyer_invitation,
        2,
        {
            "bf_full_cost": "4",
            "bf_surprised": "not_observed",
            "bf_promises_realistic": "2",
            "bf_checked_first": "not_observed",
            "bf_time_to_decide": "4",
            "bf_pushed": "2",
            "bf_kept_word": "5",
            "bf_is_customer": "yes",
            "bf_after_sale": "3",
            "bf_would_refer": "10",
            "bf_comment": "Great\r\nwork",
        },
    )
    assert answer.status_code == 302
    stored = stored_answers(session, buyer_invitation)
    assert stored["bf_listened"] == 5 and stored["bf_surprised"] == "not_observed"
    assert stored["bf_is_customer"] is True
    assert stored["bf_after_sale"] == 3
    assert stored["bf_would_refer"] == 10
    assert stored["bf_comment"] == "Great\nwork"
    assert session.get(Invitation, buyer_invitation.id).status == "completed"


def test_forced_choice_and_situational_save(client, session, survey_round, self_invitation):
    bank = survey_round.self_bank
    for number in range(1, len(bank.pages) + 1):
        answer = post_page(client, self_invitation, number, valid_form_answers(bank, number))
        assert answer.status_code == 302, text_of(answer)
    stored = stored_answers(session, self_invitation)
    assert stored["cs_fc_habits"] == {"most": "price_the_pain", "least": "know_the_field"}
    situational = next(item for item in bank.pages[0].items if item.type == "situational")
    assert stored[situational.id] == situational.options[0].id


def test_first_saved_page_starts_the_response_once(client, session, survey_round, buyer_invitation):
    answers = valid_form_answers(survey_round.buyer_bank, 1)
    post_page(client, buyer_invitation, 1, answers)
    post_page(client, buyer_invitation, 1, answers)
    session.expire_all()
    responses = session.scalars(
        select(Response).where(Response.invitation_id == buyer_invitation.id)
    ).all()
    assert len(responses) == 1
    assert session.get(Invitation, buyer_invitation.id).status == "in_progress"
    assert responses[0].current_page == 1


def test_locale_comes_from_accept_language_among_the_bank_locales(
    client, session, survey_round, buyer_invitation
):
    page = client.get(page_path(buyer_invitation, 1), headers={"Accept-Language": "fr-CH, de"})
    client.post(
        page_path(buyer_invitation, 1),
        data={"csrf_token": csrf_from(page), "bf_listened": "3"},
        headers={"Accept-Language": "fr-CH, de"},
    )
    assert response_of(session, buyer_invitation).locale == "en"  # the bank's only locale


# --- resume and back ---------------------------------------------------------------------


def test_opening_the_link_again_resumes_on_the_first_unfinished_page(
    app, client, session, survey_round, self_invitation
):
    bank = survey_round.self_bank
    post_page(client, self_invitation, 1, valid_form_answers(bank, 1))
    partial = dict(list(valid_form_answers(bank, 2).items())[:2])
    post_page(client, self_invitation, 2, partial, action="back")

    # the tab was closed; the same browser opens the link again (its cookie jar stays)
    answer = client.get(link_path(self_invitation))
    assert answer.status_code == 302
    assert answer.headers["Location"] == page_path(self_invitation, 2)
    page = text_of(client.get(answer.headers["Location"]))
    assert "Welcome back" in page
    for item_id, value in partial.items():
        assert f'name="{item_id}" value="{value}" checked' in page


def test_skipping_ahead_by_address_goes_back_to_the_unfinished_page(
    client, survey_round, self_invitation
):
    answer = client.get(page_path(self_invitation, 4))
    assert answer.status_code == 302
    assert answer.headers["Location"] == page_path(self_invitation, 1)
    assert client.get(page_path(self_invitation, 99)).status_code == 404


def test_back_saves_what_was_typed_without_requiring_it(
    client, session, survey_round, buyer_invitation
):
    bank = survey_round.buyer_bank
    post_page(client, buyer_invitation, 1, valid_form_answers(bank, 1))
    answer = post_page(
        client, buyer_invitation, 2, {"bf_full_cost": "2", "bf_comment": "half a thought"}, "back"
    )
    assert answer.status_code == 302
    assert answer.headers["Location"] == page_path(buyer_invitation, 1)
    stored = stored_answers(session, buyer_invitation)
    assert stored["bf_full_cost"] == 2 and stored["bf_comment"] == "half a thought"
    page = text_of(client.get(page_path(buyer_invitation, 2)))
    assert 'name="bf_full_cost" value="2" checked' in page
    assert ">half a thought</textarea>" in page


def test_back_with_a_value_that_cannot_be_saved_stays_and_says_why(
    client, session, survey_round, buyer_invitation
):
    post_page(client, buyer_invitation, 1, valid_form_answers(survey_round.buyer_bank, 1))
    too_long = "x" * 1001
    answer = post_page(
        client, buyer_invitation, 2, {"bf_full_cost": "2", "bf_comment": too_long}, "back"
    )
    assert answer.status_code == 422
    assert "Please keep your answer to 1,000 characters (it has 1,001)." in text_of(answer)
    assert too_long in text_of(answer)  # still in the box, nothing silently dropped
    stored = stored_answers(session, buyer_invitation)
    assert stored["bf_full_cost"] == 2 and "bf_comment" not in stored


# --- validation --------------------------------------------------------------------------


def test_invalid_answer_shows_message_beside_item_and_keeps_the_others(
    client, session, survey_round, buyer_invitation
):
    answers = valid_form_answers(survey_round.buyer_bank, 1)
    answers["bf_listened"] = "9"  # not on a 5-point scale
    del answers["bf_interrupted"]  # required, missing
    answer = post_page(client, buyer_invitation, 1, answers)
    assert answer.status_code == 422
    page = text_of(answer)
    listened = page.split('id="q-bf_listened"')[1].split('class="question ')[0]
    assert "Choose one of the points on the scale." in listened
    assert 'aria-describedby="q-bf_listened-error"' in listened
    assert 'id="q-bf_listened-error"' in listened
    interrupted = page.split('id="q-bf_interrupted"')[1].split('class="question ')[0]
    assert "Please answer this question." in interrupted
    assert f'name="bf_real_problem" value="{answers["bf_real_problem"]}" checked' in page
    assert 'href="#q-bf_listened"' in page  # the summary links to the item
    stored = stored_answers(session, buyer_invitation)
    assert "bf_listened" not in stored and "bf_interrupted" not in stored
    assert stored["bf_real_problem"] == int(answers["bf_real_problem"])  # valid ones saved
    assert response_of(session, buyer_invitation).current_page == 0  # did not advance


def test_too_long_text_gets_a_message_not_truncation(
    client, session, survey_round, buyer_invitation
):
    bank = survey_round.buyer_bank
    post_page(client, buyer_invitation, 1, valid_form_answers(bank, 1))
    answers = valid_form_answers(bank, 2)
    answers["bf_comment"] = "é" * 1200
    answer = post_page(client, buyer_invitation, 2, answers)
    assert answer.status_code == 422
    assert "Please keep your answer to 1,000 characters (it has 1,200)." in text_of(answer)
    assert "bf_comment" not in stored_answers(session, buyer_invitation)
    assert session.get(Invitation, buyer_invitation.id).status != "completed"


def test_an_emptied_comment_is_cleared(client, session, survey_round, buyer_invitation):
    bank = survey_round.buyer_bank
    post_page(client, buyer_invitation, 1, valid_form_answers(bank, 1))
    post_page(client, buyer_invitation, 2, {"bf_comment": "first thought"}, "back")
    post_page(client, buyer_invitation, 2, {"bf_comment": "   "}, "back")
    assert "bf_comment" not in stored_answers(session, buyer_invitation)


def test_show_if_reveals_a_question_after_the_answer_it_depends_on(
    client, session, survey_round, buyer_invitation
):
    bank = survey_round.buyer_bank
    post_page(client, buyer_invitation, 1, valid_form_answers(bank, 1))
    answers = valid_form_answers(bank, 2)
    del answers["bf_after_sale"]  # hidden when the page was shown
    answer = post_page(client, buyer_invitation, 2, answers)
    assert answer.status_code == 422  # "yes, I bought" revealed one more question
    page = text_of(answer)
    assert 'id="q-bf_after_sale"' in page and "Please answer this question." in page

    answers["bf_is_customer"] = "no"  # hidden again: no longer required
    answer = post_page(client, buyer_invitation, 2, answers)
    assert answer.status_code == 302
    assert answer.headers["Location"].endswith("/done")


def test_answers_to_hidden_items_are_not_stored(client, session, survey_round, buyer_invitation):
    bank = survey_round.buyer_bank
    post_page(client, buyer_invitation, 1, valid_form_answers(bank, 1))
    answers = valid_form_answers(bank, 2)
    answers["bf_is_customer"] = "no"
    post_page(client, buyer_invitation, 2, answers)
    assert "bf_after_sale" not in stored_answers(session, buyer_invitation)


def test_unknown_fields_are_ignored_and_never_stored(
    client, session, survey_round, buyer_invitation
):
    answers = valid_form_answers(survey_round.buyer_bank, 1)
    del answers["bf_offer_wrong"]
    answers["not_an_item"] = "5"
    post_page(client, buyer_invitation, 1, answers, action="back")
    assert "not_an_item" not in stored_answers(session, buyer_invitation)


def test_active_seconds_add_up_time_on_pages_capped_per_page(
    client, session, survey_round, buyer_invitation
):
    bank = survey_round.buyer_bank
    page = client.get(page_path(buyer_invitation, 1))
    with client.session_transaction() as cookie:
        clocks = dict(cookie["survey_clock"])
        clocks[str(buyer_invitation.id)] -= 95
        cookie["survey_clock"] = clocks
    client.post(
        page_path(buyer_invitation, 1),
        data={"csrf_token": csrf_from(page), "action": "next", **valid_form_answers(bank, 1)},
    )
    first = response_of(session, buyer_invitation).active_seconds
    assert 95 <= first <= 100

    page = client.get(page_path(buyer_invitation, 2))
    with client.session_transaction() as cookie:
        clocks = dict(cookie["survey_clock"])
        clocks[str(buyer_invitation.id)] -= 3 * 3600  # tab left open for hours
        cookie["survey_clock"] = clocks
    client.post(
        page_path(buyer_invitation, 2),
        data={"csrf_token": csrf_from(page), "action": "back"},
    )
    assert response_of(session, buyer_invitation).active_seconds - first <= 600 + 2


def test_autosave_saves_with_the_same_rules_and_says_what_it_could_not_keep(
    client, session, survey_round, buyer_invitation
):
    page = client.get(page_path(buyer_invitation, 1))
    answer = client.post(
        page_path(buyer_invitation, 1),
        data={"csrf_token": csrf_from(page), "bf_listened": "4", "bf_interrupted": "nonsense"},
        headers={"X-Candor-Autosave": "1"},
    )
    # the valid answer is saved; the page is told one was not (never "saved" for it)
    assert answer.status_code == 422
    assert stored_answers(session, buyer_invitation) == {"bf_listened": 4}
    clean = client.post(
        page_path(buyer_invitation, 1),
        data={"csrf_token": csrf_from(page), "bf_listened": "5"},
        headers={"X-Candor-Autosave": "1"},
    )
    assert clean.status_code == 204
    refused = client.post(
        page_path(buyer_invitation, 1),
        data={"bf_listened": "1"},
        headers={"X-Candor-Autosave": "1"},
    )
    assert refused.status_code == 400  # CSRF applies to autosave too
    assert stored_answers(session, buyer_invitation) == {"bf_listened": 5}
