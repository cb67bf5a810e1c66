"""A rep's history page: each closed round's verdict and overall score with its 90 %
interval, and each competency round by round, with "beyond noise" exactly where the
stored scores' reliable-change test puts it — and for the rep's managers only."""

from __future__ import annotations

import re
from html import escape

import pytest
from sqlalchemy import select

from assess.core.scoring.precision import reliable_change
from assess.models import Round, ScoreSnapshot, utcnow
from assess.services.round_kinds import assessment_rounds
from assess.services.round_scoring import score_round
from tests.conftest import sign_in
from tests.factories import InvitationFactory, RepFactory, TeamFactory, UserFactory
from tests.support.demo_pages import demo_rep, demo_round, load_signed_in_demo, visible_text

ROUNDS = ("Spring 2026 round", "Autumn 2026 round")


@pytest.fixture
def owner_client(client, session):
    load_signed_in_demo(client, session)
    return client


def snapshots(session, rep, *, pulses: bool = False) -> list[dict]:
    """The rep's stored payloads, oldest round first: of assessment rounds only, unless
    `pulses` (the demo's pushy rep also has his coaching plan's pulses, which the
    rounds table leaves out)."""
    kinds = [] if pulses else [assessment_rounds()]
    return list(
        session.scalars(
            select(ScoreSnapshot.payload)
            .join(Round, Round.id == ScoreSnapshot.round_id)
            .where(ScoreSnapshot.rep_id == rep.id, ScoreSnapshot.scope == "rep", *kinds)
            .order_by(Round.opens_at)
        )
    )


def history(client, rep) -> str:
    answer = client.get(f"/manage/reps/{rep.id}/history")
    assert answer.status_code == 200
    return answer.get_data(as_text=True)


def table_rows(markup: str) -> list[str]:
    body = markup[markup.index('<table class="history-rounds">') :]
    body = body[: body.index("</table>")]
    return [visible_text(row) for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)][1:]


def competency_cards(markup: str) -> dict[str, str]:
    """Competency name → the card's HTML."""
    cards = re.findall(r'<li class="history-competency">(.*?)</ol>\s*</li>', markup, re.S)
    return {visible_text(re.search(r"<h3>(.*?)</h3>", card).group(1)): card for card in cards}


def expected_verdict(verdict: dict) -> str:
    """What the page should call a verdict (docs/scoring.md, verdict shapes)."""
    if verdict["verdict"] is None:
        return "Not enough evidence yet" if verdict.get("missing") else "Borderline"
    labels = {"ready": "Ready", "coach": "Worth coaching", "trust_risk": "Trust risk"}
    return labels.get(verdict["verdict"], "Not a fit")


def whole(value: float) -> str:
    return f"{value:.0f}"


def test_every_closed_round_with_its_verdict_score_and_interval(owner_client, session):
    priya = demo_rep(session, "Priya Natarajan")
    spring, autumn = snapshots(session, priya)
    rows = table_rows(history(owner_client, priya))
    assert [row.split(" closed ")[0] for row in rows] == list(ROUNDS)  # the open round is not
    for row, payload in zip(rows, (spring, autumn), strict=True):
        overall = payload["overall"]["combined"]
        low, high = overall["interval"]
        assert f"{whole(overall['score'])} ({whole(low)}–{whole(high)})" in row
        assert expected_verdict(payload["verdict"]) in row
    moved = reliable_change(
        spring["overall"]["combined"]["score"], spring["overall"]["combined"]["se"],
        autumn["overall"]["combined"]["score"], autumn["overall"]["combined"]["se"],
    )  # fmt: skip
    words = {"improved": "improved beyond noise", "slipped": "slipped beyond noise"}
    assert f"{words.get(moved, 'within noise')} since Spring 2026 round" in rows[1]


def test_beyond_noise_marks_exactly_the_reliable_changes(owner_client, session):
    marked, calm = [], []
    for rep in demo_round(session).team.reps:
        if len(snapshots(session, rep)) < 2:
            continue  # joined after Spring: nothing to compare
        spring, autumn = snapshots(session, rep)
        cards = competency_cards(history(owner_client, rep))
        before = {entry["id"]: entry["combined"] for entry in spring["competencies"]}
        for entry in autumn["competencies"]:
            name, now, old = entry["name"]["en"], entry["combined"], before[entry["id"]]
            if now.get("score") is None or old.get("score") is None:
                continue
            card = visible_text(cards[name])
            moved = reliable_change(old["score"], old["se"], now["score"], now["se"])
            assert f"Autumn 2026 round {whole(now['score'])}" in card
            assert f"Spring 2026 round {whole(old['score'])}" in card
            where = f"{rep.name}, {name}"
            assert ("beyond noise" in card) == (moved in ("improved", "slipped")), where
            (marked if moved != "steady" else calm).append(where)
            svg = re.search(r"<svg.*?</svg>", cards[name], re.S).group(0)
            assert "role='img'" in svg and f"<title>{escape(name)}: score by round</title>" in svg
            assert svg.count("<circle") == 2  # one dot per round
    assert marked and calm  # the demo has both, so the test can tell them apart


