"""Banks in the app: `flask banks check`, and versions stored as rounds use them."""

from __future__ import annotations

from assess.core.banks import bank_from_dict, load_bank
from assess.services.bank_versions import bank_for_version, ensure_version, shipped_banks
from tests.banks.conftest import MINI, edit


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


def test_banks_check_names_every_text_missing_a_declared_language(runner, tmp_path):
    """A bank that declares Spanish promises it on every text: each one left in English
    is reported with its line (a Spanish reader would meet English mid-survey), while
    the bank itself still loads, with English standing in."""
    text = edit(MINI, 'version: "1"\n', 'version: "1"\nlocales: [en, es]\n')
    text = edit(text, "title: Mini bank", "title: {en: Mini bank, es: Mini banco}")
    text = edit(
        text,
        "instructions: Answer honestly.",
        "instructions: {en: Answer honestly., es: Responda con franqueza.}",
    )
    path = tmp_path / "half.yaml"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(args=["banks", "check", str(path)])
    assert result.exit_code == 1
    lines = text.splitlines()
    item_line = lines.index("        text: I let buyers finish.") + 1
    option_line = next(n for n, line in enumerate(lines, 1) if "id: ask_why" in line)
    page_line = lines.index("    title: First page") + 1
    output = result.output
    assert f"{path}:{item_line}: text of 'q_listen' has no 'es' text" in output
    assert f"{path}:{option_line}: option text has no 'es' text" in output
    assert f"{path}:{page_line}: page title has no 'es' text" in output
    assert "anchor 1 of 'agree5' has no 'es' text" in output
    assert "title has no 'es'" not in output.replace("page title", "")  # the title is done
    assert "add `es: …`" in output
    bank = load_bank(path)  # loads: the check is the author's tool, not a gate at launch
    assert bank.text(bank.item("q_listen").text, "es") == "I let buyers finish."
    assert bank.text(bank.title, "es") == "Mini banco"
