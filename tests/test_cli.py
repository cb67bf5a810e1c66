"""The `flask --app app` commands, through Flask's CLI runner."""

from __future__ import annotations

from sqlalchemy import func, select

from assess.demo import DEMO_LOGINS
from assess.demo.organization import DEMO_REPS
from assess.models import Organization, Rep, User
from assess.platform.security import verify_password


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
    assert counts[2] == len(DEMO_REPS) == 12


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
