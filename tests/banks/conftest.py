"""Small banks written as YAML text, so that each test can break one thing and check
the exact line the validator points at."""

from __future__ import annotations

from pathlib import Path

import pytest

from assess.core.banks import BankError, Problem, load_bank, load_banks

REPO = Path(__file__).resolve().parents[2]
SHIPPED = REPO / "question_banks"

MINI = """\
id: mini
version: "1"
title: Mini bank
instructions: Answer honestly.
rater_roles: [self]
expected_minutes: 5
scales:
  agree5:
    kind: agreement
    anchors: [Strongly disagree, Disagree, Neutral, Agree, Strongly agree]
pages:
  - id: first
    title: First page
    items:
      - id: q_listen
        type: likert
        scale: agree5
        text: I let buyers finish.
        competency: listening
      - id: q_discount
        type: situational
        scenario: A buyer asks for a discount on the first call.
        text: What do you do?
        competency: listening
        options:
          - {id: ask_why, text: Ask what is behind the request, score: 100, why: Finds the reason.}
          - {id: give_it, text: Give it at once, score: 20, why: Gives margin away.}
          - {id: refuse, text: Refuse flatly, score: 40, why: Ends the talk.}
      - id: q_customer
        type: yes_no
        text: Have you bought from us before?
      - id: q_comment
        type: text
        text: Anything else?
        max_length: 50
rubric:
  competencies:
    - id: listening
      name: Listening
      description: Lets the buyer talk.
      coaching:
        low:
          actions: [Pause before answering.]
          exercise: Count who talks more on three calls a week.
          owner_blunt: "{rep} talks over buyers."
          owner_diplomatic: "{rep} could listen more."
        high:
          actions: [Coach a colleague.]
          exercise: Review one colleague's call a week.
          owner_blunt: "{rep} listens."
          owner_diplomatic: "{rep} listens well."
  bands:
    - {id: low, label: Low, min: 0, max: 50}
    - {id: high, label: High, min: 50, max: 100}
"""

MIRROR = """\
id: mini_buyer
version: "1"
title: Buyer view
instructions: Tell us how it went.
rater_roles: [prospect, referral, customer]
expected_minutes: 2
mirrors: [mini]
scales:
  agree5:
    kind: agreement
    anchors: [Strongly disagree, Disagree, Neutral, Agree, Strongly agree]
pages:
  - id: only
    title: Your view
    items:
      - id: b_listened
        type: likert
        scale: agree5
        text: They listened.
        competency: listening
        pairs_with: q_listen
      - id: b_manner
        type: choice
        text: How did they come across?
        options:
          - {id: helpful, text: Helpful, score: 100}
          - {id: pushy, text: Pushy, score: 0}
rubric:
  red_flags:
    - id: pushy_referrals
      label: Referrals found the rep pushy.
      raters: [referral]
      min_raters: 2
      when:
        any:
          - {item: b_manner, in: [pushy]}
          - {item: b_listened, at_most: 2}
"""


def line_of(text: str, fragment: str, occurrence: int = 1) -> int:
    """1-based line number of the ``occurrence``-th line containing ``fragment``."""
    found = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if fragment in line:
            found += 1
            if found == occurrence:
                return number
    raise AssertionError(f"{fragment!r} not in text")


def edit(text: str, old: str, new: str) -> str:
    """Replace exactly one occurrence, so a typo in a test cannot silently do nothing."""
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


@pytest.fixture
def bank_problems(tmp_path):
    """Write YAML text to a file, load it, and return the problems (it must fail)."""

    def load(text: str, name: str = "bank.yaml") -> list[Problem]:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        with pytest.raises(BankError) as caught:
            load_bank(path)
        return caught.value.problems

    return load


@pytest.fixture
def dir_problems(tmp_path):
    """Write several files to a directory and return the problems of load_banks."""

    def load(files: dict[str, str]) -> list[Problem]:
        for name, text in files.items():
            (tmp_path / name).write_text(text, encoding="utf-8")
        with pytest.raises(BankError) as caught:
            load_banks(tmp_path)
        return caught.value.problems

    return load


def only_problem(problems: list[Problem], fragment: str) -> Problem:
    """The single problem whose message contains ``fragment``."""
    matching = [problem for problem in problems if fragment in problem.message]
    assert len(matching) == 1, f"{fragment!r} in {[str(p) for p in problems]}"
    return matching[0]
