"""The anonymity contract in the files a manager downloads and on the board
(docs/anonymity.md): no buyer's or alignment respondent's answer leaves one by one.

Tried as a curious manager would: export while the round is open and after it
closed, with one buyer, with an unfinished one, and next to the board that names them.
"""

from __future__ import annotations

import csv
import io
import re

import pytest

from assess.core.banks import BUYER_ROLES
from tests.conftest import sign_in
from tests.support.answered_rounds import HAPPY, PUSHY, answered_round

ANONYMOUS_GROUPS = {*BUYER_ROLES, "buyers", "marketing", "sales", "delivery"}
DELIVERY_AREAS = {"deliverable_promises", "delivery_handover", "delivery_feedback"}


def rows_of(export_csv: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(export_csv)))


def assert_no_one_by_one(rows: list[dict], secrets: list[str], text: str) -> None:
    """No secret text, no id or timestamp on an anonymous row, no response id at all."""
    for secret in secrets:
        assert secret not in text
    assert not re.search(r"\br\d+\b|buyer \d", text)
    for row in rows:
        if row["rater_role"] in ANONYMOUS_GROUPS:
            assert row["rater"] == "" and row["saved_at"] == "" and row["completed"] == ""
            assert row["item"] in ("", "comment")


@pytest.mark.parametrize("closed", [False, True], ids=["open", "closed"])
def test_one_buyer_and_an_unfinished_one_are_not_in_the_export(client, manager, session, closed):
    answered = answered_round(client, session, manager)
    answered.answer("consultative_selling", "self", name="Robin Rep")
    answered.answer("buyer_feedback", "referral", PUSHY, name="Rae Referral",
                    comment="ONLY-BUYER wrote this")  # fmt: skip
    answered.answer("buyer_feedback", "customer", name="Cy Customer", comment="HALF-DONE page",
                    finished=False)  # fmt: skip
    sign_in(client, manager.email)
    if closed:
        answered.close()

    as_csv, as_json = answered.export("csv"), answered.export("json")
    rows = rows_of(as_csv)
    secrets = ["ONLY-BUYER", "HALF-DONE", "Rae Referral", "Cy Customer", "example.com"]
    assert_no_one_by_one(rows, secrets, as_csv)
    assert_no_one_by_one(as_json, secrets, str(as_json))
    # one finished buyer is below the minimum (3): not even a group score
    assert {row["rater_role"] for row in rows} == {"self"}
    assert {row["rater_role"] for row in as_json} == {"self"}
    assert "response" not in rows[0]  # no sequential id orders the respondents


def test_buyers_leave_only_as_the_group_scores_the_closed_round_issued(client, manager, session):
    answered = answered_round(client, session, manager)
    answered.answer("consultative_selling", "self", name="Robin Rep")
    answered.answer("manager_review", "manager", name="Max Manager", comment="Manager's note")
    comments = [f"BUYER-COMMENT {n}" for n in range(4)]
    for number, comment in enumerate(comments):
        role = "referral" if number < 3 else "customer"
        answered.answer("buyer_feedback", role, HAPPY, name=f"Buyer {number}", comment=comment)
    answered.answer("buyer_feedback", "prospect", comment="UNFINISHED-PAGE", finished=False)
    sign_in(client, manager.email)

    while_open = rows_of(answered.export("csv"))
    assert {row["rater_role"] for row in while_open} == {"self", "manager"}
    answered.close()
    rows = rows_of(answered.export("csv"))
    assert_no_one_by_one(rows, ["UNFINISHED-PAGE", "Buyer 0", "example.com"], str(rows))

    group = [row for row in rows if row["rater_role"] in ANONYMOUS_GROUPS]
    # 3 referrals and 1 customer: pooled only (a referral score would give the customer
    # back as pooled minus referrals)
    assert {row["rater_role"] for row in group} == {"buyers"}
    scores = [row for row in group if row["item"] == ""]
    assert scores and all(int(row["raters"]) >= 3 for row in scores)
    # the very number the rep's report prints, not item answers
    overall = next(row for row in scores if row["competency"] == "overall")
    headline = re.search(r"BUYERS (\d+)", answered.report("rep").flat()).group(1)
    assert f"{float(overall['value']):.0f}" == headline
    assert sorted(row["value"] for row in group if row["item"] == "comment") == comments
    # the named raters' own answers are there, item by item, with their names
    assert {row["rater"] for row in rows if row["rater_role"] == "manager"} == {"Max Manager"}
    assert "Manager's note" in [row["value"] for row in rows]


