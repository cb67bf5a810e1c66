"""Each validator rule, on a small bank broken in one place: the problem names the
right line and says how to fix it."""

from __future__ import annotations

from assess.core.banks import BankError, load_bank, load_banks
from assess.core.banks.loader import MAX_FILE_BYTES
from tests.banks.conftest import MINI, MIRROR, SHIPPED, edit, line_of, only_problem

LIKERT_ITEM = "      - id: q_listen\n"

#: A second competency, `closing`, inserted before the bands of MINI.
CLOSING_THEN_BANDS = """    - id: closing
      name: Closing
      description: Asks for the business.
      coaching:
        low: {actions: [a], exercise: b, owner_blunt: c, owner_diplomatic: d}
        high: {actions: [a], exercise: b, owner_blunt: c, owner_diplomatic: d}
  bands:"""


def test_the_unbroken_bank_loads(tmp_path):
    path = tmp_path / "mini.yaml"
    path.write_text(MINI)
    bank = load_bank(path)
    assert [item.id for item in bank.items] == ["q_listen", "q_discount", "q_customer", "q_comment"]


# --- file and YAML ---------------------------------------------------------------------


def test_yaml_syntax_error_points_at_its_line(bank_problems):
    text = edit(MINI, "title: First page\n", "title: [First page\n")
    (problem,) = bank_problems(text)
    assert problem.message.startswith("YAML syntax error")
    assert abs(problem.line - line_of(text, "title: [First page")) <= 2


