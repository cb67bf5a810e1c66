"""Small banks written as YAML, so every expected number in the tests can be worked out
by hand from the text below (the shipped banks are used where they are small enough).

mini_self owns three competencies and is mirrored by mini_buyer and mini_manager:

* listening: l1, l2 (reverse-keyed), l3, l4 and the forced-choice statement ``quiet``
* follow_through: f1 (likelihood), f2 (situational), has_crm (yes/no), crm_lag
  (likelihood, shown only after has_crm = yes) and the statement ``recap``
* discovery (weight 2): d1 and the statement ``probe``
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from assess.core.banks import Evidence, load_banks
from assess.core.scoring import RaterResponse

REPO = Path(__file__).resolve().parents[2]
SHIPPED = REPO / "question_banks"


def coaching(bands: tuple[str, ...] = ("gap", "developing", "strength")) -> str:
    lines = ["      coaching:"]
    for band in bands:
        lines += [
            f"        {band}:",
            "          actions: [Practise.]",
            "          exercise: For 30 days, practise.",
            '          owner_blunt: "{rep} is here."',
            '          owner_diplomatic: "{rep} is here."',
        ]
    return "\n".join(lines)


MINI_SELF = f"""\
id: mini_self
version: "1"
title: Mini self-assessment
instructions: Answer honestly.
rater_roles: [self]
expected_minutes: 6
scales:
  agree5:
    kind: agreement
    anchors: [Strongly disagree, Disagree, Neutral, Agree, Strongly agree]
pages:
  - id: habits
    title: Habits
    items:
      - {{id: l1, type: likert, scale: agree5, text: I let buyers finish., competency: listening}}
      - {{id: l2, type: likert, scale: agree5, text: I cut buyers off., competency: listening,
         reverse_keyed: true}}
      - {{id: l3, type: likert, scale: agree5, text: I play back what I heard.,
         competency: listening}}
      - {{id: l4, type: likert, scale: agree5, text: I change plans on what I hear.,
         competency: listening}}
      - {{id: f1, type: likelihood, text: How likely is a promise kept?,
         competency: follow_through}}
      - id: f2
        type: situational
        scenario: A buyer wants a quote by tomorrow; it takes three days.
        text: What do you do?
        competency: follow_through
        options:
          - {{id: good, text: Say three days., score: 100, why: Honest.}}
          - {{id: ok, text: Send a rough figure., score: 60, why: Half honest.}}
          - {{id: bad, text: Promise tomorrow., score: 20, why: A promise not kept.}}
      - {{id: has_crm, type: yes_no, text: Do you log promises?, competency: follow_through,
         yes_score: 100, no_score: 0}}
      - {{id: crm_lag, type: likelihood, text: How likely is a logged promise on time?,
         competency: follow_through, show_if: {{item: has_crm, equals: true}}}}
      - {{id: sd1, type: likert, scale: agree5, text: I have never felt impatient.}}
      - id: style
        type: forced_choice
        text: Most and least like you?
        statements:
          - {{id: recap, text: I send recaps., competency: follow_through}}
          - {{id: quiet, text: I am fine with silence., competency: listening}}
          - {{id: probe, text: I ask why first., competency: discovery}}
      - {{id: d1, type: likert, scale: agree5, text: I know what the problem costs.,
         competency: discovery}}
rubric:
  competencies:
    - id: listening
      name: Listening
      description: Lets the buyer talk.
{coaching()}
    - id: follow_through
      name: Follow-through
      description: Keeps promises.
{coaching()}
    - id: discovery
      name: Discovery
      description: Finds the real problem.
      weight: 2
{coaching()}
  bands:
    - {{id: gap, label: Gap, min: 0, max: 50}}
    - {{id: developing, label: Developing, min: 50, max: 75}}
    - {{id: strength, label: Strength, min: 75, max: 100}}
  rater_weights: {{self: 1, manager: 2, buyers: 3}}
  buyer_weights: {{prospect: 1, referral: 2, customer: 1}}
  min_raters_per_group: 3
  gap_threshold: 30
  norms:
    listening: {{10: 35, 25: 48, 50: 61, 75: 73, 90: 85}}
  validity:
    consistency_pairs:
      - items: [l1, l2]
        max_difference: 1
    social_desirability: [sd1]
  verdicts:
    - verdict: trust_risk
      when: {{red_flag: pushy_referrals}}
      reason: Referrals say the rep was pushy.
    - verdict: not_a_fit
      when: {{competencies_in_band: gap, at_least: 2}}
      reason: Gaps almost everywhere.
    - verdict: coach
      when:
        any:
          - {{competency: listening, band: gap}}
          - {{score: overall, below: 75}}
      reason: Coachable gaps remain.
    - verdict: ready
      reason: Strong across the board.
