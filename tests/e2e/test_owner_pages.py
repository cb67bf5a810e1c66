"""The owner's readiness, rep-history and bank item-analysis pages in Chromium, on a
phone and a desktop: reached by their links, free of serious accessibility problems,
and no wider than the screen. A screenshot of each is left in the test's temporary folder."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from assess.demo import DEMO_LOGINS
from tests.e2e.conftest import PROJECT_ROOT, axe_violations, wait_until_up
from tests.support.http import free_port

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory):
    """Base URL of a live Candor that loaded the demo organization on first start."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(
        CANDOR_INSTANCE_PATH=str(tmp_path_factory.mktemp("owner-pages")),
        CANDOR_BASE_URL=base,
        CANDOR_MAIL_FROM="candor@e2e.example.com",
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "app", "serve", "--port", str(port)],
        env=env, cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    wait_until_up(base + "/healthz", process, seconds=120)
    yield base
    process.terminate()
    process.communicate(timeout=30)


@pytest.mark.parametrize("screen", VIEWPORTS)
def test_the_owner_reads_readiness_and_a_reps_history(browser, demo_server, screen, tmp_path):
    context = browser.new_context(viewport=VIEWPORTS[screen], bypass_csp=True)  # axe is injected
    page = context.new_page()
    page.goto(demo_server + "/login")
    email, password = DEMO_LOGINS["owner"]
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/manage/?$"))

    readiness = page.locator("section", has=page.locator("#readiness-heading"))
    # the demo's two teams each have a headline: Field Sales' is the one with the stories
    readiness = readiness.locator(".readiness-teams > li").filter(has_text="Field Sales")
    headline = readiness.locator(".readiness-headline").inner_text()
    assert re.fullmatch(r"\d+ of 12 reps (is|are) ready\. .*", headline), headline
    readiness.get_by_role("link", name="Readiness of Autumn 2026 round").click()
    page.wait_for_url(re.compile(r"/manage/rounds/\d+/readiness$"))
    assert page.get_by_role("heading", name=headline).is_visible()  # the same words
    assert page.get_by_role("heading", name="Three decisions for this month").is_visible()
    check_the_page(page, tmp_path, f"readiness-{screen}")

    page.locator("#trust-risks").locator("..").get_by_role("link", name="Marcus Hale").click()
    page.wait_for_url(re.compile(r"/manage/reps/\d+/history$"))
    assert page.get_by_role("heading", name="Verdict and overall score").is_visible()
    assert page.locator("svg[role=img]").count() >= 11  # the overall and each competency
    check_the_page(page, tmp_path, f"history-{screen}")
    context.close()


@pytest.mark.parametrize("screen", VIEWPORTS)
def test_the_owner_reads_how_each_question_of_the_buyer_survey_works(
    browser, demo_server, screen, tmp_path
):
    context = browser.new_context(viewport=VIEWPORTS[screen], bypass_csp=True)  # axe is injected
    page = context.new_page()
    page.goto(demo_server + "/login")
    email, password = DEMO_LOGINS["owner"]
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/manage/?$"))

    page.get_by_role("link", name="How each question works").click()
    page.wait_for_url(re.compile(r"/manage/banks$"))
    check_the_page(page, tmp_path, f"banks-{screen}")
    page.get_by_role("link", name="How was your experience with our salesperson?").click()
    page.wait_for_url(re.compile(r"/manage/banks/\d+$"))
    listening = page.locator("section", has=page.locator("#competency-listening"))
    assert re.search(r"Cronbach's alpha \d\.\d\d \(n = \d+\)", listening.inner_text())
    assert page.get_by_role("heading", name="Agreement among the buyers of each rep").is_visible()
    check_the_page(page, tmp_path, f"bank-analysis-{screen}")
    context.close()


def check_the_page(page, tmp_path, name: str) -> None:
    """No serious axe violation, nothing wider than the screen, and a screenshot."""
    assert axe_violations(page) == [], name
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{name}: {overflow}px wider than the screen"
    page.screenshot(path=str(tmp_path.parent / f"{name}.png"), full_page=True)
