"""Pages asked of some raters only: the alignment survey asks delivery staff about
delivery, not about how marketing prepares sales calls — and the validator keeps such
a bank answerable by everyone it names."""

from __future__ import annotations

from assess.core.banks import load_bank
from tests.banks.conftest import MINI, SHIPPED, edit, line_of, only_problem

ALIGNMENT = (SHIPPED / "sales_marketing_alignment.yaml").read_text(encoding="utf-8")
SALES_AND_MARKETING = "    rater_roles: [self, manager, marketing]\n"


def test_delivery_staff_are_asked_only_the_delivery_pages_in_less_time(tmp_path):
    path = tmp_path / "alignment.yaml"
    path.write_text(ALIGNMENT, encoding="utf-8")
    bank = load_bank(path)
    delivery = bank.for_role("operations")
    assert [page.id for page in delivery.pages] == ["promises", "learning"]
    assert {item.competency for item in delivery.items} == {
        "deliverable_promises", "delivery_handover", "delivery_feedback", None,
    }  # fmt: skip
    # the stated time shrinks with the share of the items asked (12 of 34, rounded up)
    assert (bank.expected_minutes, delivery.expected_minutes) == (12, 5)
    assert bank.for_role("marketing") is bank  # asked every page: the bank itself
    assert bank.roles_asked("channel_followup") == ("self", "manager", "marketing")
    assert "operations" in bank.roles_asked("deliverable_promises")


def test_a_page_role_must_answer_the_bank(bank_problems):
    text = edit(ALIGNMENT, "rater_roles: [self, manager, marketing, operations]\n",
                "rater_roles: [self, manager, marketing]\n")  # fmt: skip
    problems = bank_problems(text)
    assert any("'operations'" in problem.message for problem in problems)


def test_a_role_asked_no_page_is_reported(bank_problems):
    text = ALIGNMENT.replace(SALES_AND_MARKETING, "    rater_roles: [self, manager, operations]\n")
    text = text.replace("  - id: promises\n", "  - id: promises\n    rater_roles: [self]\n")
    text = text.replace("  - id: learning\n", "  - id: learning\n    rater_roles: [self]\n")
    problem = only_problem(bank_problems(text), "'marketing' answers the bank but is asked no page")
    assert problem.line == line_of(text, "rater_roles: [self, manager, marketing, operations]")


def test_only_a_bank_that_compares_groups_may_ask_a_page_of_some_raters(bank_problems):
    text = edit(MINI, "rater_roles: [self]\n", "rater_roles: [self, manager]\n")
    text = edit(text, "    title: First page\n", "    title: First page\n    rater_roles: [self]\n")
    problem = only_problem(bank_problems(text), "in a bank that compares no groups")
    assert problem.line == line_of(text, "    rater_roles: [self]")
    assert "a rep's scores count every page" in problem.fix


def test_show_if_may_not_test_an_item_some_of_its_raters_were_not_asked(bank_problems):
    text = edit(
        ALIGNMENT,
        "      - id: sm_dl_complaints_stay\n",
        "      - id: sm_dl_complaints_stay\n"
        "        show_if: {item: sm_msg_matches_need, at_least: 4}\n",
    )
    problem = only_problem(bank_problems(text), "which 'operations' is not asked")
    assert problem.line == line_of(text, "show_if: {item: sm_msg_matches_need")


def test_an_alignment_survey_compares_two_or_three_groups(bank_problems):
    text = edit(ALIGNMENT, "    delivery: [operations]\n",
                "    delivery: [operations]\n    managers: [manager]\n")  # fmt: skip
    text = edit(text, "    sales: [self, manager]\n", "    sales: [self]\n")
    problem = only_problem(bank_problems(text), "compare_groups names 4 groups")
    assert problem.fix == "name two or three groups, e.g. sales, marketing and delivery"