"""

MINI_BUYER = """\
id: mini_buyer
version: "1"
title: How did it go?
instructions: Tell us.
rater_roles: [prospect, referral, customer]
expected_minutes: 2
mirrors: [mini_self]
scales:
  agree5:
    kind: agreement
    anchors: [Strongly disagree, Disagree, Neutral, Agree, Strongly agree]
pages:
  - id: only
    title: Your view
    items:
      - {id: b_listen, type: likert, scale: agree5, text: They listened., competency: listening,
         pairs_with: l1}
      - id: b_manner
        type: choice
        text: Which word fits?
        competency: listening
        options:
          - {id: helpful, text: Helpful, score: 100}
          - {id: rushed, text: Rushed, score: 40}
          - {id: pushy, text: Pushy, score: 0}
      - {id: b_follow, type: likert, scale: agree5, text: They kept their word.,
         competency: follow_through, pairs_with: f1}
      - {id: b_disc, type: likert, scale: agree5, text: They got our problem.,
         competency: discovery, pairs_with: d1}
      - {id: b_extra, type: likert, scale: agree5, text: Overall good.}
      - {id: b_comment, type: text, text: Anything else?, max_length: 200}
rubric:
  red_flags:
    - id: pushy_referrals
      label: Two or more referrals found the rep pushy or not listening.
      raters: [referral]
      min_raters: 2
      when:
        any:
          - {item: b_manner, in: [pushy]}
          - {item: b_listen, at_most: 2}
"""

MINI_MANAGER = """\
id: mini_manager
version: "1"
title: Manager view
instructions: Rate what you saw.
rater_roles: [manager]
expected_minutes: 3
mirrors: [mini_self]
scales:
  agree5:
    kind: agreement
    anchors: [Strongly disagree, Disagree, Neutral, Agree, Strongly agree]
pages:
  - id: only
    title: Your view
    items:
      - {id: m_listen, type: likert, scale: agree5, text: Listens., competency: listening,
         pairs_with: l1}
      - {id: m_follow, type: likert, scale: agree5, text: Follows through.,
         competency: follow_through, pairs_with: f1}
      - {id: m_disc, type: likert, scale: agree5, text: Discovers., competency: discovery,
         pairs_with: d1}
      - {id: m_comment, type: text, text: One thing to work on?}
