"""Nothing a respondent types is lost: autosave proven in Chromium.

The rep answers part of a page and never presses a button, closes the browser, and
opens the link again: the answers are there. Offline, the page says the answer is not
saved yet, and saves it when the connection is back.
"""

from __future__ import annotations

import re

from tests.e2e.conftest import ADA_BROWSER
from tests.e2e.survey_driver import answer_visible_questions, next_page

SAVED = "Your answers are saved."


def first_radio_groups(page, count: int) -> list[str]:
    names = page.eval_on_selector_all(
        "input[type=radio]", "els => [...new Set(els.map(e => e.name))]"
    )
    return [name for name in names if "." not in name][:count]


def reopened(browser, state: dict):
    """A new browser session holding what a restarted browser keeps: persistent cookies
    only (session cookies die with the browser)."""
    kept = [cookie for cookie in state["cookies"] if cookie.get("expires", -1) > 0]
    return browser.new_context(storage_state={"cookies": kept, "origins": []})


def start(page, link: str) -> None:
    """Open the link: the landing page the first time, straight back to the page later."""
    page.goto(link)
    if page.locator("form[data-autosave]").count() == 0:
        page.get_by_role("link", name=re.compile("Start")).first.click()
    page.wait_for_selector("form[data-autosave]")


def test_answers_given_without_pressing_a_button_survive_closing_the_browser(browser, round_links):
    _, _, links = round_links
    link = next(url for who, url in links.items() if "onsultative" in who)
    first = browser.new_context(storage_state=links[ADA_BROWSER])  # Ada's own browser
    page = first.new_page()
    start(page, link)
    chosen = {}
    for name in first_radio_groups(page, 3):
        radios = page.locator(f"input[type=radio][name='{name}']")
        radios.nth(1).check()
        chosen[name] = radios.nth(1).get_attribute("value")
    page.wait_for_function(
        "text => document.querySelector('.autosave-status').textContent === text", arg=SAVED
    )
    assert "saved as you go" in page.locator(".saved-note").inner_text()
    state = first.storage_state()
    first.close()  # no Next, no Back: the browser is simply closed

    again = reopened(browser, state)
    page = again.new_page()
    start(page, link)
    assert "Welcome back" in page.content()
    for name, value in chosen.items():
        radio = page.locator(f"input[type=radio][name='{name}'][value='{value}']")
        assert radio.is_checked(), f"{name} was lost"

    # offline: the page says so, and saves once the connection is back
    name = next(iter(chosen))
    other = page.locator(f"input[type=radio][name='{name}']").nth(2)
    again.set_offline(True)
    other.check()
    status = page.locator(".autosave-status")
    status.filter(has_text="Not saved yet").wait_for()
    assert "offline" in status.inner_text()
    again.set_offline(False)
    page.wait_for_function(
        "text => document.querySelector('.autosave-status').textContent === text", arg=SAVED
    )
    new_value = other.get_attribute("value")
    state = again.storage_state()
    again.close()

    third = reopened(browser, state)
    page = third.new_page()
    start(page, link)
    assert page.locator(f"input[type=radio][name='{name}'][value='{new_value}']").is_checked()
    third.close()


def test_a_follow_up_question_appears_as_soon_as_an_answer_calls_for_it(browser, round_links):
    """The buyer's "have you bought?" shows the after-sale question at once, numbered
    in place; "no" takes it away again, and sending never asks for a question the
    buyer did not see."""
    _, _, links = round_links
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    start(page, links["Kim Keyboard"])
    while page.locator(".question[data-item=bf_is_customer]").count() == 0:
        answer_visible_questions(page)
        next_page(page)
    after_sale = page.locator(".question[data-item=bf_after_sale]")
    assert not after_sale.is_visible()
    numbers = page.locator(".question-number").all_inner_texts()
    page.locator("input[name=bf_is_customer][value=yes]").check()
    after_sale.wait_for(state="visible")
    shown = [text for text in page.locator(".question-number").all_inner_texts() if text]
    assert shown == [f"{n}." for n in range(1, len(shown) + 1)]  # renumbered in order
    assert len(shown) == len([text for text in numbers if text]) + 1
    page.locator("input[name=bf_is_customer][value=no]").check()
    after_sale.wait_for(state="hidden")
    answer_visible_questions(page)
    next_page(page)
    assert "needs a look" not in page.content()
    context.close()


def test_typing_does_not_hold_back_the_clicks_and_leaving_saves_the_rest(browser, round_links):
    """Clicks, then a comment typed straight after, then the tab is closed within a
    second: the clicks were saved on time (typing does not postpone them), and what
    was typed is sent as the page goes away."""
    _, _, links = round_links
    first = browser.new_context(viewport={"width": 390, "height": 844})
    page = first.new_page()
    start(page, links["Axel Axe"])
    while page.locator("textarea").count() == 0:
        answer_visible_questions(page)
        next_page(page)
    chosen = {}
    for name in first_radio_groups(page, 3):
        radio = page.locator(f"input[type=radio][name='{name}']:not([disabled])").nth(1)
        radio.check()
        chosen[name] = radio.get_attribute("value")
    page.locator("textarea").first.type("They listened.", delay=20)
    page.wait_for_timeout(700)  # the clicks' save is due; the comment's is not yet
    state = first.storage_state()
    page.close(run_before_unload=True)
    first.close()

    again = reopened(browser, state)
    page = again.new_page()
    start(page, links["Axel Axe"])
    while page.locator("textarea").count() == 0:
        next_page(page)
    for name, value in chosen.items():
        assert page.locator(f"input[name='{name}'][value='{value}']").is_checked(), name
    assert page.locator("textarea").first.input_value() == "They listened."
    again.close()