def test_the_alignment_survey_never_leaves_one_by_one(client, manager, session):
    answered = answered_round(client, session, manager, banks=("sales_marketing_alignment",))
    bank = "sales_marketing_alignment"
    answered.answer(bank, "self", name="Robin Rep", comment="SALES-SIDE remark")
    answered.answer(bank, "manager", name="Max Manager", about_rep=False)
    for number in range(3):
        answered.answer(bank, "marketing", name=f"Mia Marketer {number}", about_rep=False,
                        comment=f"MARKETING-REMARK {number}")  # fmt: skip
    sign_in(client, manager.email)

    assert answered.export("json") == []  # open: nothing of anyone's, "never one by one"
    answered.close()
    rows = answered.export("json")
    text = str(rows)
    assert_no_one_by_one(rows, ["Mia Marketer", "Robin Rep", "Max Manager", "SALES-SIDE"], text)
    # marketing (3) is shown as a side; sales (2: the rep and the manager) is not, and
    # comments wait until every side that answered has 3
    assert {row["rater_role"] for row in rows} == {"marketing"}
    assert all(row["raters"] == 3 and row["item"] == "" for row in rows)
    team = answered.report("team").flat()
    assert "fewer than 3 answers from sales, 3 answers from marketing" in team
    # no area is labelled from marketing's side alone ("Aligned" would speak for sales)
    assert "not enough sales answers yet" in team
    assert "Strong practice" not in team and "Weak practice" not in team
    assert "Aligned" not in team and "Misaligned" not in team


@pytest.mark.parametrize("people", [2, 3])
def test_delivery_staff_leave_only_as_a_group_of_at_least_three(client, manager, session, people):
    answered = answered_round(client, session, manager, banks=("sales_marketing_alignment",))
    bank = "sales_marketing_alignment"
    answered.answer(bank, "self", name="Robin Rep")
    answered.answer(bank, "manager", name="Max Manager", about_rep=False)
    for number in range(3):
        answered.answer(bank, "marketing", name=f"Mia Marketer {number}", about_rep=False)
    for number in range(people):
        answered.answer(bank, "operations", PUSHY, name=f"Olga Delivery {number}",
                        about_rep=False, comment=f"DELIVERY-REMARK {number}")  # fmt: skip
    sign_in(client, manager.email)
    answered.close()
    rows = answered.export("json")
    text = str(rows)
    assert_no_one_by_one(rows, ["Olga Delivery", "DELIVERY-REMARK"], text)
    delivery = [row for row in rows if row["rater_role"] == "delivery"]
    team = answered.report("team").flat()
    if people < 3:
        # nothing of theirs leaves, not even how many they are
        assert delivery == [] and "operations" not in text
        assert "fewer than 3 answers from delivery" in team
        assert "at most 2 more are needed" in team
        assert not re.search(r"\b2 answers from delivery", team)
    else:
        # a group score per delivery area, never one on an area delivery is not asked
        assert {row["competency"] for row in delivery} == DELIVERY_AREAS
        assert all(row["raters"] == 3 and row["item"] == "" for row in delivery)
        assert "3 answers from delivery" in team
    # sales (the rep and the manager: 2) is below the minimum, so no comment is shown
    assert "DELIVERY-REMARK" not in team


def test_the_board_names_who_has_not_answered_and_the_export_cannot_be_mapped_to_them(
    client, manager, session
):
    """The board shows each buyer and their status so the manager can chase them; the
    export holds nothing per buyer, so no row can be matched to a name on the board."""
    answered = answered_round(client, session, manager)
    names = ["Ann Able", "Ben Baker", "Cat Cole"]
    for name in names:
        answered.answer("buyer_feedback", "referral", HAPPY, name=name, comment=f"{name} SAID")
    answered.answer("buyer_feedback", "referral", name="Dan Late", finished=False)
    sign_in(client, manager.email)

    board = answered.client.get(answered.board_url).get_data(as_text=True)
    for name in [*names, "Dan Late"]:
        assert name in board
    assert "SAID" not in board
    export = answered.export("csv")
    assert "SAID" not in export and "referral" not in export and "buyers" not in export


def test_item_analysis_prints_nothing_of_a_lone_buyer(client, runner, manager, session):
    """`flask banks analyse` needs 10 surveys before it prints anything of them, as the
    owner's page does: no statistic and no count of answers, since with one buyer a
    one-question competency's number, or an item's "not seen" count, is that buyer's
    answer."""
    answered = answered_round(client, session, manager)
    answered.answer("buyer_feedback", "customer", PUSHY, name="Cy Customer")
    sign_in(client, manager.email)
    answered.close()
    result = runner.invoke(args=["banks", "analyse", "buyer_feedback"])
    assert result.exit_code == 0, result.output
    assert "From 1 finished survey of closed rounds" in result.output
    # answers, not seen, item-rest, alpha without it: each "-"
    item_row = re.compile(r"^  [! ] (bf_\w+)(?: \(reverse-keyed\))?" + r"\s+(\S+)" * 4)
    figures = [row.groups()[1:] for row in map(item_row.match, result.output.splitlines()) if row]
    assert figures and {cell for row in figures for cell in row} == {"-"}
    agreement = result.output.split("Agreement among")[1].split("\n\n")[0]
    assert "Not enough answers yet" in agreement and not re.search(r"\d\.\d", agreement)
