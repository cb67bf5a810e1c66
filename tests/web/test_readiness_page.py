"""The readiness page: page one of the owner's team report, in the browser, with the
PDF's own numbers, for the people who may read that report and nobody else."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from assess.models import Report, ScoreSnapshot
from assess.services.report_pdfs import report_pdf
from assess.services.reports import report_inputs
from tests.conftest import sign_in
from tests.factories import RoundFactory, TeamFactory, UserFactory
from tests.reports.conftest import PdfText
from tests.support.demo_pages import (
    demo_rep,
    demo_round,
    load_signed_in_demo,
    squeezed,
    visible_text,
)

COUNT_CELL = re.compile(
    r'<li class="verdict-count verdict-(\w+)"><span class="count-value">(\d+)</span> '
    r'<span class="count-label">([^<]+)</span></li>'
)


@pytest.fixture
def owner_client(client, session):
    load_signed_in_demo(client, session)
    return client


def section(markup: str, heading_id: str) -> str:
    """The HTML of the card whose heading has `heading_id`."""
    start = markup.rindex("<section", 0, markup.index(f'id="{heading_id}"'))
    return markup[start : markup.index("</section>", start)]


def items(markup: str) -> list[str]:
    return [visible_text(item) for item in re.findall(r"<li>(.*?)</li>", markup, re.S)]


def pdf_counts(page_one: str, closed_on: str) -> dict[str, int]:
    """The counts row of the PDF's first page: between the dek and the answer."""
    flat = " ".join(page_one.split())
    start = flat.index(closed_on) + len(closed_on)
    cells = re.findall(r"(\d+)\s*([^\d]+)", flat[start : flat.index("Of ", start)])
    return {label.strip(): int(count) for count, label in cells}


def expected_verdicts(session, assessment_round) -> dict[str, list[str]]:
    """Rep names by the verdict label page one counts, read from the rep snapshots
    themselves (docs/scoring.md: a verdict of None is borderline when verdicts are left
    open, not assessed when evidence is missing)."""
    labels = {
        "ready": "ready",
        "coach": "worth coaching",
        "trust_risk": "trust risk",
        "not_a_fit": "not a fit",
    }
    found: dict[str, list[str]] = {label: [] for label in labels.values()}
    found |= {"borderline": [], "not enough evidence": []}
    for payload in session.scalars(
        select(ScoreSnapshot.payload).where(
            ScoreSnapshot.round_id == assessment_round.id, ScoreSnapshot.scope == "rep"
        )
    ):
        verdict = payload["verdict"]
        if verdict["verdict"] is not None:
            label = labels[verdict["verdict"]]
        else:
            label = "not enough evidence" if verdict.get("missing") else "borderline"
        found[label].append(payload["rep_name"])
    return found


def test_the_page_says_what_page_one_of_the_team_pdf_says(owner_client, session):
    autumn = demo_round(session)
    report = Report(
        organization_id=autumn.organization_id,
        round_id=autumn.id,
        kind="team",
        tone=autumn.organization.report_tone,
    )
    page_one = PdfText(report_pdf(report_inputs(session, report))).pages[0]
    pdf = squeezed(page_one)
    verdicts = expected_verdicts(session, autumn)

    answer = owner_client.get(f"/manage/rounds/{autumn.id}/readiness")
    assert answer.status_code == 200
    markup = answer.get_data(as_text=True)

    shown = {label: int(count) for _, count, label in COUNT_CELL.findall(markup)}
    closed = autumn.closed_at
    assert shown == pdf_counts(page_one, f"{closed.day} {closed:%B %Y}")
    assert shown == {
        label: len(names)
        for label, names in verdicts.items()
        if names or label not in ("borderline", "not enough evidence")  # shown when someone is
    }
    # The demo's stories (tests/test_demo.py): a trust risk, a borderline rep and one
    # without the evidence, so no list below agrees with the PDF by being empty.
    assert verdicts["trust risk"] and verdicts["borderline"] and verdicts["not enough evidence"]

    summary = section(markup, "readiness-headline")
    paragraphs = [visible_text(p) for p in re.findall(r"<(?:h2|p)\b.*?</(?:h2|p)>", summary, re.S)]
    total = sum(shown.values())
    ready = shown["ready"]
    assert paragraphs[0].startswith(f"{ready} of {total} reps {'is' if ready == 1 else 'are'}")
    for paragraph in paragraphs:  # the headline and the plain-English answer
        assert squeezed(paragraph) in pdf, paragraph

    average = visible_text(section(markup, "team-average"))
    mean = re.search(r"Team average (\d+) of 100", average).group(1)
    assert f"Team average {mean} of 100" in " ".join(page_one.split())
    change = re.search(r"(\d+ → \d+ \([+−±]\d+\))", average).group(1)
    assert squeezed(change) in pdf
    if "within noise" in average:
        assert "withinthenoise" in pdf
    else:
        assert "beyond noise" in average and "beyondthenoise" in pdf

    trust = items(section(markup, "trust-risks"))
    not_assessed = items(section(markup, "not-assessed"))
    borderline = items(section(markup, "borderline"))
    assert sorted(trust) == sorted(verdicts["trust risk"])
    assert sorted(row.split(" — ")[0] for row in not_assessed) == sorted(
        verdicts["not enough evidence"]
    )
    assert all(" — needs " in row for row in not_assessed)
    assert sorted(row.split(" — ")[0] for row in borderline) == sorted(verdicts["borderline"])
    for line in trust + not_assessed + borderline:
        assert squeezed(line) in pdf, line
    # one name for a rep without a verdict, here, in the PDF and on the history page
    assert "Not enough evidence yet, so no decision about them" in markup
    assert "Not assessed" not in markup and "Notassessed" not in pdf

    decisions = re.findall(
        r'<p class="decision-(?:title|why)">(.*?)</p>', section(markup, "decisions"), re.S
    )
    assert len(decisions) == 6  # three decisions, each with its reason
    first = visible_text(decisions[0])
    assert first.startswith("Take ") and first.endswith(" off referrals and key accounts.")
    assert all(name in first for name in trust)
    for text in decisions:
        assert squeezed(visible_text(text)) in pdf, text