def test_borderline_and_missing_evidence_are_said_so(owner_client, session):
    kenji = history(owner_client, demo_rep(session, "Kenji Watanabe"))
    hannah = history(owner_client, demo_rep(session, "Hannah Cole"))
    assert "Borderline" in table_rows(kenji)[1]
    (only,) = table_rows(hannah)  # she joined in Autumn: one round
    assert "Not enough evidence" in only and "Not assessed" not in only


def test_no_buyers_words_and_a_link_from_the_reps_page(owner_client, session):
    marcus = demo_rep(session, "Marcus Hale")
    page = history(owner_client, marcus)
    comments = [
        text
        for payload in snapshots(session, marcus, pulses=True)
        for text in payload["buyer_comments"]
    ]
    assert comments and not [text for text in comments if text in page]
    rep_page = owner_client.get(f"/manage/reps/{marcus.id}").get_data(as_text=True)
    assert f'href="/manage/reps/{marcus.id}/history"' in rep_page
    newcomer = RepFactory(team=marcus.team, name="Nina Newcomer")
    assert "Nina Newcomer has no closed round yet" in visible_text(history(owner_client, newcomer))


def test_only_the_reps_managers_and_the_owner_see_it(app, client, session):
    load_signed_in_demo(client, session, role="manager")
    marcus = demo_rep(session, "Marcus Hale")
    url = f"/manage/reps/{marcus.id}/history"
    assert "Autumn 2026 round" in client.get(url).get_data(as_text=True)

    organization = demo_round(session).organization
    other_manager = UserFactory(role="manager", organization=organization)
    other_team = TeamFactory(organization=organization, manager_id=other_manager.id)
    foreign_owner = UserFactory(role="owner")
    outsiders = {}
    for person in (other_manager, foreign_owner):
        outsiders[person] = app.test_client()
        sign_in(outsiders[person], person.email)
        assert outsiders[person].get(url).status_code == 404

    # Moved to the other team, Marcus is that manager's rep now; his Field Sales rounds
    # stay out of their sight.
    marcus.team_id = other_team.id
    session.flush()
    moved = outsiders[other_manager].get(url)
    assert moved.status_code == 200
    assert "Marcus Hale has no closed round yet" in visible_text(moved.get_data(as_text=True))
    assert "Autumn 2026 round" not in moved.get_data(as_text=True)


def test_a_round_without_a_score_is_a_gap_not_a_change(owner_client, session):
    """The Winter pulse closed early: buyers and the manager had hardly answered, so
    the rep has no score that round — shown as such, and no change is drawn across it."""
    winter = demo_round(session, "Winter 2026 pulse")
    winter.status, winter.closed_at = "closed", utcnow()
    score_round(session, winter)
    alex = demo_rep(session, "Alex Moreno")
    markup = history(owner_client, alex)
    rows = table_rows(markup)
    assert [row.split(" closed ")[0] for row in rows] == [*ROUNDS, "Winter 2026 pulse"]
    assert "Not enough evidence" in rows[2] and "no score" in rows[2]
    assert rows[2].endswith("–")  # no change without a score
    for name, card in competency_cards(markup).items():
        text = visible_text(card)
        assert "Winter 2026 pulse not enough answers" in text, name
        assert re.search(r"<svg.*?</svg>", card, re.S).group(0).count("<circle") == 2, name


def test_a_round_without_enough_buyers_says_whose_score_it_is(owner_client, session):
    hannah = history(owner_client, demo_rep(session, "Hannah Cole"))
    (only,) = table_rows(hannah)
    assert "what the manager saw (too few buyers yet)" in only


def test_a_rep_never_scored_gets_no_empty_chart(owner_client, session):
    """A new rep whose only closed round gave no score: the page says so in words, and
    draws no chart with nothing on it."""
    winter = demo_round(session, "Winter 2026 pulse")
    winter.status, winter.closed_at = "closed", utcnow()
    newcomer = RepFactory(team=winter.team, name="Nora Newcomer")
    InvitationFactory(  # asked, never answered
        round=winter, rep=newcomer, bank_version=winter.banks[0].bank_version,
        rater_role="self", rater_key="self",
    )  # fmt: skip
    session.flush()
    score_round(session, winter)
    markup = history(owner_client, newcomer)
    assert "Winter 2026 pulse" in markup and "no score" in markup
    assert "<svg" not in markup
    assert "nothing to draw" in visible_text(markup)
