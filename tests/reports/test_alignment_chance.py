"""The alignment section read back from the PDF: a gap over the threshold that three
people a side could produce by chance is said to be that, never a disagreement; the
same gap from nine people a side is one. And the low band reads "Weak practice" — also
for a result issued when it was called "misaligned"."""

from __future__ import annotations

import copy
import re
from dataclasses import replace

from assess.core.banks import load_banks
from assess.core.scoring import RaterResponse, score_alignment
from assess.services import report_pdfs
from assess.services.bank_versions import SHIPPED_BANKS
from tests.reports.conftest import PdfText

BANK = "sales_marketing_alignment"
CHANNEL = "Follow-up fits the channel"  # first of the areas on a tie: ids in order


def with_alignment(inputs, result: dict, **banks):
    payload = dict(inputs.team_payload)
    payload["alignment"] = {BANK: result}
    return replace(inputs, team_payload=payload, banks={**inputs.banks, **banks})


def answering(bank, role: str, value: int, number: int) -> RaterResponse:
    """Every statement `role` is asked, answered `value` on the 7-point scale (mirrored
    on reverse-keyed ones): the same score on every area, (value − 1) / 6 · 100."""
    view = bank.for_role(role)
    answers = {
        item.id: 8 - value if item.reverse_keyed else value
        for item in view.items
        if item.type == "likert"
    }
    return RaterResponse(f"{role}-{number}", role, BANK, answers)


def split_sales(banks, size: int) -> dict:
    """Sales at 100, 100 and 33 (mean 78), marketing all at 50, `size` times over: a gap
    of 28 on every area, over the threshold of 25."""
    bank = banks[BANK]
    sales = [7, 7, 3] * size
    responses = [answering(bank, "self", value, n) for n, value in enumerate(sales)]
    responses += [answering(bank, "marketing", 4, n) for n in range(3 * size)]
    return score_alignment(bank, responses).to_dict()


def section_text(pdf: PdfText) -> str:
    text = pdf.flat()
    return text[text.index("where they disagree") - 40 :]


def test_a_gap_three_people_a_side_could_make_by_chance_is_said_so(team_inputs, banks):
    # sales spread 38.5 over √3: SE 22.2; margin 1.645 · √(22.2² + 6.4²) = 38: 28 is within
    result = split_sales(banks, 1)
    assert result["worst"] == []
    pdf = PdfText(report_pdfs.team_report_pdf(with_alignment(team_inputs, result)))
    text = section_text(pdf)
    assert (
        "Two groups disagree on an area when their scores are more than 25 points apart "
        "and further apart than chance could make them with the number of people who "
        "answered." in text
    )
    assert (
        f"The widest gap: sales and marketing on “{CHANNEL}” (sales 78, marketing 50) are "
        "apart by 28 points, but with 3 people a side that could be chance. No gap is "
        "clear of chance, so no area is called a disagreement." in text
    )
    # every row says it, naming the pair where delivery was asked too; none says "disagree"
    assert text.count("apart by 28 points, but with 3 people a side that could be chance") > 10
    assert "sales and marketing apart by 28 points" in text
    assert not re.search(r"disagree \d+ \d+", text)
    assert "Every disagreement" not in text and "Seat sales and marketing" not in text
    # the gap is not established, so the area keeps its combined score and band:
    # (100 + 100 + 33.3 + 2 · 3 · 50) / (3 + 6) = 59
    assert pdf.has(f"{CHANNEL} apart by 28 points, but with 3 people a side that could")
    assert pdf.has("78 50 +28 59 Weak practice")


def test_the_same_gap_from_nine_people_a_side_is_a_disagreement(team_inputs, banks):
    result = split_sales(banks, 3)
    assert len(result["worst"]) == len(banks[BANK].rubric.competencies)
    pdf = PdfText(report_pdfs.team_report_pdf(with_alignment(team_inputs, result)))
    text = section_text(pdf)
    assert f"The widest gap: sales and marketing are 28 points apart on “{CHANNEL}”" in text
    assert f"{CHANNEL} disagree 78 50 +28" in text
    assert "Every disagreement, widest first:" in text
    assert "could be chance" not in text


def old_result(team_inputs) -> dict:
    """A result issued before the low band was renamed, and before gaps had a margin:
    one area agreed on, scored 44 and stored as "misaligned"."""
    result = copy.deepcopy(team_inputs.team_payload["alignment"][BANK])
    for area in result["areas"]:
        for pair in area["gaps"]:
            del pair["margin"], pair["could_be_chance"]
    area = next(area for area in result["areas"] if area["id"] == "one_team")
    area.update(combined=44.0, band="misaligned", disagreement=False)
    for pair in area["gaps"]:
        pair.update(disagreement=False)
    return result


def test_a_result_stored_as_misaligned_reads_as_weak_practice(team_inputs):
    pdf = PdfText(report_pdfs.team_report_pdf(with_alignment(team_inputs, old_result(team_inputs))))
    text = section_text(pdf)
    assert "44 Weak practice" in text
    assert "Misaligned" not in text
    # issued when every gap over the threshold was a disagreement: the lede says so
    assert "A gap above 25 points is a disagreement." in text


def test_so_does_it_with_the_bank_version_it_was_issued_with(team_inputs, tmp_path):
    shipped = (SHIPPED_BANKS / f"{BANK}.yaml").read_text(encoding="utf-8")
    issued = shipped.replace("        weak:\n", "        misaligned:\n").replace(
        "{id: weak, label: {en: Weak practice,", "{id: misaligned, label: {en: Misaligned,"
    )
    (tmp_path / f"{BANK}.yaml").write_text(issued, encoding="utf-8")
    old_bank = load_banks(tmp_path)[BANK]
    assert old_bank.rubric.bands[0].id == "misaligned"
    inputs = with_alignment(team_inputs, old_result(team_inputs), **{BANK: old_bank})
    text = section_text(PdfText(report_pdfs.team_report_pdf(inputs)))
    assert "44 Weak practice" in text
    assert "Misaligned" not in text
