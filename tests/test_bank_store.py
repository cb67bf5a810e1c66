"""Banks in the app: `flask banks check`, and versions stored as rounds use them."""

from __future__ import annotations

from assess.core.banks import bank_from_dict
from assess.services.bank_versions import bank_for_version, ensure_version, shipped_banks


def test_banks_check_passes_on_the_shipped_banks(runner):
    result = runner.invoke(args=["banks", "check"])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == len(shipped_banks())
    assert any(line.startswith("consultative_selling") for line in lines)


def test_banks_check_reports_a_broken_file_with_its_line(runner, tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: broken\nversion: '1'\ntitle: [unclosed\n")
    result = runner.invoke(args=["banks", "check", str(broken)])
    assert result.exit_code == 1
    assert f"{broken}:" in result.output
    assert "—" in result.output


def test_a_stored_version_rebuilds_the_same_bank(session):
    bank = shipped_banks()["consultative_selling"]
    version = ensure_version(session, bank)
    assert ensure_version(session, bank).id == version.id  # one row per content
    session.expire_all()
    stored = session.get(type(version), version.id)
    rebuilt = bank_from_dict(stored.content)  # through the database's JSON, no cache
    assert rebuilt.content_hash == bank.content_hash
    assert [item.id for item in rebuilt.items] == [item.id for item in bank.items]
    assert bank_for_version(stored).content_hash == bank.content_hash


def test_banks_analyse_prints_reliability_over_stored_responses(runner, session):
    from assess.demo import load_demo

    load_demo(session, "test-secret-key")
    result = runner.invoke(args=["banks", "analyse", "consultative_selling"])
    assert result.exit_code == 0, result.output
    # Field Sales: 12 reps in Autumn, 10 in Spring (two joined later); Inside Sales: 14
    # in each of its two rounds; the 4 of the open round wait
    assert (
        "From 50 finished surveys of closed rounds, in every organization; 4 more, finished "
        "in rounds still open, count once their round closes." in " ".join(result.output.split())
    )
    assert "Cronbach's alpha" in result.output and "(discovery)" in result.output


def test_banks_analyse_explains_an_unknown_bank(runner):
    result = runner.invoke(args=["banks", "analyse", "no_such_bank"])
    assert result.exit_code == 1
    assert "no finished surveys of 'no_such_bank'" in result.output
