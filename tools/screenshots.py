"""`make screenshots`: the README's pictures, made from the demo organization.

Starts `flask serve` (demo loaded, reports rendered by its worker) on a fresh instance,
then with Debian's Chromium: the manager's completion board, a survey page on a
phone-sized screen, and page 1 of the owner's team report and of a rep's coaching
report (pdftoppm). Everything lands in docs/img/.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

PROJECT_ROOT = Path(__file__).resolve().parent.parent
IMAGES = PROJECT_ROOT / "docs" / "img"
sys.path.insert(0, str(PROJECT_ROOT))

from assess.demo import DEMO_LOGINS  # noqa: E402
from tests.e2e.conftest import CHROMIUM, CHROMIUM_FLAGS  # noqa: E402
from tests.support.http import free_port  # noqa: E402

#: The board's link to a rep's own copy of the coaching report (its accessible name).
REPS_COPY = re.compile(r"coaching report: rep's copy", re.I)


def start_server(instance: str, port: int) -> subprocess.Popen:
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "SMTP_URL")
    }
    env.update(CANDOR_INSTANCE_PATH=instance, CANDOR_BASE_URL=f"http://127.0.0.1:{port}")
    process = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "app", "serve", "--port", str(port)],
        cwd=PROJECT_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    for _ in range(300):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):  # noqa: S310
                return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("the demo server did not start")


def pdf_pages(pdf: bytes, stem: str, pages: int = 2) -> None:
    """docs/img/<stem>-page1.png, -page2.png … from the first `pages` pages."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "report.pdf"
        source.write_bytes(pdf)
        for number in range(1, pages + 1):
            subprocess.run(
                ["pdftoppm", "-png", "-r", "70", "-f", str(number), "-l", str(number),
                 "-singlefile", str(source), str(IMAGES / f"{stem}-page{number}")],
                check=True,
            )  # fmt: skip


def main() -> None:
    IMAGES.mkdir(parents=True, exist_ok=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as instance:
        server = start_server(instance, port)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
                desk = browser.new_context(viewport={"width": 1200, "height": 900})
                page = desk.new_page()
                email, password = DEMO_LOGINS["manager"]
                page.goto(base + "/login")
                page.get_by_label("Email").fill(email)
                page.get_by_label("Password").fill(password)
                page.get_by_role("button", name="Sign in").click()
                page.get_by_role("link", name="Winter 2026 pulse").click()
                page.screenshot(path=IMAGES / "board.png", full_page=False)
                link = page.locator("tr.status-pending input.copy-link").first.input_value()

                phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
                survey = phone.new_page()
                survey.goto(link)
                survey.get_by_role("link", name=re.compile("Start|Continue")).first.click()
                survey.screenshot(path=IMAGES / "survey-phone.png")

                # the manager adds a buyer; the rep answers for them on their own link
                own = page.locator("tr", has_text="(self)").filter(
                    has=page.locator("input.copy-link")
                )
                card = page.locator("section.rep-card").filter(has=own).first
                rep_link = card.locator("tr", has_text="(self)").locator("input.copy-link")
                rep_link = rep_link.first.input_value()
                card.locator("summary", has_text="Ask a buyer").click()
                card.get_by_label("Name").fill("Dana Whitfield")
                card.get_by_label("Email").fill("dana@harbor-logistics.example")
                card.get_by_label("They are a").select_option("customer")
                card.get_by_role("button", name="Add this buyer").click()
                confirm = phone.new_page()
                confirm.goto(rep_link + "/buyers")
                confirm.screenshot(path=IMAGES / "rep-confirms-buyers.png")

                page.goto(base + "/manage/")
                links = page.get_by_role("link", name="Autumn 2026 round", exact=True).all()
                board = base + next(  # the round's board (the dashboard also links readiness)
                    link.get_attribute("href")
                    for link in links
                    if re.search(r"/manage/rounds/\d+$", link.get_attribute("href") or "")
                )
                page.goto(board)
                marcus = page.locator("section.rep-card", has_text="Marcus Hale")
                for _ in range(300):  # the demo's reports render in the background
                    if (
                        page.get_by_role("link", name="Download PDF").count()
                        and marcus.get_by_role("link", name=REPS_COPY).count()
                    ):
                        break
                    time.sleep(1)
                    page.goto(board)
                team_url = page.get_by_role("link", name="Download PDF").get_attribute("href")
                rep_url = marcus.get_by_role("link", name=REPS_COPY).get_attribute("href")
                for url, stem in ((team_url, "team-report"), (rep_url, "rep-report")):
                    pdf_pages(page.request.get(base + url).body(), stem)

                page.goto(board)  # the owner's pages: readiness, then a rep's history
                page.get_by_role("link", name="Readiness at a glance").click()
                page.screenshot(path=IMAGES / "readiness.png", full_page=False)
                page.get_by_role("link", name="Marcus Hale").first.click()
                page.screenshot(path=IMAGES / "rep-history.png", full_page=False)
                page.get_by_role("link", name="Make a coaching plan").first.click()
                page.screenshot(path=IMAGES / "coaching-plan.png", full_page=False)
                owner = browser.new_context(viewport={"width": 1200, "height": 900}).new_page()
                email, password = DEMO_LOGINS["owner"]  # the owner's integrations
                owner.goto(base + "/login")
                owner.get_by_label("Email").fill(email)
                owner.get_by_label("Password").fill(password)
                owner.get_by_role("button", name="Sign in").click()
                owner.goto(base + "/manage/api-tokens")
                owner.locator("#name").fill("HRIS nightly sync")
                owner.locator("input[value=write]").check()
                owner.get_by_role("button", name="Create the token").click()
                owner.screenshot(path=IMAGES / "api-tokens.png", full_page=False)
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=30)
    for image in sorted(IMAGES.glob("*.png")):
        print(f"{image.relative_to(PROJECT_ROOT)}: {image.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
