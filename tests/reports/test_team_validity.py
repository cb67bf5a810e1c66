"""The team report's "Does it predict here?", read from the PDF the `report` command
writes for a closed round and set against the owner's page: the same numbers for the
same reps, "not enough reps to say" below the minimum, no section without outcomes, no
rep named, and only the team's own reps counted — the team's managers download the
team report too, and the page that pools every team is the owner's alone."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from assess.core.validity import spearman
from assess.core.validity.wording import CAUSATION_NOTE, LINK_WORDS, figures
from assess.models import Report, ScoreSnapshot
from assess.platform.queue import enqueue
from tests.conftest import sign_in
from tests.factories import UserFactory
from tests.reports.conftest import PdfText
from tests.support.outcome_rounds import scored_team
from tests.web.test_validity_page import cells, page_text

HEADING = "Does it predict here?"
#: The numbers of one cell: "ρ 0.41 (0.12 to 0.64), 38 reps".
FIGURES = re.compile(r"ρ −?\d\.\d\d \(−?\d\.\d\d to −?\d\.\d\d\), [\d,]+ reps")
#: What a cell says before its figures, longest first ("could be chance" says among how
#: many pairs).
LINK = re.compile(
    r"could be chance among [\d,]+ pairs|"
    + "|".join(sorted(map(re.escape, LINK_WORDS.values()), key=len, reverse=True))
)
#: "Of 22 pairs tested, about 2 would show a link by chance alone … “could be chance”."
MULTIPLICITY = re.compile(r"Of [\d,]+ pairs tested, .*?(?:rate\)\.|“could be chance”\.)")
#: "9 of 22 reps have a verdict (…); the other 13 … not in this table."
COVERAGE = re.compile(r"(?:\d+ of \d+ reps|All \d+ reps) have [^.]*?(?:table|\))\.")


def team_pdf(runner, scored, tmp_path) -> PdfText:
    target = tmp_path / f"team-{scored.round.id}.pdf"
    result = runner.invoke(
        args=["report", "team", "--round", str(scored.round.id), "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    return PdfText(target.read_bytes())


def section(pdf: PdfText) -> str:
    """The section's text, whitespace collapsed (it is the report's last)."""
    text = pdf.flat()
    assert HEADING in text
    return text[text.index(HEADING) :]


def squeezed(text: str) -> str:
    return "".join(text.split())


@pytest.fixture
def owner_client(client, owner):
    sign_in(client, owner.email)
    return client


def test_the_section_says_what_the_owners_page_says_for_the_same_reps(
    runner, owner_client, owner, session, tmp_path
):
    scored = scored_team(session, owner.organization, 22)
    words = section(team_pdf(runner, scored, tmp_path))
    page = owner_client.get("/manage/validity")
    shown = page_text(page)
    assert "22 reps with outcomes and issued scores" in shown
    assert "22 reps have both" in words

    # the table: every cell's figures, in the page's order, and its words
    table = cells(page)
    assert len(table) == 11  # every competency the round scored
    page_figures = [FIGURES.search(cell).group(0) for row in table.values() for cell in row]
    pdf_table = words[words.upper().index("COMPETENCY WIN RATE") : words.index("In plain words")]
    assert FIGURES.findall(pdf_table) == page_figures
    page_words = [cell.split(" ρ ")[0] for row in table.values() for cell in row]
    assert LINK.findall(pdf_table) == page_words
    # 11 competencies × 2 outcomes: some links hold among the 22 pairs, some could be
    # chance (their interval leaves out 0, but not by enough for 22 pairs)
    assert {"goes with", "no clear link", "could be chance among 22 pairs"} <= set(page_words)
    # what testing 22 pairs means, in the page's words
    (said,) = MULTIPLICITY.findall(shown)
    assert said.startswith("Of 22 pairs tested, about 2 would show a link by chance alone")
    assert f"{page_words.count('could be chance among 22 pairs')} other pairs" in said
    assert squeezed(said) in squeezed(words)
    # the claimed links in plain words, every one of the page's and no other
    markup = page.get_data(as_text=True)
    links = markup[markup.index("In plain words") : markup.index('id="groups-heading"')]
    claims = [re.sub(r"\s+", " ", claim) for claim in re.findall(r"<li>(.*?)</li>", links)]
    assert len(claims) >= 3
    claimed = words[words.index("In plain words") : words.index("Outcome by verdict")]
    assert claimed.count(" here: ρ ") == len(claims)
    for claim in claims:
        assert squeezed(claim.replace("&#39;", "'")) in squeezed(claimed), claim
    # the outcome by verdict, which reps it holds, and the causation note
    (coverage,) = COVERAGE.findall(shown)
    verdicts = [
        (snapshot.payload.get("verdict") or {}).get("verdict")
        for snapshot in session.scalars(
            select(ScoreSnapshot).where(
                ScoreSnapshot.round_id == scored.round.id, ScoreSnapshot.scope == "rep"
            )
        )
    ]
    counts = [verdicts.count(verdict) for verdict in ("ready", "coach", "trust_risk")]
    assert len(verdicts) == 22 and sum(counts) < 22  # some reps' verdicts were withheld
    assert coverage == (
        f"{sum(counts)} of 22 reps have a verdict (ready {counts[0]}, worth coaching "
        f"{counts[1]}, trust risk {counts[2]}); the other {22 - sum(counts)} had no verdict — "
        "too close to a cut, or not enough evidence yet — and are not in this table."
    )
    assert squeezed(coverage) in squeezed(words)
    groups = markup[markup.index('class="validity-groups"') :]
    for text in re.findall(r"<td>([^<]+)</td>", groups[: groups.index("</table>")]):
        assert squeezed(text) in squeezed(words), text
    assert squeezed(CAUSATION_NOTE) in squeezed(words)
    # statistics only: no rep is named, and no chart draws them
    assert not any(rep.name in words for rep in scored.reps)
    assert "rep by rep" not in words


def test_below_the_minimum_it_says_not_enough_reps_to_say(
    runner, owner_client, owner, session, tmp_path
):
    scored = scored_team(session, owner.organization, 8)
    words = section(team_pdf(runner, scored, tmp_path))
    assert (
        "Not enough reps to say: 8 reps have an outcome and issued scores, and a "
        "correlation needs at least 20." in words
    )
    assert "ρ 0" not in words and "ρ −" not in words and "In plain words" not in words
    assert "Not enough reps to say (8 of the 20 needed)." in page_text(
        owner_client.get("/manage/validity")
    )


def test_without_outcomes_the_section_is_left_out(runner, owner, session, tmp_path):
    scored = scored_team(session, owner.organization, 22, outcomes=False)
    assert HEADING not in team_pdf(runner, scored, tmp_path).flat()


def test_only_the_teams_own_reps_count(runner, owner_client, owner, manager, session, tmp_path):
    north = scored_team(session, owner.organization, 22, manager_id=manager.id)
    south = scored_team(session, owner.organization, 21, name="South", seed=1)
    words = section(team_pdf(runner, north, tmp_path))
    assert "22 reps have both" in words
    assert "43 reps with outcomes and issued scores" in page_text(
        owner_client.get("/manage/validity")
    )
    # North's figures, from North's issued snapshots and outcomes alone
    payloads = {
        snapshot.rep_id: snapshot.payload
        for snapshot in session.scalars(
            select(ScoreSnapshot).where(
                ScoreSnapshot.round_id == north.round.id, ScoreSnapshot.scope == "rep"
            )
        )
    }
    for competency in ("listening", "transparency"):
        scores = [
            next(
                entry["combined"]["score"]
                for entry in payloads[rep.id]["competencies"]
                if entry["id"] == competency
            )
            for rep in north.reps
        ]
        for outcomes in (north.win_rates, north.deals_won):
            result = spearman(scores, outcomes)
            assert result.n == 22
            assert figures(result) in words, (competency, figures(result))
    assert not any(rep.name in words for rep in north.reps + south.reps)


def test_the_team_report_a_manager_downloads_holds_their_teams_section_only(
    app, client, owner, manager, session
):
    """The report job renders the section (`team_report_inputs`); the team's manager
    downloads it and reads their team's figures, another team's manager gets nothing."""
    north = scored_team(session, owner.organization, 22, manager_id=manager.id)
    other = UserFactory(role="manager", organization=owner.organization)
    south = scored_team(session, owner.organization, 21, name="South", seed=1, manager_id=other.id)
    report = Report(
        organization_id=owner.organization_id, round_id=north.round.id, kind="team",
        reader="manager", tone="blunt",
    )  # fmt: skip
    session.add(report)
    session.flush()
    with app.app_context():
        assert enqueue("render_report", report.id).result() == "done"
    sign_in(client, manager.email)
    download = client.get(f"/manage/reports/{report.id}.pdf")
    assert download.status_code == 200
    words = section(PdfText(download.data))
    assert "22 reps have both" in words
    assert not any(rep.name in words for rep in north.reps + south.reps)
    theirs = app.test_client()
    sign_in(theirs, other.email)
    assert theirs.get(f"/manage/reports/{report.id}.pdf").status_code == 404