def test_rep_names_open_their_history_and_the_dashboard_shows_each_teams_headline(
    owner_client, session
):
    autumn = demo_round(session)
    markup = owner_client.get(f"/manage/rounds/{autumn.id}/readiness").get_data(as_text=True)
    for name in ("Marcus Hale", "Hannah Cole", "Kenji Watanabe", "Alex Moreno"):
        rep = demo_rep(session, name)
        assert f'<a href="/manage/reps/{rep.id}/history">{name}</a>' in markup, name
    team_report = session.scalar(
        select(Report).where(Report.round_id == autumn.id, Report.kind == "team")
    )
    assert f"/manage/reports/{team_report.id}.pdf" not in markup  # queued, not rendered yet
    team_report.status = "done"
    session.flush()
    markup = owner_client.get(f"/manage/rounds/{autumn.id}/readiness").get_data(as_text=True)
    assert f'href="/manage/reports/{team_report.id}.pdf">Team report (PDF)</a>' in markup

    dashboard = owner_client.get("/manage/").get_data(as_text=True)
    readiness = visible_text(section(dashboard, "readiness-heading"))
    assert "Field Sales · Autumn 2026 round" in readiness  # the latest closed round, not Spring
    headline = visible_text(section(markup, "readiness-headline").split("</h2>")[0])
    assert headline and headline in readiness  # the readiness page's own headline
    assert f'href="/manage/rounds/{autumn.id}/readiness"' in dashboard
    spring = demo_round(session, "Spring 2026 round")
    assert f'href="/manage/rounds/{spring.id}/readiness"' in dashboard  # from the rounds list
    winter = demo_round(session, "Winter 2026 pulse")
    assert f'href="/manage/rounds/{winter.id}/readiness"' not in dashboard  # still open


def test_a_round_not_closed_or_not_scored_yet_says_so(owner_client, session):
    winter = demo_round(session, "Winter 2026 pulse")
    text = visible_text(owner_client.get(f"/manage/rounds/{winter.id}/readiness").data.decode())
    assert "Winter 2026 pulse is still open. Readiness is shown once the round is closed" in text
    assert "Three decisions" not in text

    field_sales = demo_round(session).team
    just_closed = RoundFactory(team=field_sales, name="Closed a second ago", status="closed")
    answer = owner_client.get(f"/manage/rounds/{just_closed.id}/readiness")
    assert answer.status_code == 200
    assert "Closed a second ago is being scored" in visible_text(answer.get_data(as_text=True))


def test_only_the_teams_managers_and_the_owner_see_it(app, client, session):
    load_signed_in_demo(client, session, role="manager")  # Morgan manages Field Sales
    autumn = demo_round(session)
    url = f"/manage/rounds/{autumn.id}/readiness"
    assert "Three decisions for this month" in client.get(url).get_data(as_text=True)

    other_manager = UserFactory(role="manager", organization=autumn.organization)
    # a team of the manager's own ("Inside Sales" is the demo's second team now)
    TeamFactory(organization=autumn.organization, name="Key Accounts", manager_id=other_manager.id)
    foreign_owner = UserFactory(role="owner")
    for person in (other_manager, foreign_owner):
        outsider = app.test_client()
        sign_in(outsider, person.email)
        assert outsider.get(url).status_code == 404
        dashboard = outsider.get("/manage/").get_data(as_text=True)
        assert "Field Sales" not in dashboard and 'id="readiness-heading"' not in dashboard