def test_file_over_one_megabyte_is_refused_before_parsing(tmp_path, bank_problems):
    # Invalid YAML on purpose: were it parsed, a syntax error would be reported too.
    text = MINI + "# padding\n" + "x: [" * (MAX_FILE_BYTES // 4)
    (problem,) = bank_problems(text)
    assert "over the 1,048,576-byte limit" in problem.message


def test_duplicate_yaml_keys_are_reported_not_silently_dropped(bank_problems):
    text = edit(MINI, "expected_minutes: 5\n", "expected_minutes: 5\nexpected_minutes: 50\n")
    problem = only_problem(bank_problems(text), "duplicate key 'expected_minutes'")
    assert problem.line == line_of(text, "expected_minutes: 50")


def test_empty_file(bank_problems):
    (problem,) = bank_problems("# nothing yet\n")
    assert "empty" in problem.message


def test_alias_bomb_is_stopped(bank_problems):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for level in "bcdefgh":
        previous = chr(ord(level) - 1)
        bomb += f"{level}: &{level} [" + ", ".join([f"*{previous}"] * 10) + "]\n"
    (problem,) = bank_problems(bomb)
    assert "too many values" in problem.message


# --- keys and types ----------------------------------------------------------------------


def test_unknown_key_suggests_the_closest_valid_key(bank_problems):
    text = edit(
        MINI,
        "        competency: listening\n        options:",
        "        competncy: listening\n        options:",
    )
    problem = only_problem(bank_problems(text), "unknown key 'competncy'")
    assert problem.line == line_of(text, "competncy: listening")
    assert problem.fix == "did you mean 'competency'?"


def test_missing_key_is_named(bank_problems):
    text = edit(MINI, "instructions: Answer honestly.\n", "")
    problem = only_problem(bank_problems(text), "missing 'instructions'")
    assert problem.fix == "add `instructions: …`"


def test_wrong_type_says_what_was_found(bank_problems):
    text = edit(MINI, "expected_minutes: 5", "expected_minutes: soon")
    problem = only_problem(bank_problems(text), "expected_minutes must be a number")
    assert "got a string" in problem.message
    assert problem.line == line_of(text, "expected_minutes: soon")


def test_unquoted_no_as_text_gets_a_quoting_hint(bank_problems):
    text = edit(MINI, "{id: give_it, text: Give it at once,", "{id: give_it, text: No,")
    problem = only_problem(bank_problems(text), "option text must be text")
    assert "quotes" in problem.fix


def test_float_version_must_be_quoted(bank_problems):
    text = edit(MINI, 'version: "1"', "version: 1.10")
    problem = only_problem(bank_problems(text), "version 1.1 is a number")
    assert problem.fix == 'quote it: version: "1.1"'


def test_unknown_item_type_suggests_one(bank_problems):
    text = edit(MINI, "type: yes_no", "type: yesno")
    problem = only_problem(bank_problems(text), "item type 'yesno'")
    assert problem.fix == "did you mean 'yes_no'?"


# --- duplicate ids ------------------------------------------------------------------------


def test_duplicate_item_ids(bank_problems):
    text = edit(MINI, "      - id: q_customer", "      - id: q_listen")
    problem = only_problem(bank_problems(text), "duplicate item id 'q_listen'")
    assert problem.line == line_of(text, "- id: q_listen", occurrence=2)


def test_duplicate_option_ids(bank_problems):
    text = edit(MINI, "{id: refuse,", "{id: give_it,")
    problem = only_problem(bank_problems(text), "duplicate option id 'give_it'")
    assert problem.line == line_of(text, "{id: give_it, text: Refuse flatly")


def test_duplicate_competency_ids(bank_problems):
    second = """    - id: listening
      name: Listening again
      description: Same id twice.
      coaching:
        low: {actions: [a], exercise: b, owner_blunt: c, owner_diplomatic: d}
        high: {actions: [a], exercise: b, owner_blunt: c, owner_diplomatic: d}
  bands:"""
    text = edit(MINI, "  bands:", second)
    problem = only_problem(bank_problems(text), "duplicate competency id 'listening'")
    assert problem.line == line_of(text, "    - id: listening", occurrence=2)


def test_duplicate_bank_ids_across_files(dir_problems):
    problems = dir_problems({"a.yaml": MINI, "b.yaml": MINI})
    problem = only_problem(problems, "bank id 'mini' is also used by")
    assert problem.file.endswith("b.yaml") and problem.line == 1


# --- competencies -------------------------------------------------------------------------


def test_item_mapped_to_unknown_competency(bank_problems):
    text = edit(
        MINI,
        "text: I let buyers finish.\n        competency: listening",
        "text: I let buyers finish.\n        competency: listenin",
    )
    problem = only_problem(bank_problems(text), "unknown competency 'listenin'")
    assert problem.line == line_of(text, "competency: listenin")
    assert problem.fix == "did you mean 'listening'?"


def test_competency_with_no_items(bank_problems):
    orphan = CLOSING_THEN_BANDS
    text = edit(MINI, "  bands:", orphan)
    problem = only_problem(bank_problems(text), "competency 'closing' has no items")
    assert problem.line == line_of(text, "- id: closing")


def test_coaching_must_cover_every_band(bank_problems):
    text = edit(
        MINI,
        "        high:\n          actions: [Coach a colleague.]",
        "        hi:\n          actions: [Coach a colleague.]",
    )
    problems = bank_problems(text)
    assert only_problem(problems, "is missing 'high'")
    assert only_problem(problems, "unknown key 'hi'").fix == "did you mean 'high'?"


def test_unknown_placeholder_in_owner_sentence(bank_problems):
    text = edit(MINI, '"{rep} talks over buyers."', '"{name} talks over buyers."')
    problem = only_problem(bank_problems(text), "unknown placeholder {name}")
    assert problem.line == line_of(text, "{name} talks over buyers.")


# --- coaching guide (the manager's copy) ----------------------------------------------------

GUIDE = """      coaching_guide:
        watch_for:
          - Whether {rep} lets the buyer finish.
        ask:
          - What surprised you in that call?
          - When did a buyer change your plan?
      coaching:
        low:"""


def test_a_coaching_guide_is_optional_and_loads_with_its_placeholders(tmp_path):
    path = tmp_path / "mini.yaml"
    path.write_text(edit(MINI, "      coaching:\n        low:", GUIDE))
    guide = load_bank(path).rubric.competency("listening").guide
    assert [text.get("en", "en") for text in guide.watch_for] == [
        "Whether {rep} lets the buyer finish."
    ]
    assert len(guide.ask) == 2
    path.write_text(MINI)
    assert load_bank(path).rubric.competency("listening").guide is None


def test_a_coaching_guide_asks_two_or_three_questions(bank_problems):
    one = edit(GUIDE, "          - When did a buyer change your plan?\n", "")
    text = edit(MINI, "      coaching:\n        low:", one)
    problem = only_problem(bank_problems(text), "ask has 1 entries, needs 2–3")
    assert problem.line == line_of(text, "        ask:")


def test_a_coaching_guide_names_what_to_watch_for_and_what_to_ask(bank_problems):
    text = edit(MINI, "      coaching:\n        low:", edit(GUIDE, "watch_for:", "watch:"))
    problems = bank_problems(text)
    assert only_problem(problems, "is missing 'watch_for'")
    assert only_problem(problems, "unknown key 'watch'").fix == "did you mean 'watch_for'?"


def test_unknown_placeholder_in_a_coaching_guide(bank_problems):
    guide = edit(GUIDE, "Whether {rep} lets", "Whether {name} lets")
    text = edit(MINI, "      coaching:\n        low:", guide)
    problem = only_problem(bank_problems(text), "unknown placeholder {name}")
    assert problem.line == line_of(text, "Whether {name} lets")


# --- bands and weights --------------------------------------------------------------------


def test_overlapping_bands(bank_problems):
    text = edit(MINI, "{id: high, label: High, min: 50,", "{id: high, label: High, min: 40,")
    problem = only_problem(bank_problems(text), "overlaps 'low'")
    assert problem.line == line_of(text, "{id: high, label: High")
    assert "min: 50" in problem.fix


def test_bands_with_a_gap(bank_problems):
    text = edit(
        MINI, "{id: low, label: Low, min: 0, max: 50}", "{id: low, label: Low, min: 0, max: 49}"
    )
    problem = only_problem(bank_problems(text), "gap between 49 and 50")
    assert problem.line == line_of(text, "{id: high, label: High")


def test_bands_must_reach_100(bank_problems):
    text = edit(MINI, "min: 50, max: 100}", "min: 50, max: 90}")
    assert only_problem(bank_problems(text), "nothing covers 90–100")


def test_negative_rater_weight(bank_problems):
    text = MINI + "  rater_weights: {self: 1, manager: -1, buyers: 2}\n"
    problem = only_problem(bank_problems(text), "weight of manager is -1")
    assert problem.line == line_of(text, "rater_weights:")


def test_rater_weights_all_zero(bank_problems):
    text = MINI + "  rater_weights: {self: 0, manager: 0, buyers: 0}\n"
    assert only_problem(bank_problems(text), "rater_weights are all zero")


def test_competency_weights_all_zero(bank_problems):
    text = edit(
        MINI,
        "      description: Lets the buyer talk.\n",
        "      description: Lets the buyer talk.\n      weight: 0\n",
    )
    assert only_problem(bank_problems(text), "every competency has weight 0")


# --- items --------------------------------------------------------------------------------


def test_option_without_score(bank_problems):
    text = edit(
        MINI,
        "{id: refuse, text: Refuse flatly, score: 40, why: Ends the talk.}",
        "{id: refuse, text: Refuse flatly, why: Ends the talk.}",
    )
    problem = only_problem(bank_problems(text), "option 'refuse' has no score")
    assert problem.line == line_of(text, "{id: refuse")


def test_a_situational_option_without_its_why_is_refused_at_its_line(bank_problems):
    text = edit(
        MINI, "{id: give_it, text: Give it at once, score: 20, why: Gives margin away.}",
        "{id: give_it, text: Give it at once, score: 20}"
    )  # fmt: skip
    problem = only_problem(bank_problems(text), "situational option 'give_it' has no why")
    assert problem.line == line_of(text, "{id: give_it")
    assert "add `why:`" in problem.fix


def test_every_shipped_situational_option_says_why():
    for bank in load_banks(SHIPPED).values():
        for item in bank.items:
            if item.type == "situational":
                assert all(option.why is not None for option in item.options), item.id


def test_reverse_keying_a_situational_item(bank_problems):
    text = edit(MINI, "        scenario:", "        reverse_keyed: true\n        scenario:")
    problem = only_problem(bank_problems(text), "reverse_keyed on a situational item")
    assert problem.line == line_of(text, "reverse_keyed: true")


def test_situational_item_needs_three_to_five_options(bank_problems):
    text = edit(
        MINI, "          - {id: refuse, text: Refuse flatly, score: 40, why: Ends the talk.}\n", ""
    )
    assert only_problem(bank_problems(text), "situational options has 2 entries, needs 3–5")


def test_likert_scale_must_have_five_or_seven_points(bank_problems):
    text = edit(MINI, "Neutral, Agree, Strongly agree]", "Agree, Strongly agree]")
    assert only_problem(bank_problems(text), "has 4 anchors")


def test_forced_choice_statements_need_different_competencies(bank_problems):
    block = """      - id: q_block
        type: forced_choice
        text: Most and least like you?
        statements:
          - {id: a, text: One, competency: listening}
          - {id: b, text: Two, competency: listening}
          - {id: c, text: Three, competency: listening}
      - id: q_comment"""
    text = edit(MINI, "      - id: q_comment", block)
    problem = only_problem(bank_problems(text), "two statements of one block")
    assert problem.line == line_of(text, "{id: b, text: Two")


def test_scored_yes_no_needs_scores(bank_problems):
    text = edit(
        MINI,
        "text: Have you bought from us before?",
        "text: Have you bought from us before?\n        competency: listening",
    )
    assert only_problem(bank_problems(text), "a scored yes/no item needs yes_score and no_score")


# --- show_if ------------------------------------------------------------------------------


def test_show_if_on_a_later_item(bank_problems):
    text = edit(
        MINI,
        "        text: I let buyers finish.\n",
        "        text: I let buyers finish.\n        show_if: {item: q_customer, equals: true}\n",
    )
    problem = only_problem(bank_problems(text), "is not before it")
    assert problem.line == line_of(text, "show_if:")


def test_show_if_on_an_unknown_item(bank_problems):
    text = edit(
        MINI,
        "        text: Anything else?\n",
        "        text: Anything else?\n        show_if: {item: q_custmer, equals: true}\n",
    )
    problem = only_problem(bank_problems(text), "unknown item 'q_custmer'")
    assert problem.fix == "did you mean 'q_customer'?"


def test_show_if_with_an_impossible_value(bank_problems):
    text = edit(
        MINI,
        "        text: Anything else?\n",
        "        text: Anything else?\n        show_if: {item: q_listen, at_least: 6}\n",
    )
    assert only_problem(bank_problems(text), "its answers run 1–5")


# --- red flags, validity, verdicts -------------------------------------------------------


RED_FLAG = """  red_flags:
    - id: pushy
      label: Pushy.
      raters: [self]
      min_raters: 1
      when: {item: ITEM, in: [OPTION]}
"""


def test_red_flag_naming_an_unknown_item(bank_problems):
    text = MINI + RED_FLAG.replace("ITEM", "q_manner").replace("OPTION", "give_it")
    problem = only_problem(bank_problems(text), "red flag refers to unknown item 'q_manner'")
    assert problem.line == line_of(text, "when: {item: q_manner")


def test_red_flag_naming_an_unknown_option(bank_problems):
    text = MINI + RED_FLAG.replace("ITEM", "q_discount").replace("OPTION", "pushy")
    problem = only_problem(bank_problems(text), "unknown option 'pushy' of item 'q_discount'")
    assert "ask_why, give_it, refuse" in problem.fix


def test_consistency_pair_naming_unknown_items(bank_problems):
    text = MINI + "  validity:\n    consistency_pairs:\n      - items: [q_listen, q_lisen]\n"
    problem = only_problem(bank_problems(text), "consistency pair names unknown item 'q_lisen'")
    assert problem.line == line_of(text, "- items: [q_listen, q_lisen]")


def test_social_desirability_item_must_not_be_scored(bank_problems):
    text = MINI + "  validity:\n    social_desirability: [q_listen]\n"
    assert only_problem(bank_problems(text), "is also scored for 'listening'")


def test_last_verdict_rule_must_catch_everyone(bank_problems):
    text = MINI + (
        "  verdicts:\n"
        "    - {verdict: coach, reason: Gaps., when: {competency: listening, band: low}}\n"
    )
    assert only_problem(bank_problems(text), "the last verdict rule has a `when`")


def test_verdict_naming_unknown_band_and_competency(bank_problems):
    text = MINI + (
        "  verdicts:\n"
        "    - {verdict: coach, reason: Gaps., when: {competency: listning, band: gap}}\n"
        "    - {verdict: ready, reason: Fine.}\n"
    )
    problems = bank_problems(text)
    assert only_problem(problems, "unknown band 'gap'")
    assert only_problem(problems, "unknown competency 'listning'")


def test_verdict_naming_a_red_flag_no_bank_defines(dir_problems):
    verdicts = (
        "  verdicts:\n"
        "    - {verdict: trust_risk, reason: Pushy., when: {red_flag: pushy_referral}}\n"
        "    - {verdict: ready, reason: Fine.}\n"
    )
    problems = dir_problems({"a.yaml": MINI + verdicts, "b.yaml": MIRROR})
    problem = only_problem(problems, "unknown red flag 'pushy_referral'")
    assert problem.fix == "did you mean 'pushy_referrals'?"


def test_verdict_may_name_a_red_flag_of_another_bank(tmp_path):
    from assess.core.banks import load_banks

    verdicts = (
        "  verdicts:\n"
        "    - {verdict: trust_risk, reason: Pushy., when: {red_flag: pushy_referrals}}\n"
        "    - {verdict: ready, reason: Fine.}\n"
    )
    (tmp_path / "a.yaml").write_text(MINI + verdicts)
    (tmp_path / "b.yaml").write_text(MIRROR)
    banks = load_banks(tmp_path)
    assert banks["mini"].rubric.verdicts[0].verdict == "trust_risk"


# --- mirrors -------------------------------------------------------------------------------


def test_mirror_bank_missing_a_competency_of_the_self_bank(dir_problems):
    second_competency = CLOSING_THEN_BANDS
    self_bank = edit(MINI, "  bands:", second_competency)
    self_bank = edit(
        self_bank,
        "        text: What do you do?\n        competency: listening",
        "        text: What do you do?\n        competency: closing",
    )
    problems = dir_problems({"a.yaml": self_bank, "b.yaml": MIRROR})
    problem = only_problem(problems, "different competency set")
    assert "'closing' (from mini)" in problem.message
    assert problem.file.endswith("b.yaml") and problem.line == line_of(MIRROR, "mirrors:")


def test_mirror_bank_rating_a_competency_the_self_bank_lacks(dir_problems):
    extra = edit(
        MIRROR,
        "        text: How did they come across?\n",
        "        text: How did they come across?\n        competency: charm\n",
    )
    problems = dir_problems({"a.yaml": MINI, "b.yaml": extra})
    problem = only_problem(problems, "unknown competency 'charm'")
    assert problem.line == line_of(extra, "competency: charm")


def test_mirror_of_an_unknown_bank(dir_problems):
    problems = dir_problems({"b.yaml": MIRROR})
    problem = only_problem(problems, "mirrors unknown bank 'mini'")
    assert problem.line == line_of(MIRROR, "mirrors:")


def test_mirror_bank_cannot_bring_its_own_bands(bank_problems):
    text = MIRROR + "  bands: []\n"
    assert only_problem(bank_problems(text, "b.yaml"), "takes its bands from the banks it mirrors")


# --- locales -------------------------------------------------------------------------------


def test_text_in_an_undeclared_locale(bank_problems):
    text = edit(MINI, "title: Mini bank", "title: {en: Mini bank, de: Mini-Katalog}")
    problem = only_problem(bank_problems(text), "locale 'de', which the bank does not declare")
    assert problem.fix == "add 'de' to `locales` or remove it"


def test_translation_without_the_default_locale(bank_problems):
    text = edit(MINI, "title: Mini bank", "locales: [en, de]\ntitle: {de: Mini-Katalog}")
    assert only_problem(bank_problems(text), "title has no 'en' text")


# --- all problems at once ----------------------------------------------------------------


def test_every_problem_is_reported_in_one_run(bank_problems):
    text = edit(MINI, "expected_minutes: 5", "expected_minutes: -5")
    text = edit(
        text,
        "{id: refuse, text: Refuse flatly, score: 40, why: Ends the talk.}",
        "{id: refuse, text: Refuse flatly, why: Ends the talk.}",
    )
    text = edit(text, "{id: high, label: High, min: 50,", "{id: high, label: High, min: 60,")
    problems = bank_problems(text)
    assert len(problems) == 3
    lines = [problem.line for problem in problems]
    assert line_of(text, "expected_minutes") in lines
    assert line_of(text, "{id: refuse") in lines
    assert line_of(text, "{id: high, label") in lines


def test_problem_prints_as_file_line_what_and_fix(bank_problems, tmp_path):
    text = edit(MINI, "expected_minutes: 5", "expected_minutes: soon")
    (problem,) = bank_problems(text)
    expected = (
        f"{tmp_path / 'bank.yaml'}:6: expected_minutes must be a number, got a string"
        " — write a number such as 50"
    )
    assert str(problem) == expected


def test_bank_error_message_lists_the_problems(bank_problems, tmp_path):
    text = edit(MINI, "expected_minutes: 5", "expected_minutes: soon")
    try:
        load_bank(tmp_path / "missing.yaml")
    except BankError as error:
        assert "no such file" in str(error) or "cannot read" in str(error)
    else:  # pragma: no cover
        raise AssertionError("a missing file must raise BankError")
    assert bank_problems(text)


def test_a_verdict_cannot_rest_on_fewer_buyers_than_may_be_shown(bank_problems, tmp_path):
    text = edit(MINI, "  bands:", "  evidence: {manager_review: true, min_buyers: 2}\n  bands:")
    problem = only_problem(bank_problems(text), "min_buyers 2 is below min_raters_per_group 3")
    assert problem.line == line_of(text, "evidence:")
    assert problem.fix == "use 0 (no buyers needed) or at least 3"
    relaxed = edit(MINI, "  bands:", "  evidence: {manager_review: false, min_buyers: 0}\n  bands:")
    path = tmp_path / "relaxed.yaml"
    path.write_text(relaxed, encoding="utf-8")
    evidence = load_bank(path).rubric.evidence
    assert (evidence.manager_review, evidence.min_buyers) == (False, 0)


def test_an_outcome_names_one_the_reports_know(bank_problems):
    likelihood = (
        "      - id: q_refer\n        type: likelihood\n        outcome: nps\n"
        "        text: Would you recommend us?\n      - id: q_comment\n"
    )
    text = edit(MINI, "      - id: q_comment\n", likelihood)
    problem = only_problem(bank_problems(text), "outcome")
    assert "referral" in problem.message + problem.fix


# --- pairs_with: like-for-like ratings ----------------------------------------------------


def test_a_rating_without_its_self_statement_is_refused(dir_problems):
    unpaired = edit(MIRROR, "        pairs_with: q_listen\n", "")
    problems = dir_problems({"a.yaml": MINI, "b.yaml": unpaired})
    problem = only_problem(problems, "does not name the self-assessment statement it mirrors")
    assert "'b_listened'" in problem.message and "pairs_with" in problem.fix
    assert problem.file.endswith("b.yaml") and problem.line == line_of(unpaired, "id: b_listened")


def test_a_rating_paired_with_an_unknown_statement_gets_the_closest_id(dir_problems):
    typo = edit(MIRROR, "pairs_with: q_listen", "pairs_with: q_listn")
    problem = only_problem(dir_problems({"a.yaml": MINI, "b.yaml": typo}), "'q_listn'")
    assert "no mirrored bank has" in problem.message and "q_listen" in problem.fix
    assert problem.line == line_of(typo, "pairs_with: q_listn")


def test_a_rating_cannot_pair_with_a_situational_answer(dir_problems):
    situational = edit(MIRROR, "pairs_with: q_listen", "pairs_with: q_discount")
    problems = dir_problems({"a.yaml": MINI, "b.yaml": situational})
    problem = only_problem(problems, "its pair 'q_discount' (mini) is a situational item")
    assert problem.line == line_of(situational, "pairs_with: q_discount")


def test_a_rating_cannot_pair_with_a_statement_about_another_competency(dir_problems):
    second = CLOSING_THEN_BANDS
    self_bank = edit(
        edit(MINI, "  bands:", second),
        "        competency: listening\n      - id: q_discount",
        "        competency: closing\n      - id: q_discount",
    )
    problems = dir_problems({"a.yaml": self_bank, "b.yaml": MIRROR})
    problem = only_problem(problems, "is about closing")
    assert "'b_listened' rates listening" in problem.message


def test_pairs_with_in_a_bank_that_mirrors_nothing_is_refused(dir_problems):
    text = edit(
        MINI,
        "        competency: listening\n      - id: q_discount",
        "        competency: listening\n        pairs_with: q_listen\n      - id: q_discount",
    )
    problem = only_problem(dir_problems({"a.yaml": text}), "this bank mirrors none")
    assert problem.line == line_of(text, "pairs_with: q_listen")


def test_a_rating_cannot_pair_with_a_statement_on_another_kind_of_scale(dir_problems):
    """A point of agreement is not a point of frequency: the gap would compare unlike."""
    often = edit(
        MINI,
        "scales:\n",
        "scales:\n  often5:\n    kind: frequency\n"
        "    anchors: [Never, Rarely, Sometimes, Often, Always]\n",
    )
    often = edit(
        often,
        "        scale: agree5\n        text: I let buyers finish.",
        "        scale: often5\n        text: I let buyers finish.",
    )
    problem = only_problem(
        dir_problems({"a.yaml": often, "b.yaml": MIRROR}), "on a scale of agreement"
    )
    assert (
        "'b_listened'" in problem.message
        and "'q_listen' on a scale of frequency" in problem.message
    )
    assert problem.line == line_of(MIRROR, "pairs_with: q_listen")
