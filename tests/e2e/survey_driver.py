"""Walking a survey in the browser: answer what is on the page, then press on."""

from __future__ import annotations

import re

PAGE_OF = re.compile(r"Page (\d+) of (\d+)")


def page_position(page) -> tuple[int, int]:
    number, total = PAGE_OF.search(page.locator(".progress-text").inner_text()).groups()
    return int(number), int(total)


def answer_visible_questions(page) -> None:
    """Pick an answer in every radio group and fill every text box on the page."""
    names = page.eval_on_selector_all(
        "input[type=radio]", "els => [...new Set(els.map(e => e.name))]"
    )
    for name in names:
        radios = page.locator(f"input[type=radio][name='{name}']:not([disabled])")
        if radios.count() == 0:
            continue  # a follow-up question that does not apply (yet)
        count = radios.count()
        if name.endswith(".least"):
            index = 1  # never the statement chosen as "most like me" (index 0)
        elif name.endswith(".most"):
            index = 0
        else:
            index = max(0, count - 2)  # a favourable but not extreme answer
        radios.nth(index).check(force=True)
    for box in page.locator("textarea").all():
        box.fill("Listened carefully and kept every promise.")


def next_page(page) -> None:
    """Press "Next" (or "Send") and wait for the page it leads to: waiting for a load
    state after the click could see the old page before the navigation began."""
    with page.expect_navigation():
        page.locator("button[name=action][value=next]").click()


def answer_pages(page, count: int | None = None) -> None:
    """Answer and submit `count` pages (all remaining ones when None)."""
    done = 0
    while count is None or done < count:
        if page.locator(".progress-text").count() == 0:
            return  # past the last page
        answer_visible_questions(page)
        next_page(page)
        page.wait_for_load_state()
        page.wait_for_selector("main h1")  # the next page's content, not a blank moment
        done += 1


def answer_with_keyboard_only(page, limit: int = 400) -> None:
    """Complete the open survey with Tab, arrow keys, typing and Enter — no mouse."""
    for _ in range(limit):
        if page.locator(".progress-text").count() == 0:
            return
        page.keyboard.press("Tab")
        kind = page.evaluate(
            "() => { const e = document.activeElement;"
            " return e ? (e.type || e.tagName).toLowerCase() : ''; }"
        )
        if kind == "radio":
            # Arrow keys move within the group and select; "least" differs from "most".
            page.keyboard.press("ArrowRight")
            if page.evaluate("() => document.activeElement.name.endsWith('.least')"):
                page.keyboard.press("ArrowRight")
        elif kind == "textarea":
            page.keyboard.type("Kept their word.")
        elif kind == "submit" and page.evaluate("() => document.activeElement.value === 'next'"):
            with page.expect_navigation():
                page.keyboard.press("Enter")
    raise AssertionError("the survey could not be finished with the keyboard alone")
