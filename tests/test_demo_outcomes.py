"""What the demo shows beyond its reports, read from the pages the owner opens: "Does it
predict here?" answers at the default minimum of reps — discovery goes with win rate,
command of the offer does not, and the page's numbers are the stored data's — and the
pushy rep's history lists his coaching plan with two pulses run and one to come."""

from __future__ import annotations

import re
from datetime import datetime

from scipy.stats import spearmanr
from sqlalchemy import select

from assess.models import Outcome, ScoreSnapshot, utcnow
from tests.support.demo_pages import demo_rep, load_signed_in_demo, visible_text

#: What the demo's outcomes follow, and what they do not, as the page names them.
GOES_WITH = "Discovery of the real problem"
DOES_NOT = "Command of the offer"
#: "goes with ρ 0.67 (0.42 to 0.82), 26 reps" — a cell of the table, as the owner reads it.
CELL = re.compile(
    r"(goes with|goes with lower|no clear link|not enough reps to say) "
    r"ρ (−?\d\.\d\d) \((−?\d\.\d\d) to (−?\d\.\d\d)\), (\d+) reps"
)
DAY = r"(\d{1,2} [A-Z][a-z]+ \d{4})"


def number(text: str) -> float:
    return float(text.replace("−", "-"))


def day(text: str):
    return datetime.strptime(text, "%d %B %Y").date()


def table_row(markup: str, competency: str) -> tuple[str, float, float, float, int]:
    """(words, rho, low, high, reps) of the win-rate cell in `competency`'s row."""
    row = re.search(rf"<tr>\s*<th scope=\"row\"[^>]*>{competency}</th>(.*?)</tr>", markup, re.S)
    assert row, f"no row for {competency}"
    words, rho, low, high, reps = CELL.search(visible_text(row.group(1))).groups()
    return words, number(rho), number(low), number(high), int(reps)


def test_does_it_predict_here_answers_from_the_demo_at_the_default_minimum(client, session):
    load_signed_in_demo(client, session, "owner")
    markup = client.get("/manage/validity").get_data(as_text=True)
    text = visible_text(markup)
    minimum = int(re.search(r"A correlation needs at least (\d+) reps", text).group(1))
    assert minimum == 20  # the default, not lowered for the demo
    assert re.search(r"\b26 reps with outcomes and issued scores, each with their latest", text)
    assert "Win rate" in text

    words, rho, low, high, reps = table_row(markup, GOES_WITH)
    assert (words, reps >= minimum) == ("goes with", True)
    assert rho >= 0.5 and low > 0, (rho, low)
    assert f"{GOES_WITH} goes with win rate here" in text

    words, rho, low, high, reps = table_row(markup, DOES_NOT)
    assert (words, reps >= minimum) == ("no clear link", True)
    assert abs(rho) < 0.2 and low < 0 < high, (rho, low, high)
    assert f"{DOES_NOT} goes with" not in text  # no claim in plain words

    # the page's figures are the stored data's: each rep's latest win rate beside the
    # score others gave them in the round linked to that period
    latest: dict[int, Outcome] = {}
    for outcome in session.scalars(select(Outcome).order_by(Outcome.period_end)):
        latest[outcome.rep_id] = outcome
    assert len(latest) == 26 and all(o.round_id is not None for o in latest.values())
    for competency, shown in ((GOES_WITH, "discovery"), (DOES_NOT, "offer_mastery")):
        pairs = []
        for outcome in latest.values():
            payload = session.scalar(
                select(ScoreSnapshot.payload).where(
                    ScoreSnapshot.round_id == outcome.round_id,
                    ScoreSnapshot.rep_id == outcome.rep_id,
                    ScoreSnapshot.scope == "rep",
                )
            )
            (entry,) = [e for e in payload["competencies"] if e["id"] == shown]
            pairs.append((entry["combined"]["score"], outcome.win_rate))
        expected = spearmanr(*zip(*pairs, strict=True)).statistic
        assert f"{table_row(markup, competency)[1]:.2f}" == f"{expected:.2f}", competency


def test_the_spring_period_says_the_same_of_the_spring_scores(client, session):
    load_signed_in_demo(client, session, "owner")
    periods = sorted({(o.period_start, o.period_end) for o in session.scalars(select(Outcome))})
    assert len(periods) == 2  # the month after each season's rounds
    spring = f"{periods[0][0].isoformat()}_{periods[0][1].isoformat()}"
    markup = client.get(f"/manage/validity?period={spring}").get_data(as_text=True)
    # Field Sales' two newcomers joined after the spring round: 10 + Inside Sales' 14
    assert "24 reps with outcomes and issued scores" in visible_text(markup)
    words, rho, low, _, _ = table_row(markup, GOES_WITH)
    assert words == "goes with" and low > 0
    words, rho, low, high, _ = table_row(markup, DOES_NOT)
    assert words == "no clear link" and low < 0 < high


def test_the_pushy_reps_plan_has_run_two_pulses_and_waits_for_the_third(client, session):
    load_signed_in_demo(client, session, "owner")
    marcus = demo_rep(session, "Marcus Hale")
    markup = client.get(f"/manage/reps/{marcus.id}/history").get_data(as_text=True)
    text = visible_text(markup)
    autumn_closed = day(re.search(rf"Autumn 2026 round closed {DAY}", text).group(1))
    plans = text[text.index("Coaching plans") :]
    confirmed = re.search(rf"From Autumn 2026 round · active, confirmed {DAY} by Morgan", plans)
    assert confirmed, plans[:300]
    assert len(re.findall(r"From [^·]+ · (?:active|closed), confirmed", plans)) == 1
    confirmed_on = day(confirmed.group(1))

    thirty = re.search(rf"30-day pulse closed {DAY}(.*?)60-day pulse", plans)
    sixty = re.search(rf"60-day pulse closed {DAY}(.*?)90-day pulse", plans)
    ninety = re.search(rf"90-day pulse due {DAY}", plans)
    assert thirty and sixty and ninety, plans
    today = utcnow().date()
    assert autumn_closed < confirmed_on < day(thirty.group(1)) < day(sixty.group(1)) <= today
    assert day(ninety.group(1)) > today  # still to come, never sent
    assert markup.count("pulse-closed") == 2 and markup.count("pulse-scheduled") == 1

    # sixty days in, listening has moved beyond noise; the buyer still comes second
    listening = re.search(r"Listening: (\d+) → (\d+), a reliable improvement", sixty.group(2))
    assert listening and int(listening.group(2)) > int(listening.group(1)), sixty.group(2)
    assert re.search(r"The buyer's interest first: \d+ → \d+, within the noise", sixty.group(2))
    for pulse in (thirty, sixty):
        assert re.search(r"1 manager review and [3-9] buyer surveys", pulse.group(2))
