"""`flask --app app report rep|team --round ID -o FILE.pdf` from the command line."""

from __future__ import annotations

from pypdf import PdfReader
from sqlalchemy import select

from assess.demo import load_demo
from assess.models import Rep, Round


def demo_round(session, name="Autumn 2026 round") -> Round:
    load_demo(session, "test-secret-key")
    return session.scalar(select(Round).where(Round.name == name))


def test_team_report_to_a_file_names_the_trust_risk_on_page_one(runner, session, tmp_path):
    autumn = demo_round(session)
    target = tmp_path / "team.pdf"
    result = runner.invoke(args=["report", "team", "--round", str(autumn.id), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert "Rendering the team report" in result.output and "Wrote" in result.output
    page_one = PdfReader(target).pages[0].extract_text()
    assert "Marcus Hale" in page_one
    assert not list(tmp_path.glob("*.part"))


def test_rep_report_to_a_file(runner, session, tmp_path):
    autumn = demo_round(session)
    marcus = session.scalar(select(Rep).where(Rep.name == "Marcus Hale"))
    target = tmp_path / "marcus.pdf"
    result = runner.invoke(
        args=["report", "rep", "--round", str(autumn.id), "--rep", str(marcus.id),
              "--tone", "diplomatic", "-o", str(target)]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    reader = PdfReader(target)
    assert 4 <= len(reader.pages) <= 8
    assert "Marcus Hale" in reader.pages[0].extract_text()


def test_either_copy_of_a_rep_report_to_a_file(runner, session, tmp_path):
    """`--copy manager` adds the coaching guide; the default is the rep's own copy."""
    autumn = demo_round(session)
    marcus = session.scalar(select(Rep).where(Rep.name == "Marcus Hale"))
    texts = {}
    for copy in ("rep", "manager"):
        target = tmp_path / f"{copy}.pdf"
        result = runner.invoke(
            args=["report", "rep", "--round", str(autumn.id), "--rep", str(marcus.id),
                  "--copy", copy, "-o", str(target)]
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        assert f"Rendering the {copy}'s copy" in result.output
        texts[copy] = " ".join(page.extract_text() for page in PdfReader(target).pages)
    assert "Coaching guide for the manager" in texts["manager"]
    assert "Coaching guide for the manager" not in texts["rep"]
    refused = runner.invoke(
        args=["report", "team", "--round", str(autumn.id), "--copy", "manager",
              "-o", str(tmp_path / "team.pdf")]
    )  # fmt: skip
    assert refused.exit_code == 1 and "--copy is for rep reports" in refused.output
    assert not (tmp_path / "team.pdf").exists()


def test_an_open_round_is_refused_with_a_clear_message(runner, session, tmp_path):
    winter = demo_round(session, "Winter 2026 pulse")
    result = runner.invoke(
        args=["report", "team", "--round", str(winter.id), "-o", str(tmp_path / "x.pdf")]
    )
    assert result.exit_code == 1
    assert "is not a closed round" in result.output
    assert not (tmp_path / "x.pdf").exists()
