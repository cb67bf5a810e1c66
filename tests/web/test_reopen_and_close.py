"""A round reopened after closing is scored anew when it closes again, as its reopen
page promises: answers given while it was open count, and a survey left unfinished is
not scored (which the close page says).

Unless answers its issued scores counted were erased on request: scores computed again
without them, beside the issued ones, would give those answers back by subtraction. Then
the issued scores stand for good — the round cannot be reopened after such an erasure,
and a round that was open again when it came closes with its issued scores, the erased
comments withdrawn."""

from __future__ import annotations

import html
import json
import re

from sqlalchemy import select

from assess.models import ScoreSnapshot
from assess.services.bank_analysis import closed_round_answers
from tests.conftest import sign_in
from tests.support.answered_rounds import HAPPY, answered_round
from tests.web.test_round_guards import text


def closed_with_four_prospects(client, session, manager):
    answered = answered_round(client, session, manager)
    answered.answer("consultative_selling", "self", name="Robin Rep")
    answered.answer("manager_review", "manager", HAPPY, name="Max Manager")
    prospects = {
        letter: answered.answer(
            "buyer_feedback",
            "prospect",
            name=f"Prospect {letter}",
            comment=f"PROSPECT-SAID-{letter}",
        )  # fmt: skip
        for letter in "ABCD"
    }
    sign_in(client, manager.email)
    answered.close()
    first = answered.report("rep")
    assert first.has("4 buyer surveys (4 prospects)") and first.has("PROSPECT-SAID-D")
    return answered, prospects


def reopen(answered):
    return answered.post(f"{answered.board_url}/reopen", days="3", confirmed="yes")


def rep_snapshot(session, answered) -> dict:
    session.expire_all()
    snapshot = session.scalar(
        select(ScoreSnapshot).where(
            ScoreSnapshot.round_id == answered.round.id, ScoreSnapshot.scope == "rep"
        )
    )
    return json.loads(json.dumps(snapshot.payload))


def test_closing_a_reopened_round_scores_it_again_from_its_answers(client, manager, session):
    answered, _ = closed_with_four_prospects(client, session, manager)
    page = client.get(f"{answered.board_url}/reopen?days=3")
    assert "The scores and reports issued at closing are replaced" in text(page)
    assert reopen(answered).status_code == 302
    for letter in "EFH":  # three more answer in the extra days
        answered.answer(
            "buyer_feedback", "prospect", name=f"Prospect {letter}",
            comment=f"PROSPECT-SAID-{letter}",
        )  # fmt: skip
    answered.answer(
        "buyer_feedback", "prospect", name="Prospect G", comment="PROSPECT-SAID-G", finished=False
    )
    close_page = text(client.get(f"{answered.board_url}/close"))
    assert "What they saved so far is kept but not scored" in close_page
    answered.close()
    again = answered.report("rep")
    assert again.has("7 buyer surveys (7 prospects)") and again.has("7 buyers answered")
    for letter in "ABCDEFH":
        assert again.has(f"PROSPECT-SAID-{letter}"), letter
    assert not again.has("PROSPECT-SAID-G")  # never finished: not scored


def test_one_late_buyer_cannot_be_read_as_the_difference_of_two_closings(client, manager, session):
    """The attacker's route: close with four buyers, reopen, let one more answer, close
    again and subtract. The late answer waits: every issued number and comment stays
    as it was, and the reopen page said it would."""
    answered, _ = closed_with_four_prospects(client, session, manager)
    before = rep_snapshot(session, answered)
    page = text(client.get(f"{answered.board_url}/reopen?days=3"))
    assert "join the scores only when at least 3 join each group" in page
    assert reopen(answered).status_code == 302
    answered.answer(
        "buyer_feedback", "prospect", HAPPY, name="Prospect E", comment="PROSPECT-SAID-E"
    )
    answered.close()
    after = rep_snapshot(session, answered)
    for key in ("competencies", "overall", "buyers", "red_flags", "buyer_comments"):
        assert after.get(key) == before.get(key), key
    assert after["late_answers_wait"] is True
    again = answered.report("rep")
    assert again.has("4 buyer surveys (4 prospects)") and not again.has("PROSPECT-SAID-E")
    assert again.has("Answers given after the round first closed are not in it yet")
    export = client.get(f"{answered.board_url}/export.csv").get_data(as_text=True)
    assert "PROSPECT-SAID-E" not in export


def test_after_an_erasure_a_closed_round_cannot_be_reopened_to_subtract(client, manager, session):
    """Erase D from the closed round, then reopen and close: the difference of the two
    scorings would be D's answers. Reopening is refused, and nothing changes."""
    answered, prospects = closed_with_four_prospects(client, session, manager)
    before = rep_snapshot(session, answered)
    answered.erase(prospects["D"])
    refused = reopen(answered)
    assert refused.status_code == 302
    board = text(client.get(answered.board_url))
    assert "This round cannot be reopened" in board and "by subtraction" in board
    session.expire_all()
    assert answered.round.status == "closed"
    after = rep_snapshot(session, answered)
    assert after["buyers"] == before["buyers"] and after["overall"] == before["overall"]
    assert not answered.report("rep").has("PROSPECT-SAID-D")  # their words are withdrawn


