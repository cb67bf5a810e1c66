"""An outcome follows the round that closed before its period, and keeps following it
as rounds close and reopen: reopened, the round's scores no longer count and the period
follows the round before; closed again, it follows it again. Run through the pages:
the import, the board's Reopen and Close, the owner's "Does it predict here?"."""

from __future__ import annotations

import io
import re
from datetime import timedelta

from sqlalchemy import select

from assess.models import Outcome, Round, utcnow
from tests.support.demo_pages import demo_rep, demo_round, load_signed_in_demo
from tests.support.http import csrf_from, csrf_token
from tests.support.pulses import board_post

URL = "/manage/outcomes/import"


#: A period that has begun (today) and follows every demo round.
START = utcnow().date()


def import_outcome(client, email: str) -> None:
    end = START + timedelta(days=90)
    text = f"email,period_start,period_end,win_rate\n{email},{START},{end},41\n"
    data = {
        "csrf_token": csrf_from(client.get(URL)),
        "file": (io.BytesIO(text.encode()), "outcomes.csv"),
    }
    preview = client.post(URL, data=data, content_type="multipart/form-data", follow_redirects=True)
    page = preview.get_data(as_text=True)
    upload = re.search(r'name="upload" type="hidden" value="([^"]*)"', page).group(1)
    answer = client.post(
        URL, data={"csrf_token": csrf_token(page), "upload": upload, "confirm": "1"}
    )
    assert answer.status_code == 302, answer.status_code


def linked_round(session, rep_id: int) -> str | None:
    session.expire_all()
    outcome = session.scalar(
        select(Outcome).where(Outcome.rep_id == rep_id, Outcome.period_start == START)
    )
    round_id = outcome.round_id
    return None if round_id is None else session.get(Round, round_id).name


def test_a_period_follows_the_round_before_it_as_rounds_reopen_and_close(client, session):
    load_signed_in_demo(client, session, "owner")
    rep, autumn = demo_rep(session, "Marcus Hale"), demo_round(session)
    spring = demo_round(session, "Spring 2026 round")
    import_outcome(client, rep.email)
    assert linked_round(session, rep.id) == autumn.name

    board_post(client, autumn.id, "reopen", days="3", confirmed="yes")
    assert linked_round(session, rep.id) == spring.name

    board_post(client, autumn.id, "close", confirmed="yes")  # scored at once in tests
    assert linked_round(session, rep.id) == autumn.name
