"""A round reopened after closing is scored anew when it closes again, as its reopen
page promises: answers given while it was open count, answers erased while it was open
are in neither the counts nor the comments, and a survey left unfinished is not scored
(which the close page says)."""

from __future__ import annotations

from tests.conftest import sign_in
from tests.support.answered_rounds import HAPPY, answered_round
from tests.web.test_round_guards import text


def test_closing_a_reopened_round_scores_it_again_from_its_answers(client, manager, session):
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

    reopen = client.get(f"{answered.board_url}/reopen?days=3")
    assert "The scores and reports issued at closing are replaced" in text(reopen)
    assert (
        answered.post(f"{answered.board_url}/reopen", days="3", confirmed="yes").status_code == 302
    )
    answered.erase(prospects["D"])  # on their request, while the round is open again
    for letter in "EF":  # two more answer in the extra days
        answered.answer(
            "buyer_feedback", "prospect", name=f"Prospect {letter}",
            comment=f"PROSPECT-SAID-{letter}",
        )  # fmt: skip
    answered.answer(
        "buyer_feedback", "prospect", name="Prospect G", comment="PROSPECT-SAID-G", finished=False
    )
    close_page = text(client.get(f"{answered.board_url}/close"))
    assert "What they saved so far is kept but not scored" in close_page
    assert "saved so far is scored" not in close_page
    answered.close()

    again = answered.report("rep")
    assert again.has("5 buyer surveys (5 prospects)") and again.has("5 buyers answered")
    for letter in "ABCEF":
        assert again.has(f"PROSPECT-SAID-{letter}"), letter
    assert not again.has("PROSPECT-SAID-D")  # erased
    assert not again.has("PROSPECT-SAID-G")  # never finished: not scored
    team = answered.report("team").flat()
    assert "PROSPECT-SAID-D" not in team
