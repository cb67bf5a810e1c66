"""The `flask --app app` commands, through Flask's CLI runner."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from assess.demo import DEMO_LOGINS
from assess.demo.organization import DEMO_REPS, INSIDE_REPS
from assess.models import Organization, Rep, User
from assess.platform.security import verify_password
from tests.conftest import sign_in
from tests.factories import UserFactory
from tests.support.buyer_rounds import buyers_round, consistent
from tests.support.demo_pages import visible_text


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_demo_load_is_idempotent(runner, session):
    first = runner.invoke(args=["demo", "load", "--no-render"])
    assert first.exit_code == 0, first.output
    assert "created" in first.output
    assert DEMO_LOGINS["owner"][0] in first.output
    counts = (count(session, Organization), count(session, User), count(session, Rep))
    second = runner.invoke(args=["demo", "load", "--no-render"])
    assert second.exit_code == 0
    assert "already present" in second.output
    assert (count(session, Organization), count(session, User), count(session, Rep)) == counts
    # Field Sales' twelve reps with stories and Inside Sales' fourteen
    assert counts[2] == len(DEMO_REPS) + len(INSIDE_REPS) == 26


def test_demo_logins_work(runner, session):
    runner.invoke(args=["demo", "load", "--no-render"])
    for email, password in DEMO_LOGINS.values():
        user = session.scalar(select(User).where(User.email == email))
        assert verify_password(user.password_hash, password)


def test_user_create_makes_a_user_who_can_sign_in(runner, session):
    result = runner.invoke(
        args=[
            "user", "create", "--org", "acme-sales", "--org-name", "Acme",
            "--email", "Boss@Acme.example", "--name", "Bea Boss", "--role", "owner",
            "--password", "a long enough password",
        ]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    user = session.scalar(select(User).where(User.email == "boss@acme.example"))
    assert user.role == "owner"
    assert user.organization.name == "Acme"
    assert verify_password(user.password_hash, "a long enough password")
    assert not verify_password(user.password_hash, "wrong password")


def test_user_create_with_bad_input_explains_and_writes_nothing(runner, session):
    before = (count(session, Organization), count(session, User))
    cases = [
        (["--email", "not-an-email", "--password", "long enough pw"], "not an email"),
        (["--email", "a@b.example", "--password", "short"], "too short"),
    ]
    for extra, message in cases:
        result = runner.invoke(args=["user", "create", "--org", "new-org", "--name", "N", *extra])
        assert result.exit_code == 1
        assert message in result.output
        assert "Traceback" not in result.output
    assert (count(session, Organization), count(session, User)) == before


def test_user_create_refuses_a_taken_email(runner, session):
    args = ["user", "create", "--org", "acme-sales", "--name", "A", "--email", "a@acme.example"]
    assert runner.invoke(args=[*args, "--password", "long enough pw"]).exit_code == 0
    again = runner.invoke(args=[*args, "--password", "long enough pw"])
    assert again.exit_code == 1
    assert "already taken" in again.output


def test_db_current_reports_up_to_date(runner):
    result = runner.invoke(args=["db", "current"])
    assert result.exit_code == 0
    assert "up to date" in result.output


def test_banks_check_refuses_brackets_nested_to_crash_the_parser(runner, tmp_path):
    """50,000 nested [ once killed the process in libyaml's composer."""
    hostile = tmp_path / "deep.yaml"
    hostile.write_text("[" * 50_000 + "]" * 50_000)
    result = runner.invoke(args=["banks", "check", str(hostile)])
    assert result.exit_code == 1
    assert f"{hostile}:1: brackets are nested more than 50 deep" in result.output


def test_banks_check_refuses_a_file_holding_only_null(runner, tmp_path):
    empty = tmp_path / "null.yaml"
    empty.write_text("~\n")
    result = runner.invoke(args=["banks", "check", str(empty)])
    assert result.exit_code == 1
    assert f"{empty}:1: the file is empty — write a bank" in result.output


def test_banks_key_prints_each_option_with_its_score_and_reason(runner):
    result = runner.invoke(args=["banks", "key", "consultative_selling"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    at = next(n for n, line in enumerate(lines) if "suggest_smaller" in line)
    assert lines[at].split()[0] == "35"
    # the reason agrees with the trust coaching's "the smallest package that solves it"
    assert "smallest package that solves the problem" in " ".join(lines[at + 1 : at + 3])
    missing = runner.invoke(args=["banks", "key", "no_such_bank"])
    assert missing.exit_code != 0 and "consultative_selling" in missing.output


def cells(row: str) -> dict[str, str]:
    """A page table row's cells by their `data-label`, as visible text ("–" as "-")."""
    found = re.findall(r'<td[^>]*data-label="([^"]+)"[^>]*>(.*?)</td>', row, re.S)
    return {label: visible_text(cell).replace("–", "-") for label, cell in found}


def page_items(markup: str) -> dict[str, tuple[str, str, str, str]]:
    """Item id -> (answers, not seen, item-rest, alpha without it) as the page shows
    them; "-" where it shows none, "n/a" where the item offers no "not seen"."""
    items = {}
    for item_id, row in re.findall(r'<tr id="item-(\w+)"(.*?)</tr>', markup, re.S):
        row_cells = cells(row)
        answers, _, unseen = row_cells["Answers"].partition(" ")
        unseen = unseen.removesuffix(" not seen") if answers != "-" else "-"
        items[item_id] = (
            answers,
            unseen or "n/a",
            row_cells.get("Item-rest correlation", "-"),
            row_cells.get("Alpha without it", "-"),
        )
    return items


def page_agreement(markup: str) -> dict[str, tuple[str, str, str, str]]:
    """Competency name -> (ICC(1), rep average, buyers, groups) as the page shows them."""
    table = markup[markup.index('id="agreement-heading"') :]
    rows = {}
    for name, row in re.findall(r'<tr>\s*<th scope="row">([^<]+)</th>(.*?)</tr>', table, re.S):
        row_cells = cells(row)
        buyers, groups = row_cells["Buyers · groups"].split(" · ")
        average = row_cells["Reliability of a rep's buyer average"].split()[0]
        rows[visible_text(name)] = (row_cells["ICC(1)"], average, buyers, groups)
    return rows


def page_alphas(markup: str) -> dict[str, tuple[str, str]]:
    """Competency id -> (alpha, n) where the page states an alpha."""
    alphas = {}
    for competency, card in re.findall(
        r'aria-labelledby="competency-(\w+)"(.*?)</section>', markup, re.S
    ):
        found = re.search(r"Cronbach's alpha (-?\d\.\d\d) \(n = (\d+)\)", visible_text(card))
        if found:
            alphas[competency] = found.groups()
    return alphas


CLI_ITEM = re.compile(r"^  [! ] (\w+)(?: \(reverse-keyed\))?\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s")
CLI_AGREEMENT = re.compile(r"^    (\S.*?)\s{2,}(\S+)\s+(\S+)\s+\S+\s+(\d+)\s+(\d+)\s{2}")
CLI_ALPHA = re.compile(r"\((\w+)\): Cronbach's alpha (-?\d\.\d\d) \(n = (\d+)\)")


def test_banks_analyse_prints_the_owners_page_of_closed_rounds_only(runner, client, session):
    """The command and the owner's page read one service: the same answers (closed
    rounds only) and the same numbers, ICC and "not seen" counts included."""
    owner = UserFactory(role="owner")
    levels = [(1, 2), (2, 3), (3, 4), (4, 5), (5, 4), (2, 1)]
    by_rep = [
        [
            {
                "bf_listened": level,
                # mostly consistent with the first statement, not always
                "bf_interrupted": 6 - level + (1 if (rep + buyer) % 4 == 0 and level > 1 else 0),
                "bf_real_problem": level,
                # two of the twelve buyers could not judge what the problem cost
                "bf_asked_cost": "not_observed" if 2 * rep + buyer in (3, 8) else max(1, level - 1),
            }
            for buyer, level in enumerate(pair)
        ]
        for rep, pair in enumerate(levels)
    ]
    version = buyers_round(session, owner.organization, by_rep)
    # one buyer has finished in a round still open: counted by neither, until it closes
    lone = consistent(5, bf_real_problem=1, bf_asked_cost="not_observed")
    buyers_round(session, owner.organization, [[lone]], status="open")

    result = runner.invoke(args=["banks", "analyse", "buyer_feedback"])
    assert result.exit_code == 0, result.output
    output = result.output
    assert "From 12 finished surveys of closed rounds, in every organization; 1 more" in output
    items_part, _, agreement_part = output.partition("Agreement among the buyers of each rep")
    cli_items = {
        match[1]: match.groups()[1:]
        for match in map(CLI_ITEM.match, items_part.splitlines())
        if match and match[1] != "item"
    }
    assert cli_items["bf_asked_cost"][:2] == ("10", "2")  # not 11 and 3: the open round's
    assert cli_items["bf_real_problem"][:2] == ("12", "0")
    cli_agreement = {
        match[1]: match.groups()[1:]
        for match in map(CLI_AGREEMENT.match, agreement_part.splitlines())
        if match
    }
    assert "ICC(1)" in output
    assert re.fullmatch(r"-?\d\.\d\d", cli_agreement["Listening"][0])

    sign_in(client, owner.email)
    markup = client.get(f"/manage/banks/{version.id}").get_data(as_text=True)
    assert "From 12 finished surveys of closed rounds; 1 more" in visible_text(markup)
    assert cli_items == page_items(markup)
    assert cli_agreement == page_agreement(markup)
    cli_alphas = {competency: (alpha, n) for competency, alpha, n in CLI_ALPHA.findall(output)}
    assert cli_alphas == page_alphas(markup)
    assert {"listening", "discovery"} <= cli_alphas.keys()
