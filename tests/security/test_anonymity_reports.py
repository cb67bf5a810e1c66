"""The anonymity contract in the PDF reports and the mail, and through erasure
(docs/anonymity.md): no count, red flag or before/after difference singles a buyer out.

Each test closes a real round on its board, downloads the rendered PDFs as the manager
does, and reads their text.
"""

from __future__ import annotations

from sqlalchemy import select

from assess.models import OutboxMessage
from tests.conftest import sign_in
from tests.support.answered_rounds import HAPPY, PUSHY, answered_round, rater_counts

FLAG_LABEL = "Two or more referred buyers felt pushed to decide or not listened to"
FLAG_REASON = "say the rep pushed them to decide"


def test_two_referrals_are_neither_counted_nor_flagged_in_any_report_or_mail(
    client, manager, owner, session
):
    answered = answered_round(client, session, manager)
    answered.answer("consultative_selling", "self", name="Robin Rep")
    answered.answer("manager_review", "manager", HAPPY, name="Max Manager")
    for name in ("Rae Referral", "Rob Referral"):
        answered.answer("buyer_feedback", "referral", PUSHY, name=name)
    sign_in(client, manager.email)
    answered.close()

    rep, team = answered.report("rep").flat(), answered.report("team").flat()
    for text in (rep, team):
        # "2 of 2 referred buyers" said what each of them answered
        assert rater_counts(text) == []
        assert FLAG_LABEL not in text and FLAG_REASON not in text
    assert "Fewer than 3 buyers answered, so their answers are not shown" in rep
    assert "fewer than 3 buyer surveys" in rep
    mail = " ".join(
        message.subject + " " + message.body_text
        for message in session.scalars(select(OutboxMessage))
    )
    assert "team readiness report" in mail.lower()  # the owner was told
    assert rater_counts(mail) == [] and "Referral" not in mail


def test_three_of_three_referrals_raise_the_flag_without_a_count(client, manager, session):
    answered = answered_round(client, session, manager)
    answered.answer("consultative_selling", "self", name="Robin Rep")
    answered.answer("manager_review", "manager", HAPPY, name="Max Manager")
    for number in range(3):
        answered.answer("buyer_feedback", "referral", PUSHY, name=f"Referral {number}")
    sign_in(client, manager.email)
    answered.close()

    for text in (answered.report("rep").flat(), answered.report("team").flat()):
        assert FLAG_LABEL in text
        assert "(raised by at least 2 referred buyers)" in text
        assert not [count for count in rater_counts(text) if " of " in count]  # "3 of 3"


def test_erasing_a_buyer_after_closing_changes_no_issued_number(client, manager, session):
    """4 prospects, one of whom is erased: if the report were scored again, 4 × before −
    3 × after would be exactly what the erased prospect gave."""
    answered = answered_round(client, session, manager)
    answered.answer("consultative_selling", "self", name="Robin Rep")
    answered.answer("manager_review", "manager", HAPPY, name="Max Manager")
    comments = [f"PROSPECT-SAID-{letter}" for letter in "ABCD"]
    prospects = [
        answered.answer(
            "buyer_feedback",
            "prospect",
            PUSHY if letter == "D" else HAPPY,
            name=f"Prospect {letter}",
            comment=comment,
        )
        for letter, comment in zip("ABCD", comments, strict=True)
    ]
    sign_in(client, manager.email)
    answered.close()
    before = answered.report("rep")
    assert all(before.has(comment) for comment in comments)
    scores_before = [row for row in answered.export("json") if row["rater_role"] == "buyers"]

    answered.erase(prospects[-1])
    after = answered.report("rep")
    assert after.numbers() == before.numbers()
    # one comment is one person's words: all of them go, so none is shown to be theirs
    assert not any(after.has(comment) for comment in comments)
    assert after.has("Their comments were withdrawn after the round closed")
    scores_after = [row for row in answered.export("json") if row["rater_role"] == "buyers"]
    assert scores_after == [row for row in scores_before if row["item"] != "comment"]
    board = answered.client.get(answered.board_url).get_data(as_text=True)
    assert "Prospect D" not in board

    answered.post(f"{answered.board_url}/render")  # "Render again": the issued scores
    assert answered.report("rep").numbers() == before.numbers()


def test_the_one_buyer_who_answered_in_spanish_is_not_singled_out_by_their_comment(
    client, manager, session
):
    """Four buyers answer in English, one in Spanish (the language the manager chose for
    them, or that they chose): the Spanish comment would say who wrote it. It reaches
    no report, export or API answer; the English ones do, and the report says why one
    language's comments are missing."""
    answered = answered_round(client, session, manager)
    answered.answer("consultative_selling", "self", name="Robin Rep")
    answered.answer("manager_review", "manager", HAPPY, name="Max Manager")
    for number in range(4):
        answered.answer(
            "buyer_feedback", "customer", HAPPY, name=f"Buyer {number}",
            comment=f"Clear and patient, every time ({number}).",
        )  # fmt: skip
    answered.answer(
        "buyer_feedback", "customer", HAPPY, name="Bea Compradora",
        comment="Muy atenta, pero tarda en contestar los correos.", language="es",
    )  # fmt: skip
    sign_in(client, manager.email)
    answered.close()

    spanish = "tarda en contestar"
    rep, manager_copy = answered.report("rep").flat(), answered.report("rep", "manager").flat()
    for text in (rep, manager_copy, answered.report("team").flat()):
        assert spanish not in text
    assert "Clear and patient, every time (0)." in manager_copy
    assert "left out: the language would tell who wrote them" in manager_copy
    export = client.get(f"{answered.board_url}/export.csv").get_data(as_text=True)
    assert "Clear and patient" in export and spanish not in export
