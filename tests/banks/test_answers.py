"""Answer values per item type, and show_if."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assess.core.banks import (
    AnswerTest,
    AnyOf,
    Item,
    Not,
    Option,
    Scale,
    Statement,
    Text,
    condition_holds,
    is_visible,
    load_bank,
    validate_answer,
    visible_answers,
    visible_items,
)
from tests.banks.conftest import SHIPPED


def text(value: str) -> Text:
    return Text((("en", value),))


AGREE5 = Scale("agree5", "agreement", tuple(text(str(n)) for n in range(1, 6)))
AGREE7 = Scale("agree7", "agreement", tuple(text(str(n)) for n in range(1, 8)))
LIKERT = Item("l5", "likert", text("I listen."), "p", True, competency="c", scale=AGREE5)
LIKERT7 = Item("l7", "likert", text("I listen."), "p", True, competency="c", scale=AGREE7)
LIKELIHOOD = Item("nps", "likelihood", text("Refer?"), "p", True)
SITUATIONAL = Item(
    "sj",
    "situational",
    text("What do you do?"),
    "p",
    True,
    scenario=text("A buyer asks."),
    options=tuple(Option(o, text(o), s) for o, s in (("ask", 100), ("push", 0), ("wait", 50))),
)
FORCED = Item(
    "fc",
    "forced_choice",
    text("Most and least like you?"),
    "p",
    True,
    statements=tuple(Statement(s, text(s), c) for s, c in (("a", "x"), ("b", "y"), ("c", "z"))),
)
YES_NO = Item("yn", "yes_no", text("Customer?"), "p", True)
COMMENT = Item("t", "text", text("Anything else?"), "p", False, max_length=20)
REQUIRED_COMMENT = Item("rt", "text", text("Why?"), "p", True, max_length=20)


@pytest.mark.parametrize(
    ("item", "good", "bad", "message"),
    [
        (LIKERT, [1, 3, 5], [0, 6, "3", 3.0, True, [3]], "Choose one of the points on the scale."),
        (LIKERT7, [1, 7], [0, 8], "Choose one of the points on the scale."),
        (LIKELIHOOD, [0, 10], [-1, 11, 5.5, "10", False], "Choose a number from 0 to 10."),
        (
            SITUATIONAL,
            ["ask", "push"],
            ["ASK", "other", 1, {"id": "ask"}],
            "Choose one of the options.",
        ),
        (YES_NO, [True, False], ["yes", 1, 0, "no"], "Answer yes or no."),
    ],
)
def test_answers_per_type(item, good, bad, message):
    for value in good:
        assert validate_answer(item, value) is None, value
    for value in bad:
        assert validate_answer(item, value) == message, value


def test_forced_choice_needs_two_different_known_statements():
    assert validate_answer(FORCED, {"most": "a", "least": "c"}) is None
    for bad in (
        {"most": "a", "least": "a"},
        {"most": "a"},
        {"most": "a", "least": "zz"},
        {"most": "a", "least": "b", "extra": "c"},
        {"most": 1, "least": 2},
        ["a", "b"],
        "a",
    ):
        assert validate_answer(FORCED, bad) == (
            "Pick one statement as most like you and a different one as least like you."
        ), bad


def test_text_answers():
    assert validate_answer(COMMENT, "Fine, thanks.") is None
    assert validate_answer(COMMENT, "x" * 20) is None
    assert (
        validate_answer(COMMENT, "x" * 21)
        == "Please keep your answer to 20 characters (it has 21)."
    )
    assert validate_answer(COMMENT, 42) == "Please type your answer as text."
    assert "contains a NUL character" in validate_answer(COMMENT, "nul\x00byte")
    assert "control character (U+0007)" in validate_answer(COMMENT, "bell\x07")
    assert "not valid text" in validate_answer(COMMENT, "half \ud800 a pair")
    assert validate_answer(COMMENT, "two\nlines\tand a tab") is None  # a comment keeps them


def test_a_ten_megabyte_comment_gets_a_clear_message():
    huge = "a" * (10 * 1024 * 1024)
    assert validate_answer(COMMENT, huge) == (
        "Please keep your answer to 20 characters (it has 10,485,760)."
    )


def test_required_and_optional_blanks():
    assert validate_answer(COMMENT, None) is None
    assert validate_answer(COMMENT, "   ") is None
    assert validate_answer(REQUIRED_COMMENT, "  ") == "Please answer this question."
    for item in (LIKERT, LIKELIHOOD, SITUATIONAL, FORCED, YES_NO):
        assert validate_answer(item, None) == "Please answer this question."


@given(st.one_of(st.integers(), st.floats(allow_nan=False), st.text(), st.booleans(), st.none()))
def test_likert_accepts_exactly_the_integers_on_the_scale(value):
    valid = validate_answer(LIKERT, value) is None
    on_scale = isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 5
    assert valid == on_scale


# --- conditions and show_if -----------------------------------------------------------


def test_true_is_not_the_number_one():
    assert condition_holds(AnswerTest("yn", "equals", True), {"yn": True})
    assert not condition_holds(AnswerTest("yn", "equals", True), {"yn": 1})
    assert not condition_holds(AnswerTest("l", "at_least", 1), {"l": True})


def test_combinators_and_unanswered_items():
    pushy = AnswerTest("manner", "in", ("pushy",))
    deaf = AnswerTest("listened", "at_most", 2)
    rule = AnyOf((pushy, deaf))
    assert condition_holds(rule, {"manner": "pushy", "listened": 5})
    assert condition_holds(rule, {"manner": "advisor", "listened": 2})
    assert not condition_holds(rule, {"manner": "advisor", "listened": 3})
    assert not condition_holds(rule, {})
    assert condition_holds(Not(pushy), {})


@pytest.fixture(scope="module")
def buyer_bank():
    return load_bank(SHIPPED / "buyer_feedback.yaml")


def test_show_if_shows_an_item_only_after_the_matching_answer(buyer_bank):
    after_sale = buyer_bank.item("bf_after_sale")
    assert is_visible(after_sale, {"bf_is_customer": True})
    assert not is_visible(after_sale, {"bf_is_customer": False})
    assert not is_visible(after_sale, {})
    shown = [item.id for item in visible_items(buyer_bank, {"bf_is_customer": False})]
    assert "bf_after_sale" not in shown
    assert "bf_would_refer" in shown


def test_stale_answers_to_hidden_items_are_dropped(buyer_bank):
    """What a hidden item asks of the respondent is tested through the survey pages
    (tests/web/test_survey_pages.py); here, that scoring never sees its stale answer."""
    answers = {"bf_is_customer": False, "bf_after_sale": 1}  # answered, then went back
    assert "bf_after_sale" not in visible_answers(buyer_bank, answers)
    assert visible_answers(buyer_bank, {**answers, "bf_is_customer": True})["bf_after_sale"] == 1


def test_an_item_depending_on_a_hidden_item_is_hidden(tmp_path):
    from tests.banks.conftest import MINI, edit

    chained = edit(
        MINI,
        "        text: Anything else?\n",
        "        text: Anything else?\n        show_if: {item: q_customer, equals: true}\n",
    )
    chained = edit(
        chained,
        "        text: Have you bought from us before?\n",
        "        text: Have you bought from us before?\n"
        "        show_if: {item: q_listen, at_least: 4}\n",
    )
    path = tmp_path / "chain.yaml"
    path.write_text(chained)
    bank = load_bank(path)
    stale = {"q_listen": 2, "q_customer": True}
    assert [item.id for item in visible_items(bank, stale)] == ["q_listen", "q_discount"]
    assert [i.id for i in visible_items(bank, {"q_listen": 5, "q_customer": True})][-1] == (
        "q_comment"
    )