"""


def write_banks(directory: Path, files: dict[str, str]):
    for name, text in files.items():
        (directory / name).write_text(text, encoding="utf-8")
    return load_banks(directory)


@pytest.fixture(scope="session")
def mini_banks(tmp_path_factory):
    directory = tmp_path_factory.mktemp("mini_banks")
    return write_banks(
        directory,
        {"self.yaml": MINI_SELF, "buyer.yaml": MINI_BUYER, "manager.yaml": MINI_MANAGER},
    )


@pytest.fixture(scope="session")
def rules_banks(mini_banks):
    """The mini banks with mini_self's evidence rule off (no manager review, no buyers
    needed), for tests of the verdict rules themselves on a self-assessment alone. The
    evidence rule has its own tests, with the defaults."""
    mini_self = mini_banks["mini_self"]
    rubric = replace(mini_self.rubric, evidence=Evidence(manager_review=False, min_buyers=0))
    return {**mini_banks, "mini_self": replace(mini_self, rubric=rubric)}


@pytest.fixture(scope="session")
def shipped_banks():
    return load_banks(SHIPPED)


def self_response(answers, response_id="self", seconds=400.0):
    return RaterResponse(response_id, "self", "mini_self", answers, seconds)


def manager_response(answers, response_id="manager"):
    return RaterResponse(response_id, "manager", "mini_manager", answers)


def buyer_response(role, answers, response_id):
    return RaterResponse(response_id, role, "mini_buyer", answers)


#: The worked example of test_rep.py (all numbers worked out there by hand).
DANA_SELF = {
    "l1": 4,
    "l2": 2,
    "l3": 5,
    "l4": 3,
    "f1": 7,
    "f2": "ok",
    "has_crm": False,
    "sd1": 2,
    "style": {"most": "quiet", "least": "probe"},
    "d1": 4,
}
DANA_MANAGER = {"m_listen": 2, "m_follow": 4, "m_disc": 3, "m_comment": "Slow down on calls."}
DANA_BUYERS = [
    ("prospect", {"b_listen": 4, "b_manner": "helpful", "b_follow": 5, "b_disc": 3,
                  "b_comment": "Very clear."}),
    ("referral", {"b_listen": 2, "b_manner": "pushy", "b_follow": 3, "b_disc": 2,
                  "b_comment": "Too pushy."}),
    ("referral", {"b_listen": 3, "b_manner": "rushed", "b_follow": 4, "b_disc": 4}),
    ("customer", {"b_listen": 5, "b_manner": "helpful", "b_follow": 5, "b_disc": 5,
                  "b_comment": "  "}),
]  # fmt: skip


def dana_responses():
    responses = [self_response(DANA_SELF), manager_response(DANA_MANAGER)]
    for number, (role, answers) in enumerate(DANA_BUYERS):
        responses.append(buyer_response(role, answers, f"buyer{number}"))
    return responses


#: Three listening statements for buyers, the second reverse-keyed, each with "not
#: seen"; one discovery statement. Mirrors mini_self, whose rubric names them.
TINY_BUYER = """\
id: tiny_buyer
version: "1"
title: Tiny buyer survey
instructions: Tell us.
rater_roles: [prospect, referral, customer]
expected_minutes: 2
mirrors: [mini_self]
not_asked:
  follow_through: One buyer does not see whether promises are kept.
scales:
  agree5:
    kind: agreement
    anchors: [Strongly disagree, Disagree, Neutral, Agree, Strongly agree]
    not_observed: Not seen
pages:
  - id: only
    title: Your view
    items:
      - {id: t_let_talk, type: likert, scale: agree5, text: They let me talk.,
         competency: listening, pairs_with: l1}
      - {id: t_cut_in, type: likert, scale: agree5, text: They cut in., competency: listening,
         reverse_keyed: true, pairs_with: l2}
      - {id: t_played_back, type: likert, scale: agree5, text: They played it back.,
         competency: listening, pairs_with: l3}
      - {id: t_problem, type: likert, scale: agree5, text: They got our problem.,
         competency: discovery, pairs_with: d1}
"""


@pytest.fixture(scope="session")
def tiny_banks(tmp_path_factory):
    """TINY_BUYER, loaded beside the mini banks it mirrors."""
    files = {"self.yaml": MINI_SELF, "buyer.yaml": MINI_BUYER, "manager.yaml": MINI_MANAGER}
    return write_banks(tmp_path_factory.mktemp("tiny"), {**files, "tiny.yaml": TINY_BUYER})


@pytest.fixture(scope="session")
def tiny_buyer(tiny_banks):
    return tiny_banks["tiny_buyer"]


def tiny_buyer_response(number: int, let_talk, cut_in, played_back, problem=3) -> RaterResponse:
    """A customer's answers to TINY_BUYER (``"not_observed"`` is an answer too)."""
    answers = {
        "t_let_talk": let_talk,
        "t_cut_in": cut_in,
        "t_played_back": played_back,
        "t_problem": problem,
    }
    return RaterResponse(f"b{number}", "customer", "tiny_buyer", answers)