def test_an_erasure_while_reopened_keeps_the_issued_scores_when_it_closes_again(
    client, manager, session
):
    """Reopen, erase D (counted at the first close), add E: closing again does not
    score the round without D — the issued numbers stand, D's comment is withdrawn, and
    the page says why E's answers are not in the reports."""
    answered, prospects = closed_with_four_prospects(client, session, manager)
    before = rep_snapshot(session, answered)
    assert reopen(answered).status_code == 302
    answered.erase(prospects["D"])
    answered.answer("buyer_feedback", "prospect", name="Prospect E", comment="PROSPECT-SAID-E")
    answered.close()
    board = text(client.get(answered.board_url))
    assert "Its scores and reports stay as first issued" in board
    after = rep_snapshot(session, answered)
    assert after["buyers"] == before["buyers"] and after["overall"] == before["overall"]
    again = answered.report("rep")
    assert again.has("4 buyer surveys (4 prospects)")
    assert not again.has("PROSPECT-SAID-D") and not again.has("PROSPECT-SAID-E")
    assert not answered.report("team").has("PROSPECT-SAID-D")


def test_a_replayed_confirmation_does_not_act_on_a_round_it_never_saw(client, manager, session):
    """The close page's request, sent again after the round was closed and reopened
    (a stale tab, a saved request), does nothing and says why; so does a stale reopen."""
    answered = answered_round(client, session, manager)
    sign_in(client, manager.email)
    close_page = client.get(answered.board_url + "/close").get_data(as_text=True)
    state = re.search(r'name="state" value="([^"]+)"', close_page).group(1)
    stale_close = {"confirmed": "yes", "state": html.unescape(state)}
    assert answered.post(f"{answered.board_url}/close", **stale_close).status_code == 302
    reopen_page = client.get(f"{answered.board_url}/reopen?days=3").get_data(as_text=True)
    reopen_state = html.unescape(re.search(r'name="state" value="([^"]+)"', reopen_page).group(1))
    assert reopen(answered).status_code == 302
    replayed = answered.post(f"{answered.board_url}/close", **stale_close)
    assert replayed.status_code == 302
    session.expire_all()
    assert answered.round.status == "open"
    assert "the round changed after that page was shown" in text(client.get(answered.board_url))
    answered.close()  # closed again, the right way
    stale_reopen = {"confirmed": "yes", "days": "3", "state": reopen_state}
    answered.post(f"{answered.board_url}/reopen", **stale_reopen)
    session.expire_all()
    assert answered.round.status == "closed"


def test_a_reps_late_alignment_answers_wait_like_anyone_elses(client, manager, session):
    """The alignment survey is anonymous for everyone, reps included, though a rep
    answers it through their own link: a rep answering after the round first closed is
    not the difference of two issued sales-side scores."""
    bank = "sales_marketing_alignment"
    answered = answered_round(client, session, manager, banks=(bank,))
    for number in range(3):
        answered.answer(bank, "manager", name=f"Max Manager {number}", about_rep=False,
                        comment=f"SALES-REMARK {number}")  # fmt: skip
        answered.answer(bank, "marketing", name=f"Mia Marketer {number}", about_rep=False)
    sign_in(client, manager.email)
    answered.close()
    before = answered.export("json")
    assert {row["raters"] for row in before if row["rater_role"] == "sales"} == {3}
    assert reopen(answered).status_code == 302
    answered.answer(bank, "self", name="Robin Rep", comment="ROBIN-LATE-REMARK")
    answered.close()
    after = answered.export("json")
    assert after == before
    assert "ROBIN-LATE-REMARK" not in str(after)


def test_a_late_buyer_who_waits_is_not_in_the_bank_analysis_either(client, manager, session):
    """The question banks page counts answers ("not seen" per item) over closed rounds:
    a late buyer kept out of the issued scores must be kept out of those counts too, or
    the page before and after the second closing would differ by that buyer. Once three
    late buyers join together, they count."""
    answered, prospects = closed_with_four_prospects(client, session, manager)
    version = prospects["A"].bank_version_id
    organization = answered.round.organization_id

    def surveys() -> int:
        session.expire_all()
        return len(closed_round_answers(session, organization, version).responses)

    assert surveys() == 4
    assert reopen(answered).status_code == 302
    answered.answer("buyer_feedback", "prospect", HAPPY, name="Prospect E")
    answered.close()
    assert surveys() == 4
    assert reopen(answered).status_code == 302
    for letter in "FG":
        answered.answer("buyer_feedback", "prospect", HAPPY, name=f"Prospect {letter}")
    answered.close()
    assert surveys() == 7


def test_late_buyers_in_two_languages_wait_until_each_language_has_enough(client, manager, session):
    """Comments are kept by survey language: three late prospects, two of them in
    Spanish and one in English, would make the English one the only new English comment
    between two closings. They wait, as one late buyer does."""
    answered, _ = closed_with_four_prospects(client, session, manager)
    before = rep_snapshot(session, answered)
    assert reopen(answered).status_code == 302
    for letter, language in (("E", "es"), ("F", "es"), ("H", "en")):
        answered.answer(
            "buyer_feedback", "prospect", HAPPY, name=f"Prospect {letter}",
            comment=f"PROSPECT-SAID-{letter}", language=language,
        )  # fmt: skip
    answered.close()
    after = rep_snapshot(session, answered)
    assert after["buyer_comments"] == before["buyer_comments"]
    assert after["late_answers_wait"] is True
    assert not answered.report("rep", "manager").has("PROSPECT-SAID-H")
